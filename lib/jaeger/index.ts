export * from './jaeger-config';
export * from './jaeger-stack';
export * from './jaeger-storage';
export * from './sampling-strategies';
export * from './storage';
export * from './storage-backends';
