/**
 * Jaeger's collectors accept a span only once its storage has it. With storage `badger-shared`
 * the remote storage is stopped: a collector must then refuse what it is sent with a retryable
 * status (the gateways' persistent queues keep it and send it again), never accept it and drop
 * it; once the remote storage is back, the same spans sent again are stored and read back.
 */
import { LocalCluster } from './harness/cluster';
import { startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, otlpHttpStatus, scrape } from './harness/traffic';
import { stackObjects } from './harness/variants';
import { JaegerStorage } from '../../lib';

const NS = 'tracing';
let cluster: LocalCluster;
let jaeger: JaegerApi;
let collectorUrl: string;

beforeAll(async () => {
  cluster = await startCluster(stackObjects({ storage: JaegerStorage.badgerShared(), collector: { replicas: 1 }, query: { replicas: 1 } }));
  jaeger = new JaegerApi(`http://${cluster.serviceAddress(NS, 'jaeger-query')}:16686`);
  collectorUrl = `http://${cluster.serviceAddress(NS, 'jaeger-collector')}:4318`;
});

afterAll(async () => {
  await cluster?.stop();
});

/** POSTs OTLP/JSON as a gateway's exporter would, and returns the status. */
function send(spans: ReturnType<typeof makeTrace>): Promise<number> {
  return otlpHttpStatus(collectorUrl, spans, 30_000);
}

async function stored(spans: ReturnType<typeof makeTrace>): Promise<boolean> {
  const ids = await jaeger.spanIds(spans[0].traceId).catch(() => [] as string[]);
  return spans.every((s) => ids.includes(s.spanId));
}

test('with the remote storage down, a collector refuses spans (retryable), and stores them when they are sent again', async () => {
  // The collectors' connection to the remote storage is up: a trace goes through.
  await eventually('a first trace stored', async () => {
    const trace = makeTrace('storage-outage', 'ordinary');
    return (await send(trace)) === 200 && await eventually('read back', async () => ((await stored(trace)) ? true : undefined), 5_000, 250).catch(() => undefined);
  }, 60_000, 0);

  const remote = cluster.pod('jaeger-remote-storage-0');
  await remote.stop();
  const trace = makeTrace('storage-outage', 'error');
  const status = await send(trace);
  // OTLP/HTTP: 503 (and 429, 502, 504) tell the client to retry; a 200 here would be a span lost.
  expect([502, 503, 504, 429]).toContain(status);
  // The failed write is what the export-failure alerts read: the storage exporter's counter, which
  // Jaeger 2.20 (collector core 0.155) creates at its first failure and not before.
  const collector = cluster.podsOf('Deployment', 'jaeger-collector')[0];
  const metrics = await scrape(`http://${collector.ip}:8888/metrics`);
  expect(metrics.get('otelcol_exporter_send_failed_spans_total')).toBeGreaterThan(0);

  remote.start();
  await cluster.waitReady([remote]);
  // What the gateway's queue does: the same spans again, until they are accepted.
  await eventually('the refused trace accepted once storage is back', async () => ((await send(trace)) === 200 ? true : undefined), 90_000, 1_000);
  await eventually('the refused trace read back', async () => ((await stored(trace)) ? true : undefined), 30_000, 500);
});
