/**
 * Settings that decide what runs in a cluster and that, until these tests, only snapshots or the
 * committed dist/ pinned: a snapshot catches a change but cannot tell a deliberate diff from a
 * regression, so whoever regenerates it accepts the bug. Each test below asserts one behaviour on
 * freshly synthesized output and was seen failing with its mutant (named in each test).
 */
import { parse } from 'yaml';
import { JaegerStack, JaegerStorage, OtelCollector, Peers, StackNetworkPolicies } from '../../lib';
import { renderPeer } from '../../lib/network/peers';
import { findOne, ofKind, synthObjects, testChart } from '../support/synth';
import { jaegerIn } from '../support/backend';

const config = (objects: any[], name: string) => parse(findOne(objects, 'ConfigMap', name).data['config.yaml']);

function stack(configure?: (chart: ReturnType<typeof testChart>) => void): any[] {
  const chart = testChart();
  configure?.(chart);
  return synthObjects(chart);
}

test('the gateways retry an export to Jaeger forever: an outage fills the persistent queue, nothing is given up (mutant: max_elapsed_time 300s)', () => {
  const objects = stack((chart) => new OtelCollector(chart, 'otel', { backend: jaegerIn() }));
  const exporter = config(objects, 'otel-gateway-config').exporters['otlp_grpc/jaeger'];
  expect(exporter.retry_on_failure).toMatchObject({ enabled: true, max_elapsed_time: '0s' });
  expect(exporter.sending_queue.storage).toBeDefined();
});

test('a role\'s own placement maps win over the stack\'s, key by key (mutant: merge order swapped)', () => {
  const objects = stack((chart) => new JaegerStack(chart, 'jaeger', {
    storage: JaegerStorage.opensearch({ serverUrls: ['https://search.example.com:9200'] }),
    placement: { nodeSelector: { pool: 'shared', zone: 'a' }, podLabels: { team: 'platform' }, podAnnotations: { note: 'stack' } },
    collector: { placement: { nodeSelector: { pool: 'ingest' }, podLabels: { team: 'tracing' }, podAnnotations: { note: 'collector' } } },
  }));
  const template = findOne(objects, 'Deployment', 'jaeger-collector').spec.template;
  expect(template.spec.nodeSelector).toEqual({ pool: 'ingest', zone: 'a' });
  expect(template.metadata.labels.team).toBe('tracing');
  expect(template.metadata.annotations.note).toBe('collector');
  // The query role has no placement of its own: the stack's applies.
  expect(findOne(objects, 'Deployment', 'jaeger-query').spec.template.spec.nodeSelector).toEqual({ pool: 'shared', zone: 'a' });
});

test('the gateways\' queue claims outlive a scale-down and the StatefulSet (mutant: whenScaled Delete)', () => {
  const objects = stack((chart) => new OtelCollector(chart, 'otel', { backend: jaegerIn() }));
  expect(findOne(objects, 'StatefulSet', 'otel-gateway').spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: 'Retain', whenDeleted: 'Retain' });
});

test('the agents may reach the Kubernetes API on 443 and on 6443 (mutant: 6443 dropped)', () => {
  const objects = stack((chart) => {
    const jaeger = new JaegerStack(chart, 'jaeger');
    const otel = new OtelCollector(chart, 'otel', { backend: jaegerIn() });
    new StackNetworkPolicies(chart, 'policies', { jaeger, otel, kubeApiCidrs: ['10.0.0.1/32'] });
  });
  const agentEgress = ofKind(objects, 'NetworkPolicy')
    .filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/component'] === 'agent')
    .flatMap((p) => p.spec.egress ?? [])
    .filter((rule: any) => rule.to?.some((peer: any) => peer.ipBlock?.cidr === '10.0.0.1/32'));
  expect(agentEgress.flatMap((rule: any) => rule.ports.map((p: any) => p.port)).sort()).toEqual([443, 6443]);
});

test('a peer role in another namespace is selected in that namespace only (mutant: namespaceSelector lost)', () => {
  const gateway = { component: 'gateway', namespace: 'otel', selector: { 'app.kubernetes.io/component': 'gateway' }, ports: [] };
  // Rendered as a NetworkPolicy rule's peer, from a policy in Jaeger's namespace.
  expect(renderPeer(Peers.role(gateway, 'tracing'))).toEqual({
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'otel' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/component': 'gateway' } },
  });
  // In the policy's own namespace no namespaceSelector is needed (and none would be wrong).
  expect(renderPeer(Peers.role(gateway, 'otel'))).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'gateway' } } });
});

test('k8s_attributes finds the sending pod by its connection when the SDK sets no pod attribute (mutant: connection source dropped)', () => {
  const objects = stack((chart) => new OtelCollector(chart, 'otel', { backend: jaegerIn() }));
  const association = config(objects, 'otel-agent-config').processors.k8s_attributes.pod_association;
  expect(association).toContainEqual({ sources: [{ from: 'connection' }] });
});

test('a user\'s sampling.reloadInterval is what Jaeger reloads the strategies at (mutant: the default always used)', () => {
  const objects = stack((chart) => new JaegerStack(chart, 'jaeger', { sampling: { reloadInterval: '45s' } }));
  expect(config(objects, 'jaeger-config').extensions.remote_sampling.file.reload_interval).toBe('45s');
});
