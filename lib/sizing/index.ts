export * from './tracing-load';
export * from './tracing-sizing';
