/** Scrape targets down or missing, agents missing on nodes, gateway membership changes. */
import { AppNames, Components, WorkloadNames } from '../../k8s';
import {
  ClusterMetrics, Matcher, appMatchers, eq, pipelineMatchers, selector,
} from '../../monitoring/promql';
import { ALL_TRACING_TARGETS, TracingTarget } from '../../monitoring/identity';
import { AddAlert, L } from './common';
import { AlertSeverity } from '../alert-rule';

export function availabilityAlerts(add: AddAlert, ns: string, targets: readonly TracingTarget[], downFor: string, absentFor: string): void {
  const group = 'tracing.availability';
  // Published by Prometheus for every target of the PodMonitors.
  add(group, {
    alert: 'TracingTargetDown',
    expr: `${selector(ClusterMetrics.UP, pipelineMatchers(ns))} == 0`,
    for: downFor,
    severity: AlertSeverity.WARNING,
    summary: 'A tracing component does not answer its metrics scrape.',
    description: `Prometheus cannot scrape port {{ $labels.endpoint }} of {{ $labels.namespace }}/{{ $labels.pod }} `
      + `({{ $labels.${L.COMPONENT} }}). The pod is failing or overloaded.`,
  });
  const parts: Record<TracingTarget, { what: string; matchers: Matcher[]; labels: Record<string, string> }> = {
    jaeger: {
      what: 'Jaeger',
      matchers: appMatchers(ns, AppNames.JAEGER),
      labels: { namespace: ns, [L.NAME]: AppNames.JAEGER },
    },
    agent: {
      what: 'OpenTelemetry agent',
      matchers: appMatchers(ns, AppNames.OTEL_COLLECTOR, Components.OTEL_AGENT),
      labels: { namespace: ns, [L.NAME]: AppNames.OTEL_COLLECTOR, [L.COMPONENT]: Components.OTEL_AGENT },
    },
    gateway: {
      what: 'OpenTelemetry gateway',
      matchers: appMatchers(ns, AppNames.OTEL_COLLECTOR, Components.OTEL_GATEWAY),
      labels: { namespace: ns, [L.NAME]: AppNames.OTEL_COLLECTOR, [L.COMPONENT]: Components.OTEL_GATEWAY },
    },
  };
  for (const t of ALL_TRACING_TARGETS.filter((x) => targets.includes(x))) {
    const p = parts[t];
    // `== 1` so that "every pod down" counts as absent too. absent() of a comparison has no
    // labels, hence the constant labels naming the part.
    add(group, {
      alert: 'TracingTargetAbsent',
      expr: `absent(${selector(ClusterMetrics.UP, p.matchers)} == 1)`,
      for: absentFor,
      severity: AlertSeverity.CRITICAL,
      labels: p.labels,
      summary: `No ${p.what} pod is up.`,
      description: `No ${p.what} pod in ${ns} has been scraped successfully for ${absentFor}: `
        + 'it is not running, or its PodMonitor is not picked up by Prometheus (check the monitor labels). Spans are being lost or not stored.',
    });
  }
  if (targets.includes(TracingTarget.AGENT)) {
    // Published by kube-state-metrics. One node without its agent is invisible to the alerts
    // above (the other agents are up), yet every app on that node exports into nothing.
    const ds = [eq('namespace', ns), eq('daemonset', WorkloadNames.OTEL_AGENT)];
    const by = 'max by (namespace, daemonset)';
    add(group, {
      alert: 'TracingAgentMissingOnNode',
      expr: `${by} (${selector(ClusterMetrics.DAEMONSET_DESIRED, ds)})\n-\n${by} (${selector(ClusterMetrics.DAEMONSET_AVAILABLE, ds)})\n> 0`,
      for: absentFor,
      severity: AlertSeverity.WARNING,
      summary: 'A node has no available OpenTelemetry agent.',
      description: `{{ $value }} node(s) that should run DaemonSet ${ns}/${WorkloadNames.OTEL_AGENT} have no available agent pod `
        + `for ${absentFor}: the services on them export to a node-local Service with no endpoint, and their spans are lost. `
        + `Check the pods that are not ready (kubectl -n ${ns} get pods -l app.kubernetes.io/component=agent -o wide) and the node's pressure conditions.`,
    });
  }
}

