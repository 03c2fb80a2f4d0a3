import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroups, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import {
  AppNames, Components, SpanMetrics,
  checkDnsLabel, checkDnsSubdomain, checkLabels, checkNonEmpty, checkNumber, checkProbability, constructLabel, invalidProp, namespacedMeta,
  MEMORY_LIMITER_REFUSE_RATIO, WorkloadNames, checkProps,
} from '../k8s';
import { DEFAULT_MONITORING_NAMESPACE, monitoringIdentity } from './identity';
import {
  ClusterMetrics, Matcher, OtelcolMetrics, TargetLabels,
  appMatchers, collectorMemoryRatio, entrySpanMatchers, eq, gatewayKeptRatio, gatewayMatchers, GATEWAY_QUEUE_CLAIMS_REGEX,
  jaegerQueryLatency, ne, otelcolSelector, pipelineMatchers, pvcFillRatio, selector, sumRate,
} from './promql';
import { ALL_TRACING_TARGETS, TracingTarget } from './tracing-monitors';
import { checkNoTemplate, checkPromDuration, checkPromLabels, checkTemplateBraces, checkTargets, claimsRegexProp, percent } from './validate';

/** Alert severities, as the `severity` label (the values Alertmanager routes on in kube-prometheus). */
export type AlertSeverity = 'critical' | 'warning' | 'info';
const ALERT_SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

