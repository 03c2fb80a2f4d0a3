import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { ComponentIdentity, clusterMeta, namespacedMeta, clusterScoped } from '../k8s';

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
  /**
   * Annotations of the ServiceAccount (cloud workload identity).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
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
      metadata: namespacedMeta(props.name, props.namespace, props.identity, props.annotations ? { annotations: { ...props.annotations } } : {}),
      // Pods opt in explicitly; a stray pod using this account gets no token.
      automountServiceAccountToken: false,
    });
    if (!this.usesApi) return;
    const clusterName = `${props.namespace}-${props.name}`;
    clusterScoped(new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: clusterMeta(clusterName, props.identity),
      rules: [...props.clusterRules!],
    }));
    clusterScoped(new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: clusterMeta(clusterName, props.identity),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name: props.name, namespace: props.namespace }],
    }));
  }
}
