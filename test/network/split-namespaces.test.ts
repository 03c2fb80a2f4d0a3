/**
 * Collectors in a namespace of their own, apart from Jaeger: a NetworkPolicy selects pods of its
 * own namespace only, so each role's policies, default deny and DNS egress go where its pods are,
 * and the hops between the namespaces name the other side's namespace.
 */
import { JaegerStack, OtelCollector, StackNetworkPolicies } from '../../lib/internal';
import { isAllowed, PodRef } from '../support/netpol';
import { ofKind, synthObjects, testChart } from '../support/synth';

function split(): any[] {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing' });
  const otel = new OtelCollector(chart, 'otel', { namespace: 'otel', backend: jaeger });
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
  return synthObjects(chart);
}

const podOf = (objects: any[], kind: string, name: string): PodRef => {
  const w = objects.find((o) => o.kind === kind && o.metadata.name === name);
  return { namespace: w.metadata.namespace, labels: w.spec.template.metadata.labels };
};

test('every policy is in the namespace of the pods it selects, and each namespace denies by default', () => {
  const objects = split();
  const policies = ofKind(objects, 'NetworkPolicy');
  const where = (name: string) => policies.filter((p) => p.metadata.name === name).map((p) => p.metadata.namespace).sort();
  expect(where('default-deny')).toEqual(['otel', 'tracing']);
  expect(where('allow-dns-egress')).toEqual(['otel', 'tracing']);
  for (const p of policies.filter((x) => x.metadata.name.startsWith('otel-'))) expect(p.metadata.namespace).toBe('otel');
  for (const p of policies.filter((x) => x.metadata.name.startsWith('jaeger-'))) expect(p.metadata.namespace).toBe('tracing');
});

test('the gateways reach Jaeger across the namespaces, and nothing else of the collectors does', () => {
  const objects = split();
  const gateway = podOf(objects, 'StatefulSet', 'otel-gateway');
  const agent = podOf(objects, 'DaemonSet', 'otel-agent');
  const jaeger = podOf(objects, 'StatefulSet', 'jaeger');
  expect(gateway.namespace).toBe('otel');
  expect(isAllowed(objects, gateway, jaeger, { port: 4317, protocol: 'TCP' })).toBe(true);
  expect(isAllowed(objects, agent, gateway, { port: 4317, protocol: 'TCP' })).toBe(true);
  expect(isAllowed(objects, gateway, jaeger, { port: 16686, protocol: 'TCP' })).toBe(false);
  expect(isAllowed(objects, agent, jaeger, { port: 4317, protocol: 'TCP' })).toBe(false);
});

test('the collectors\' pods are denied by default in their own namespace: no stranger in, nothing out but the hops', () => {
  const objects = split();
  const gateway = podOf(objects, 'StatefulSet', 'otel-gateway');
  const stranger: PodRef = { namespace: 'default', labels: { app: 'stranger' } };
  expect(isAllowed(objects, stranger, gateway, { port: 4317, protocol: 'TCP' })).toBe(false);
  expect(isAllowed(objects, gateway, stranger, { port: 80, protocol: 'TCP' })).toBe(false);
});
