/**
 * (d) Span metrics and (e) alerts on real metrics: a real Prometheus scrapes what the committed
 * PodMonitors select and evaluates the committed PrometheusRule, with time running ten times
 * faster (scrapes every 3 s instead of 30 s, every range window and `for` divided by ten).
 */
import { parse } from 'yaml';
import { ensureBinaries } from './harness/binaries';
import { LocalCluster, sleep } from './harness/cluster';
import { GATEWAY_IP } from './harness/network';
import { LocalPrometheus } from './harness/prometheus';
import { metricSelectors } from './harness/promql';
import { distObjects, startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, sendAll } from './harness/traffic';
import { PLATFORM } from '../../main';

const SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];
const TIME_SCALE = 10;

/**
 * Metrics the alerts and dashboards read that come from programs the harness does not run
 * (kubelet volume stats, cAdvisor, kube-state-metrics); every other name must be served.
 */
const NOT_SCRAPED_HERE = [/^kubelet_volume_stats_/, /^container_/, /^kube_/];

/**
 * Counters the Collector creates on their first increment, so a healthy run never serves them:
 * `enqueue_failed` counts spans a full sending queue refused (exporterhelper's metadata.yaml
 * names it; no run here fills a queue); `send_failed`, since collector core 0.155 (Jaeger 2.20;
 * Jaeger 2.12 served it at 0 from the start), counts spans an exporter gave up on (the
 * storage-outage e2e reads it from Jaeger's collector after a failed write). `jaeger_storage_bulk_index_errors_total` is Jaeger's
 * Elasticsearch/OpenSearch writer's, served from its first failure on (the opensearch e2e reads it
 * from a real scrape during an outage; this Badger stack never has it).
 */
const CREATED_ON_FIRST_FAILURE = ['otelcol_exporter_enqueue_failed_spans_total', 'otelcol_exporter_send_failed_spans_total', 'jaeger_storage_bulk_index_errors_total'];

let cluster: LocalCluster;
let prometheus: LocalPrometheus;
let jaeger: JaegerApi;
const objects = distObjects();

beforeAll(async () => {
  cluster = await startCluster(objects);
  prometheus = new LocalPrometheus(cluster, ensureBinaries(['prometheus']).get('prometheus')!, { interval: '3s', timeScale: TIME_SCALE });
  await prometheus.start();
  // Jaeger's Monitor tab reads prometheus-operated.monitoring.svc: make that name this Prometheus.
  cluster.addServiceRecord('monitoring', 'prometheus-operated', GATEWAY_IP);
  jaeger = new JaegerApi(`http://${cluster.serviceAddress(PLATFORM.namespace, 'jaeger-query')}:16686`);
});

afterAll(async () => {
  await prometheus?.stop();
  await cluster?.stop();
});

/** Every PromQL expression of the alerts, dashboards and the Grafana datasource, with where it is from. */
function allQueries(): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const rule of objects.filter((o) => o.kind === 'PrometheusRule')) {
    for (const g of rule.spec.groups) for (const r of g.rules) out.push({ where: `alert ${r.alert ?? r.record}`, expr: r.expr });
  }
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')) {
    for (const [file, text] of Object.entries<string>(cm.data)) {
      for (const panel of JSON.parse(text).panels ?? []) {
        for (const t of panel.targets ?? []) if (t.expr) out.push({ where: `dashboard ${file} panel "${panel.title}"`, expr: t.expr });
      }
    }
  }
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_datasource === '1')) {
    for (const text of Object.values<string>(cm.data)) {
      for (const ds of parse(text).datasources) {
        for (const q of ds.jsonData?.tracesToMetrics?.queries ?? []) out.push({ where: `datasource ${ds.name} query "${q.name}"`, expr: q.query });
      }
    }
  }
  // Grafana's variables, as Grafana would fill them in.
  return out.map((q) => ({ ...q, expr: q.expr.replace(/\$\$?__rate_interval/g, '1m').replace(/,\s*\$\$?__tags/g, '') }));
}

