/** What users of the stack feel: query latency, per-service error rates, and whether tail sampling cuts the volume. */
import { AppNames, Components, SpanMetrics } from '../../k8s';
import {
  OtelcolMetrics, appMatchers, entrySpanMatchers, eq, gatewayKeptRatio, gatewayMatchers, jaegerQueryLatency, otelcolSelector, selector, sumRate,
} from '../../monitoring/promql';
import { percent } from '../../monitoring/validate';
import { AddAlert, WINDOW, SAMPLING_WINDOW } from './common';
import { AlertSeverity } from '../alert-rule';

export function queryAlerts(add: AddAlert, ns: string, seconds: number, forDuration: string): void {
  // Published by Jaeger's query HTTP server (all-in-one or query role, port `metrics`).
  add('tracing.query', {
    alert: 'JaegerQueryHighLatency',
    expr: `${jaegerQueryLatency(ns, 0.95, WINDOW)}\n> ${seconds}`,
    for: forDuration,
    severity: AlertSeverity.WARNING,
    summary: 'Jaeger\'s query API is slow.',
    description: `The 95th percentile latency of Jaeger's query API in {{ $labels.namespace }} is {{ $value | humanizeDuration }} `
      + `(threshold ${seconds}s). Searches are slow: check the storage (Badger disk, Elasticsearch) and the query pod's CPU.`,
  });
}


export function serviceAlerts(add: AddAlert, ns: string, errorRatio: number, minRate: number, forDuration: string): void {
  // Published by the agents' span_metrics connector through their prometheus exporter (port
  // `span-metrics`), computed on every span before sampling. Entry spans only (server, consumer):
  // the requests a service handled.
  const entry = entrySpanMatchers(ns);
  const by = ['namespace', 'service_name'];
  const calls = sumRate(selector(SpanMetrics.CALLS, entry), by, WINDOW);
  const errors = sumRate(selector(SpanMetrics.CALLS, [...entry, eq('status_code', SpanMetrics.ERROR_STATUS)]), by, WINDOW);
  add('tracing.services', {
    alert: 'TracedServiceHighErrorRate',
    expr: `(\n  ${errors}\n  /\n  ${calls}\n) > ${errorRatio}\nand\n${calls} > ${minRate}`,
    for: forDuration,
    severity: AlertSeverity.WARNING,
    summary: 'A traced service fails many of its requests.',
    description: `{{ $value | humanizePercentage }} of the requests handled by service {{ $labels.service_name }} end in error `
      + `(threshold ${percent(errorRatio)}, from span metrics). Open its error traces in Jaeger.`,
  });
}


export function samplingAlerts(add: AddAlert, ns: string, keep: number, margin: number, forDuration: string): void {
  // Both published by the gateway (port `metrics`): what tail sampling let through to the
  // exporter over what the gateway received.
  const threshold = Number((keep + margin).toFixed(6));
  add('tracing.sampling', {
    alert: 'TracingSamplingNotReducingVolume',
    expr: `${gatewayKeptRatio(ns, SAMPLING_WINDOW)}\n> ${threshold}`,
    for: forDuration,
    severity: AlertSeverity.WARNING,
    summary: 'Tail sampling keeps more spans than configured.',
    description: `The gateway in {{ $labels.namespace }} exports {{ $value | humanizePercentage }} of the spans it receives; `
      + `sampling is configured to keep about ${percent(keep)} (alert above ${percent(threshold)}). Many traces are errors or `
      + 'slow (kept in full), or a sampling policy keeps everything: storage will fill faster than planned.',
  });
  // Published by the gateway's tail_sampling processor (port `metrics`). When `num_traces` is
  // full, the pinned processor evicts the oldest trace undecided and its spans are gone, error
  // traces included (processor.go, waitForSpace: dropTrace without block_on_overflow); the
  // counter is that trace's id missing at decision time. It happens when more traces arrive
  // per decision wait than `num_traces` holds.
  add('tracing.sampling', {
    alert: 'TracingSamplingDecidedTooEarly',
    expr: `${sumRate(otelcolSelector(OtelcolMetrics.TAIL_SAMPLING_DROPPED_TOO_EARLY, gatewayMatchers(ns)), ['namespace', 'pod'], WINDOW)} > 0`,
    for: '5m',
    severity: AlertSeverity.CRITICAL,
    summary: 'Tail sampling evicts traces before deciding them: their spans are lost.',
    description: 'Gateway {{ $labels.namespace }}/{{ $labels.pod }} evicts {{ $value | humanize }} traces/s before their decision '
      + 'wait because num_traces is full: their spans are dropped undecided, error traces included. '
      + 'Raise the sampling policy\'s numTraces (and the gateway\'s memory) or add gateway replicas.',
  });
  // Published by each agent's load_balancing exporter (port `metrics`). A gateway killed (OOM,
  // node loss) takes the traces it held undecided with it (the tail sampler keeps them in memory
  // only), and traces whose spans straddle the change can be split between two gateways: the e2e
  // tier measured about 300 of 2,100 error-trace spans lost around a gateway killed for 5 s; a
  // graceful roll decides them first (the node tier's lost none). The update counter, not the
  // number of gateways: a StatefulSet pod replaced under its name keeps the number (node tier).
  add('tracing.sampling', {
    alert: 'TracingGatewayMembershipChanged',
    expr: `max by (namespace, pod) (increase(${otelcolSelector(OtelcolMetrics.LOADBALANCER_BACKEND_UPDATES, appMatchers(ns, AppNames.OTEL_COLLECTOR, Components.OTEL_AGENT))}[10m])) > 0`,
    for: '1m',
    severity: AlertSeverity.INFO,
    summary: 'The agents\' set of gateways changed: traces in flight may have been lost.',
    description: 'Agent {{ $labels.namespace }}/{{ $labels.pod }} saw its gateways change about {{ $value | printf "%.0f" }} times in 10 minutes '
      + '(a gateway restarted, was replaced, rescheduled or scaled). Traces a killed gateway held for its decision wait are lost '
      + '(a gateway stopped gracefully decides them first), '
      + 'and traces split across the change may be stored in part. Frequent changes mean an unstable gateway.',
  });
}
