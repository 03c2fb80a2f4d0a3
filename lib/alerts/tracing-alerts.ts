import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroups, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import {
  checkInstanceName, checkNonEmpty, checkNumber, checkProbability, checkProps, constructLabel, invalidProp, namespacedMeta,
} from '../k8s';
import { ITracingComponent, watchedStack } from '../monitoring/contract';
import { LABEL_VALUE_LENGTH, monitoringIdentity, TracingTarget, watcherObjectName } from '../monitoring/identity';
import { PROMETHEUS_INSTANCES, Prometheus, watcherNamespace } from '../monitoring/prometheus';
import {
  checkNoTemplate, checkPromDuration, checkPromLabels, checkTemplateBraces,
} from '../monitoring/validate';
import { ALERT_SEVERITIES, TracingAlertRule } from './alert-rule';
import { availabilityAlerts } from './rules/availability';
import { AddAlert } from './rules/common';
import { pipelineAlerts } from './rules/pipeline';
import { resourceAlerts } from './rules/resources';
import { queryAlerts, samplingAlerts, serviceAlerts } from './rules/usage';

export { AlertSeverity, type TracingAlertRule } from './alert-rule';

/** Props for {@link TracingAlerts}. */
export interface TracingAlertsProps {
  /**
   * The stack's constructs (`[jaeger, otel]`): the alerts watch their namespace, their parts, Jaeger's
   * claims and the gateways' keep ratio.
   */
  readonly components: ITracingComponent[];
  /**
   * The Prometheus that evaluates the alerts (`Prometheus.fromExisting(...)`): the PrometheusRule
   * goes where its operator reads rules and carries the labels it selects them by.
   */
  readonly prometheus: Prometheus;
  /**
   * Name of the PrometheusRule.
   * @default 'tracing-alerts'
   */
  readonly name?: string;
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
  /** The rule groups, in order; extended by {@link TracingAlerts.addAlert}. */
  private readonly groups: { name: string; rules: TracingAlertRule[] }[] = [];
  private readonly where: string;
  private readonly alertLabels: Record<string, string>;
  private readonly runbookUrl?: string;

  constructor(scope: Construct, id: string, props: TracingAlertsProps) {
    super(scope, id);
    const where = this.where = constructLabel('TracingAlerts', id);
    checkProps(where, props, 'TracingAlertsProps');
    const prometheus = PROMETHEUS_INSTANCES.of(where, 'prometheus', props?.prometheus);
    const stack = watchedStack(where, props.components);
    const ns = stack.namespace;
    const namespace = watcherNamespace(prometheus, ns);
    this.name = checkInstanceName(where, 'name', props.name ?? watcherObjectName('tracing-alerts', namespace, ns, LABEL_VALUE_LENGTH), 'tracing-alerts');
    this.alertLabels = { ...(props.alertLabels === undefined ? {} : checkPromLabels(where, 'alertLabels', props.alertLabels)) };
    if (props.runbookUrl !== undefined) {
      this.runbookUrl = checkNonEmpty(where, 'runbookUrl', props.runbookUrl, 'give the runbook base URL, e.g. "https://git.example.com/tracing/blob/main/docs/alerts.md"');
      if (!/^https?:\/\/\S+$/.test(this.runbookUrl) || this.runbookUrl.includes('#')) {
        invalidProp(where, 'runbookUrl', props.runbookUrl, 'not an http(s) URL without fragment', 'give the base URL; the alert name is appended as "#<alertname>"');
      }
      checkNoTemplate(where, 'runbookUrl', this.runbookUrl);
    }
    const targets = stack.targets;

    const ratio = (prop: keyof TracingAlertsProps, dflt: number) => checkProbability(where, prop, props[prop] ?? dflt);
    const dur = (prop: keyof TracingAlertsProps, dflt: string) => checkPromDuration(where, prop, props[prop] ?? dflt);
    const positive = (prop: keyof TracingAlertsProps, dflt: number) => checkNumber(where, prop, props[prop] ?? dflt, { min: 0 });

    const storageWarning = ratio('storageWarningRatio', 0.8);
    const storageCritical = ratio('storageCriticalRatio', 0.9);
    if (storageWarning >= storageCritical) {
      invalidProp(where, 'storageWarningRatio', storageWarning, `must be below storageCriticalRatio (${storageCritical})`,
        'lower storageWarningRatio or raise storageCriticalRatio');
    }
    // Only a gateway samples, and an OtelCollector with gateways says its ratio.
    // Only gateways sample: the keep ratio is their OtelCollector's, the check theirs alone.
    const sampling = stack.samplingKeepRatio === undefined ? undefined : checkedSamplingMargin(where, stack.samplingKeepRatio, props.samplingMargin);
    const pvcRegex = stack.dataClaimsRegex;
    const memoryBytes = props.memoryBytes === undefined ? undefined
      : checkNumber(where, 'memoryBytes', props.memoryBytes, { min: 1, integer: true, fix: 'give a whole number of bytes, e.g. 800000000 for 800 MB' });

    const add: AddAlert = (group, rule) => this.addAlert(group, rule);
    pipelineAlerts(add, ns, {
      errorRatio: ratio('pipelineErrorRatio', 0.01),
      errorFor: dur('pipelineErrorFor', '5m'),
      droppedRate: positive('droppedSpansPerSecond', 0),
      droppedFor: dur('droppedSpansFor', '5m'),
      queueRatio: ratio('queueFillRatio', 0.8),
      queueFor: dur('queueFillFor', '5m'),
    });
    availabilityAlerts(add, ns, targets, dur('targetDownFor', '5m'), dur('targetAbsentFor', '10m'));
    resourceAlerts(add, ns, targets, {
      pvcRegex, storageWarning, storageCritical, storageFor: dur('storageFor', '5m'),
      memoryRatio: ratio('memoryLimitRatio', 0.8), memoryBytes, memoryFor: dur('memoryFor', '10m'),
    });
    queryAlerts(add, ns, positive('queryLatencySeconds', 1), dur('queryLatencyFor', '10m'));
    serviceAlerts(add, ns, ratio('serviceErrorRatio', 0.05), positive('serviceMinRequestRate', 0.1), dur('serviceErrorFor', '10m'));
    if (sampling && targets.includes(TracingTarget.GATEWAY)) {
      samplingAlerts(add, ns, sampling.keep, sampling.margin, dur('samplingFor', '30m'));
    }

    const self = this;
    new PrometheusRule(this, 'Resource', {
      metadata: namespacedMeta(this.name, namespace, monitoringIdentity(this.name, 'alerts'), { labels: prometheus.selectorLabels }),
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
    checkProps(this.where, rule, 'TracingAlertRule', 'addAlert');
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
}

/** The margin over the gateways' keep ratio before the sampling alert fires (half the rest by default). */
function checkedSamplingMargin(where: string, keep: number, given: number | undefined): { keep: number; margin: number } {
  const margin = checkProbability(where, 'samplingMargin', given ?? Number(((1 - keep) / 2).toFixed(6)));
  if (keep + margin >= 1) {
    invalidProp(where, 'samplingMargin', margin, `the gateways' keep ratio ${keep} + samplingMargin = ${keep + margin} leaves nothing to detect (a ratio cannot exceed 1)`,
      'lower samplingMargin, or keep a smaller share in the gateways\' sampling');
  }
  return { keep, margin };
}
