import { App, Chart } from 'cdk8s';
import {
  Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, OtelCollector, Prometheus, StackNetworkPolicies, TracingAlerts, TracingMonitors,
} from '../../lib/internal';
import { synthApp, testApp } from './synth';

/** A team's stack in its own namespace, its monitors, rules and Grafana wiring in a shared `monitoring`. */
function teamStack(app: App, namespace: string): void {
  const chart = new Chart(app, namespace, { disableResourceNameHashes: true, namespace });
  const jaeger = new JaegerStack(chart, 'jaeger');
  const otel = new OtelCollector(chart, 'otel', { backend: jaeger });
  // One Prometheus (reading monitors only in its own namespace) and one Grafana, shared.
  const prometheus = Prometheus.fromExisting({ namespace: 'monitoring', watchesAllNamespaces: false });
  const grafana = Grafana.fromExisting({ namespace: 'monitoring' });
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel, prometheus, grafana });
  const components = [jaeger, otel];
  new TracingMonitors(chart, 'monitors', { prometheus, components });
  new TracingAlerts(chart, 'alerts', { prometheus, components });
  new GrafanaDashboards(chart, 'dashboards', { grafana, components });
  new GrafanaDatasources(chart, 'datasources', { grafana, jaeger });
}

/** Two stacks in two namespaces of one cluster (team-a, team-b), sharing one Prometheus and one Grafana. */
export function twoStacks(): any[] {
  const app = testApp();
  teamStack(app, 'team-a');
  teamStack(app, 'team-b');
  return synthApp(app);
}
