export * from './identity';
export * from './promql';
export * from './validate';
export * from './tracing-monitors';
export * from './tracing-alerts';
