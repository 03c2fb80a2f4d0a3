/**
 * Annotations that keep an object in the cluster when a GitOps sync would delete it: when it is
 * removed from `dist/` (a prune) or when the whole app is deleted. They go on what the stack
 * does not own outright (a namespace it may share with the Prometheus stack, a StorageClass other
 * workloads may use) and on what holds data (trace stores and queue volumes).
 */

/** Argo CD's per-object sync options (comma-separated). */
export const ARGO_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Flux kustomize-controller's per-object garbage-collection switch. */
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/**
 * Argo CD: `Prune=false` skips the object when it leaves Git, `Delete=false` keeps it when the
 * Application is deleted. Flux: `prune: disabled` leaves it out of garbage collection for both.
 */
export const RETAIN_ON_PRUNE_ANNOTATIONS: Readonly<Record<string, string>> = {
  [ARGO_SYNC_OPTIONS_ANNOTATION]: 'Prune=false,Delete=false',
  [FLUX_PRUNE_ANNOTATION]: 'disabled',
};
