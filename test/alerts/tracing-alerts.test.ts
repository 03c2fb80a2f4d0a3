import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Chart } from 'cdk8s';
import {
  COLLECTOR_CONFIG_ANNOTATION, CollectorMode, ITracingComponent, JaegerStack, JaegerStackProps, JaegerStorage, OtelCollector, OtelCollectorProps,
  TracingAlerts, TracingAlertsProps,
} from '../../lib/internal';
import { prometheusPullReader } from '../../lib/k8s/telemetry';
import { MEMORY_LIMITER_REFUSE_RATIO } from '../../lib/k8s/resources';
import { expectPromtoolOk, testWithPromtool, writeRuleFile } from '../support/promtool';
import { schemaValidator } from '../support/schema';
import { findOne, ofKind, synthObjects, tempDir, testChart } from '../support/synth';
import { AlertSeverity } from '../../lib/alerts/alert-rule';
import { jaegerIn } from '../support/backend';
import { prometheus } from '../support/observers';

const PROMTOOL_TESTS = path.join(__dirname, 'promtool');

/** The stack the alerts watch: its constructs' props, and which of them are passed as `components` (both unless told). */
interface StackShape {
  readonly jaeger?: JaegerStackProps;
  readonly otel?: Omit<OtelCollectorProps, 'backend'>;
  readonly watch?: 'jaeger' | 'otel';
}

/** Builds the stack in `chart` (a JaegerStack and an OtelCollector exporting to it) and returns the constructs watched. */
function stackIn(chart: Chart, shape: StackShape = {}): ITracingComponent[] {
  const jaeger = new JaegerStack(chart, 'jaeger', shape.jaeger);
  const otel = new OtelCollector(chart, 'otel', { backend: jaeger, ...shape.otel });
  return shape.watch === 'jaeger' ? [jaeger] : shape.watch === 'otel' ? [otel] : [jaeger, otel];
}

/** Synthesizes TracingAlerts watching the stack of `shape` and returns the PrometheusRule object. */
function synthRule(props: Partial<Omit<TracingAlertsProps, 'components'>> = {}, shape: StackShape = {}, customize?: (a: TracingAlerts) => void): any {
  const chart = testChart();
  const alerts = new TracingAlerts(chart, 'alerts', { components: stackIn(chart, shape), prometheus: prometheus(), ...props });
  customize?.(alerts);
  const rules = ofKind(synthObjects(chart), 'PrometheusRule');
  expect(rules).toHaveLength(1);
  return rules[0];
}

/**
 * Writes the rule's spec as `<rulesFile>` next to a copy of the unit-test file (which names that
 * rule file), then runs `promtool check rules` and `promtool test rules` on them.
 */
function promtoolTest(rule: any, rulesFile: string, unitTestFile: string): void {
  const dir = tempDir('tracing-alerts-');
  writeRuleFile(path.join(dir, rulesFile), rule.spec.groups);
  fs.copyFileSync(path.join(PROMTOOL_TESTS, unitTestFile), path.join(dir, unitTestFile));
  expectPromtoolOk(['check', 'rules', rulesFile], dir);
  expectPromtoolOk(['test', 'rules', unitTestFile], dir);
}

/** Alert names with a firing case and with a silent case in a promtool unit-test file. */
function coverage(unitTestFile: string): { firing: Set<string>; silent: Set<string> } {
  const doc = parse(fs.readFileSync(path.join(PROMTOOL_TESTS, unitTestFile), 'utf8'));
  const firing = new Set<string>();
  const silent = new Set<string>();
  for (const t of doc.tests) {
    for (const a of t.alert_rule_test ?? []) {
      (a.exp_alerts?.length ? firing : silent).add(a.alertname);
    }
  }
  return { firing, silent };
}

