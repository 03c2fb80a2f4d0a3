/**
 * A small NetworkPolicy evaluator for tests: is a connection from one pod to another on a port
 * allowed by the policies in the output? Follows the Kubernetes semantics: a pod selected by no
 * policy of a direction is open in that direction; otherwise the union of the rules applies.
 * (ipBlock peers are not matched against pod IPs: pods in tests have none.)
 */
export interface PodRef {
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the pod's namespace (`kubernetes.io/metadata.name` is added automatically). */
  namespaceLabels?: Record<string, string>;
}

export interface Connection { port: number; protocol: 'TCP' | 'UDP' }

function matches(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const has = expr.key in labels;
    if (expr.operator === 'In' && !(has && expr.values.includes(labels[expr.key]))) return false;
    if (expr.operator === 'NotIn' && has && expr.values.includes(labels[expr.key])) return false;
    if (expr.operator === 'Exists' && !has) return false;
    if (expr.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function nsLabels(pod: PodRef): Record<string, string> {
  return { 'kubernetes.io/metadata.name': pod.namespace, ...pod.namespaceLabels };
}

function peerMatches(peer: any, policyNamespace: string, pod: PodRef): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector === undefined) {
    return pod.namespace === policyNamespace && matches(peer.podSelector, pod.labels);
  }
  return matches(peer.namespaceSelector, nsLabels(pod)) && matches(peer.podSelector, pod.labels);
}

function portMatches(ports: any[] | undefined, c: Connection): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === c.protocol && (p.port === undefined || p.port === c.port));
}

function directionAllows(policies: any[], pod: PodRef, type: 'Ingress' | 'Egress', other: PodRef, c: Connection): boolean {
  const selecting = policies.filter((p) => p.metadata.namespace === pod.namespace
    && matches(p.spec.podSelector, pod.labels)
    && (p.spec.policyTypes ?? ['Ingress']).includes(type));
  if (selecting.length === 0) return true;
  const key = type === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = type === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) => (p.spec[key] ?? []).some((rule: any) =>
    portMatches(rule.ports, c)
    && (!rule[peerKey] || rule[peerKey].length === 0 || rule[peerKey].some((peer: any) => peerMatches(peer, p.metadata.namespace, other)))));
}

/** Whether `from` may open `c` to `to` under `objects`' NetworkPolicies. */
export function isAllowed(objects: any[], from: PodRef, to: PodRef, c: Connection): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  return directionAllows(policies, from, 'Egress', to, c) && directionAllows(policies, to, 'Ingress', from, c);
}

/** Whether `from` may reach DNS on port 53 anywhere (egress rule without peers). */
export function egressAllowedAnywhere(objects: any[], from: PodRef, c: Connection): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const selecting = policies.filter((p) => p.metadata.namespace === from.namespace
    && matches(p.spec.podSelector, from.labels) && (p.spec.policyTypes ?? []).includes('Egress'));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.spec.egress ?? []).some((rule: any) => portMatches(rule.ports, c) && !rule.to));
}
