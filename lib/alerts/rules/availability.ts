/** Scrape targets down or missing, agents missing on nodes, gateway membership changes. */
import { AppNames, Components, WorkloadNames } from '../../k8s';
import {
  ClusterMetrics, Matcher, OtelcolMetrics, appMatchers, eq, otelcolSelector, pipelineMatchers, selector,
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
  // Published by every collector and by Jaeger (a collector build) on port `metrics`. A container
  // restarted in place (an OOM kill at its memory limit, a crash) keeps its series, whose uptime
  // counter starts again; a pod replaced under its name is a new series (its address changes) and
  // does not count. An OOM kill can be too short for the agents' gateway list to change
  // (TracingGatewayMembershipChanged), and kube-prometheus-stack alerts only on crash loops.
  add(group, {
    alert: 'TracingComponentRestarted',
    expr: `max by (namespace, pod, ${L.COMPONENT}) (resets(${otelcolSelector(OtelcolMetrics.PROCESS_UPTIME, pipelineMatchers(ns), '_seconds_total')}[10m])) > 0`,
    // A restart is an event: the 10-minute window keeps it firing for 9 minutes after this.
    for: '1m',
    severity: AlertSeverity.WARNING,
    summary: 'A tracing component restarted: what it held in memory was lost.',
    description: `{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.${L.COMPONENT} }}) restarted in place about {{ $value | printf "%.0f" }} `
      + 'time(s) in 10 minutes: an OOM kill at its memory limit or a crash. Spans it held in memory were lost (a gateway\'s traces '
      + 'waiting for their decision, a collector\'s batches); what a gateway\'s persistent queue held is sent after the restart. '
      + 'kubectl describe pod shows the reason (OOMKilled: raise the memory limit or add replicas).',
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

