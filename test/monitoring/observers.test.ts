/**
 * Prometheus and Grafana said once: the watchers' objects go where those read them, with the
 * labels they select by, and the NetworkPolicies admit the same pods (issue: any team composes
 * the stack, trap 2). Each value is read from the one import, never given twice.
 */
import { Chart } from 'cdk8s';
import {
  Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, OtelCollector, Prometheus, StackNetworkPolicies, TracingAlerts, TracingMonitors,
} from '../../lib/internal';
import { isAllowed, PodRef } from '../support/netpol';
import { synthObjects, testApp } from '../support/synth';

function stack(prometheus: Prometheus, grafana: Grafana) {
  const chart = new Chart(testApp(), 'team', { namespace: 'team-a', disableResourceNameHashes: true });
  const jaeger = new JaegerStack(chart, 'jaeger', { monitor: { prometheus } });
  const otel = new OtelCollector(chart, 'otel', { backend: jaeger });
  const components = [jaeger, otel];
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel, prometheus, grafana });
  new TracingMonitors(chart, 'monitors', { prometheus, components });
  new TracingAlerts(chart, 'alerts', { prometheus, components });
  new GrafanaDatasources(chart, 'datasources', { grafana, jaeger });
  new GrafanaDashboards(chart, 'dashboards', { grafana, components });
  const objects = synthObjects(chart);
  const pod = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'jaeger');
  return { objects, jaeger: { namespace: pod.metadata.namespace, labels: pod.spec.template.metadata.labels } as PodRef };
}
const kinds = (objects: any[], ...wanted: string[]) => objects.filter((o) => wanted.includes(o.kind));
const tcp = (port: number) => ({ port, protocol: 'TCP' as const });

test('a Prometheus reading every namespace: monitors and rules beside the stack, with its selector labels; its pods admitted', () => {
  const { objects, jaeger } = stack(
    Prometheus.fromExisting({ namespace: 'monitoring', selectorLabels: { release: 'kps' } }),
    Grafana.fromExisting({ namespace: 'monitoring' }));
  const watchers = kinds(objects, 'PodMonitor', 'PrometheusRule');
  expect(watchers.map((o) => [o.metadata.namespace, o.metadata.labels.release])).toEqual(watchers.map(() => ['team-a', 'kps']));
  expect(watchers.map((o) => o.metadata.name)).toContain('tracing-alerts');
  const prometheusPod = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
  expect(isAllowed(objects, prometheusPod, jaeger, tcp(8888))).toBe(true);
  expect(isAllowed(objects, { ...prometheusPod, namespace: 'team-a' }, jaeger, tcp(8888))).toBe(false);
  // The Monitor tab reads the same Prometheus, at its operated Service, and may reach its pods.
  const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'jaeger-config').data['config.yaml'];
  expect(config).toContain('endpoint: http://prometheus-operated.monitoring.svc:9090');
  expect(isAllowed(objects, jaeger, prometheusPod, tcp(9090))).toBe(true);
});

test('a Prometheus reading only its own namespace: monitors and rules there, named with the stack', () => {
  const { objects, jaeger } = stack(
    Prometheus.fromExisting({ namespace: 'prom', podLabels: { app: 'prom' }, watchesAllNamespaces: false, url: 'https://prom.example.com', podPort: 9443 }),
    Grafana.fromExisting({ namespace: 'monitoring' }));
  const watchers = kinds(objects, 'PodMonitor', 'PrometheusRule');
  expect(new Set(watchers.map((o) => o.metadata.namespace))).toEqual(new Set(['prom']));
  expect(watchers.map((o) => o.metadata.name)).toContain('tracing-alerts-team-a');
  expect(watchers.every((o) => !('release' in (o.metadata.labels ?? {})))).toBe(true);
  expect(isAllowed(objects, { namespace: 'prom', labels: { app: 'prom' } }, jaeger, tcp(8888))).toBe(true);
  expect(isAllowed(objects, { namespace: 'prom', labels: { 'app.kubernetes.io/name': 'prometheus' } }, jaeger, tcp(8888))).toBe(false);
  // The query is let out to the pods' port, not the URL's.
  expect(isAllowed(objects, jaeger, { namespace: 'prom', labels: { app: 'prom' } }, tcp(9443))).toBe(true);
  expect(isAllowed(objects, jaeger, { namespace: 'prom', labels: { app: 'prom' } }, tcp(443))).toBe(false);
});

test('a Grafana: ConfigMaps where its sidecar reads, its Prometheus datasource queried, its pods (not the sidecar\'s namespace) admitted', () => {
  const { objects, jaeger } = stack(
    Prometheus.fromExisting({ namespace: 'monitoring' }),
    Grafana.fromExisting({ namespace: 'grafana', podLabels: { app: 'grafana' }, sidecarNamespace: 'dashboards', prometheusDatasourceUid: 'mimir' }));
  const grafanaConfig = objects.filter((o) => o.kind === 'ConfigMap' && /grafana_(dashboard|datasource)/.test(Object.keys(o.metadata.labels ?? {}).join()));
  expect(grafanaConfig.map((o) => o.metadata.namespace)).toEqual(['dashboards', 'dashboards', 'dashboards']);
  expect(grafanaConfig.every((o) => JSON.stringify(o.data).includes('mimir'))).toBe(true);
  expect(isAllowed(objects, { namespace: 'grafana', labels: { app: 'grafana' } }, jaeger, tcp(16686))).toBe(true);
  expect(isAllowed(objects, { namespace: 'dashboards', labels: { app: 'grafana' } }, jaeger, tcp(16686))).toBe(false);
});

test('an import is made once and checked where it is made', () => {
  expect(() => Prometheus.fromExisting({ namespace: 'monitoring', podLabels: {} }))
    .toThrow('Prometheus.fromExisting(): invalid prop "podLabels" = {}: selects every pod of the namespace. Fix: give the labels of the Prometheus pods');
  expect(() => Grafana.fromExisting({ namespace: 'Monitoring' })).toThrow(/Grafana.fromExisting\(\): invalid prop "namespace" = "Monitoring"/);
});
