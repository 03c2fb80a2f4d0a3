import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { RETAIN_ON_PRUNE_ANNOTATIONS, checkBoolean, checkLabels, clusterMeta, constructLabel, invalidProp, checkProps, resolveNamespace, clusterScoped } from '../k8s';
import { foundationIdentity } from './identity';

/**
 * The Pod Security Standards version the namespace labels pin: the Kubernetes minor this library
 * is built and tested against. Unpinned (`latest`), a cluster upgrade could tighten the rules
 * under running pods; pinned, a new version is a reviewed change of this constant.
 */
export const POD_SECURITY_VERSION = 'v1.33';

/** A Pod Security Standard level. */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod-hardening best practice (the default). */
  RESTRICTED = 'restricted',
}
const LEVELS: readonly PodSecurityLevel[] = Object.values(PodSecurityLevel);

const PSS = 'pod-security.kubernetes.io';

/** Props for {@link TracingNamespace}. */
export interface TracingNamespaceProps {
  /**
   * The namespace name. It also gets the label `name: <name>`, which older NetworkPolicies and
   * Prometheus `namespaceSelector`s match on.
   * @default - the Chart's namespace, else 'monitoring'
   */
  readonly name?: string;
  /**
   * Emit the Namespace. Set `false` to put the stack into a namespace that exists already and is
   * managed elsewhere (by the cluster's bootstrap, another app): the construct then emits
   * nothing and only carries `name` to the constructs that go into it.
   * @default true
   */
  readonly create?: boolean;
  /**
   * The namespace holds the tracing stack alone. A dedicated namespace enforces the restricted
   * Pod Security Standard, which every pod of this library meets. A shared one (the platform's
   * `monitoring`, which the Prometheus stack also uses) only warns and audits at restricted:
   * node-level agents of other stacks, node-exporter with its host network among them, would be
   * refused admission.
   * @default false
   */
  readonly dedicated?: boolean;
  /**
   * Pod Security admission level to enforce, overriding what `dedicated` implies.
   * @default - 'restricted' when dedicated; not enforced otherwise (warn and audit at restricted)
   */
  readonly podSecurityEnforce?: PodSecurityLevel;
  /**
   * Keep the Namespace when a GitOps sync would delete it: when it leaves `dist/`, or when the
   * Argo CD Application or Flux Kustomization is deleted (Argo CD `Prune=false,Delete=false`,
   * Flux `prune: disabled`). Deleting a namespace deletes everything in it, data and the other
   * stacks that share it included, so only turn this off for a dedicated, disposable one.
   * @default true
   */
  readonly retainOnPrune?: boolean;
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
  /** Whether this construct emits the Namespace. */
  public readonly created: boolean;

  constructor(scope: Construct, id: string, props: TracingNamespaceProps = {}) {
    super(scope, id);
    const where = constructLabel('TracingNamespace', id);
    checkProps(where, props, 'TracingNamespaceProps');
    this.name = resolveNamespace(this, where, 'name', props.name);
    this.created = checkBoolean(where, 'create', props.create ?? true);
    if (!this.created) {
      for (const prop of ['dedicated', 'podSecurityEnforce', 'retainOnPrune', 'labels'] as const) {
        if (props[prop] !== undefined) {
          invalidProp(where, prop, props[prop], 'has no effect when create is false (the namespace is not emitted)',
            `remove "${prop}" and set it where the namespace is managed, or set create: true`);
        }
      }
      return;
    }
    const dedicated = checkBoolean(where, 'dedicated', props.dedicated ?? false);
    const retain = checkBoolean(where, 'retainOnPrune', props.retainOnPrune ?? true);
    if (props.podSecurityEnforce !== undefined && !LEVELS.includes(props.podSecurityEnforce)) {
      invalidProp(where, 'podSecurityEnforce', props.podSecurityEnforce, 'not a Pod Security Standard level',
        `use one of ${LEVELS.join(', ')}`);
    }
    if (props.labels !== undefined) checkLabels(where, 'labels', props.labels);
    const enforce = props.podSecurityEnforce ?? (dedicated ? 'restricted' : undefined);
    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith(`${PSS}/`)) {
        invalidProp(where, `labels.${key}`, props.labels![key], 'Pod Security labels are set by this construct',
          'use podSecurityEnforce or dedicated instead');
      }
    }
    clusterScoped(new k8s.KubeNamespace(this, 'Resource', {
      metadata: clusterMeta(this.name, foundationIdentity(this.name, 'namespace'), {
        labels: {
          'name': this.name,
          [`${PSS}/warn`]: 'restricted',
          [`${PSS}/warn-version`]: POD_SECURITY_VERSION,
          [`${PSS}/audit`]: 'restricted',
          [`${PSS}/audit-version`]: POD_SECURITY_VERSION,
          ...(enforce ? { [`${PSS}/enforce`]: enforce, [`${PSS}/enforce-version`]: POD_SECURITY_VERSION } : {}),
          ...props.labels,
        },
        ...(retain ? { annotations: { ...RETAIN_ON_PRUNE_ANNOTATIONS } } : {}),
      }),
    }));
  }
}
