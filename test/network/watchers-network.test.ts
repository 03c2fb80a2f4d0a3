/**
 * Prometheus and Grafana are let into the stack by namespace and labels together: a pod that
 * copies their labels in another namespace is not (issue: tighter NetworkPolicies).
 */
import { Grafana, JaegerStack, Prometheus, StackNetworkPolicies, StackNetworkPoliciesProps } from '../../lib';
import { isAllowed, PodRef } from '../support/netpol';
import { synthObjects, testChart } from '../support/synth';

const tcp = (port: number) => ({ port, protocol: 'TCP' as const });
const named = (name: string, namespace: string): PodRef => ({ namespace, labels: { 'app.kubernetes.io/name': name } });

function build(props: Partial<StackNetworkPoliciesProps> = {}, monitored = true) {
  const chart = testChart();
  const monitor = monitored ? { monitor: { prometheus: Prometheus.fromExisting({ namespace: 'observability' }) } } : {};
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', ...monitor });
  new StackNetworkPolicies(chart, 'np', { jaeger, ...props });
  const objects = synthObjects(chart);
  const w = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'jaeger');
  return { objects, jaeger: { namespace: w.metadata.namespace, labels: w.spec.template.metadata.labels } as PodRef };
}

test('with nothing said, Prometheus and Grafana are the pods so labelled in the stack\'s own namespace', () => {
  const { objects, jaeger } = build({}, false);
  expect(isAllowed(objects, named('prometheus', 'tracing'), jaeger, tcp(8888))).toBe(true);
  expect(isAllowed(objects, named('grafana', 'tracing'), jaeger, tcp(16686))).toBe(true);
  for (const elsewhere of ['default', 'observability']) {
    expect(isAllowed(objects, named('prometheus', elsewhere), jaeger, tcp(8888))).toBe(false);
    expect(isAllowed(objects, named('grafana', elsewhere), jaeger, tcp(16686))).toBe(false);
  }
});

test('the Prometheus of the Monitor tab is the one let in to scrape and out to, unless another is given', () => {
  const { objects, jaeger } = build();
  expect(isAllowed(objects, named('prometheus', 'observability'), jaeger, tcp(8888))).toBe(true);
  expect(isAllowed(objects, jaeger, named('prometheus', 'observability'), tcp(9090))).toBe(true);
  expect(isAllowed(objects, named('prometheus', 'tracing'), jaeger, tcp(8888))).toBe(false);
  expect(isAllowed(objects, jaeger, named('prometheus', 'tracing'), tcp(9090))).toBe(false);
  // A second Prometheus scrapes; the Monitor tab still reads the first.
  const other = build({ prometheus: Prometheus.fromExisting({ namespace: 'metrics', podLabels: { app: 'vmagent' } }) });
  expect(isAllowed(other.objects, { namespace: 'metrics', labels: { app: 'vmagent' } }, other.jaeger, tcp(8888))).toBe(true);
  expect(isAllowed(other.objects, named('prometheus', 'observability'), other.jaeger, tcp(8888))).toBe(false);
  expect(isAllowed(other.objects, other.jaeger, named('prometheus', 'observability'), tcp(9090))).toBe(true);
});

test('Prometheus and Grafana given once: their namespace\'s pods with their labels, and only those, get in', () => {
  const { objects, jaeger } = build({
    prometheus: Prometheus.fromExisting({ namespace: 'observability' }),
    grafana: Grafana.fromExisting({ namespace: 'grafana' }),
  });
  expect(isAllowed(objects, named('prometheus', 'observability'), jaeger, tcp(8888))).toBe(true);
  expect(isAllowed(objects, jaeger, named('prometheus', 'observability'), tcp(9090))).toBe(true);
  expect(isAllowed(objects, named('grafana', 'grafana'), jaeger, tcp(16686))).toBe(true);
  // The right namespace with the wrong labels, the right labels in the wrong namespace.
  expect(isAllowed(objects, named('node-exporter', 'observability'), jaeger, tcp(8888))).toBe(false);
  expect(isAllowed(objects, named('prometheus', 'tracing'), jaeger, tcp(8888))).toBe(false);
  expect(isAllowed(objects, named('grafana', 'observability'), jaeger, tcp(16686))).toBe(false);
  const rule = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'jaeger-all-in-one-ingress-from-grafana');
  expect(rule.spec.ingress[0].from).toEqual([{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'grafana' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
  }]);
});
