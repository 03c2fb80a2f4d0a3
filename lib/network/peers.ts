import { k8s } from 'cdk8s-plus-33';
import { WorkloadRole, checkCidr, checkDnsLabel, checkLabels, invalidProp } from '../k8s';

/** The label the API server sets on every namespace to its name (immutable, so it can be trusted). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * One side of an allowed connection: pods (by labels) in some namespaces, or an IP range.
 */
export interface NetworkPeer {
  /**
   * Labels of the pods.
   * @default - every pod of the selected namespaces
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Which namespaces the pods are in: `'same'` (the policy's own), `'any'`, or namespace labels
   * (e.g. `{ 'kubernetes.io/metadata.name': 'grafana' }`).
   * @default 'same'
   */
  readonly namespaces?: 'same' | 'any' | Readonly<Record<string, string>>;
  /** An IP range (CIDR) instead of pods, e.g. a managed Elasticsearch outside the cluster. */
  readonly cidr?: string;
  /**
   * Ranges inside `cidr` that stay denied.
   * @default - none
   */
  readonly except?: string[];
  /** A short name for the peer, used in policy names (`jaeger-collector-from-gateway`). */
  readonly name: string;
}

/** Ready-made peers. */
export class Peers {
  /** The pods of a role of the stack (same namespace unless the role is elsewhere). */
  public static role(role: WorkloadRole, policyNamespace: string): NetworkPeer {
    return {
      name: role.component,
      podLabels: role.selector,
      namespaces: role.namespace === policyNamespace ? 'same' : { [NAMESPACE_NAME_LABEL]: role.namespace },
    };
  }
  /**
   * Pods with these labels in one namespace, selected by the `kubernetes.io/metadata.name` label
   * the API server puts on every namespace (e.g. Prometheus in `monitoring`). Both must match:
   * a pod that copies the labels in another namespace is not let in.
   */
  public static podsInNamespace(name: string, namespace: string, podLabels: Readonly<Record<string, string>>): NetworkPeer {
    return { name, podLabels, namespaces: { [NAMESPACE_NAME_LABEL]: namespace } };
  }
  /** Pods with these labels in any namespace: any namespace's pod may claim the labels. */
  public static podsInAnyNamespace(name: string, podLabels: Readonly<Record<string, string>>): NetworkPeer {
    return { name, podLabels, namespaces: 'any' };
  }
  /** Every pod of the cluster (applications that send traces). */
  public static anyPod(name = 'any-pod'): NetworkPeer {
    return { name, namespaces: 'any' };
  }
  /** An IP range. */
  public static cidr(name: string, cidr: string, except?: string[]): NetworkPeer {
    return { name, cidr, ...(except ? { except } : {}) };
  }

  private constructor() {}
}

/** The `from`/`to` entry of a NetworkPolicy rule for a peer. */
export function renderPeer(peer: NetworkPeer): k8s.NetworkPolicyPeer {
  if (peer.cidr) {
    return { ipBlock: { cidr: peer.cidr, ...(peer.except?.length ? { except: [...peer.except] } : {}) } };
  }
  const podSelector: k8s.LabelSelector = peer.podLabels ? { matchLabels: { ...peer.podLabels } } : {};
  const namespaces = peer.namespaces ?? 'same';
  if (namespaces === 'same') return { podSelector };
  const namespaceSelector: k8s.LabelSelector = namespaces === 'any' ? {} : { matchLabels: { ...namespaces } };
  return { namespaceSelector, podSelector };
}

/** Validates a peer given as a prop: a name usable in policy names, and either pods or a CIDR. */
export function checkPeer(where: string, prop: string, peer: NetworkPeer): NetworkPeer {
  if (peer === null || typeof peer !== 'object') {
    invalidProp(where, prop, peer, 'expected a peer { name, podLabels?, namespaces? } or { name, cidr }', 'build it with Peers.podsInNamespace(), Peers.podsInAnyNamespace(), Peers.anyPod() or Peers.cidr()');
  }
  checkDnsLabel(where, `${prop}.name`, peer.name);
  if (peer.cidr !== undefined) {
    if (peer.podLabels !== undefined || peer.namespaces !== undefined) {
      invalidProp(where, prop, peer, 'a peer is either an IP range (cidr) or pods (podLabels, namespaces), not both', 'split it into two peers');
    }
    checkCidr(where, `${prop}.cidr`, peer.cidr);
    (peer.except ?? []).forEach((cidr, i) => checkCidr(where, `${prop}.except[${i}]`, cidr));
    return peer;
  }
  if (peer.except !== undefined) invalidProp(where, `${prop}.except`, peer.except, 'has no effect without cidr', 'remove it, or give cidr');
  if (peer.podLabels !== undefined) checkLabels(where, `${prop}.podLabels`, peer.podLabels);
  const ns = peer.namespaces;
  if (ns !== undefined && ns !== 'same' && ns !== 'any') checkLabels(where, `${prop}.namespaces`, ns);
  return peer;
}