describe('TracingAlerts', () => {
  testWithPromtool('default rules pass promtool check and the unit tests (a firing and a silent case per alert)', () => {
    const rule = synthRule();
    promtoolTest(rule, 'tracing-alerts.rules.yaml', 'tracing-alerts.test.yaml');
    const names: string[] = [...new Set<string>(rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert)))];
    const { firing, silent } = coverage('tracing-alerts.test.yaml');
    for (const name of names) {
      expect({ name, firing: firing.has(name), silent: silent.has(name) }).toEqual({ name, firing: true, silent: true });
    }
  });

  testWithPromtool('the absolute memory threshold (the plan\'s 800 MB) passes promtool', () => {
    const rule = synthRule({ memoryBytes: 800_000_000 });
    promtoolTest(rule, 'tracing-alerts-absolute-memory.rules.yaml', 'tracing-alerts-absolute-memory.test.yaml');
  });

  test('defaults: one PrometheusRule in monitoring, valid against the CRD, with the plan\'s alerts', () => {
    const chart = testChart();
    const alerts = new TracingAlerts(chart, 'alerts', { components: stackIn(chart), prometheus: prometheus() });
    const rule = findOne(synthObjects(chart), 'PrometheusRule', 'tracing-alerts');
    expect(schemaValidator().validate(rule)).toEqual([]);
    expect(rule.metadata.namespace).toBe('monitoring');
    expect(rule.metadata.labels['app.kubernetes.io/part-of']).toBe('tracing');
    expect(alerts.alertNames).toEqual(expect.arrayContaining([
      'JaegerHighErrorRate', 'JaegerStorageAlmostFull', 'OTELCollectorHighMemory',
      'TracingReceiverRefusedSpans', 'TracingExporterFailedSpans', 'TracingExporterEnqueueFailedSpans',
      'TracingExporterQueueAlmostFull', 'TracingTargetDown', 'TracingTargetAbsent',
      'JaegerQueryHighLatency', 'TracedServiceHighErrorRate', 'TracingSamplingNotReducingVolume',
    ]));
    for (const r of rule.spec.groups.flatMap((g: any) => g.rules)) {
      expect(['critical', 'warning', 'info']).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
      expect(r.annotations.description).toBeTruthy();
      expect(r.annotations).not.toHaveProperty('runbook_url');
      expect(r.for).toMatch(/^\d+[smh]$/);
    }
    expect(JSON.stringify(rule)).not.toContain('undefined');
  });

  test('every collector metric is queried under the exact name the stack\'s readers serve', () => {
    // The readers keep type and unit suffixes; the e2e tier checks these names against a real scrape.
    expect(prometheusPullReader(8888)).toEqual({ pull: { exporter: { prometheus: expect.objectContaining({ without_units: false, without_type_suffix: false }) } } });
    const rule = synthRule({ memoryBytes: 1 });
    const exprs: string[] = rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.expr));
    const all = exprs.join('\n');
    expect(all).not.toContain('__name__');
    const names = new Set([...all.matchAll(/otelcol_[a-z_]+/g)].map((m) => m[0]));
    for (const name of names) {
      expect({ name, ok: /_total$|_rss_bytes$|^otelcol_exporter_queue_(size|capacity)$/.test(name) }).toEqual({ name, ok: true });
    }
    // Every series filter is scoped to the stack's namespace.
    for (const e of exprs) expect(e).toContain('namespace="monitoring"');
  });

  test('the sampling threshold leaves room for error and slow traces kept on top of the baseline', () => {
    const threshold = (props?: Partial<Omit<TracingAlertsProps, 'components'>>, shape?: StackShape) => synthRule(props, shape).spec.groups
      .flatMap((g: any) => g.rules).find((r: any) => r.alert === 'TracingSamplingNotReducingVolume').expr.split('\n').pop();
    // Fires when the gateway drops less than half of what the baseline alone would drop.
    expect(threshold()).toBe('> 0.65');
    // The keep ratio is the gateways' baseline (default 30 %).
    expect(threshold({}, { otel: { sampling: { baselinePercentage: 10 } } })).toBe('> 0.55');
    expect(threshold({ samplingMargin: 0.2 }, { otel: { sampling: { baselinePercentage: 30 } } })).toBe('> 0.5');
  });

  test('thresholds, durations and the runbook URL are props; namespace and labels the Prometheus\'s; the stack\'s namespace, claims and keep ratio its constructs\'', () => {
    const rule = synthRule({
      prometheus: prometheus({ namespace: 'observability', selectorLabels: { release: 'kube-prometheus-stack' }, watchesAllNamespaces: false }),
      alertLabels: { team: 'platform' }, runbookUrl: 'https://git.example.com/tracing/blob/main/docs/alerts.md',
      pipelineErrorRatio: 0.02, pipelineErrorFor: '15m', storageWarningRatio: 0.7, storageCriticalRatio: 0.85,
      samplingMargin: 0.05,
    }, { jaeger: { namespace: 'tracing', instance: 'traces' }, otel: { namespace: 'tracing', sampling: { baselinePercentage: 10 } } });
    expect(rule.metadata).toMatchObject({ namespace: 'observability', labels: { release: 'kube-prometheus-stack' } });
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    const byName = (n: string) => rules.filter((r: any) => r.alert === n);
    expect(byName('JaegerHighErrorRate')[0]).toMatchObject({ for: '15m', labels: { team: 'platform', severity: 'critical' } });
    expect(byName('JaegerHighErrorRate')[0].expr).toMatch(/> 0\.02$/);
    expect(byName('JaegerHighErrorRate')[0].annotations.runbook_url)
      .toBe('https://git.example.com/tracing/blob/main/docs/alerts.md#jaegerhigherrorrate');
    expect(byName('JaegerStorageAlmostFull').map((r: any) => [r.labels.severity, r.expr.split('\n').pop()]))
      .toEqual([['warning', '> 0.7'], ['critical', '> 0.85']]);
    expect(byName('JaegerStorageAlmostFull')[0].expr).toContain('persistentvolumeclaim=~"data-jaeger-0"'); // the JaegerStack's claim
    expect(byName('TracingSamplingNotReducingVolume')[0].expr).toMatch(/> 0\.15$/);
    for (const r of rules) expect(r.expr).not.toContain('namespace="monitoring"');
    expect(rules[0].expr).toContain('namespace="tracing"');
  });

  test('without a gateway there is no sampling alert and no absent-gateway alert', () => {
    const rule = synthRule({}, { otel: { mode: CollectorMode.AGENT_ONLY } });
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    expect(rules.map((r: any) => r.alert)).not.toContain('TracingSamplingNotReducingVolume');
    expect(rules.filter((r: any) => r.alert === 'TracingTargetAbsent').map((r: any) => r.labels.app_kubernetes_io_component))
      .toEqual([undefined, 'agent']);
  });

  testWithPromtool('addAlert extends the rule (also after construction) and the result still passes promtool check', () => {
    const rule = synthRule({}, {}, (a) => a.addAlert('tracing.custom', {
      alert: 'JaegerNoSpansStored', expr: 'sum(rate(jaeger_storage_requests_total{operation="write_traces"}[5m])) == 0',
      for: '15m', severity: AlertSeverity.WARNING, summary: 'Nothing is stored.', description: 'Jaeger stored no span for 15m.',
    }));
    expect(rule.spec.groups.map((g: any) => g.name)).toContain('tracing.custom');
    const dir = tempDir('tracing-alerts-');
    writeRuleFile(path.join(dir, 'rules.yaml'), rule.spec.groups);
    expectPromtoolOk(['check', 'rules', 'rules.yaml'], dir);
  });

  test('bad props fail with the prop, the value and a fix', () => {
    const make = (props: Partial<Omit<TracingAlertsProps, 'components'>>, shape?: StackShape) => () => synthRule(props, shape);
    expect(make({ pipelineErrorRatio: 1.5 })).toThrow(/TracingAlerts "alerts": invalid prop "pipelineErrorRatio" = 1.5: must be at most 1/);
    expect(make({ storageFor: '1.5h' })).toThrow(/invalid prop "storageFor" = "1.5h": not a Prometheus duration/);
    expect(make({ memoryFor: '0m' })).toThrow(/invalid prop "memoryFor" = "0m": must be greater than zero/);
    expect(make({ storageWarningRatio: 0.95 })).toThrow(/invalid prop "storageWarningRatio" = 0.95: must be below storageCriticalRatio \(0.9\)/);
    expect(make({ samplingMargin: 0.1 }, { otel: { sampling: { baselinePercentage: 95 } } }))
      .toThrow(/invalid prop "samplingMargin" = 0.1: the gateways' keep ratio 0.95 \+ samplingMargin/);
    expect(make({ runbookUrl: 'wiki/alerts#x' })).toThrow(/invalid prop "runbookUrl" = "wiki\/alerts#x": not an http\(s\) URL/);
    expect(make({ memoryBytes: 0 })).toThrow(/invalid prop "memoryBytes" = 0/);
    expect(make({ prometheus: { namespace: 'monitoring' } as any })).toThrow(/TracingAlerts "alerts": invalid prop "prometheus" = .*is not a Prometheus.*Prometheus.fromExisting/);
    const chart = testChart();
    const alerts = new TracingAlerts(chart, 'alerts', { components: stackIn(chart), prometheus: prometheus() });
    expect(() => alerts.addAlert('g', { alert: 'bad name', expr: 'up', for: '5m', severity: AlertSeverity.INFO, summary: 's', description: 'd' }))
      .toThrow(/invalid prop "addAlert.alert" = "bad name"/);
  });

  test('storage claims by name: Elasticsearch/OpenSearch (no claims) gets no Badger disk alert; the queue volumes are always watched', () => {
    const names = (rule: any) => rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    const byName = (rule: any, alert: string) => rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert === alert);
    const none = synthRule({}, { jaeger: { storage: JaegerStorage.opensearch({ serverUrls: ['https://os:9200'] }) } });
    expect(names(none)).not.toContain('JaegerStorageAlmostFull');
    expect(byName(none, 'TracingQueueVolumeAlmostFull')).toHaveLength(2);
    // The shared Badger's claim, by its exact name (not data-jaeger-0, which this stack does not have).
    const shared = byName(synthRule({}, { jaeger: { storage: JaegerStorage.badgerShared() } }), 'JaegerStorageAlmostFull');
    expect(shared).toHaveLength(2);
    for (const r of shared) expect(r.expr).toContain('persistentvolumeclaim=~"data-jaeger-remote-storage-0"');
    // Without gateways, no queue-volume alert; without agents, no agent alert; without Jaeger, no Jaeger alert.
    expect(names(synthRule({}, { otel: { mode: CollectorMode.AGENT_ONLY } }))).not.toContain('TracingQueueVolumeAlmostFull');
    expect(names(synthRule({}, { otel: { mode: CollectorMode.GATEWAY_ONLY } }))).not.toContain('TracingAgentMissingOnNode');
    expect(names(synthRule({}, { watch: 'otel' }))).not.toContain('JaegerHighMemory');
  });

  test('texts quote the rendered memory_limiter policy, not a number of their own', () => {
    const rule = synthRule();
    const memory = rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => /HighMemory$/.test(r.alert));
    expect(memory.length).toBeGreaterThanOrEqual(2);
    for (const r of memory) expect(r.annotations.description).toContain(`refuses spans from ${Math.round(MEMORY_LIMITER_REFUSE_RATIO * 100)}% of the limit`);
    expect(MEMORY_LIMITER_REFUSE_RATIO).toBe(0.6);
  });

  test('the agents\' load_balancing send failures fire the per-pod alert but stay out of the loss ratio (they over-count)', () => {
    const rules = synthRule().spec.groups.flatMap((g: any) => g.rules);
    const ratio = rules.find((r: any) => r.alert === 'JaegerHighErrorRate').expr;
    expect(ratio).toMatch(/otelcol_exporter_send_failed_spans_total\{[^}]*exporter!="load_balancing"/);
    expect(ratio).toMatch(/otelcol_exporter_enqueue_failed_spans_total\{(?![^}]*load_balancing)/);
    const failed = rules.find((r: any) => r.alert === 'TracingExporterFailedSpans').expr;
    expect(failed).not.toContain('load_balancing');
  });

});

