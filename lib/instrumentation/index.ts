export * from './otel-environment';
export * from './instrument-workload';
export * from './service-instrumentation';
