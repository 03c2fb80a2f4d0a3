/**
 * (f) Nothing lost, through the committed dist/: a steady stream of error traces (every one of
 * which sampling keeps) through both agents; Jaeger is stopped for 60 s, and 30 s into the outage,
 * with the gateways' queues holding a backlog, a gateway is killed with SIGKILL and restarted.
 * Afterwards every span an agent accepted is counted in Jaeger by its id.
 *
 * - Everything decided before the kill, and everything after the agents settle, must arrive: the
 *   gateways' persistent queues keep the backlog across the kill, and unlimited retries deliver
 *   it once Jaeger is back.
 * - A killed gateway loses the traces it held undecided in memory (the tail sampler keeps them
 *   only in memory for decision_wait; upstream has no persistence for them), and traces split
 *   while the agents' resolvers disagree: the test measures that loss, requires the gateways to
 *   deliver most of the traffic around the kill, and checks that TracingGatewayMembershipChanged
 *   fires.
 */
import { parse } from 'yaml';
import { LocalCluster, sleep } from './harness/cluster';
import { distObjects, startCluster, waitForGateways } from './harness/stack';
import { JaegerApi, SpanSpec, eventually, makeTrace, mapLimit, postOtlpHttp } from './harness/traffic';
import { ensureBinaries } from './harness/binaries';
import { LocalPrometheus } from './harness/prometheus';
import { durationSeconds } from './harness/promql';
import { PLATFORM } from '../../main';

const SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];
/** Error traces sent per second (each three spans, split over the two agents). */
const RATE = 20;

let cluster: LocalCluster;
let prometheus: LocalPrometheus;
const objects = distObjects();

beforeAll(async () => {
  cluster = await startCluster(objects);
  prometheus = new LocalPrometheus(cluster, ensureBinaries(['prometheus']).get('prometheus')!, { interval: '3s', timeScale: 10 });
  await prometheus.start();
});

afterAll(async () => {
  await prometheus?.stop();
  await cluster?.stop();
});

interface Sent { readonly sentAt: number; readonly spans: SpanSpec[] }

/** Sends RATE error traces a second until stopped, noting when each batch was accepted. */
function stream(agents: string[]): { stop(): Promise<Sent[]> } {
  const sent: Sent[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = Date.now();
      const batch = Array.from({ length: RATE }, (_, j) => makeTrace(SERVICES[(i + j) % SERVICES.length], 'error'));
      // Root spans through one agent, children through the other; a batch counts once accepted.
      await Promise.all([
        postOtlpHttp(`http://${agents[0]}:4318`, batch.map((t) => t[0])),
        postOtlpHttp(`http://${agents[1]}:4318`, batch.flatMap((t) => t.slice(1))),
      ]);
      const sentAt = Date.now();
      for (const t of batch) sent.push({ sentAt, spans: t });
      await sleep(Math.max(0, 1_000 - (Date.now() - started)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return sent;
    },
  };
}

test('a 60 s Jaeger outage with a gateway killed in it: the queued backlog survives, the kill loses less than half the traffic around it, and is alerted', async () => {
  const agents = cluster.podsOf('DaemonSet', 'otel-agent').map((p) => p.ip);
  const gateway = cluster.pod('otel-gateway-0');
  const jaegerPod = cluster.pod('jaeger-0');
  const gatewayConfig = parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-gateway-config').data['config.yaml']);
  const decisionWait = durationSeconds(gatewayConfig.processors.tail_sampling.decision_wait);

  await waitForGateways(cluster, 2);
  const traffic = stream(agents);
  await sleep(15_000);
  // Jaeger goes away: the gateways queue what they decide, on their volumes.
  const outageAt = Date.now();
  await jaegerPod.stop();
  await sleep(30_000);
  // A gateway dies with a backlog: its persistent queue must bring the backlog back.
  const killAt = Date.now();
  await gateway.stop({ kill: true });
  await sleep(5_000);
  gateway.start();
  await cluster.waitReady([gateway]);
  const membership = await eventually('TracingGatewayMembershipChanged for an agent', async () => {
    const alerts = (await prometheus.alerts()).filter((a) => a.labels.alertname === 'TracingGatewayMembershipChanged');
    return alerts.length > 0 ? alerts.map((a) => `${a.labels.pod}:${a.state}`) : undefined;
  }, 60_000, 2_000);
  await sleep(15_000); // membership settles on both agents (DNS interval 5 s)
  const settledAt = Date.now();
  await sleep(Math.max(0, outageAt + 60_000 - Date.now()));
  jaegerPod.start();
  await cluster.waitReady([jaegerPod], 180_000);
  await sleep(10_000);
  const sent = await traffic.stop();
  // A trace is at risk from the kill if the gateway could still hold it undecided then, or if the
  // agents could still disagree about the gateways when it was sent.
  // The tail sampler decides on a 1 s tick after decision_wait, behind the agent's and the
  // gateway's 200 ms batches: 3 s of margin.
  const phaseOf = (t: Sent) => (t.sentAt >= killAt - (decisionWait + 3) * 1000 && t.sentAt < settledAt ? 'gateway-kill' : 'everything-else');

  const jaeger = new JaegerApi(`http://${cluster.serviceAddress(PLATFORM.namespace, 'jaeger-query')}:16686`);
  const missing = async () => {
    const counts = await mapLimit(sent, 16, async (t) => {
      const stored = new Set(await jaeger.spanIds(t.spans[0].traceId));
      return t.spans.filter((s) => !stored.has(s.spanId)).length;
    });
    const byPhase: Record<string, { sent: number; lost: number; lostAt: Record<number, number> }> = {};
    sent.forEach((t, i) => {
      const p = (byPhase[phaseOf(t)] ??= { sent: 0, lost: 0, lostAt: {} });
      p.sent += t.spans.length;
      p.lost += counts[i];
      // Where the losses were, in seconds from the kill (for the report).
      const second = Math.floor((t.sentAt - killAt) / 1000);
      if (counts[i]) p.lostAt[second] = (p.lostAt[second] ?? 0) + counts[i];
    });
    return byPhase;
  };
  // Wait for the queues to drain: until nothing outside the gateway kill is missing, or time is up.
  let byPhase = await missing();
  try {
    byPhase = await eventually('the queues drain into Jaeger', async () => {
      const now = await missing();
      return Object.entries(now).every(([p, v]) => p === 'gateway-kill' || v.lost === 0) ? now : undefined;
    }, 120_000, 10_000);
  } catch {
    byPhase = await missing();
  }
  process.stdout.write(`no-loss: spans sent/lost by phase (lostAt: seconds from the kill) ${JSON.stringify(byPhase)}; `
    + `Jaeger stopped at ${Math.round((outageAt - killAt) / 1000)} s for 60 s; alert on the kill: ${membership.join(', ')}\n`);

  expect(byPhase['everything-else'].lost).toBe(0);
  // Around a kill, traces are lost two ways: the ones the gateway held undecided, and the ones
  // split between gateways while the agents' resolvers (every 5 s) disagree, when it leaves and
  // when it returns. Measured: 342 to 704 of 1,200 to 1,860 spans in the window. The bound says
  // the gateways still deliver most of the traffic around a kill; the report gives the figure.
  const atRisk = byPhase['gateway-kill'];
  expect(atRisk.lost).toBeLessThanOrEqual(0.5 * atRisk.sent);
});
