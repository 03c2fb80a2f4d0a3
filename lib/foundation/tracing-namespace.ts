import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { checkDnsLabel, checkLabels, clusterMeta, constructLabel, invalidProp } from '../k8s';
import { foundationIdentity } from './identity';

/** The default namespace of the stack, as in the platform's plan. */
export const DEFAULT_NAMESPACE = 'monitoring';

/** A Pod Security Standard level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';
const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** Props for {@link TracingNamespace}. */
export interface TracingNamespaceProps {
  /**
   * The namespace name. It also gets the label `name: <name>`, which older NetworkPolicies and
   * Prometheus `namespaceSelector`s match on.
   * @default 'monitoring'
   */
  readonly name?: string;
  /**
   * Pod Security admission level to **enforce**. Unset by default because the monitoring
   * namespace is often shared with node-level agents (node-exporter uses the host network) that
   * restricted would reject; every pod of this library meets `restricted` either way, and the
   * namespace warns and audits at `restricted`.
   * @default - not enforced (warn and audit at `restricted`)
   */
  readonly podSecurityEnforce?: PodSecurityLevel;
  /**
   * Extra labels for the namespace.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The namespace the tracing stack runs in. */
export class TracingNamespace extends Construct {
  /** The namespace name, for the constructs that go into it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: TracingNamespaceProps = {}) {
    super(scope, id);
    const where = constructLabel('TracingNamespace', id);
    this.name = checkDnsLabel(where, 'name', props.name ?? DEFAULT_NAMESPACE);
    if (props.podSecurityEnforce !== undefined && !LEVELS.includes(props.podSecurityEnforce)) {
      invalidProp(where, 'podSecurityEnforce', props.podSecurityEnforce, 'not a Pod Security Standard level',
        `use one of ${LEVELS.join(', ')}`);
    }
    if (props.labels !== undefined) checkLabels(where, 'labels', props.labels);
    new k8s.KubeNamespace(this, 'Resource', {
      metadata: clusterMeta(this.name, foundationIdentity(this.name, 'namespace'), {
        labels: {
          'name': this.name,
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          ...(props.podSecurityEnforce ? { 'pod-security.kubernetes.io/enforce': props.podSecurityEnforce } : {}),
          ...props.labels,
        },
      }),
    });
  }
}
