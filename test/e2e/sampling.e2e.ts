/**
 * (c) Tail sampling as the policy says, through the committed dist/: two agents, two gateways,
 * and every trace split across the agents (its root span through one node's agent, its children
 * through the other's), so whole traces meet on one gateway only if both agents route by trace id
 * to the same one. Every error and every slow trace must be stored whole; ordinary traces are
 * kept at the configured share (within the 99.9 % binomial interval); the volume is cut ≥ 70 %.
 */
import { parse } from 'yaml';
import { LocalCluster, sleep } from './harness/cluster';
import { distObjects, startCluster, waitForGateways } from './harness/stack';
import { JaegerApi, SpanSpec, TraceKind, eventually, makeTrace, mapLimit, sendAll } from './harness/traffic';
import { PLATFORM } from '../../main';

const SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];
/** A realistic mix: 2.5 % error and 2.5 % slow traces. */
const MIX: Record<TraceKind, number> = { ordinary: 4_000, error: 100, slow: 100 };
/** z for a two-sided 99.9 % interval. */
const Z_999 = 3.29;

let cluster: LocalCluster;

beforeAll(async () => {
  cluster = await startCluster(distObjects());
});

afterAll(async () => {
  await cluster?.stop();
});

/** The configured baseline share, read from the gateway's rendered tail_sampling policies. */
function configuredBaseline(objects: any[]): number {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-gateway-config');
  const policies = parse(cm.data['config.yaml']).processors.tail_sampling.policies;
  const baseline = policies.find((p: any) => p.type === 'probabilistic');
  return baseline.probabilistic.sampling_percentage / 100;
}

test('errors and slow traces kept whole, ordinary traces at the configured share, volume cut by 70 % or more', async () => {
  const agents = cluster.podsOf('DaemonSet', 'otel-agent');
  expect(agents).toHaveLength(2);
  // Both agents must see both gateways before traffic, or they would route differently.
  await waitForGateways(cluster, 2);

  const traces: Array<{ kind: TraceKind; spans: SpanSpec[] }> = [];
  for (const [kind, count] of Object.entries(MIX) as Array<[TraceKind, number]>) {
    for (let i = 0; i < count; i++) traces.push({ kind, spans: makeTrace(SERVICES[i % SERVICES.length], kind) });
  }
  // Root spans through node-1's agent, children through node-2's.
  await sendAll([
    { url: `http://${agents[0].ip}:4318`, spans: traces.map((t) => t.spans[0]) },
    { url: `http://${agents[1].ip}:4318`, spans: traces.flatMap((t) => t.spans.slice(1)) },
  ]);

  const jaeger = new JaegerApi(`http://${cluster.serviceAddress(PLATFORM.namespace, 'jaeger-query')}:16686`);
  const must = traces.filter((t) => t.kind !== 'ordinary');
  const storedCount = async (t: { spans: SpanSpec[] }) => (await jaeger.spanIds(t.spans[0].traceId)).length;
  // Wait for the decision wait to pass and the must-keep traces to arrive whole.
  await eventually('every error and slow trace stored whole', async () => {
    const counts = await mapLimit(must, 16, storedCount);
    return counts.every((c) => c === 3) ? true : undefined;
  }, 120_000, 3_000);
  await sleep(5_000); // any ordinary trace decided with the last batch has landed too

  const ordinary = traces.filter((t) => t.kind === 'ordinary');
  const counts = await mapLimit(ordinary, 16, storedCount);
  const partial = counts.filter((c) => c !== 0 && c !== 3).length;
  const kept = counts.filter((c) => c === 3).length;
  const share = configuredBaseline(distObjects());
  const mean = MIX.ordinary * share;
  const halfWidth = Z_999 * Math.sqrt(MIX.ordinary * share * (1 - share));
  const storedSpans = (kept + must.length) * 3;
  const sentSpans = traces.length * 3;
  const cut = 1 - storedSpans / sentSpans;
  process.stdout.write(`sampling: ordinary kept ${kept}/${MIX.ordinary} (expected ${mean.toFixed(0)} ± ${halfWidth.toFixed(0)}), ` +
    `partial ${partial}, volume cut ${(cut * 100).toFixed(1)} %\n`);

  expect(partial).toBe(0);
  expect(kept).toBeGreaterThanOrEqual(Math.floor(mean - halfWidth));
  expect(kept).toBeLessThanOrEqual(Math.ceil(mean + halfWidth));
  expect(cut).toBeGreaterThanOrEqual(0.7);
});