describe('TracingAlerts promtool fixtures match the real pods', () => {
  /** Label sets of every input series in the promtool unit-test files. */
  function fixtureSeries(): Record<string, string>[] {
    return fs.readdirSync(PROMTOOL_TESTS).flatMap((file) => {
      const doc = parse(fs.readFileSync(path.join(PROMTOOL_TESTS, file), 'utf8'));
      return doc.tests.flatMap((t: any) => t.input_series.map((s: any) =>
        Object.fromEntries([...String(s.series).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))));
    });
  }

  test('container, endpoint and exporter labels are the ones the default JaegerStack and OtelCollector produce', () => {
    const chart = testChart();
    new JaegerStack(chart, 'jaeger');
    new OtelCollector(chart, 'otel', { backend: jaegerIn() });
    // The search-storage cases (query latency of the UI's searches, indexing failures) are of its collector and query pods.
    const search = testChart();
    new JaegerStack(search, 'jaeger', { storage: JaegerStorage.opensearch({ serverUrls: ['https://search.example.com:9200'] }) });
    const objects = [...synthObjects(chart), ...synthObjects(search)];
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
    const containersOf = (component: string) => workloads
      .filter((w) => w.spec.template.metadata.labels['app.kubernetes.io/component'] === component)
      .flatMap((w) => w.spec.template.spec.containers.map((c: any) => c.name));
    const portsOf = (component: string) => workloads
      .filter((w) => w.spec.template.metadata.labels['app.kubernetes.io/component'] === component)
      .flatMap((w) => w.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name)));
    const configs = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.annotations?.[COLLECTOR_CONFIG_ANNOTATION])
      .map((o) => parse(o.data[o.metadata.annotations[COLLECTOR_CONFIG_ANNOTATION]]));
    const exporters = new Set(configs.flatMap((c) => Object.keys(c.exporters ?? {})));

    const series = fixtureSeries().filter((s) => s.app_kubernetes_io_component && s.namespace === 'monitoring');
    expect(series.length).toBeGreaterThan(20);
    for (const s of series) {
      const component = s.app_kubernetes_io_component;
      if (s.container) expect(containersOf(component)).toContain(s.container);
      if (s.endpoint) expect(portsOf(component)).toContain(s.endpoint);
      if (s.exporter) expect([...exporters]).toContain(s.exporter);
    }
  });
});

