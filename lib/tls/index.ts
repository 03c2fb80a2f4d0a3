export * from './tracing-tls';
export * from './collector-tls';
