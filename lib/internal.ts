/**
 * Everything the modules export, for the tests and for the library's own tools. Not part of the
 * package's API: the package exports only `lib/index.ts` (see "exports" in package.json).
 */
export * from './k8s';
export * from './gitops';
export * from './foundation';
export * from './network';
export * from './collector';
export * from './jaeger';
export * from './otel';
export * from './monitoring';
export * from './alerts';
export * from './grafana';
export * from './instrumentation';
export * from './validation';
export * from './sizing';
export * from './tls';
export * from './exposure';
