import * as path from 'path';
import { Chart } from 'cdk8s';
import { parse } from 'yaml';
import {
  GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStackProps, JaegerStorage, OtelCollector, ServiceNames, SpanMetrics, TracingAlerts,
  dashboardExpressions,
} from '../../lib/internal';
import { expectPromtoolOk, testWithPromtool, writeExpressionsAsRules } from '../support/promtool';
import { schemaValidator } from '../support/schema';
import { findOne, ofKind, synthObjects, tempDir, testChart } from '../support/synth';
import { grafana, prometheus } from '../support/observers';

/** Grafana variables replaced by sample values, so promtool can parse the PromQL around them. */
function withSampleVariables(expr: string): string {
  return expr.replace(/\$__rate_interval/g, '5m').replace(/\$service/g, '.+');
}

/** `promtool check rules` on expressions wrapped as recording rules. */
function promtoolCheckExpressions(exprs: string[]): void {
  const dir = tempDir('tracing-grafana-');
  writeExpressionsAsRules(path.join(dir, 'expressions.rules.yaml'), exprs);
  expectPromtoolOk(['check', 'rules', 'expressions.rules.yaml'], dir);
}

/** The stack the dashboards show, built in `chart`: a JaegerStack and an OtelCollector exporting to it. */
function stackIn(chart: Chart, jaeger: JaegerStackProps = {}, id = 'jaeger'): [JaegerStack, OtelCollector] {
  const stack = new JaegerStack(chart, id, jaeger);
  return [stack, new OtelCollector(chart, id === 'jaeger' ? 'otel' : `${id}-otel`, { backend: stack, namespace: jaeger.namespace })];
}

