export * from './jaeger-ui-exposure';
export * from './ui-auth';
export * from './ui-route';
