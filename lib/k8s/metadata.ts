import { k8s } from 'cdk8s-plus-33';
import { ComponentIdentity, recommendedLabels } from './labels';

/**
 * Metadata for a namespaced object: explicit name (no hash suffix), namespace and the
 * recommended labels.
 */
export function namespacedMeta(
  name: string, namespace: string, id: ComponentIdentity, extra: { annotations?: Record<string, string>; labels?: Record<string, string> } = {},
): k8s.ObjectMeta {
  return {
    name,
    namespace,
    labels: { ...recommendedLabels(id), ...extra.labels },
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
  };
}

/** Metadata for a cluster-scoped object (no namespace). */
export function clusterMeta(
  name: string, id: ComponentIdentity, extra: { annotations?: Record<string, string>; labels?: Record<string, string> } = {},
): k8s.ObjectMeta {
  return {
    name,
    labels: { ...recommendedLabels(id), ...extra.labels },
    ...(extra.annotations ? { annotations: extra.annotations } : {}),
  };
}