/** Metric names an expression reads. */
function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const m of expr.matchAll(/__name__=~"([a-z_]+)\((_total|_bytes)\)\?"/g)) names.add(m[1]);
  for (const m of expr.matchAll(/(?<![a-z_"])([a-z_][a-z0-9_]*)\{/g)) names.add(m[1]);
  return [...names].filter((n) => !['by', 'on', 'group_left', 'rate', 'sum', 'max', 'group', 'absent', 'histogram_quantile'].includes(n));
}

/**
 * Acceptance: every metric read by an alert or dashboard is published by a deployed component.
 * The source of each, as the comments in lib/monitoring/promql.ts name it.
 */
const PUBLISHERS: Record<string, string> = {
  otelcol_receiver_accepted_spans_total: 'every collector (agent, gateway) and Jaeger v2, port metrics',
  otelcol_receiver_refused_spans_total: 'every collector and Jaeger v2, port metrics',
  otelcol_receiver_failed_spans_total: 'every collector and Jaeger v2 (receiverhelper), port metrics',
  otelcol_exporter_sent_spans_total: 'every collector and Jaeger v2, port metrics',
  otelcol_exporter_send_failed_spans_total: 'every collector and Jaeger v2, port metrics',
  otelcol_exporter_enqueue_failed_spans_total: 'every collector and Jaeger v2, port metrics',
  otelcol_exporter_queue_size: 'exporters with a sending queue, port metrics',
  otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total: 'the gateway\'s tail_sampling processor, port metrics',
  otelcol_loadbalancer_num_backend_updates_total: 'the agents\' load_balancing exporter, port metrics',
  otelcol_exporter_queue_capacity: 'exporters with a sending queue, port metrics',
  otelcol_process_memory_rss_bytes: 'every collector and Jaeger v2, port metrics',
  otelcol_process_uptime_seconds_total: 'every collector and Jaeger v2, port metrics (starts again when the process restarts)',
  jaeger_storage_latency_seconds_bucket: 'Jaeger v2 storage, port metrics',
  jaeger_storage_bulk_index_errors_total: 'Jaeger v2 Elasticsearch/OpenSearch writer, port metrics (from its first failure)',
  jaeger_storage_requests_total: 'Jaeger v2 storage, port metrics',
  [SpanMetrics.CALLS]: 'agent span_metrics connector via prometheus exporter, port span-metrics',
  [SpanMetrics.DURATION_BUCKET]: 'agent span_metrics connector via prometheus exporter, port span-metrics',
  up: 'Prometheus, per PodMonitor target',
  kubelet_volume_stats_used_bytes: 'kubelet',
  kubelet_volume_stats_capacity_bytes: 'kubelet',
  container_memory_working_set_bytes: 'cAdvisor (kubelet)',
  kube_pod_container_resource_limits: 'kube-state-metrics',
  kube_daemonset_status_desired_number_scheduled: 'kube-state-metrics',
  kube_daemonset_status_number_available: 'kube-state-metrics',
};

describe('GrafanaDatasources', () => {
  test('a sidecar ConfigMap with the Jaeger datasource, node graph and trace-to-metrics links', () => {
    const chart = testChart();
    const ds = new GrafanaDatasources(chart, 'datasources', { grafana: grafana(), jaeger: new JaegerStack(chart, 'jaeger') });
    const cm = findOne(synthObjects(chart), 'ConfigMap', 'tracing-grafana-datasources-monitoring');
    expect(schemaValidator().validate(cm)).toEqual([]);
    expect(cm.metadata).toMatchObject({ namespace: 'monitoring', labels: { grafana_datasource: '1' } });
    const file = parse(cm.data['tracing-datasources.yaml']);
    expect(file.apiVersion).toBe(1);
    expect(file.datasources).toHaveLength(1);
    const jaeger = file.datasources[0];
    expect(jaeger).toMatchObject({
      name: 'Jaeger (monitoring)', type: 'jaeger', uid: 'jaeger-monitoring', access: 'proxy',
      url: `http://${ServiceNames.JAEGER_QUERY}.monitoring.svc:16686`,
      jsonData: {
        nodeGraph: { enabled: true },
        tracesToMetrics: { datasourceUid: 'prometheus', tags: [{ key: 'service.name', value: 'service_name' }] },
      },
    });
    const queries = jaeger.jsonData.tracesToMetrics.queries;
    expect(queries.map((q: any) => q.name)).toEqual(['Request rate', 'Error rate', 'Latency p95 (ms)']);
    for (const q of queries) {
      // Every `$` doubled for Grafana's provisioning, none left single.
      expect(q.query).toContain('$$__tags');
      expect(q.query.replace(/\$\$/g, '')).not.toContain('$');
      expect(q.query.replace(/\$\$/g, '$')).toBe(ds.traceToMetricsQueries.find((x) => x.name === q.name)!.query);
      expect(q.query).toContain('traces_span_metrics_');
    }
  });

  testWithPromtool('the trace-to-metrics queries are valid PromQL once Grafana fills in $__tags', () => {
    const chart = testChart();
    const ds = new GrafanaDatasources(chart, 'datasources', { grafana: grafana(), jaeger: new JaegerStack(chart, 'jaeger') });
    promtoolCheckExpressions(ds.traceToMetricsQueries.flatMap((q) => [
      q.query.replace(/\$__tags/g, 'service_name="ryot"'),
      q.query.replace(/\$__tags/g, ''),
    ]));
  });

  test('uids and sidecar label are props; namespace and Prometheus uid the Grafana\'s; the query URL is the stack\'s; bad uids fail', () => {
    const chart = testChart();
    new GrafanaDatasources(chart, 'ds', {
      grafana: grafana({ namespace: 'grafana', prometheusDatasourceUid: 'mimir' }),
      jaeger: new JaegerStack(chart, 'jaeger', { namespace: 'tracing' }), uid: 'traces', name: 'Traces',
      sidecarLabel: 'grafana_ds', sidecarLabelValue: 'yes',
    });
    const cm = findOne(synthObjects(chart), 'ConfigMap', 'tracing-grafana-datasources-tracing');
    expect(cm.metadata).toMatchObject({ namespace: 'grafana', labels: { grafana_ds: 'yes' } });
    const jaeger = parse(cm.data['tracing-datasources.yaml']).datasources[0];
    expect(jaeger).toMatchObject({ name: 'Traces', uid: 'traces', url: 'http://jaeger-query.tracing.svc:16686', jsonData: { tracesToMetrics: { datasourceUid: 'mimir' } } });
    const bad = (props: object) => () => {
      const c = testChart();
      new GrafanaDatasources(c, 'ds', { grafana: grafana(), jaeger: new JaegerStack(c, 'jaeger'), ...props });
    };
    expect(bad({ uid: 'has space' })).toThrow(/GrafanaDatasources "ds": invalid prop "uid" = "has space": not a Grafana uid/);
    expect(() => grafana({ prometheusDatasourceUid: 'has space' }))
      .toThrow(/Grafana.fromExisting\(\): invalid prop "prometheusDatasourceUid" = "has space": not a Grafana uid/);
    expect(bad({ grafana: { namespace: 'monitoring' } }))
      .toThrow(/GrafanaDatasources "ds": invalid prop "grafana" = .*is not a Grafana. Fix: import it once: Grafana.fromExisting/);
    expect(bad({ jaeger: { namespace: 'tracing', queryUrl: 'http://jaeger-query.tracing.svc:16686' } }))
      .toThrow(/GrafanaDatasources "ds": invalid prop "jaeger" = .*: expected the JaegerStack whose query API the datasource reads. Fix: pass the JaegerStack construct/);
  });

  test('stacks in two namespaces sharing one Grafana: datasource uids, names and ConfigMaps differ', () => {
    const chart = testChart();
    const a = new GrafanaDatasources(chart, 'a', { grafana: grafana({ namespace: 'grafana' }), jaeger: new JaegerStack(chart, 'ja', { namespace: 'team-a' }) });
    const b = new GrafanaDatasources(chart, 'b', { grafana: grafana({ namespace: 'grafana' }), jaeger: new JaegerStack(chart, 'jb', { namespace: 'team-b' }) });
    expect([a.uid, b.uid]).toEqual(['jaeger-team-a', 'jaeger-team-b']);
    const cms = ofKind(synthObjects(chart), 'ConfigMap').filter((c) => c.metadata.namespace === 'grafana');
    expect(cms.map((c) => c.metadata.name)).toEqual(['tracing-grafana-datasources-team-a', 'tracing-grafana-datasources-team-b']);
    expect(cms.map((c) => parse(c.data['tracing-datasources.yaml']).datasources[0].name)).toEqual(['Jaeger (team-a)', 'Jaeger (team-b)']);
  });

  test('a namespace too long for a Grafana uid is shortened with its hash, still unique', () => {
    const long = (suffix: string) => {
      const chart = testChart();
      return new GrafanaDatasources(chart, 'ds', { grafana: grafana(), jaeger: new JaegerStack(chart, 'jaeger', { namespace: `${'n'.repeat(50)}-${suffix}` }) }).uid;
    };
    const [a, b] = [long('a'), long('b')];
    expect(a).toMatch(/^jaeger-n+-[0-9a-f]{8}$/);
    expect(a.length).toBe(40);
    expect(a).not.toBe(b);
  });
});

describe('GrafanaDashboards', () => {
  test('two sidecar ConfigMaps with the "Tracing pipeline" and "Service RED" dashboards', () => {
    const chart = testChart();
    new GrafanaDashboards(chart, 'dashboards', { grafana: grafana(), components: stackIn(chart) });
    const objects = synthObjects(chart);
    expect(ofKind(objects, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard).map((c) => c.metadata.name)).toEqual(['tracing-pipeline-monitoring-dashboard', 'tracing-service-red-monitoring-dashboard']);
    const pipeline = JSON.parse(findOne(objects, 'ConfigMap', 'tracing-pipeline-monitoring-dashboard').data['tracing-pipeline-monitoring.json']);
    const red = JSON.parse(findOne(objects, 'ConfigMap', 'tracing-service-red-monitoring-dashboard').data['tracing-service-red-monitoring.json']);
    for (const cm of ofKind(objects, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard)) {
      expect(schemaValidator().validate(cm)).toEqual([]);
      expect(cm.metadata).toMatchObject({ namespace: 'monitoring', labels: { grafana_dashboard: '1' } });
    }
    expect(pipeline.title).toBe('Tracing pipeline (monitoring)');
    expect(pipeline.uid).toBe('tracing-pipeline-monitoring');
    expect(red.title).toBe('Service RED (monitoring)');
    expect(red.uid).toBe('tracing-service-red-monitoring');
    const titles = (d: any) => d.panels.filter((p: any) => p.type !== 'row').map((p: any) => p.title);
    expect(titles(pipeline)).toEqual(expect.arrayContaining([
      'Spans received', 'Spans refused', 'Spans exported', 'Spans failed', 'Exporter queue fill',
      'Collector memory (share of limit)', 'Tail sampling: kept share', 'Volume fill',
    ]));
    // The failure counters appear at the first failure: until then the panel says 0, not "No data";
    // a panel whose series always exist keeps Grafana's default.
    const panel = (d: any, title: string) => d.panels.find((p: any) => p.title === title);
    expect(panel(pipeline, 'Spans failed').fieldConfig.defaults.noValue).toBe('0');
    expect(panel(pipeline, 'Spans received').fieldConfig.defaults).not.toHaveProperty('noValue');
    expect(red.title).toBe('Service RED (monitoring)');
    const latency = red.panels.find((p: any) => p.title === 'Latency p50 / p95 / p99');
    expect(latency.targets.map((t: any) => t.expr.match(/histogram_quantile\(([0-9.]+)/)[1])).toEqual(['0.5', '0.95', '0.99']);
    expect(latency.fieldConfig.defaults.unit).toBe('ms');
    expect(red.templating.list[0]).toMatchObject({ name: 'service', includeAll: true, allValue: '.+' });
    // Panels never overlap and every panel queries the Prometheus datasource by uid.
    for (const d of [pipeline, red]) {
      const cells = new Set<string>();
      for (const p of d.panels) {
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
        if (p.type !== 'row') expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
      }
      expect(new Set(d.panels.map((p: any) => p.id)).size).toBe(d.panels.length);
    }
  });

  test('the volume panel: Jaeger claims by name, none for Elasticsearch/OpenSearch; the gateway queues always', () => {
    const panel = (jaeger: JaegerStackProps) => {
      const chart = testChart();
      new GrafanaDashboards(chart, 'dashboards', { grafana: grafana(), components: stackIn(chart, jaeger) });
      const d = JSON.parse(findOne(synthObjects(chart), 'ConfigMap', 'tracing-pipeline-monitoring-dashboard').data['tracing-pipeline-monitoring.json']);
      return d.panels.find((p: any) => p.title === 'Volume fill').targets.map((t: any) => t.expr).join('\n');
    };
    const search = panel({ storage: JaegerStorage.opensearch({ serverUrls: ['https://os:9200'] }) });
    expect(search).not.toContain('data-jaeger');
    expect(search).toContain('persistentvolumeclaim=~"queue-otel-gateway-[0-9]+"');
    expect(panel({})).toContain('persistentvolumeclaim=~"data-jaeger-0"');
  });

  test('every query\'s Min step is the scrape interval, so $__rate_interval spans at least four scrapes', () => {
    const targets = (d: GrafanaDashboards) => Object.values(d.dashboards).flatMap((x: any) => x.panels.flatMap((p: any) => p.targets ?? []));
    const make = (props: { scrapeInterval?: string } = {}) => {
      const chart = testChart();
      return new GrafanaDashboards(chart, 'dashboards', { grafana: grafana(), components: stackIn(chart), ...props });
    };
    const defaults = targets(make());
    expect(defaults.length).toBeGreaterThan(15);
    for (const t of defaults) expect(t.interval).toBe('30s');
    for (const t of targets(make({ scrapeInterval: '1m' }))) expect(t.interval).toBe('1m');
    const chart = testChart();
    expect(() => new GrafanaDashboards(chart, 'd', { grafana: grafana(), components: stackIn(chart), scrapeInterval: '30 s' }))
      .toThrow(/GrafanaDashboards "d": invalid prop "scrapeInterval" = "30 s"/);
  });

  testWithPromtool('every dashboard expression passes promtool check rules', () => {
    const chart = testChart();
    const dashboards = new GrafanaDashboards(chart, 'dashboards', { grafana: grafana(), components: stackIn(chart) });
    const exprs = Object.values(dashboards.dashboards).flatMap(dashboardExpressions);
    expect(exprs.length).toBeGreaterThan(15);
    promtoolCheckExpressions(exprs.map(withSampleVariables));
  });

  test('every metric an alert or dashboard reads has a known publisher', () => {
    const chart = testChart();
    const components = stackIn(chart);
    const dashboards = new GrafanaDashboards(chart, 'dashboards', { grafana: grafana(), components });
    new TracingAlerts(chart, 'alerts', { prometheus: prometheus(), components, memoryBytes: 800_000_000 });
    const rule = findOne(synthObjects(chart), 'PrometheusRule', 'tracing-alerts');
    const exprs = [
      ...Object.values(dashboards.dashboards).flatMap(dashboardExpressions),
      ...rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.expr)),
      ...new GrafanaDatasources(chart, 'ds', { grafana: grafana(), jaeger: components[0] }).traceToMetricsQueries.map((q) => q.query),
    ];
    const used = new Set(exprs.flatMap(metricNames));
    expect([...used].filter((m) => !(m in PUBLISHERS))).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });

  test('stacks in two namespaces sharing one Grafana: dashboard uids, titles and ConfigMaps differ', () => {
    const chart = testChart();
    const a = new GrafanaDashboards(chart, 'a', { grafana: grafana({ namespace: 'grafana' }), components: stackIn(chart, { namespace: 'team-a' }, 'team-a') });
    const b = new GrafanaDashboards(chart, 'b', { grafana: grafana({ namespace: 'grafana' }), components: stackIn(chart, { namespace: 'team-b' }, 'team-b') });
    expect(Object.keys(a.dashboards)).toEqual(['tracing-pipeline-team-a', 'tracing-service-red-team-a']);
    expect(Object.keys(b.dashboards)).toEqual(['tracing-pipeline-team-b', 'tracing-service-red-team-b']);
    expect(Object.values(b.dashboards).map((d) => d.title)).toEqual(['Tracing pipeline (team-b)', 'Service RED (team-b)']);
    const names = ofKind(synthObjects(chart), 'ConfigMap').filter((c) => c.metadata.namespace === 'grafana').map((c) => c.metadata.name);
    expect(new Set(names).size).toBe(4);
  });

  test('output is deterministic; sidecar label and folder are props, namespace and datasource uid the Grafana\'s', () => {
    const render = () => {
      const chart = testChart();
      new GrafanaDashboards(chart, 'dashboards', {
        grafana: grafana({ namespace: 'grafana', prometheusDatasourceUid: 'mimir' }), components: stackIn(chart, { namespace: 'tracing' }), folder: 'Tracing',
        sidecarLabel: 'dash', sidecarLabelValue: 'on',
      });
      return synthObjects(chart);
    };
    const objects = render();
    expect(render()).toEqual(objects);
    const cm = findOne(objects, 'ConfigMap', 'tracing-pipeline-tracing-dashboard');
    expect(cm.metadata).toMatchObject({ namespace: 'grafana', labels: { dash: 'on' }, annotations: { grafana_folder: 'Tracing' } });
    const json = cm.data['tracing-pipeline-tracing.json'];
    expect(json).toContain('"uid": "mimir"');
    expect(json).toContain('namespace=\\"tracing\\"');
    expect(json).not.toContain('namespace=\\"monitoring\\"');
    const chart = testChart();
    expect(() => new GrafanaDashboards(chart, 'd', { grafana: grafana(), components: stackIn(chart), folder: '' }))
      .toThrow(/GrafanaDashboards "d": invalid prop "folder" = ""/);
  });
});
