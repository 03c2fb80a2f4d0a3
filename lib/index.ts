/**
 * cdk8s-tracing: constructs for a production distributed-tracing stack on Kubernetes.
 */
export * from './k8s';
export * from './gitops';
export * from './foundation';
export * from './instrumentation';
