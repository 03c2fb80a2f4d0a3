export * from './components';
export * from './config';
export * from './workload';