/** One alerting rule. */
export interface TracingAlertRule {
  /** Alert name (CamelCase). */
  readonly alert: string;
  /** PromQL expression; the alert fires for every series it returns. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires (a Prometheus duration). */
  readonly for: string;
  /** The `severity` label. */
  readonly severity: AlertSeverity;
  /** One line: what is wrong. */
  readonly summary: string;
  /** The values that matter (`{{ $value }}`, `{{ $labels.pod }}`) and what to look at. */
  readonly description: string;
  /**
   * Constant labels added to the alert besides `severity`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Props for {@link TracingAlerts}. */
export interface TracingAlertsProps {
  /**
   * Namespace of the PrometheusRule.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Namespace of the tracing stack's pods and PVCs: every expression filters on it.
   * @default - the same as `namespace`
   */
  readonly targetNamespace?: string;
  /**
   * Name of the PrometheusRule.
   * @default 'tracing-alerts'
   */
  readonly name?: string;
  /**
   * Extra labels on the PrometheusRule, so the user's Prometheus selects it (kube-prometheus-stack
   * selects rules labelled `release: <its release name>` unless told otherwise).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra labels on every alert (e.g. `team: platform`) for Alertmanager routing.
   * @default - none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * Base URL of the runbook. Each alert gets a `runbook_url` annotation: this URL plus `#` and the
   * lower-cased alert name (a Markdown heading anchor), e.g. `https://git.example.com/tracing#jaegerhigherrorrate`.
   * @default - no runbook_url annotation
   */
  readonly runbookUrl?: string;
  /**
   * Which parts of the stack must exist: an alert fires when none of a part's pods is up.
   * Rules that need a missing part (the sampling check needs the gateway) are left out.
   * @default ['jaeger', 'agent', 'gateway']
   */
  readonly targets?: readonly TracingTarget[];
  /**
   * `JaegerHighErrorRate`: share of the spans a pipeline tier received that it refused or failed to export.
   * @default 0.01
   */
  readonly pipelineErrorRatio?: number;
  /**
   * `for` of `JaegerHighErrorRate`.
   * @default '5m'
   */
  readonly pipelineErrorFor?: string;
  /**
   * Spans per second a pod may refuse, fail to export or fail to enqueue before the
   * dropped-spans alerts fire. Any loss is worth knowing about, hence 0.
   * @default 0
   */
  readonly droppedSpansPerSecond?: number;
  /**
   * `for` of the dropped-spans alerts.
   * @default '5m'
   */
  readonly droppedSpansFor?: string;
  /**
   * `TracingExporterQueueAlmostFull`: sending-queue length over its capacity.
   * @default 0.8
   */
  readonly queueFillRatio?: number;
  /**
   * `for` of `TracingExporterQueueAlmostFull`.
   * @default '5m'
   */
  readonly queueFillFor?: string;
  /**
   * Name regex of Jaeger's volume claims (Badger: `data-jaeger-0`, `data-jaeger-remote-storage-0`).
   * Prefer `storageClaimNames`; give one or the other.
   * @default 'data-jaeger.*'
   */
  readonly storagePvcRegex?: string;
  /**
   * Jaeger's volume claims by name (take them from `JaegerStack.dataClaimNames`). Empty for
   * Elasticsearch/OpenSearch, whose data is not on a claim of the stack: no
   * `JaegerStorageAlmostFull` is emitted then.
   * @default - the claims `storagePvcRegex` matches
   */
  readonly storageClaimNames?: readonly string[];
  /**
   * `JaegerStorageAlmostFull` warning: used over capacity of a Jaeger PVC.
   * @default 0.8
   */
  readonly storageWarningRatio?: number;
  /**
   * `JaegerStorageAlmostFull` critical: used over capacity of a Jaeger PVC.
   * @default 0.9
   */
  readonly storageCriticalRatio?: number;
  /**
   * `for` of `JaegerStorageAlmostFull`.
   * @default '5m'
   */
  readonly storageFor?: string;
  /**
   * `OTELCollectorHighMemory` and `JaegerHighMemory`: working set over the container's memory
   * limit. The memory_limiter refuses data from 60 % of the limit on
   * (MEMORY_LIMITER_REFUSE_RATIO; `TracingReceiverRefusedSpans` fires then); GOMEMLIMIT sits at
   * 80 %, where garbage collection turns aggressive.
   * @default 0.8
   */
  readonly memoryLimitRatio?: number;
  /**
   * Also fire `OTELCollectorHighMemory` when a collector's resident memory passes this many bytes
   * (the platform plan's 800 MB is 800000000). Useful where containers have no memory limit.
   * @default - no absolute threshold
   */
  readonly memoryBytes?: number;
  /**
   * `for` of `OTELCollectorHighMemory`.
   * @default '10m'
   */
  readonly memoryFor?: string;
  /**
   * `for` of `TracingTargetDown` (a scrape target of the stack not answering).
   * @default '5m'
   */
  readonly targetDownFor?: string;
  /**
   * `for` of `TracingTargetAbsent` (no pod of a part of the stack is up) and of
   * `TracingAgentMissingOnNode` (a node without an available agent).
   * @default '10m'
   */
  readonly targetAbsentFor?: string;
  /**
   * `JaegerQueryHighLatency`: p95 latency of Jaeger's query API, in seconds.
   * @default 1
   */
  readonly queryLatencySeconds?: number;
  /**
   * `for` of `JaegerQueryHighLatency`.
   * @default '10m'
   */
  readonly queryLatencyFor?: string;
  /**
   * `TracedServiceHighErrorRate`: share of a service's server/consumer spans with error status.
   * @default 0.05
   */
  readonly serviceErrorRatio?: number;
  /**
   * `TracedServiceHighErrorRate` ignores services handling fewer requests per second than this,
   * so two failures out of three requests do not page anyone.
   * @default 0.1
   */
  readonly serviceMinRequestRate?: number;
  /**
   * `for` of `TracedServiceHighErrorRate`.
   * @default '10m'
   */
  readonly serviceErrorFor?: string;
  /**
   * The share of traces the gateway's tail sampling is configured to keep (its probabilistic
   * baseline; errors and slow traces are kept on top). Take it from the OtelCollector.
   * @default 0.3
   */
  readonly samplingKeepRatio?: number;
  /**
   * How far above `samplingKeepRatio` the kept share may go before `TracingSamplingNotReducingVolume`
   * fires. Error and slow traces are kept in full on top of the baseline, so the kept share is
   * `keep + (1 - keep) × (share of spans in error or slow traces)`: a small margin fires on every
   * incident or on a service whose traces are routinely slow. The default fires when the gateway
   * drops less than half of what the baseline alone would drop (0.65 for a 0.3 baseline).
   * @default (1 - samplingKeepRatio) / 2
   */
  readonly samplingMargin?: number;
  /**
   * `for` of `TracingSamplingNotReducingVolume`.
   * @default '30m'
   */
  readonly samplingFor?: string;
}

/** The agents' exporter to the gateways (its `exporter` label). */
const LOAD_BALANCING_EXPORTER = 'load_balancing';

/** Rate window of the alerts: long enough for a 30s scrape interval to give a stable rate. */
const WINDOW = '5m';
/** Rate window of the sampling check: tail sampling decides traces 30s+ after they start. */
const SAMPLING_WINDOW = '30m';

const L = TargetLabels;
const TIER = ['namespace', L.NAME, L.COMPONENT];
const POD = ['namespace', 'pod', L.NAME, L.COMPONENT];

/**
 * The tracing stack's alerts, as one PrometheusRule. The platform plan's three alerts
 * (`JaegerHighErrorRate`, `JaegerStorageAlmostFull`, `OTELCollectorHighMemory`) are built on
 * metrics the components really publish, plus span loss, queue fill, missing targets, query
 * latency, per-service error rates and a check that tail sampling cuts the volume.
 *
 * Collector and Jaeger series are selected by the `app_kubernetes_io_*` labels that
 * {@link TracingMonitors} puts on them; the kubelet, cAdvisor and kube-state-metrics series come
 * from a standard kube-prometheus installation. Works without any other construct of this library.
 */
export class TracingAlerts extends Construct {
  /** The PrometheusRule's name. */
  public readonly name: string;
  /** The rule groups, in order; extended by {@link addAlert}. */
  private readonly groups: { name: string; rules: TracingAlertRule[] }[] = [];
  private readonly where: string;
  private readonly alertLabels: Record<string, string>;
  private readonly runbookUrl?: string;

