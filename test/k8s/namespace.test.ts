/**
 * Where objects go: `props.namespace ?? the Chart's namespace ?? 'monitoring'`, decided in one
 * place (lib/k8s/namespace.ts); cluster-scoped objects carry no namespace whatever the Chart says.
 */
import { Chart } from 'cdk8s';
import {
  Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, OtelCollector, Prometheus, StackNetworkPolicies, TracingAlerts, TracingMonitors,
  TracingNamespace, TracingNetworkPolicies, TracingStorageClass,
} from '../../lib/internal';
import { isClusterScoped } from '../../lib/validation/manifest';
import { synthObjects, testApp } from '../support/synth';
import { jaegerIn } from '../support/backend';

/** Every construct with a namespace, each left to its default, in a Chart of the given namespace. */
function wholeStack(chartNamespace: string | undefined, jaegerProps: object = {}): Chart {
  const chart = new Chart(testApp(), 'team-b', { disableResourceNameHashes: true, ...(chartNamespace ? { namespace: chartNamespace } : {}) });
  new TracingNamespace(chart, 'namespace');
  new TracingStorageClass(chart, 'storage-class', { name: 'fast-ssd', provisioner: 'ebs.csi.aws.com' });
  const jaeger = new JaegerStack(chart, 'jaeger', jaegerProps);
  const otel = new OtelCollector(chart, 'otel', { backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }) });
  const components = [jaeger, otel];
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
  new TracingNetworkPolicies(chart, 'more-policies');
  // A Prometheus and a Grafana in the stack's namespace, as kube-prometheus-stack installed beside it.
  const prometheus = Prometheus.fromExisting({ namespace: jaeger.namespace });
  const grafana = Grafana.fromExisting({ namespace: jaeger.namespace });
  new TracingMonitors(chart, 'monitors', { prometheus, components });
  new TracingAlerts(chart, 'alerts', { prometheus, components });
  new GrafanaDatasources(chart, 'datasources', { grafana, jaeger });
  new GrafanaDashboards(chart, 'dashboards', { grafana, components });
  return chart;
}

const describeObject = (o: any) => `${o.kind}/${o.metadata.name}`;
const namespaced = (objects: any[]) => objects.filter((o) => !isClusterScoped(o.kind));
const clusterWide = (objects: any[]) => objects.filter((o) => isClusterScoped(o.kind));

test('given only as the Chart\'s namespace, every namespaced object of every construct lands in it', () => {
  const objects = synthObjects(wholeStack('observability'));
  expect(namespaced(objects).length).toBeGreaterThan(30);
  expect(namespaced(objects).filter((o) => o.metadata.namespace !== 'observability').map(describeObject)).toEqual([]);
});

test('cluster-scoped objects carry no namespace, even in a Chart that has one', () => {
  const objects = synthObjects(wholeStack('observability'));
  expect(clusterWide(objects).map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Namespace', 'PriorityClass', 'StorageClass']);
  expect(clusterWide(objects).filter((o) => 'namespace' in o.metadata).map(describeObject)).toEqual([]);
});

test('the Namespace made in a Chart is the Chart\'s, and names derived from the namespace follow it', () => {
  const objects = synthObjects(wholeStack('observability'));
  expect(objects.find((o) => o.kind === 'Namespace').metadata.name).toBe('observability');
  expect(objects.find((o) => o.kind === 'PriorityClass').metadata.name).toBe('observability-otel-agent');
  expect(objects.find((o) => o.kind === 'ClusterRole').metadata.name).toBe('observability-otel-agent');
  expect(objects.find((o) => o.kind === 'ClusterRoleBinding').subjects[0].namespace).toBe('observability');
});

test('the NetworkPolicies admit Prometheus and Grafana from where the monitors and dashboards went', () => {
  const objects = synthObjects(wholeStack('observability'));
  const fromPrometheus = objects.find((o) => o.metadata.name === 'jaeger-all-in-one-ingress-from-prometheus');
  expect(fromPrometheus.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'observability' });
  const fromGrafana = objects.find((o) => o.metadata.name === 'jaeger-all-in-one-ingress-from-grafana');
  expect(fromGrafana.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'observability' });
  expect(objects.find((o) => o.kind === 'PodMonitor').metadata.namespace).toBe('observability');
});

test('the namespace given in the props wins over the Chart\'s', () => {
  const chart = new Chart(testApp(), 'team-b', { disableResourceNameHashes: true, namespace: 'observability' });
  new JaegerStack(chart, 'jaeger', { namespace: 'tracing' });
  new OtelCollector(chart, 'otel', { backend: jaegerIn('observability') });
  const objects = namespaced(synthObjects(chart));
  const jaegerObjects = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'jaeger');
  expect(jaegerObjects.length).toBeGreaterThan(3);
  expect(jaegerObjects.filter((o) => o.metadata.namespace !== 'tracing').map(describeObject)).toEqual([]);
  expect(objects.filter((o) => o.metadata.namespace === 'tracing').length).toBe(jaegerObjects.length);
  expect(objects.find((o) => o.kind === 'DaemonSet').metadata.namespace).toBe('observability');
});

test('without a namespace in the props or the Chart, objects go to monitoring', () => {
  const objects = synthObjects(wholeStack(undefined));
  expect(namespaced(objects).filter((o) => o.metadata.namespace !== 'monitoring').map(describeObject)).toEqual([]);
  expect(clusterWide(objects).filter((o) => 'namespace' in o.metadata).map(describeObject)).toEqual([]);
});

test('a Chart namespace that is no DNS label is refused naming the construct and where it came from', () => {
  expect(() => wholeStack('Team_B')).toThrow('TracingNamespace "namespace": invalid prop "name (the Chart\'s namespace)" = "Team_B": not a valid DNS label');
});
