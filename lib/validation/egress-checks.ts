/**
 * What the NetworkPolicies let out of the collectors: every endpoint a collector config dials
 * (an exporter added with `addExporter` or a `config` override, a storage extension) must be
 * allowed out of the pods that run the config once any egress policy selects them. A policy-
 * enforcing CNI drops the connection without a word: the exporter retries, its queue fills, and
 * nothing in the output says why.
 */
import { parse } from 'yaml';
import { LabelKeys } from '../k8s/labels';
import { COLLECTOR_CONFIG_ANNOTATION } from '../k8s/roles';
import { collectorConfigMaps, endpointsOf, parseClusterAddress } from './collector-config-checks';
import { Manifest, PodTemplate, StackFinding, describeObject, matchesSelector, namespaceOf } from './manifest';
import { StackIndex } from './stack-index';

/** Where a connection goes: pods of a Service of the output, or an address outside it. */
type Destination = { inCluster: true; namespace: string; podLabels: Readonly<Record<string, string>> } | { inCluster: false };

/** The port of an address outside the cluster: given, or its scheme's. */
function externalPort(address: string): number | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?\[?[^/\]]*?\]?(?::(\d+))?(?:\/.*)?$/i.exec(address.trim());
  if (!m) return undefined;
  if (m[2] !== undefined) return Number(m[2]);
  const scheme = m[1]?.toLowerCase();
  return scheme === 'https' ? 443 : scheme === 'http' ? 80 : undefined;
}

function portAllowed(ports: Manifest[] | undefined, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => p.port === undefined || p.port === port || (typeof p.endPort === 'number' && port >= p.port && port <= p.endPort));
}

/** Whether a rule's peer admits the destination (pods by their labels and namespace; anything else by an ipBlock). */
function peerAllows(peer: Manifest, policyNamespace: string, to: Destination): boolean {
  if (peer.ipBlock) return !to.inCluster || peer.ipBlock.cidr === '0.0.0.0/0';
  if (!to.inCluster) return false;
  const namespaceMatches = peer.namespaceSelector === undefined ? to.namespace === policyNamespace
    : matchesSelector(peer.namespaceSelector, { 'kubernetes.io/metadata.name': to.namespace });
  return namespaceMatches && matchesSelector(peer.podSelector, to.podLabels);
}

/** Whether the policies that select a pod's egress let it reach `to` on `port` (no such policy: open). */
function egressAllowed(index: StackIndex, pod: PodTemplate, to: Destination, port: number): boolean {
  const policies = index.ofKind('NetworkPolicy').filter((p) => namespaceOf(p) === pod.namespace
    && (p.spec?.policyTypes ?? []).includes('Egress') && matchesSelector(p.spec?.podSelector, pod.labels));
  if (policies.length === 0) return true;
  return policies.some((p) => (p.spec.egress ?? []).some((rule: Manifest) => portAllowed(rule.ports, port)
    && (!rule.to || rule.to.length === 0 || rule.to.some((peer: Manifest) => peerAllows(peer, pod.namespace, to)))));
}

/** The pod templates that mount a ConfigMap. */
function podsMounting(index: StackIndex, configMap: Manifest): PodTemplate[] {
  return index.templatesIn(namespaceOf(configMap)!)
    .filter((t) => (t.spec.volumes ?? []).some((v: Manifest) => v.configMap?.name === configMap.metadata.name));
}

function checkConfigMap(index: StackIndex, configMap: Manifest): StackFinding[] {
  let config: Manifest;
  try {
    config = parse(configMap.data?.[configMap.metadata.annotations[COLLECTOR_CONFIG_ANNOTATION]] ?? '');
  } catch {
    return []; // the config checks report it
  }
  const namespace = namespaceOf(configMap)!;
  const findings: StackFinding[] = [];
  for (const ref of endpointsOf(config)) {
    const cluster = parseClusterAddress(ref.address, namespace, (ns) => index.knowsNamespace(ns), ref.defaultPort);
    const service = cluster && index.find('Service', cluster.namespace, cluster.service);
    if (cluster && !service) continue; // a missing Service is the endpoint check's finding
    const port = cluster ? cluster.port : externalPort(ref.address);
    if (port === undefined) continue;
    const to: Destination = service ? { inCluster: true, namespace: cluster!.namespace, podLabels: service.spec?.selector ?? {} } : { inCluster: false };
    for (const pod of podsMounting(index, configMap)) {
      if (egressAllowed(index, pod, to, port)) continue;
      findings.push({
        check: 'collector-egress',
        source: pod.owner,
        message: `${pod.owner}: ${ref.where} "${ref.address}" (${describeObject(configMap)}) → no NetworkPolicy lets its pods out on port ${port}; `
          + `allow it, e.g. policies.allowEgress(otel.roles.find((r) => r.component === '${pod.labels[LabelKeys.COMPONENT] ?? '<component>'}')!, `
          + `Peers.cidr('<name>', '<CIDR of the endpoint>'), [{ name: '<name>', port: ${port}, protocol: 'TCP' }])`,
      });
    }
  }
  return findings;
}

/** Every annotated collector/Jaeger config of the output, against the egress its pods are allowed. */
export function checkCollectorEgress(index: StackIndex): StackFinding[] {
  return collectorConfigMaps(index).flatMap((cm) => checkConfigMap(index, cm));
}