  constructor(scope: Construct, id: string, props: TracingAlertsProps = {}) {
    super(scope, id);
    const where = this.where = constructLabel('TracingAlerts', id);
    checkProps(where, props, { labels: 'object', alertLabels: 'object', targets: 'list', storageClaimNames: 'list' });
    const namespace = checkDnsLabel(where, 'namespace', props.namespace ?? DEFAULT_MONITORING_NAMESPACE);
    const ns = checkDnsLabel(where, 'targetNamespace', props.targetNamespace ?? namespace);
    this.name = checkDnsSubdomain(where, 'name', props.name ?? 'tracing-alerts');
    this.alertLabels = { ...(props.alertLabels === undefined ? {} : checkPromLabels(where, 'alertLabels', props.alertLabels)) };
    if (props.labels !== undefined) checkLabels(where, 'labels', props.labels);
    if (props.runbookUrl !== undefined) {
      this.runbookUrl = checkNonEmpty(where, 'runbookUrl', props.runbookUrl, 'give the runbook base URL, e.g. "https://git.example.com/tracing/blob/main/docs/alerts.md"');
      if (!/^https?:\/\/\S+$/.test(this.runbookUrl) || this.runbookUrl.includes('#')) {
        invalidProp(where, 'runbookUrl', props.runbookUrl, 'not an http(s) URL without fragment', 'give the base URL; the alert name is appended as "#<alertname>"');
      }
      checkNoTemplate(where, 'runbookUrl', this.runbookUrl);
    }
    const targets = checkTargets(where, props.targets ?? ALL_TRACING_TARGETS);

    const ratio = (prop: keyof TracingAlertsProps, dflt: number) => checkProbability(where, prop, props[prop] ?? dflt);
    const dur = (prop: keyof TracingAlertsProps, dflt: string) => checkPromDuration(where, prop, props[prop] ?? dflt);
    const positive = (prop: keyof TracingAlertsProps, dflt: number) => checkNumber(where, prop, props[prop] ?? dflt, { min: 0 });

    const storageWarning = ratio('storageWarningRatio', 0.8);
    const storageCritical = ratio('storageCriticalRatio', 0.9);
    if (storageWarning >= storageCritical) {
      invalidProp(where, 'storageWarningRatio', storageWarning, `must be below storageCriticalRatio (${storageCritical})`,
        'lower storageWarningRatio or raise storageCriticalRatio');
    }
    const keep = ratio('samplingKeepRatio', 0.3);
    const margin = ratio('samplingMargin', Number(((1 - keep) / 2).toFixed(6)));
    if (keep + margin >= 1) {
      invalidProp(where, 'samplingMargin', margin, `samplingKeepRatio + samplingMargin = ${keep + margin} leaves nothing to detect (a ratio cannot exceed 1)`,
        'lower samplingMargin, or leave this alert out by not scraping the gateway (targets)');
    }
    const pvcRegex = claimsRegexProp(where, props.storagePvcRegex, props.storageClaimNames);
    const memoryBytes = props.memoryBytes === undefined ? undefined
      : checkNumber(where, 'memoryBytes', props.memoryBytes, { min: 1, integer: true, fix: 'give a whole number of bytes, e.g. 800000000 for 800 MB' });

    this.addPipelineAlerts(ns, {
      errorRatio: ratio('pipelineErrorRatio', 0.01),
      errorFor: dur('pipelineErrorFor', '5m'),
      droppedRate: positive('droppedSpansPerSecond', 0),
      droppedFor: dur('droppedSpansFor', '5m'),
      queueRatio: ratio('queueFillRatio', 0.8),
      queueFor: dur('queueFillFor', '5m'),
    });
    this.addAvailabilityAlerts(ns, targets, dur('targetDownFor', '5m'), dur('targetAbsentFor', '10m'));
    this.addResourceAlerts(ns, targets, {
      pvcRegex, storageWarning, storageCritical, storageFor: dur('storageFor', '5m'),
      memoryRatio: ratio('memoryLimitRatio', 0.8), memoryBytes, memoryFor: dur('memoryFor', '10m'),
    });
    this.addQueryAlerts(ns, positive('queryLatencySeconds', 1), dur('queryLatencyFor', '10m'));
    this.addServiceAlerts(ns, ratio('serviceErrorRatio', 0.05), positive('serviceMinRequestRate', 0.1), dur('serviceErrorFor', '10m'));
    if (targets.includes('gateway')) {
      this.addSamplingAlerts(ns, keep, margin, dur('samplingFor', '30m'));
    }

    const self = this;
    new PrometheusRule(this, 'Resource', {
      metadata: namespacedMeta(this.name, namespace, monitoringIdentity(this.name, 'alerts'), { labels: props.labels }),
      // A getter, read at synth time, so alerts added with addAlert() after construction are included.
      spec: { get groups() { return self.renderGroups(); } },
    });
  }

