import { AppNames, SpanMetrics } from '../k8s';
import {
  JaegerMetrics, OtelcolMetrics, TargetLabels,
  appMatchers, collectorMemoryRatio, entrySpanMatchers, eq, gatewayKeptRatio, jaegerQueryLatency,
  GATEWAY_QUEUE_CLAIMS_REGEX, otelcolSelector, pipelineMatchers, pvcFillRatio, selector, sumRate,
} from '../monitoring/promql';
import { perStackName } from '../monitoring/identity';
import { DashboardSpec, GRAFANA_UID_LENGTH, PanelSpec } from './dashboard-model';

/** Grafana's rate window: at least four scrape intervals, whatever the zoom. */
const RATE = '$__rate_interval';
const COMPONENT = TargetLabels.COMPONENT;

/** Options of the dashboards. */
export interface TracingDashboardOptions {
  /** Namespace of the stack's pods and PVCs. */
  readonly namespace: string;
  /** Name regex of Jaeger's volume claims. */
  /** Jaeger's data claims; undefined when it has none (Elasticsearch/OpenSearch). */
  readonly storagePvcRegex?: string;
}

/** Spans per second of an `otelcol_*` span counter, per component (Jaeger and the collectors). */
function spansPerComponent(title: string, family: string, description: string, namespace: string): PanelSpec {
  return {
    title,
    description,
    unit: 'short',
    queries: [{
      expr: sumRate(otelcolSelector(family, pipelineMatchers(namespace)), [TargetLabels.NAME, COMPONENT], RATE),
      legend: `{{${COMPONENT}}} ({{${TargetLabels.NAME}}})`,
    }],
  };
}

/**
 * "Tracing pipeline": what flows through agent → gateway → Jaeger and what is lost, how full the
 * queues, memory and storage are, and how much tail sampling keeps.
 */
export function tracingPipelineDashboard(o: TracingDashboardOptions): DashboardSpec {
  const ns = o.namespace;
  const pipe = pipelineMatchers(ns);
  const queueBy = `max by (pod, exporter)`;
  return {
    uid: perStackName('tracing-pipeline', ns, GRAFANA_UID_LENGTH),
    title: `Tracing pipeline (${ns})`,
    description: 'Spans through the OpenTelemetry agents, the tail-sampling gateway and Jaeger: throughput, loss, queues, memory, sampling and storage.',
    tags: ['tracing', 'jaeger', 'opentelemetry'],
    rows: [
      {
        title: 'Spans',
        panels: [
          spansPerComponent('Spans received', OtelcolMetrics.RECEIVER_ACCEPTED_SPANS,
            'Spans per second accepted by the receivers of each component.', ns),
          spansPerComponent('Spans refused', OtelcolMetrics.RECEIVER_REFUSED_SPANS,
            'Spans per second refused by receivers (memory_limiter pressure): lost unless the sender retries.', ns),
          spansPerComponent('Spans exported', OtelcolMetrics.EXPORTER_SENT_SPANS,
            'Spans per second delivered by the exporters of each component (after sampling at the gateway).', ns),
          {
            title: 'Spans failed',
            description: 'Spans per second lost by exporters: sends that failed after retries, and spans a full sending queue rejected.',
            unit: 'short',
            // The collectors create these counters at the first failure: none yet means none lost.
            noValue: '0',
            queries: [
              { expr: sumRate(otelcolSelector(OtelcolMetrics.EXPORTER_SEND_FAILED_SPANS, pipe), [COMPONENT], RATE), legend: `send failed {{${COMPONENT}}}` },
              { expr: sumRate(otelcolSelector(OtelcolMetrics.EXPORTER_ENQUEUE_FAILED_SPANS, pipe), [COMPONENT], RATE), legend: `enqueue failed {{${COMPONENT}}}` },
            ],
          },
        ],
      },
      {
        title: 'Queues and memory',
        panels: [
          {
            title: 'Exporter queue fill',
            description: 'Sending-queue length over capacity, per pod and exporter. Spans are dropped at 100 %.',
            unit: 'percentunit',
            max: 1,
            queries: [{
              expr: `${queueBy} (${selector(OtelcolMetrics.EXPORTER_QUEUE_SIZE, pipe)})\n/\n${queueBy} (${selector(OtelcolMetrics.EXPORTER_QUEUE_CAPACITY, pipe)})`,
              legend: '{{pod}} {{exporter}}',
            }],
          },
          {
            title: 'Collector memory (share of limit)',
            description: 'Working set over the container memory limit of each collector; the memory_limiter refuses data from 80 %.',
            unit: 'percentunit',
            max: 1,
            queries: [{ expr: collectorMemoryRatio(ns), legend: `{{pod}} ({{${COMPONENT}}})` }],
          },
          {
            title: 'Process memory (RSS)',
            description: 'Resident memory reported by each collector and Jaeger process.',
            unit: 'bytes',
            queries: [{
              expr: `max by (pod, ${COMPONENT}) (${otelcolSelector(OtelcolMetrics.PROCESS_MEMORY_RSS, pipe, '_bytes')})`,
              legend: `{{pod}} ({{${COMPONENT}}})`,
            }],
          },
        ],
      },
      {
        title: 'Sampling and storage',
        panels: [
          {
            title: 'Tail sampling: kept share',
            description: 'Spans the gateway exported over spans it received: the share tail sampling keeps (errors and slow traces in full, plus the baseline).',
            unit: 'percentunit',
            max: 1,
            queries: [{ expr: gatewayKeptRatio(ns, RATE), legend: 'kept' }],
          },
          {
            title: 'Volume fill',
            description: 'Used over capacity of Jaeger\'s volume claims (Jaeger cannot write when full) and of the gateways\' '
              + 'persistent-queue claims (they grow while Jaeger is down; spans are dropped when full).',
            unit: 'percentunit',
            max: 1,
            queries: [
              ...(o.storagePvcRegex === undefined ? [] : [{ expr: pvcFillRatio(ns, o.storagePvcRegex), legend: 'Jaeger {{persistentvolumeclaim}}' }]),
              { expr: pvcFillRatio(ns, GATEWAY_QUEUE_CLAIMS_REGEX), legend: 'queue {{persistentvolumeclaim}}' },
            ],
          },
          {
            title: 'Jaeger query latency',
            description: 'Latency of Jaeger\'s query API (search, trace view).',
            unit: 's',
            queries: [0.5, 0.95, 0.99].map((q) => ({ expr: jaegerQueryLatency(ns, q, RATE), legend: `p${Math.round(q * 100)}` })),
          },
          {
            title: 'Jaeger storage requests',
            description: 'Requests from Jaeger to its storage backend, by operation and result.',
            unit: 'reqps',
            queries: [{
              expr: `sum by (operation, result) (rate(${selector(JaegerMetrics.STORAGE_REQUESTS, appMatchers(ns, AppNames.JAEGER))}[${RATE}]))`,
              legend: '{{operation}} {{result}}',
            }],
          },
        ],
      },
    ],
  };
}

