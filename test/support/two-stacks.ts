import { App, Chart } from 'cdk8s';
import {
  GrafanaDashboards, GrafanaDatasources, JaegerStack, OtelCollector, StackNetworkPolicies, TracingAlerts, TracingMonitors,
} from '../../lib/internal';
import { synthApp, testApp } from './synth';

/** A team's stack in its own namespace, its monitors, rules and Grafana wiring in a shared `monitoring`. */
function teamStack(app: App, namespace: string): void {
  const chart = new Chart(app, namespace, { disableResourceNameHashes: true, namespace });
  const jaeger = new JaegerStack(chart, 'jaeger');
  const otel = new OtelCollector(chart, 'otel', { backend: jaeger });
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
  const shared = { namespace: 'monitoring', components: [jaeger, otel] };
  new TracingMonitors(chart, 'monitors', shared);
  new TracingAlerts(chart, 'alerts', shared);
  new GrafanaDashboards(chart, 'dashboards', shared);
  new GrafanaDatasources(chart, 'datasources', { namespace: 'monitoring', jaeger });
}

/** Two stacks in two namespaces of one cluster (team-a, team-b), sharing one Prometheus and one Grafana. */
export function twoStacks(): any[] {
  const app = testApp();
  teamStack(app, 'team-a');
  teamStack(app, 'team-b');
  return synthApp(app);
}
