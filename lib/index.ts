/**
 * cdk8s-tracing: constructs for a production distributed-tracing stack on Kubernetes.
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
