import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { ComponentIdentity, clusterMeta, namespacedMeta } from '../k8s';

/** Props for {@link CollectorServiceAccount}. */
export interface CollectorServiceAccountProps {
  /** ServiceAccount name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Identity for the labels. */
  readonly identity: ComponentIdentity;
  /**
   * Kubernetes API rules the pods need cluster-wide. When set, a ClusterRole and
   * ClusterRoleBinding named like the ServiceAccount (prefixed with the namespace, since they
   * are cluster-scoped) grant exactly these rules.
   * @default - no API access
   */
  readonly clusterRules?: readonly k8s.PolicyRule[];
}

/**
 * A collector's own ServiceAccount, with the cluster rules it needs and nothing else. The token
 * is only mounted by pods that call the API (the pod spec decides, see `usesApi`).
 */
export class CollectorServiceAccount extends Construct {
  /** The ServiceAccount name. */
  public readonly name: string;
  /** Whether the pods call the Kubernetes API (and so need the token mounted). */
  public readonly usesApi: boolean;

  constructor(scope: Construct, id: string, props: CollectorServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    this.usesApi = (props.clusterRules?.length ?? 0) > 0;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: namespacedMeta(props.name, props.namespace, props.identity),
      // Pods opt in explicitly; a stray pod using this account gets no token.
      automountServiceAccountToken: false,
    });
    if (!this.usesApi) return;
    const clusterName = `${props.namespace}-${props.name}`;
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: clusterMeta(clusterName, props.identity),
      rules: [...props.clusterRules!],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: clusterMeta(clusterName, props.identity),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }],
    });
  }
}

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
