export * from './components';
export * from './collector-config';
export * from './sampling-policy';
export * from './workload';
export * from './rbac';
export * from './agent';
export * from './gateway';
export * from './otel-collector';