  /** The names of every alert, in rule order. */
  public get alertNames(): string[] {
    return [...new Set(this.groups.flatMap((g) => g.rules.map((r) => r.alert)))];
  }

  /**
   * Adds an alert to a group (created at the end if new). The alert gets the same common labels
   * and runbook annotation as the built-in ones.
   */
  public addAlert(group: string, rule: TracingAlertRule): void {
    checkNonEmpty(this.where, 'addAlert.group', group);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(rule.alert)) {
      invalidProp(this.where, 'addAlert.alert', rule.alert, 'not a valid alert name', 'use letters, digits and "_", starting with a letter');
    }
    checkNonEmpty(this.where, 'addAlert.expr', rule.expr);
    checkPromDuration(this.where, 'addAlert.for', rule.for);
    if (!ALERT_SEVERITIES.includes(rule.severity)) {
      invalidProp(this.where, 'addAlert.severity', rule.severity, 'not a severity', `use one of ${ALERT_SEVERITIES.join(', ')}`);
    }
    checkTemplateBraces(this.where, 'addAlert.summary', checkNonEmpty(this.where, 'addAlert.summary', rule.summary, 'say in one line what is wrong'));
    checkTemplateBraces(this.where, 'addAlert.description',
      checkNonEmpty(this.where, 'addAlert.description', rule.description, 'say which values matter and what to look at'));
    if (rule.labels !== undefined) checkPromLabels(this.where, 'addAlert.labels', rule.labels);
    if (this.groups.some((g) => g.rules.some((r) => r.alert === rule.alert && g.name === group && r.expr === rule.expr))) {
      invalidProp(this.where, 'addAlert.alert', rule.alert, `group "${group}" already has this alert with the same expression`, 'add each alert once');
    }
    let g = this.groups.find((x) => x.name === group);
    if (!g) {
      g = { name: group, rules: [] };
      this.groups.push(g);
    }
    g.rules.push(rule);
  }

  private renderGroups(): PrometheusRuleSpecGroups[] {
    return this.groups.map((g) => ({
      name: g.name,
      rules: g.rules.map((r) => ({
        alert: r.alert,
        expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
        for: r.for,
        labels: { ...this.alertLabels, ...r.labels, severity: r.severity },
        annotations: {
          summary: r.summary,
          description: r.description,
          ...(this.runbookUrl ? { runbook_url: `${this.runbookUrl}#${r.alert.toLowerCase()}` } : {}),
        },
      })),
    }));
  }

