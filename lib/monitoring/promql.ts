import { AppNames, Components, LabelKeys, WorkloadNames } from '../k8s';

/**
 * PromQL building blocks shared by the alerts and the dashboards, so both read the same series
 * through the same label contract.
 */

/**
 * The Prometheus label a pod label becomes: every character outside `[a-zA-Z0-9_]` turns into
 * `_`, the way Prometheus's Kubernetes discovery names `__meta_kubernetes_pod_label_<name>`.
 */
export function promLabelName(k8sLabel: string): string {
  return k8sLabel.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * Labels that {@link TracingMonitors} copies from the scraped pod onto every series (explicit
 * relabelings, so the names do not depend on the operator version). Alerts and dashboards select
 * on these instead of on the `job` label, which is `<namespace>/<PodMonitor name>` and would
 * change with a rename.
 */
export const TargetLabels = {
  /** `app.kubernetes.io/name`: `jaeger` or `opentelemetry-collector`. */
  NAME: promLabelName(LabelKeys.NAME),
  /** `app.kubernetes.io/component`: `all-in-one`, `collector`, `query`, `agent`, `gateway`, ... */
  COMPONENT: promLabelName(LabelKeys.COMPONENT),
  /** `app.kubernetes.io/instance`. */
  INSTANCE: promLabelName(LabelKeys.INSTANCE),
} as const;

/** One label matcher. */
export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** `label="value"`. */
export function eq(label: string, value: string): Matcher {
  return { label, op: '=', value };
}

/** `label=~"regex"`. */
export function re(label: string, value: string): Matcher {
  return { label, op: '=~', value };
}

/** `label!="value"`. */
export function ne(label: string, value: string): Matcher {
  return { label, op: '!=', value };
}

function renderMatcher(m: Matcher): string {
  return `${m.label}${m.op}${JSON.stringify(m.value)}`;
}

/** `metric{a="b", ...}`, or `metric` alone when there is no matcher. */
export function selector(metric: string, matchers: readonly Matcher[] = []): string {
  return matchers.length ? `${metric}{${matchers.map(renderMatcher).join(', ')}}` : metric;
}

/**
 * A selector for an OpenTelemetry Collector internal metric as the stack's processes serve it:
 * their readers keep type and unit suffixes (prometheusPullReader), so a counter family is
 * published as `<family>_total` and a bytes gauge as `<family>_bytes`.
 * `suffix` is that suffix (`_total` for counters, `_bytes` for bytes gauges).
 */
export function otelcolSelector(family: string, matchers: readonly Matcher[] = [], suffix = '_total'): string {
  return selector(`${family}${suffix}`, matchers);
}

/** `sum by (labels) (rate(sel[window]))`. */
export function sumRate(sel: string, by: readonly string[], window: string): string {
  return `sum by (${by.join(', ')}) (rate(${sel}[${window}]))`;
}

/**
 * Who publishes the collector's internal `otelcol_*` metrics: every OpenTelemetry Collector
 * process, which includes Jaeger v2 (a Collector build). All of them are scraped on port
 * `metrics` (8888) by {@link TracingMonitors}.
 */
export const OtelcolMetrics = {
  /** Spans a receiver accepted into the pipeline (receivers of the agent, gateway, Jaeger). */
  RECEIVER_ACCEPTED_SPANS: 'otelcol_receiver_accepted_spans',
  /** Spans a receiver refused (memory_limiter pressure, bad data): lost unless the sender retries. */
  RECEIVER_REFUSED_SPANS: 'otelcol_receiver_refused_spans',
  /**
   * Spans a receiver failed on for an internal error. Published next to `refused` (receiverhelper);
   * with the `receiverhelper.newReceiverMetrics` feature gate on, non-downstream errors are counted
   * here instead of in `refused` (open-telemetry/opentelemetry-collector receiver/receiverhelper/obsreport.go).
   */
  RECEIVER_FAILED_SPANS: 'otelcol_receiver_failed_spans',
  /** Spans an exporter delivered. */
  EXPORTER_SENT_SPANS: 'otelcol_exporter_sent_spans',
  /** Spans an exporter gave up on after its retries: lost. */
  EXPORTER_SEND_FAILED_SPANS: 'otelcol_exporter_send_failed_spans',
  /** Spans the sending queue could not take (queue full): lost. */
  EXPORTER_ENQUEUE_FAILED_SPANS: 'otelcol_exporter_enqueue_failed_spans',
  /** Current sending-queue length (gauge). */
  EXPORTER_QUEUE_SIZE: 'otelcol_exporter_queue_size',
  /** Sending-queue capacity (gauge). */
  EXPORTER_QUEUE_CAPACITY: 'otelcol_exporter_queue_capacity',
  /**
   * Traces the tail sampler had to decide before their decision wait because `num_traces` was
   * full (processor/tailsamplingprocessor metadata.yaml: sampling_trace_dropped_too_early).
   */
  TAIL_SAMPLING_DROPPED_TOO_EARLY: 'otelcol_processor_tail_sampling_sampling_trace_dropped_too_early',
  /**
   * Times an agent's load_balancing exporter changed its list of gateways (counter family, label
   * `resolver`). Not the number of gateways: a gateway pod replaced under its name changes the
   * list (a new address) but not its length.
   */
  LOADBALANCER_BACKEND_UPDATES: 'otelcol_loadbalancer_num_backend_updates',
  /** Resident memory of the process (gauge, served with its `_bytes` unit suffix). */
  PROCESS_MEMORY_RSS: 'otelcol_process_memory_rss',
  /** Seconds since the process started (counter; `_seconds_total` with units): a drop is a restart. */
  PROCESS_UPTIME: 'otelcol_process_uptime',
} as const;

/** Metrics published by other components of a kube-prometheus installation. */
export const ClusterMetrics = {
  /** Published by the kubelet (`/metrics`), labels `namespace`, `persistentvolumeclaim`. */
  VOLUME_USED_BYTES: 'kubelet_volume_stats_used_bytes',
  /** Published by the kubelet (`/metrics`). */
  VOLUME_CAPACITY_BYTES: 'kubelet_volume_stats_capacity_bytes',
  /** Published by cAdvisor in the kubelet (`/metrics/cadvisor`), labels `namespace`, `pod`, `container`. */
  CONTAINER_WORKING_SET_BYTES: 'container_memory_working_set_bytes',
  /** Published by kube-state-metrics, `resource="memory"`. */
  CONTAINER_LIMITS: 'kube_pod_container_resource_limits',
  /** Published by Prometheus itself for every scrape target. */
  UP: 'up',
  /** Published by kube-state-metrics, label `daemonset`: nodes that should run the DaemonSet's pod. */
  DAEMONSET_DESIRED: 'kube_daemonset_status_desired_number_scheduled',
  /** Published by kube-state-metrics, label `daemonset`: nodes whose pod is available. */
  DAEMONSET_AVAILABLE: 'kube_daemonset_status_number_available',
} as const;

/**
 * Published by Jaeger v2's storage layer (port `metrics`), labels `name`, `role` (`tracestore`),
 * `operation` (`find_trace_summaries`, `find_traces`, `get_trace`, `get_services`, ...), `result`
 * (2.12 also had `kind`; 2.20 has not).
 *
 * Query latency is read from the storage reads the query API makes, not from the HTTP server's
 * `http.server.request.duration` histogram: that OTel name has dots, and Prometheus 3 (which
 * negotiates UTF-8 names) stores it as `http.server.request.duration_seconds_bucket` with a
 * `http.route` label while Prometheus 2 stores `http_server_request_duration_seconds_bucket`;
 * no one query matches both (seen in the e2e tier's real Prometheus 3 scrape). Storage names
 * have no dots, so every Prometheus stores them alike.
 */
export const JaegerMetrics = {
  /** Latency of storage operations (histogram, seconds). */
  STORAGE_LATENCY_BUCKET: 'jaeger_storage_latency_seconds_bucket',
  /**
   * The trace-store reads behind a search and a trace view. Since Jaeger 2.19 the UI searches
   * through `/api/v3/trace-summaries`, which Elasticsearch/OpenSearch answer natively as
   * `find_trace_summaries` (other backends fall back to `find_traces`).
   */
  QUERY_OPERATIONS: 'find_trace_summaries|find_traces|find_trace_ids|get_trace',
  /**
   * Documents Jaeger's Elasticsearch/OpenSearch bulk indexer failed to index (spans, service and
   * dependency documents), labels `name`, `role`; absent until the first failure. Other backends
   * do not publish it.
   */
  BULK_INDEX_ERRORS: 'jaeger_storage_bulk_index_errors_total',
  /** Storage requests, labels `operation`, `result`. */
  STORAGE_REQUESTS: 'jaeger_storage_requests_total',
} as const;

/** Matchers that pick the series of one application (and optionally one component) in a namespace. */
export function appMatchers(namespace: string, app: string, component?: string): Matcher[] {
  return [
    eq('namespace', namespace),
    eq(TargetLabels.NAME, app),
    ...(component ? [eq(TargetLabels.COMPONENT, component)] : []),
  ];
}

/** Every process of the pipeline that publishes `otelcol_*` metrics: Jaeger and the collectors. */
export function pipelineMatchers(namespace: string): Matcher[] {
  return [eq('namespace', namespace), re(TargetLabels.NAME, `${AppNames.JAEGER}|${AppNames.OTEL_COLLECTOR}`)];
}

/** The gateway's series. */
export function gatewayMatchers(namespace: string): Matcher[] {
  return appMatchers(namespace, AppNames.OTEL_COLLECTOR, Components.OTEL_GATEWAY);
}

/**
 * Working set over memory limit of each OpenTelemetry Collector container, labelled with its role.
 * The working set is published by cAdvisor (kubelet), the limit by kube-state-metrics; neither
 * carries pod labels, so the ratio is joined to the collectors' `up` series (PodMonitor targets,
 * with the pod's namespace/pod/container) to keep only collector containers and name their role.
 */
export function collectorMemoryRatio(namespace: string, app: string = AppNames.OTEL_COLLECTOR): string {
  const by = 'max by (namespace, pod, container)';
  return [
    '(',
    `  ${by} (${selector(ClusterMetrics.CONTAINER_WORKING_SET_BYTES, [eq('namespace', namespace), ne('container', '')])})`,
    '  /',
    `  ${by} (${selector(ClusterMetrics.CONTAINER_LIMITS, [eq('namespace', namespace), eq('resource', 'memory')])})`,
    ')',
    `* on (namespace, pod, container) group_left (${TargetLabels.COMPONENT})`,
    `  group by (namespace, pod, container, ${TargetLabels.COMPONENT}) (${selector(ClusterMetrics.UP, appMatchers(namespace, app))})`,
  ].join('\n');
}

/** Escapes a literal for a PromQL (RE2) regex. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex matching exactly these claim names. */
export function claimNamesRegex(names: readonly string[]): string {
  return names.map(escapeRegex).join('|');
}

/** The gateways' persistent-queue claims (`queue-otel-gateway-<n>`, one per StatefulSet replica). */
export const GATEWAY_QUEUE_CLAIMS_REGEX = `${escapeRegex(`${WorkloadNames.GATEWAY_QUEUE_CLAIM}-${WorkloadNames.OTEL_GATEWAY}-`)}[0-9]+`;

/** Used over capacity of each PVC whose name matches `pvcRegex` (kubelet volume stats). */
export function pvcFillRatio(namespace: string, pvcRegex: string): string {
  const pvc = [eq('namespace', namespace), re('persistentvolumeclaim', pvcRegex)];
  const by = 'max by (namespace, persistentvolumeclaim)';
  return `${by} (${selector(ClusterMetrics.VOLUME_USED_BYTES, pvc)})\n/\n${by} (${selector(ClusterMetrics.VOLUME_CAPACITY_BYTES, pvc)})`;
}

/** Spans the gateway exported over spans it accepted: the share tail sampling keeps. */
export function gatewayKeptRatio(namespace: string, window: string): string {
  const gw = gatewayMatchers(namespace);
  return `${sumRate(otelcolSelector(OtelcolMetrics.EXPORTER_SENT_SPANS, gw), ['namespace'], window)}\n/\n`
    + `${sumRate(otelcolSelector(OtelcolMetrics.RECEIVER_ACCEPTED_SPANS, gw), ['namespace'], window)}`;
}

/** A latency quantile of Jaeger's searches and trace views (their trace-store reads), in seconds. */
export function jaegerQueryLatency(namespace: string, quantile: number, window: string): string {
  const bucket = selector(JaegerMetrics.STORAGE_LATENCY_BUCKET,
    [...appMatchers(namespace, AppNames.JAEGER), eq('role', 'tracestore'), re('operation', JaegerMetrics.QUERY_OPERATIONS)]);
  return `histogram_quantile(${quantile}, ${sumRate(bucket, ['namespace', 'le'], window)})`;
}

/** Matchers of the span metrics' entry spans (the requests a service handled), on the agents. */
export function entrySpanMatchers(namespace: string): Matcher[] {
  return [
    ...appMatchers(namespace, AppNames.OTEL_COLLECTOR, Components.OTEL_AGENT),
    re('span_kind', 'SPAN_KIND_SERVER|SPAN_KIND_CONSUMER'),
  ];
}
