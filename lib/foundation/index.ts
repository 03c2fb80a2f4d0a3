export * from './identity';
export * from './tracing-namespace';
export * from './tracing-storage-class';