async function sendPerService(tracesPerService: number): Promise<Record<string, number>> {
  const agents = cluster.podsOf('DaemonSet', 'otel-agent');
  const spans = SERVICES.flatMap((s) => Array.from({ length: tracesPerService }, (_, i) => makeTrace(s, i % 5 === 0 ? 'error' : 'ordinary')).flat());
  await sendAll(agents.map((a, i) => ({ url: `http://${a.ip}:4318`, spans: spans.filter((_, j) => j % agents.length === i) })));
  const sent: Record<string, number> = {};
  for (const s of spans) sent[s.service] = (sent[s.service] ?? 0) + 1;
  return sent;
}

test('(d) the calls counter of every service counts every span sent, before sampling; Jaeger\'s Monitor API answers', async () => {
  const sent = await sendPerService(20);
  await eventually('span metrics in Prometheus equal the spans sent', async () => {
    const rows = await prometheus.query('sum by (service_name) (traces_span_metrics_calls_total)');
    const seen = Object.fromEntries(rows.map((r) => [r.metric.service_name, Number(r.value[1])]));
    return SERVICES.every((s) => seen[s] === sent[s]) ? seen : undefined;
  }, 90_000, 3_000);

  const now = Date.now();
  const calls = await eventually('Jaeger /api/metrics/calls has series', async () => {
    const { status, body } = await jaeger.get(`/api/metrics/calls?service=ryot&spanKind=server&endTs=${now}&lookback=600000&step=15000&ratePer=60000`);
    if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`);
    return body.metrics?.length > 0 ? body : undefined;
  }, 60_000, 3_000);
  expect(calls.metrics[0].labels).toEqual(expect.arrayContaining([{ name: 'service_name', value: 'ryot' }]));
});

test('(e) every metric an alert, dashboard or datasource query reads is served by the stack (or comes from the kubelet/kube-state-metrics)', async () => {
  await sleep(6_000); // two more scrapes of every target
  const served = await prometheus.metricNames();
  const missing: string[] = [];
  for (const { where, expr } of allQueries()) {
    for (const sel of metricSelectors(expr)) {
      const name = sel.name ?? sel.nameRegex!;
      if (NOT_SCRAPED_HERE.some((r) => r.test(name)) || CREATED_ON_FIRST_FAILURE.includes(name)) continue;
      const ok = sel.name ? served.includes(sel.name) : served.some((n) => new RegExp(`^(?:${sel.nameRegex})$`).test(n));
      if (!ok) missing.push(`${where}: ${name}`);
    }
  }
  expect(missing).toEqual([]);
});

test('(e) with Jaeger stopped the gateway\'s queue alert goes pending, and clears after Jaeger returns', async () => {
  const jaegerPod = cluster.pod('jaeger-0');
  await jaegerPod.stop();
  const outage = setInterval(() => void sendPerService(5).catch(() => undefined), 2_000);
  let raised: string[] = [];
  try {
    raised = await eventually('TracingExporterQueueBacklog pending or firing for a gateway', async () => {
      const alerts = (await prometheus.alerts()).filter((a) => a.labels.app_kubernetes_io_component === 'gateway');
      return alerts.some((a) => a.labels.alertname === 'TracingExporterQueueBacklog') ? alerts.map((a) => `${a.labels.alertname}:${a.state}`) : undefined;
    }, 120_000, 3_000);
  } finally {
    clearInterval(outage);
  }
  process.stdout.write(`alerts during the Jaeger outage: ${raised.join(', ')}\n`);
  jaegerPod.start();
  await cluster.waitReady([jaegerPod]);
  await eventually('the gateway\'s export and queue alerts clear', async () => {
    const alerts = (await prometheus.alerts()).filter((a) => a.labels.app_kubernetes_io_component === 'gateway' && /Export|Queue/.test(a.labels.alertname));
    return alerts.length === 0 ? true : undefined;
  }, 180_000, 3_000);
});
