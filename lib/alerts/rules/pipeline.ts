/** Span loss, refusals, export failures and queue fill along the pipeline: agent, gateway, Jaeger. */
import { AppNames } from '../../k8s';
import {
  JaegerMetrics, Matcher, OtelcolMetrics, appMatchers, ne, otelcolSelector, pipelineMatchers, selector, sumRate,
} from '../../monitoring/promql';
import { percent } from '../../monitoring/validate';
import { AddAlert, LOAD_BALANCING_EXPORTER, WINDOW, L, POD, TIER } from './common';
import { AlertSeverity } from '../alert-rule';

export function pipelineAlerts(add: AddAlert, ns: string, t: {
  errorRatio: number; errorFor: string; droppedRate: number; droppedFor: string; queueRatio: number; queueFor: string;
}): void {
  const group = 'tracing.pipeline';
  const pipe = pipelineMatchers(ns);
  const sel = (family: string) => otelcolSelector(family, pipe);
  const accepted = sumRate(sel(OtelcolMetrics.RECEIVER_ACCEPTED_SPANS), TIER, WINDOW);
  // Per tier, 0 where a family has no series yet (a collector that never failed, or one that
  // predates the family): `x + missing` would drop the tier from the ratio altogether.
  const perTier = (family: string, extra: Matcher[] = []) => `(${sumRate(otelcolSelector(family, [...pipe, ...extra]), TIER, WINDOW)} or 0 * ${accepted})`;
  const tier = `{{ $labels.${L.COMPONENT} }} ({{ $labels.${L.NAME} }}) in {{ $labels.namespace }}`;
  const pod = `{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.${L.COMPONENT} }})`;

  // Published by every collector and by Jaeger (otelcol_* on port `metrics`). Each loss is summed
  // per tier on its own and then added: `or` across families would drop series whose labels
  // coincide once rate() strips the name (refused/failed share `receiver, transport`;
  // send_failed/enqueue_failed share `exporter`). "Received" is accepted + refused + failed.
  // The agents' load_balancing exporter is left out of the send-failure count: it counts a
  // whole batch as failed when one gateway's share of it failed (contrib issue #45015; its
  // per-gateway sub-exporters publish no metrics since #43719), so its count overstates the
  // loss by up to the number of gateways. TracingExporterFailedSpans still fires on it, since
  // a failure there means some of the batch was lost.
  const lost = [
    perTier(OtelcolMetrics.RECEIVER_REFUSED_SPANS), perTier(OtelcolMetrics.RECEIVER_FAILED_SPANS),
    perTier(OtelcolMetrics.EXPORTER_SEND_FAILED_SPANS, [ne('exporter', LOAD_BALANCING_EXPORTER)]),
    perTier(OtelcolMetrics.EXPORTER_ENQUEUE_FAILED_SPANS),
  ];
  const received = [accepted, perTier(OtelcolMetrics.RECEIVER_REFUSED_SPANS), perTier(OtelcolMetrics.RECEIVER_FAILED_SPANS)];
  add(group, {
    alert: 'JaegerHighErrorRate',
    expr: [
      '(',
      `  ${lost.join('\n  + ')}`,
      ')',
      '/',
      '(',
      `  ${received.join('\n  + ')}`,
      `) > ${t.errorRatio}`,
    ].join('\n'),
    for: t.errorFor,
    severity: AlertSeverity.CRITICAL,
    summary: 'The tracing pipeline is losing spans.',
    description: `{{ $value | humanizePercentage }} of the spans received by ${tier} were refused, failed or could not be exported `
      + `over the last ${WINDOW} (threshold ${percent(t.errorRatio)}). Traces are incomplete; check the tier's logs, `
      + 'its memory_limiter and the next hop (gateway or Jaeger storage).',
  });

  const dropped = (alert: string, family: string, by: 'receiver' | 'exporter', what: string, hint: string) => add(group, {
    alert,
    expr: `${sumRate(sel(family), [...POD, by], WINDOW)} > ${t.droppedRate}`,
    for: t.droppedFor,
    severity: AlertSeverity.WARNING,
    summary: `Spans are being dropped: ${what}.`,
    description: `On ${pod}, ${by} {{ $labels.${by} }} loses {{ $value | humanize }} spans/s: ${what}. ${hint}`,
  });
  // Published by the receiver side of every collector and of Jaeger.
  dropped('TracingReceiverRefusedSpans', OtelcolMetrics.RECEIVER_REFUSED_SPANS, 'receiver',
    'the receiver refuses them',
    'Usually the memory_limiter pushing back: the pod needs more memory or more replicas.');
  // Published by the receiver side next to `refused`; non-zero when the collector tells internal
  // errors apart from downstream refusals (receiverhelper.newReceiverMetrics feature gate).
  dropped('TracingReceiverFailedSpans', OtelcolMetrics.RECEIVER_FAILED_SPANS, 'receiver',
    'the receiver fails on them',
    'An internal error in the receiver (malformed data, decoding): check the pod\'s logs.');
  // Published by the exporter side of every collector and of Jaeger (its storage exporter).
  dropped('TracingExporterFailedSpans', OtelcolMetrics.EXPORTER_SEND_FAILED_SPANS, 'exporter',
    'the exporter fails to send them',
    'The next hop (gateway, Jaeger collector or storage) is unreachable or rejecting data; the spans are lost after the retries. '
    + `For exporter ${LOAD_BALANCING_EXPORTER} the count is an upper bound: it counts whole batches of which one gateway's share failed.`);
  // Published by the exporter side of every collector and of Jaeger.
  dropped('TracingExporterEnqueueFailedSpans', OtelcolMetrics.EXPORTER_ENQUEUE_FAILED_SPANS, 'exporter',
    'its sending queue is full',
    'The next hop is too slow or down.');
  // Published by Jaeger's Elasticsearch/OpenSearch writer, from its first failure on. Its bulk
  // indexer acknowledges spans before indexing them, so a failed bulk is seen by no exporter
  // metric and retried by no one: each failed document is lost (measured by the e2e tier).
  add(group, {
    alert: 'JaegerSearchIndexingFailed',
    expr: `${sumRate(selector(JaegerMetrics.BULK_INDEX_ERRORS, appMatchers(ns, AppNames.JAEGER)), POD, WINDOW)} > ${t.droppedRate}`,
    for: t.droppedFor,
    severity: AlertSeverity.CRITICAL,
    summary: 'Jaeger fails to index spans into Elasticsearch/OpenSearch: they are lost.',
    description: `${pod} fails to index {{ $value | humanize }} documents/s. Jaeger acknowledged these spans before indexing them, `
      + 'so the gateways do not send them again: every failed document is lost. Check the search cluster\'s health, '
      + 'its disk watermarks and write rejections (HTTP 429), and the pod\'s log ("bulk indexer error").',
  });

  // Published by every exporter with a sending queue (unitless gauges: no suffix).
  const queueBy = `max by (${[...POD, 'exporter'].join(', ')})`;
  add(group, {
    alert: 'TracingExporterQueueAlmostFull',
    expr: [
      `${queueBy} (${selector(OtelcolMetrics.EXPORTER_QUEUE_SIZE, pipe)})`,
      '/',
      `${queueBy} (${selector(OtelcolMetrics.EXPORTER_QUEUE_CAPACITY, pipe)})`,
      `> ${t.queueRatio}`,
    ].join('\n'),
    for: t.queueFor,
    severity: AlertSeverity.WARNING,
    summary: 'An exporter\'s sending queue is almost full.',
    description: `The sending queue of exporter {{ $labels.exporter }} on ${pod} is {{ $value | humanizePercentage }} full `
      + `(threshold ${percent(t.queueRatio)}). When it is full, spans are dropped; the next hop is slow or down.`,
  });
  // A healthy queue empties between batches. One that has not been empty for the whole window
  // means the next hop is down or too slow: with unlimited retries nothing counts as failed
  // yet, and at moderate load the fill alert above comes hours later (the e2e tier saw no
  // export alert at all during a Jaeger outage before this one existed).
  add(group, {
    alert: 'TracingExporterQueueBacklog',
    expr: `${queueBy} (min_over_time(${selector(OtelcolMetrics.EXPORTER_QUEUE_SIZE, pipe)}[${t.queueFor}])) > 0`,
    for: t.queueFor,
    severity: AlertSeverity.WARNING,
    summary: 'An exporter\'s sending queue has not drained for a while.',
    description: `Exporter {{ $labels.exporter }} on ${pod} has had at least {{ $value }} batches queued for `
      + `${t.queueFor} and more: its next hop (gateway, Jaeger collector or storage) is down or slower than the traffic. `
      + 'Nothing is lost while the queue has room; the queue-fill alert says how close it is to dropping.',
  });
}

