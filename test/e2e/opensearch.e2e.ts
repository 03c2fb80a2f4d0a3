/**
 * (a) The opensearch storage mode on a real OpenSearch node: the collectors and query pods
 * become Ready by their own probes against it, spans written through the collectors are read
 * back through query, the UI's searches (`/api/v3/trace-summaries`, Jaeger 2.19+) are what the
 * query-latency alert measures in a real Prometheus, and the index-cleaner CronJob's Job deletes
 * the indices past retention and nothing else.
 */
import { ensureBinaries } from './harness/binaries';
import { LocalCluster, sleep } from './harness/cluster';
import { LocalOpenSearch } from './harness/opensearch';
import { LocalPrometheus } from './harness/prometheus';
import { vectorSelectorTexts } from './harness/promql';
import { startCluster } from './harness/stack';
import { JaegerApi, SpanSpec, eventually, makeTrace, mapLimit, otlpHttpStatus, postOtlpHttp } from './harness/traffic';
import { stackObjects } from './harness/variants';
import { JaegerStorage } from '../../lib';

const SERVICE = { namespace: 'logging', name: 'opensearch' };
const objects = stackObjects({
  storage: JaegerStorage.opensearch({ serverUrls: [`http://${SERVICE.name}.${SERVICE.namespace}.svc:9200`]}),
}, undefined, undefined, true);

let cluster: LocalCluster;
let opensearch: LocalOpenSearch;
let jaeger: JaegerApi;
let prometheus: LocalPrometheus;

/** The vector selectors of one alert of the stack's PrometheusRule, to query on their own. */
function alertSelectors(alert: string): string[] {
  const rule = objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups).flatMap((g: any) => g.rules)
    .find((r: any) => r.alert === alert);
  if (!rule) throw new Error(`the stack has no alert ${alert}`);
  return vectorSelectorTexts(rule.expr);
}

/** Jaeger's daily index suffix (UTC) for a day `daysAgo` before today. */
function day(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The cleaner's cutoff in Jaeger 2.20 is now minus NUM_OF_DAYS (feature gate
 * `es.index.relativeTimeIndexDeletion`, on; before, tomorrow's midnight minus NUM_OF_DAYS),
 * against each index's creation time (jaeger repo, cmd/es-index-cleaner/app/cutoff_time.go,
 * filter.ByDate). With 72 h of retention (3 days), an index created three days ago goes, one
 * created two days ago stays.
 */
const EXPIRED = [`jaeger-span-${day(10)}`, `jaeger-service-${day(10)}`, `jaeger-span-${day(3)}`, `jaeger-service-${day(3)}`];
const KEPT = [`jaeger-span-${day(2)}`, `jaeger-service-${day(2)}`, 'unrelated-index'];

beforeAll(async () => {
  opensearch = new LocalOpenSearch(ensureBinaries(['opensearch']).get('opensearch')!, SERVICE.namespace, SERVICE.name)
    .seed(10, EXPIRED.slice(0, 2)).seed(3, EXPIRED.slice(2)).seed(2, KEPT).seed(12, ['unrelated-old']);
  cluster = await startCluster(objects, { peers: [opensearch], controlPlane: false });
  jaeger = new JaegerApi(`http://${cluster.serviceAddress('tracing', 'jaeger-query')}:16686`);
  prometheus = new LocalPrometheus(cluster, ensureBinaries(['prometheus']).get('prometheus')!, { interval: '3s', timeScale: 10 });
  await prometheus.start();
});

afterAll(async () => {
  await prometheus?.stop();
  await cluster?.stop();
});

test('every collectors and query pod is Ready, with no restarts', () => {
  const workloads = objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort();
  expect(workloads).toEqual(['jaeger-collector', 'jaeger-query']);
  for (const pod of cluster.pods) {
    expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
  }
});

test('spans sent to the collectors are stored in daily indices and read back through query', async () => {
  const traces = [makeTrace('ryot', 'error'), makeTrace('sigmalang', 'ordinary')];
  await postOtlpHttp(`http://${cluster.serviceAddress('tracing', 'jaeger-collector')}:4318`, traces.flat());
  for (const t of traces) {
    await eventually(`trace ${t[0].traceId} in OpenSearch`, async () => {
      const ids = await jaeger.spanIds(t[0].traceId);
      return t.every((s) => ids.includes(s.spanId)) ? true : undefined;
    }, 60_000);
  }
  expect(await jaeger.services()).toEqual(expect.arrayContaining(['ryot', 'sigmalang']));
  const v3 = await jaeger.get(`/api/v3/traces/${traces[0][0].traceId}`);
  expect(v3.status).toBe(200);
  expect(await opensearch.indices()).toEqual(expect.arrayContaining([`jaeger-span-${day(0)}`, `jaeger-service-${day(0)}`]));
});

