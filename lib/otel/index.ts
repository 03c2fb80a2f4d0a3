export * from '../collector/components';
export * from '../collector/config';
export * from './sampling-policy';
export * from '../collector/workload';
export * from './rbac';
export * from './agent';
export * from './gateway';
export * from './otel-collector';