/**
 * "Service RED": rate, errors and duration of every traced service, from the span metrics the
 * agents compute on every span (before sampling).
 */
export function serviceRedDashboard(o: TracingDashboardOptions): DashboardSpec {
  const entry = [...entrySpanMatchers(o.namespace), { label: 'service_name', op: '=~' as const, value: '$service' }];
  const calls = selector(SpanMetrics.CALLS, entry);
  const errors = selector(SpanMetrics.CALLS, [...entry, eq('status_code', SpanMetrics.ERROR_STATUS)]);
  const bucket = selector(SpanMetrics.DURATION_BUCKET, entry);
  const latency = (q: number) => ({
    expr: `histogram_quantile(${q}, ${sumRate(bucket, ['service_name', 'le'], RATE)})`,
    legend: `{{service_name}} p${Math.round(q * 100)}`,
  });
  return {
    uid: perStackName('tracing-service-red', o.namespace, GRAFANA_UID_LENGTH),
    title: `Service RED (${o.namespace})`,
    description: 'Requests, errors and duration of each traced service, from span metrics (server and consumer spans, before sampling).',
    tags: ['tracing', 'red', 'span-metrics'],
    variables: [{
      name: 'service', label: 'Service',
      metric: selector(SpanMetrics.CALLS, appMatchers(o.namespace, AppNames.OTEL_COLLECTOR)), labelName: 'service_name',
    }],
    rows: [
      {
        title: 'Rate and errors',
        panels: [
          {
            title: 'Requests', description: 'Requests per second handled by each service.', unit: 'reqps',
            queries: [{ expr: sumRate(calls, ['service_name'], RATE), legend: '{{service_name}}' }],
          },
          {
            title: 'Error ratio', description: 'Share of requests whose span has error status.', unit: 'percentunit', max: 1,
            queries: [{ expr: `${sumRate(errors, ['service_name'], RATE)}\n/\n${sumRate(calls, ['service_name'], RATE)}`, legend: '{{service_name}}' }],
          },
          {
            title: 'Requests by operation', description: 'Requests per second by service and operation (span name).', unit: 'reqps',
            queries: [{ expr: sumRate(calls, ['service_name', 'span_name'], RATE), legend: '{{service_name}} {{span_name}}' }],
          },
          {
            title: 'Errors by operation', description: 'Failed requests per second by service and operation.', unit: 'reqps',
            queries: [{ expr: sumRate(errors, ['service_name', 'span_name'], RATE), legend: '{{service_name}} {{span_name}}' }],
          },
        ],
      },
      {
        title: 'Duration',
        panels: [
          {
            title: 'Latency p50 / p95 / p99',
            description: `Request duration percentiles per service (span metrics histogram, ${SpanMetrics.DURATION_UNIT}).`,
            unit: SpanMetrics.DURATION_UNIT,
            queries: [0.5, 0.95, 0.99].map(latency),
          },
        ],
      },
    ],
  };
}