  private addPipelineAlerts(ns: string, t: {
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
    this.addAlert(group, {
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
      severity: 'critical',
      summary: 'The tracing pipeline is losing spans.',
      description: `{{ $value | humanizePercentage }} of the spans received by ${tier} were refused, failed or could not be exported `
        + `over the last ${WINDOW} (threshold ${percent(t.errorRatio)}). Traces are incomplete; check the tier's logs, `
        + 'its memory_limiter and the next hop (gateway or Jaeger storage).',
    });

    const dropped = (alert: string, family: string, by: 'receiver' | 'exporter', what: string, hint: string) => this.addAlert(group, {
      alert,
      expr: `${sumRate(sel(family), [...POD, by], WINDOW)} > ${t.droppedRate}`,
      for: t.droppedFor,
      severity: 'warning',
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

    // Published by every exporter with a sending queue (unitless gauges: no suffix).
    const queueBy = `max by (${[...POD, 'exporter'].join(', ')})`;
    this.addAlert(group, {
      alert: 'TracingExporterQueueAlmostFull',
      expr: [
        `${queueBy} (${selector(OtelcolMetrics.EXPORTER_QUEUE_SIZE, pipe)})`,
        '/',
        `${queueBy} (${selector(OtelcolMetrics.EXPORTER_QUEUE_CAPACITY, pipe)})`,
        `> ${t.queueRatio}`,
      ].join('\n'),
      for: t.queueFor,
      severity: 'warning',
      summary: 'An exporter\'s sending queue is almost full.',
      description: `The sending queue of exporter {{ $labels.exporter }} on ${pod} is {{ $value | humanizePercentage }} full `
        + `(threshold ${percent(t.queueRatio)}). When it is full, spans are dropped; the next hop is slow or down.`,
    });
    // A healthy queue empties between batches. One that has not been empty for the whole window
    // means the next hop is down or too slow: with unlimited retries nothing counts as failed
    // yet, and at moderate load the fill alert above comes hours later (the e2e tier saw no
    // export alert at all during a Jaeger outage before this one existed).
    this.addAlert(group, {
      alert: 'TracingExporterQueueBacklog',
      expr: `${queueBy} (min_over_time(${selector(OtelcolMetrics.EXPORTER_QUEUE_SIZE, pipe)}[${t.queueFor}])) > 0`,
      for: t.queueFor,
      severity: 'warning',
      summary: 'An exporter\'s sending queue has not drained for a while.',
      description: `Exporter {{ $labels.exporter }} on ${pod} has had at least {{ $value }} batches queued for `
        + `${t.queueFor} and more: its next hop (gateway, Jaeger collector or storage) is down or slower than the traffic. `
        + 'Nothing is lost while the queue has room; the queue-fill alert says how close it is to dropping.',
    });
  }

  private addAvailabilityAlerts(ns: string, targets: readonly TracingTarget[], downFor: string, absentFor: string): void {
    const group = 'tracing.availability';
    // Published by Prometheus for every target of the PodMonitors.
    this.addAlert(group, {
      alert: 'TracingTargetDown',
      expr: `${selector(ClusterMetrics.UP, pipelineMatchers(ns))} == 0`,
      for: downFor,
      severity: 'warning',
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
      this.addAlert(group, {
        alert: 'TracingTargetAbsent',
        expr: `absent(${selector(ClusterMetrics.UP, p.matchers)} == 1)`,
        for: absentFor,
        severity: 'critical',
        labels: p.labels,
        summary: `No ${p.what} pod is up.`,
        description: `No ${p.what} pod in ${ns} has been scraped successfully for ${absentFor}: `
          + 'it is not running, or its PodMonitor is not picked up by Prometheus (check the monitor labels). Spans are being lost or not stored.',
      });
    }
    if (targets.includes('agent')) {
      // Published by kube-state-metrics. One node without its agent is invisible to the alerts
      // above (the other agents are up), yet every app on that node exports into nothing.
      const ds = [eq('namespace', ns), eq('daemonset', WorkloadNames.OTEL_AGENT)];
      const by = 'max by (namespace, daemonset)';
      this.addAlert(group, {
        alert: 'TracingAgentMissingOnNode',
        expr: `${by} (${selector(ClusterMetrics.DAEMONSET_DESIRED, ds)})\n-\n${by} (${selector(ClusterMetrics.DAEMONSET_AVAILABLE, ds)})\n> 0`,
        for: absentFor,
        severity: 'warning',
        summary: 'A node has no available OpenTelemetry agent.',
        description: `{{ $value }} node(s) that should run DaemonSet ${ns}/${WorkloadNames.OTEL_AGENT} have no available agent pod `
          + `for ${absentFor}: the services on them export to a node-local Service with no endpoint, and their spans are lost. `
          + `Check the pods that are not ready (kubectl -n ${ns} get pods -l app.kubernetes.io/component=agent -o wide) and the node's pressure conditions.`,
      });
    }
  }

  private addResourceAlerts(ns: string, targets: readonly TracingTarget[], t: {
    pvcRegex?: string; storageWarning: number; storageCritical: number; storageFor: string;
    memoryRatio: number; memoryBytes?: number; memoryFor: string;
  }): void {
    const group = 'tracing.resources';
    // Published by the kubelet for every mounted PVC: a warning and a critical alert of one name
    // per volume kind, so Alertmanager's usual inhibition hides the warning under the critical.
    const volumeFill = (alert: string, pvcRegex: string, summary: string, what: string, whenFull: string) => {
      const fill = pvcFillRatio(ns, pvcRegex);
      for (const [severity, threshold] of [['warning', t.storageWarning], ['critical', t.storageCritical]] as const) {
        this.addAlert(group, {
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
    if (targets.includes('gateway')) {
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
    this.addAlert(group, {
      alert: 'OTELCollectorHighMemory',
      expr: `${collectorMemoryRatio(ns)}\n> ${t.memoryRatio}`,
      for: t.memoryFor,
      severity: 'warning',
      summary: 'An OpenTelemetry Collector is close to its memory limit.',
      description: memoryDescription(`uses {{ $value | humanizePercentage }} of its memory limit (threshold ${percent(t.memoryRatio)})`),
    });
    if (targets.includes('jaeger')) {
      // Jaeger v2 is a Collector build with the same memory_limiter policy; Badger's caches
      // live in the same process.
      this.addAlert(group, {
        alert: 'JaegerHighMemory',
        expr: `${collectorMemoryRatio(ns, AppNames.JAEGER)}\n> ${t.memoryRatio}`,
        for: t.memoryFor,
        severity: 'warning',
        summary: 'A Jaeger pod is close to its memory limit.',
        description: `Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.${L.COMPONENT} }}) uses `
          + `{{ $value | humanizePercentage }} of its memory limit (threshold ${percent(t.memoryRatio)}). ${limiter}: `
          + 'raise the role\'s memory limit (allInOne, collector, query or remoteStorage resources), or scale a topology that can.',
      });
    }
    if (t.memoryBytes !== undefined) {
      // Published by the collector itself (`otelcol_process_memory_rss_bytes` when the reader adds units).
      this.addAlert(group, {
        alert: 'OTELCollectorHighMemory',
        expr: `max by (${POD.join(', ')}) (${otelcolSelector(OtelcolMetrics.PROCESS_MEMORY_RSS, appMatchers(ns, AppNames.OTEL_COLLECTOR), '_bytes')})\n> ${t.memoryBytes}`,
        for: t.memoryFor,
        severity: 'warning',
        // Tells this rule apart from the ratio rule of the same name: promtool (and the
        // operator's rule linting) report two rules with one name and label set as duplicates.
        labels: { threshold: 'resident-bytes' },
        summary: 'An OpenTelemetry Collector is close to its memory limit.',
        description: `{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.${L.COMPONENT} }}) has {{ $value | humanize1024 }}B resident `
          + `(threshold ${t.memoryBytes} bytes). ${limiter}: raise the memory limit or add replicas.`,
      });
    }
  }

  private addQueryAlerts(ns: string, seconds: number, forDuration: string): void {
    // Published by Jaeger's query HTTP server (all-in-one or query role, port `metrics`).
    this.addAlert('tracing.query', {
      alert: 'JaegerQueryHighLatency',
      expr: `${jaegerQueryLatency(ns, 0.95, WINDOW)}\n> ${seconds}`,
      for: forDuration,
      severity: 'warning',
      summary: 'Jaeger\'s query API is slow.',
      description: `The 95th percentile latency of Jaeger's query API in {{ $labels.namespace }} is {{ $value | humanizeDuration }} `
        + `(threshold ${seconds}s). Searches are slow: check the storage (Badger disk, Elasticsearch) and the query pod's CPU.`,
    });
  }

  private addServiceAlerts(ns: string, errorRatio: number, minRate: number, forDuration: string): void {
    // Published by the agents' span_metrics connector through their prometheus exporter (port
    // `span-metrics`), computed on every span before sampling. Entry spans only (server, consumer):
    // the requests a service handled.
    const entry = entrySpanMatchers(ns);
    const by = ['namespace', 'service_name'];
    const calls = sumRate(selector(SpanMetrics.CALLS, entry), by, WINDOW);
    const errors = sumRate(selector(SpanMetrics.CALLS, [...entry, eq('status_code', SpanMetrics.ERROR_STATUS)]), by, WINDOW);
    this.addAlert('tracing.services', {
      alert: 'TracedServiceHighErrorRate',
      expr: `(\n  ${errors}\n  /\n  ${calls}\n) > ${errorRatio}\nand\n${calls} > ${minRate}`,
      for: forDuration,
      severity: 'warning',
      summary: 'A traced service fails many of its requests.',
      description: `{{ $value | humanizePercentage }} of the requests handled by service {{ $labels.service_name }} end in error `
        + `(threshold ${percent(errorRatio)}, from span metrics). Open its error traces in Jaeger.`,
    });
  }

  private addSamplingAlerts(ns: string, keep: number, margin: number, forDuration: string): void {
    // Both published by the gateway (port `metrics`): what tail sampling let through to the
    // exporter over what the gateway received.
    const threshold = Number((keep + margin).toFixed(6));
    this.addAlert('tracing.sampling', {
      alert: 'TracingSamplingNotReducingVolume',
      expr: `${gatewayKeptRatio(ns, SAMPLING_WINDOW)}\n> ${threshold}`,
      for: forDuration,
      severity: 'warning',
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
    this.addAlert('tracing.sampling', {
      alert: 'TracingSamplingDecidedTooEarly',
      expr: `${sumRate(otelcolSelector(OtelcolMetrics.TAIL_SAMPLING_DROPPED_TOO_EARLY, gatewayMatchers(ns)), ['namespace', 'pod'], WINDOW)} > 0`,
      for: '5m',
      severity: 'critical',
      summary: 'Tail sampling evicts traces before deciding them: their spans are lost.',
      description: 'Gateway {{ $labels.namespace }}/{{ $labels.pod }} evicts {{ $value | humanize }} traces/s before their decision '
        + 'wait because num_traces is full: their spans are dropped undecided, error traces included. '
        + 'Raise the sampling policy\'s numTraces (and the gateway\'s memory) or add gateway replicas.',
    });
    // Published by each agent's load_balancing exporter (port `metrics`). A gateway that leaves
    // takes the traces it held undecided with it (the tail sampler keeps them in memory only),
    // and traces whose spans straddle the change can be split between two gateways: the e2e
    // tier measured about 300 of 2,100 error-trace spans lost around a gateway killed for 5 s.
    this.addAlert('tracing.sampling', {
      alert: 'TracingGatewayMembershipChanged',
      expr: `max by (namespace, pod) (changes(${selector(OtelcolMetrics.LOADBALANCER_BACKENDS, appMatchers(ns, AppNames.OTEL_COLLECTOR, Components.OTEL_AGENT))}[10m])) > 0`,
      for: '1m',
      severity: 'info',
      summary: 'The agents\' set of gateways changed: traces in flight may have been lost.',
      description: 'Agent {{ $labels.namespace }}/{{ $labels.pod }} saw its gateways change {{ $value }} times in 10 minutes '
        + '(a gateway restarted, was rescheduled or scaled). Traces a leaving gateway held for its decision wait are lost, '
        + 'and traces split across the change may be stored in part. Frequent changes mean an unstable gateway.',
    });
  }
}

