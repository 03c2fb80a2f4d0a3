/** Jaeger's trace store and the gateway queues filling up; collectors and Jaeger near their memory limit. */
import { AppNames, MEMORY_LIMITER_REFUSE_RATIO } from '../../k8s';
import {
  OtelcolMetrics, appMatchers, collectorMemoryRatio, GATEWAY_QUEUE_CLAIMS_REGEX, otelcolSelector, pvcFillRatio,
} from '../../monitoring/promql';
import { TracingTarget } from '../../monitoring/identity';
import { percent } from '../../monitoring/validate';
import { AddAlert, L, POD } from './common';
import { AlertSeverity } from '../alert-rule';

export function resourceAlerts(add: AddAlert, ns: string, targets: readonly TracingTarget[], t: {
  pvcRegex?: string; storageWarning: number; storageCritical: number; storageFor: string;
  memoryRatio: number; memoryBytes?: number; memoryFor: string;
}): void {
  const group = 'tracing.resources';
  // Published by the kubelet for every mounted PVC: a warning and a critical alert of one name
  // per volume kind, so Alertmanager's usual inhibition hides the warning under the critical.
  const volumeFill = (alert: string, pvcRegex: string, summary: string, what: string, whenFull: string) => {
    const fill = pvcFillRatio(ns, pvcRegex);
    for (const [severity, threshold] of [[AlertSeverity.WARNING, t.storageWarning], [AlertSeverity.CRITICAL, t.storageCritical]] as const) {
      add(group, {
        alert,
        expr: `${fill}\n> ${threshold}`,
        for: t.storageFor,
        severity,
        summary,
        description: `${what} {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full `
          + `(threshold ${percent(threshold)})${whenFull}`,
      });
    }
  };
  // Not with Elasticsearch/OpenSearch: the stack holds no data claim then.
  if (t.pvcRegex !== undefined) {
    volumeFill('JaegerStorageAlmostFull', t.pvcRegex, 'Jaeger\'s trace storage volume is almost full.', 'Volume claim',
      '. When it is full Jaeger cannot write spans: expand the PVC or shorten the retention (ttl).');
  }
  if (targets.includes(TracingTarget.GATEWAY)) {
    // The gateways' file_storage queues grow only while Jaeger is slow or down. A full volume
    // fails the queue's writes, and spans are dropped although the queue has capacity left.
    volumeFill('TracingQueueVolumeAlmostFull', GATEWAY_QUEUE_CLAIMS_REGEX, 'A gateway\'s persistent sending-queue volume is almost full.',
      'Queue claim', ': Jaeger has not taken the gateway\'s spans for a while. When it is full the gateway '
      + 'drops spans: bring Jaeger back, or expand the claim (gateway.queueStorageSize).');
  }

  // Working set from cAdvisor, limit from kube-state-metrics, role from the collectors' targets.
  const limiter = `The memory_limiter refuses spans from ${percent(MEMORY_LIMITER_REFUSE_RATIO)} of the limit on and the kernel `
    + 'kills the pod at the limit';
  const memoryDescription = (what: string) => `Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} `
    + `({{ $labels.${L.COMPONENT} }}) ${what}. ${limiter}: raise the memory limit or add replicas.`;
  add(group, {
    alert: 'OTELCollectorHighMemory',
    expr: `${collectorMemoryRatio(ns)}\n> ${t.memoryRatio}`,
    for: t.memoryFor,
    severity: AlertSeverity.WARNING,
    summary: 'An OpenTelemetry Collector is close to its memory limit.',
    description: memoryDescription(`uses {{ $value | humanizePercentage }} of its memory limit (threshold ${percent(t.memoryRatio)})`),
  });
  if (targets.includes(TracingTarget.JAEGER)) {
    // Jaeger v2 is a Collector build with the same memory_limiter policy; Badger's caches
    // live in the same process.
    add(group, {
      alert: 'JaegerHighMemory',
      expr: `${collectorMemoryRatio(ns, AppNames.JAEGER)}\n> ${t.memoryRatio}`,
      for: t.memoryFor,
      severity: AlertSeverity.WARNING,
      summary: 'A Jaeger pod is close to its memory limit.',
      description: `Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.${L.COMPONENT} }}) uses `
        + `{{ $value | humanizePercentage }} of its memory limit (threshold ${percent(t.memoryRatio)}). ${limiter}: `
        + 'raise the role\'s memory limit (allInOne, collector, query or remoteStorage resources), or scale a topology that can.',
    });
  }
  if (t.memoryBytes !== undefined) {
    // Published by the collector itself (`otelcol_process_memory_rss_bytes` when the reader adds units).
    add(group, {
      alert: 'OTELCollectorHighMemory',
      expr: `max by (${POD.join(', ')}) (${otelcolSelector(OtelcolMetrics.PROCESS_MEMORY_RSS, appMatchers(ns, AppNames.OTEL_COLLECTOR), '_bytes')})\n> ${t.memoryBytes}`,
      for: t.memoryFor,
      severity: AlertSeverity.WARNING,
      // Tells this rule apart from the ratio rule of the same name: promtool (and the
      // operator's rule linting) report two rules with one name and label set as duplicates.
      labels: { threshold: 'resident-bytes' },
      summary: 'An OpenTelemetry Collector is close to its memory limit.',
      description: `{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.${L.COMPONENT} }}) has {{ $value | humanize1024 }}B resident `
        + `(threshold ${t.memoryBytes} bytes). ${limiter}: raise the memory limit or add replicas.`,
    });
  }
}

