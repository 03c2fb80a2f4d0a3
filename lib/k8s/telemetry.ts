/**
 * Names the stack's components agree on: Service names the platform's services already use,
 * and metric names that one component publishes and another (Jaeger's Monitor tab, alerts,
 * dashboards) reads.
 */

/** Front-door Service names, kept from the platform's original plan. */
export const ServiceNames = {
  /** Jaeger ingest: OTLP, legacy Jaeger protocols, remote sampling. */
  JAEGER_COLLECTOR: 'jaeger-collector',
  /** Jaeger UI/API. */
  JAEGER_QUERY: 'jaeger-query',
  /** The node-local OpenTelemetry agent (internalTrafficPolicy: Local). */
  OTEL_AGENT: 'otel-collector',
  /** Legacy Jaeger agent ports (UDP thrift, sampling) on the node-local OpenTelemetry agent. */
  JAEGER_AGENT: 'jaeger-agent',
  /** The tail-sampling gateway. */
  OTEL_GATEWAY: 'otel-gateway',
} as const;

/**
 * Workload and claim names alerts and dashboards select on (kube-state-metrics and kubelet
 * series carry object names, not our labels).
 */
export const WorkloadNames = {
  /** The agent DaemonSet. */
  OTEL_AGENT: 'otel-agent',
  /** The gateway StatefulSet. */
  OTEL_GATEWAY: 'otel-gateway',
  /** The gateway's queue claim template: claims are `queue-otel-gateway-<n>`. */
  GATEWAY_QUEUE_CLAIM: 'queue',
} as const;

/**
 * The span-metrics connector's `namespace`. The Prometheus exporter turns it into the
 * `traces_span_metrics_` prefix, which is also Jaeger SPM's default `metric_namespace`.
 */
export const SPAN_METRICS_NAMESPACE = 'traces.span.metrics';

/** Span metrics as Prometheus sees them (histogram unit pinned to milliseconds). */
export const SpanMetrics = {
  PREFIX: 'traces_span_metrics',
  CALLS: 'traces_span_metrics_calls_total',
  DURATION_BUCKET: 'traces_span_metrics_duration_milliseconds_bucket',
  DURATION_UNIT: 'ms',
  /** Labels: `service_name`, `span_name`, `span_kind`, `status_code` (`STATUS_CODE_ERROR`). */
  ERROR_STATUS: 'STATUS_CODE_ERROR',
} as const;

/**
 * The `service.telemetry.metrics.readers` entry that serves a Collector-based process's own
 * metrics (the Collector's and Jaeger v2's) as a Prometheus endpoint on all interfaces.
 *
 * The suffix settings are explicit because their defaults moved: an explicit reader of collector
 * core 0.140 (Jaeger 2.13) appends `_total` and unit suffixes, one of core ≥ 0.152 (the Collector
 * 0.158, Jaeger 2.20) does not (`otelcol_process_cpu_seconds`, `http_server_request_duration_bucket`)
 * unless told to — both seen on the real binaries by the e2e tier. Keeping the suffixes gives
 * the classic Prometheus names every version serves alike, and the names the alerts query.
 */
export function prometheusPullReader(port: number): Record<string, unknown> {
  return { pull: { exporter: { prometheus: { host: '0.0.0.0', port, without_units: false, without_type_suffix: false } } } };
}
