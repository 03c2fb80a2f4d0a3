/**
 * Service links: Kubernetes gives every pod of a namespace `<SERVICE>_PORT=<proto>://<ip>:<port>`
 * (and `<SERVICE>_SERVICE_HOST`) for each Service with a cluster IP there, unless the pod sets
 * `enableServiceLinks: false`. Jaeger clients read their settings from `JAEGER_*` variables: a
 * Service named `jaeger-agent` sets `JAEGER_AGENT_PORT=udp://10.0.0.7:6831`, which Grafana and
 * jaeger-client-go read as a port number and fail to start on (grafana/grafana#58608). The
 * stack's own pods read no such variable; any other pod in the namespace may.
 */
import { AppNames, LabelKeys } from '../k8s/labels';
import { Ports } from '../k8s/ports';
import { Manifest, StackFinding, describeObject, matchesSelector, namespaceOf } from './manifest';
import { StackIndex } from './stack-index';

/** Services whose link variables land on `JAEGER_*` names Jaeger clients read. */
const CLIENT_SETTING_SERVICES = ['jaeger-agent', 'jaeger'];

const STACK_APPS: readonly string[] = Object.values(AppNames);

/** The variable Kubernetes derives from a Service name, e.g. `JAEGER_AGENT_PORT`. */
function portVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
}

/** Pods of the output in `namespace` that are not the stack's and take service links. */
function linkedNeighbours(index: StackIndex, namespace: string): string[] {
  return index.templatesIn(namespace)
    .filter((t) => !STACK_APPS.includes(t.labels[LabelKeys.NAME]) && t.spec.enableServiceLinks !== false)
    .map((t) => `the pods of ${t.owner}`);
}

/** The namespace a NetworkPolicy peer's namespaceSelector names by `kubernetes.io/metadata.name` (or `name`). */
function namedNamespace(peer: Manifest): string | undefined {
  const labels = peer.namespaceSelector.matchLabels ?? {};
  return labels['kubernetes.io/metadata.name'] ?? labels.name;
}

/** Whether an ingress rule admits to Jaeger's query API (no `ports` admits to every port). */
function admitsToQuery(rule: Manifest): boolean {
  const ports = (rule.ports ?? []) as Manifest[];
  return ports.length === 0 || ports.some((p) => p.port === Ports.QUERY_HTTP.port || p.port === Ports.QUERY_HTTP.name);
}

/**
 * Pods the NetworkPolicies admit to Jaeger's query API from `namespace` that the output does not
 * have: a declared Grafana or other query client living there. (A scraping Prometheus reads no
 * Jaeger client setting.)
 */
function declaredNeighbours(index: StackIndex, namespace: string): string[] {
  const found: string[] = [];
  for (const policy of index.ofKind('NetworkPolicy')) {
    const peers = ((policy.spec?.ingress ?? []) as Manifest[]).filter(admitsToQuery).flatMap((rule) => (rule.from ?? []) as Manifest[]);
    for (const peer of peers) {
      if (!peer.podSelector) continue;
      const peerNamespace = peer.namespaceSelector ? namedNamespace(peer) : namespaceOf(policy);
      if (peerNamespace !== namespace) continue;
      const owned = index.templatesIn(namespace).some((t) => matchesSelector(peer.podSelector, t.labels));
      if (!owned) found.push(`the pods ${describeObject(policy)} admits by ${JSON.stringify(peer.podSelector.matchLabels ?? peer.podSelector)}`);
    }
  }
  return found;
}

export function checkServiceLinks(index: StackIndex): StackFinding[] {
  const findings: StackFinding[] = [];
  for (const service of index.ofKind('Service')) {
    const name = service.metadata?.name;
    const namespace = namespaceOf(service);
    if (!CLIENT_SETTING_SERVICES.includes(name) || namespace === undefined || service.spec?.clusterIP === 'None') continue;
    const neighbours = [...new Set([...linkedNeighbours(index, namespace), ...declaredNeighbours(index, namespace)])];
    if (neighbours.length === 0) continue;
    findings.push({
      check: 'service-link',
      source: describeObject(service),
      message: `${describeObject(service)} gives every pod of namespace ${namespace} ${portVariable(name)}=<proto>://<ip>:<port>, `
        + `which Jaeger clients (Grafana, jaeger-client-go) read as their own setting and fail to start on; `
        + `it would reach pods that are not the stack's: ${neighbours.join('; ')}. Run the stack in a namespace of its own (TracingNamespace, `
        + 'e.g. "tracing"), or set enableServiceLinks: false on those pods; if no such pods run there, '
        + 'name where they do (StackNetworkPolicies grafana, queryClients)',
    });
  }
  return findings;
}