test('the index-cleaner Job deletes Jaeger indices older than the retention, and only those', async () => {
  const before = await opensearch.creationDates();
  for (const index of [...EXPIRED, ...KEPT, 'unrelated-old']) expect(before[index]).toBeDefined();
  expect(before[EXPIRED[0]].slice(0, 10)).toBe(day(10));
  const job = await cluster.runCronJob('tracing', 'jaeger-es-index-cleaner');
  expect({ status: job.status, logs: job.status === 'Succeeded' ? '' : job.logs() }).toEqual({ status: 'Succeeded', logs: '' });
  const after = await opensearch.indices();
  expect(after).toEqual(expect.arrayContaining([...KEPT, 'unrelated-old', `jaeger-span-${day(0)}`, `jaeger-service-${day(0)}`]));
  for (const index of EXPIRED) expect(after).not.toContain(index);
});

test('the UI\'s searches (/api/v3/trace-summaries) are what the query-latency alert measures', async () => {
  const trace = makeTrace('sigmavault', 'ordinary');
  await postOtlpHttp(`http://${cluster.serviceAddress('tracing', 'jaeger-collector')}:4318`, trace);
  const end = new Date(Date.now() + 60_000);
  const start = new Date(end.getTime() - 3_600_000);
  const search = `/api/v3/trace-summaries?query.serviceName=sigmavault&query.startTimeMin=${start.toISOString()}&query.startTimeMax=${end.toISOString()}&query.searchDepth=20`;
  await eventually('the trace in the UI\'s search results', async () => {
    const { status, body } = await jaeger.get(search);
    if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`);
    return JSON.stringify(body).includes('sigmavault') ? true : undefined;
  }, 60_000);

  // The alert's own selector, as the real Prometheus matches it, picks the searches' reads.
  const [bucket] = alertSelectors('JaegerQueryHighLatency');
  const operations = await eventually('the searches\' reads in Prometheus, through the alert\'s selector', async () => {
    const rows = await prometheus.query(`sum by (operation) (${bucket})`);
    const seen = rows.map((r) => r.metric.operation);
    return seen.includes('find_trace_summaries') ? seen : undefined;
  }, 60_000, 3_000);
  process.stdout.write(`storage reads the query-latency alert sees: ${operations.sort().join(', ')}\n`);
});

test('an OpenSearch outage under load: what Jaeger acknowledged during it is lost, nothing else, and the indexing-failure alert counts it', async () => {
  const collector = `http://${cluster.serviceAddress('tracing', 'jaeger-collector')}:4318`;
  const sent: Array<{ at: number; spans: SpanSpec[]; status: number }> = [];
  let sending = true;
  const load = (async () => {
    while (sending) {
      const spans = makeTrace('outage', 'ordinary');
      const at = Date.now();
      sent.push({ at, spans, status: await otlpHttpStatus(collector, spans) });
      await sleep(100);
    }
  })();
  await sleep(5_000);
  const down = Date.now();
  await opensearch.stop();
  await sleep(15_000);
  await opensearch.restart();
  const up = Date.now();
  await sleep(5_000);
  sending = false;
  await load;

  // Every trace the search cluster took is readable within a few flushes of its return.
  await sleep(5_000);
  const stored = await mapLimit(sent, 8, async (t) => {
    const ids = await jaeger.spanIds(t.spans[0].traceId).catch(() => [] as string[]);
    return t.spans.every((s) => ids.includes(s.spanId));
  });
  const lost = sent.filter((_, i) => !stored[i]);
  const refused = sent.filter((t) => t.status !== 200);
  const window = lost.length ? [(Math.min(...lost.map((t) => t.at)) - down) / 1000, (Math.max(...lost.map((t) => t.at)) - up) / 1000] : [0, 0];
  process.stdout.write(`OpenSearch outage of ${((up - down) / 1000).toFixed(1)} s (stopped until healthy again) under ${sent.length} traces of 3 spans: `
    + `${refused.length} refused, ${lost.length} acknowledged and lost, from ${window[0].toFixed(1)} s after the stop to ${window[1].toFixed(1)} s after the return\n`);

  // Jaeger acknowledges before indexing: nothing is refused back to the sender, so no queue upstream keeps it.
  expect(refused.map((t) => t.status)).toEqual([]);
  expect(lost.length).toBeGreaterThan(0);
  // The loss is the outage and its edges (the bulk indexer's 200 ms flush and the request in flight), nothing else.
  expect(window[0]).toBeGreaterThan(-2);
  expect(window[1]).toBeLessThan(2);

  // The indexing-failure alert's own selector sees the failures in the real Prometheus.
  const [errors] = alertSelectors('JaegerSearchIndexingFailed');
  const failed = await eventually('indexing failures in Prometheus, through the alert\'s selector', async () => {
    const rows = await prometheus.query(`sum(${errors})`);
    const value = Number(rows[0]?.value[1] ?? 0);
    return value > 0 ? value : undefined;
  }, 60_000, 3_000);
  process.stdout.write(`jaeger_storage_bulk_index_errors_total after the outage: ${failed} documents\n`);
}, 300_000);
