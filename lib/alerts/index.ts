export * from '../monitoring/identity';
export * from '../monitoring/promql';
export * from '../monitoring/validate';
export * from './tracing-monitors';
export * from './tracing-alerts';