test('each part\'s TracingTargetAbsent names the part in its summary and carries the labels of the part it stands for', () => {
  const rule = synthRule();
  const absent = rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert === 'TracingTargetAbsent');
  expect(absent.map((r: any) => [r.annotations.summary, r.labels])).toEqual([
    ['No Jaeger pod is up.', expect.objectContaining({ 'namespace': 'monitoring', 'app_kubernetes_io_name': 'jaeger' })],
    ['No OpenTelemetry agent pod is up.', expect.objectContaining({ 'namespace': 'monitoring', 'app_kubernetes_io_name': 'opentelemetry-collector', 'app_kubernetes_io_component': 'agent' })],
    ['No OpenTelemetry gateway pod is up.', expect.objectContaining({ 'namespace': 'monitoring', 'app_kubernetes_io_name': 'opentelemetry-collector', 'app_kubernetes_io_component': 'gateway' })],
  ]);
});

test('long expressions are written one term per line, as they read in the Prometheus UI', () => {
  const rules = synthRule().spec.groups.flatMap((g: any) => g.rules);
  for (const name of ['JaegerHighErrorRate', 'TracingExporterQueueAlmostFull']) {
    const expr: string = rules.find((r: any) => r.alert === name).expr;
    expect({ name, lines: expr.split('\n').length > 3 }).toEqual({ name, lines: true });
  }
});
