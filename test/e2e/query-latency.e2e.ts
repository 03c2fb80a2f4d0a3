/**
 * (g) Query latency with at least 50,000 spans stored in the committed dist/'s Jaeger (Badger on
 * its claim): search and trace-by-id p95 under one second, the plan's target. The spans are
 * written through Jaeger's own OTLP receiver so every one is stored (sampling is (c)'s concern).
 */
import { LocalCluster } from './harness/cluster';
import { distObjects, startCluster } from './harness/stack';
import { JaegerApi, SpanSpec, eventually, makeTrace, sendAll } from './harness/traffic';
import { PLATFORM } from '../../main';

const SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];
const SPANS = 51_000;
const QUERIES = 60;

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await startCluster(distObjects());
});

afterAll(async () => {
  await cluster?.stop();
});

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];

test('search and trace-by-id p95 under 1 s with 50,000+ spans stored', async () => {
  const collector = cluster.serviceAddress(PLATFORM.namespace, 'jaeger-collector');
  const traces: SpanSpec[][] = Array.from({ length: SPANS / 3 }, (_, i) => makeTrace(SERVICES[i % SERVICES.length], i % 10 === 0 ? 'error' : 'ordinary'));
  await sendAll([{ url: `http://${collector}:4318`, spans: traces.flat() }], 1_500);

  const jaeger = new JaegerApi(`http://${cluster.serviceAddress(PLATFORM.namespace, 'jaeger-query')}:16686`);
  const last = traces[traces.length - 1];
  await eventually('the last trace is stored', async () => ((await jaeger.spanIds(last[0].traceId)).length === 3 ? true : undefined), 60_000);

  const search: number[] = [];
  const byId: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const service = SERVICES[i % SERVICES.length];
    const s = await jaeger.get(`/api/traces?service=${service}&lookback=1h&limit=20`);
    expect(s.status).toBe(200);
    expect(s.body.data.length).toBeGreaterThan(0);
    search.push(s.ms);
    const t = traces[(i * 277) % traces.length][0].traceId;
    const g = await jaeger.get(`/api/traces/${t}`);
    expect(g.status).toBe(200);
    byId.push(g.ms);
  }
  process.stdout.write(`query latency over ${SPANS} spans: search p95 ${p95(search).toFixed(0)} ms, trace-by-id p95 ${p95(byId).toFixed(0)} ms\n`);
  expect(p95(search)).toBeLessThan(1_000);
  expect(p95(byId)).toBeLessThan(1_000);
});
