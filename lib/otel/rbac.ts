import { k8s } from 'cdk8s-plus-33';

/**
 * What the agent's `k8s_attributes` adds to spans. Every one comes from the pod object itself or
 * its owner references (the deployment name from the ReplicaSet's name minus the
 * pod-template-hash), so the pinned processor watches pods and nothing else.
 * Source: processor/k8sattributesprocessor internal/kube/client.go at v0.158.0 (the informers
 * it starts, and the names it derives without one).
 */
export const K8S_ATTRIBUTES_METADATA: readonly string[] = [
  'k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.node.name', 'k8s.deployment.name',
  'k8s.statefulset.name', 'k8s.daemonset.name', 'k8s.job.name',
];

/**
 * Metadata that would make the pinned processor start another informer, with the rule it would
 * then need (same source). The agent extracts none of them; a test keeps it that way.
 */
export const K8S_ATTRIBUTES_METADATA_NEEDING_MORE_RULES: Readonly<Record<string, string>> = {
  'k8s.deployment.uid': 'list/watch apps replicasets',
  'k8s.node.uid': 'list/watch nodes',
  'k8s.cluster.uid': 'list/watch namespaces (kube-system)',
  'k8s.cronjob.uid': 'list/watch batch jobs',
};

/**
 * The cluster rules the agent's `k8s_attributes` needs for {@link K8S_ATTRIBUTES_METADATA}: list
 * and watch pods (its informer, filtered to its node). It never calls `get`, and reads no
 * namespaces, ReplicaSets or nodes. The upstream README's example role is broader; the e2e tier
 * shows these rules suffice (spans carry the sender pod's names).
 */
export const K8S_ATTRIBUTES_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
];
