/**
 * A real Go service on the committed dist/: the OpenTelemetry Go SDK with the Jaeger remote
 * sampler (go.opentelemetry.io/contrib/samplers/jaegerremote) polling its node agent's 5778 and
 * exporting OTLP/HTTP to the agent's 4318 (test/e2e/go-sdk). Its initial sampler keeps nothing,
 * so every span it samples shows the strategy the agent serves (its copy of Jaeger's) was adopted;
 * when the strategies change, the agent's server reloads its copy and the running sampler follows; and
 * its error spans come out of Jaeger through agent → gateway (tail sampling keeps every error
 * trace) → Jaeger.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createInterface } from 'readline';
import { parse } from 'yaml';
import { ensureBinaries } from './harness/binaries';
import { LocalCluster } from './harness/cluster';
import { distObjects, platformProbability, startCluster } from './harness/stack';
import { JaegerApi, eventually, mapLimit } from './harness/traffic';
import { PLATFORM } from '../../main';

const PROGRAM = 'go-sdk-remote-sampler';
/** The sampler's refresh interval (the SDK's default is a minute). */
const REFRESH = '250ms';
/**
 * The strategies ConfigMaps: Jaeger's (JaegerNames.SAMPLING_STRATEGIES) and the agents' copy
 * (AGENT_SAMPLING_STRATEGIES), both rendered from the same strategies, so a change reaches both.
 */
const STRATEGIES_CONFIGMAPS = ['jaeger-sampling-strategies', 'otel-agent-sampling-strategies'];

let cluster: LocalCluster;
let program: string;
let agentIp: string;
let jaeger: JaegerApi;

beforeAll(async () => {
  program = ensureBinaries([PROGRAM]).get(PROGRAM)!.path;
  cluster = await startCluster(distObjects());
  agentIp = cluster.podsOf('DaemonSet', 'otel-agent')[0].ip;
  jaeger = new JaegerApi(`http://${cluster.serviceAddress(PLATFORM.namespace, 'jaeger-query')}:16686`);
});

afterAll(async () => {
  await cluster?.stop();
});

/** One JSON line the program prints per round. */
interface Round {
  service: string;
  round: number;
  initialSampler: string;
  spans: number;
  sampled: number;
  sampledSpans: Array<{ traceId: string; spanId: string }>;
  samplerAttributes?: Record<string, unknown>;
  strategy: {
    requests: number;
    failures: number;
    firstFailure?: string;
    adopted: boolean;
    inForce?: { status: number; served: any; parsed: any };
    last?: { status: number; served?: any; error?: string };
  };
  /** The strategy in force when the round started held for the whole round. */
  steady: boolean;
  waitedForStrategyMs?: number;
  exportError?: string;
}

function args(service: string, opts: { spans: number; initial: number; errors?: boolean; rounds?: number; wait?: string }): string[] {
  return ['-service', service, '-agent', agentIp, '-spans', String(opts.spans), '-refresh', REFRESH, '-initial', String(opts.initial),
    `-errors=${!!opts.errors}`, '-wait', opts.wait ?? '20s', '-rounds', String(opts.rounds ?? 1), '-interval', '1s'];
}

/** Runs the program for one round; returns what it printed (stderr goes to the test's log on failure). */
function runOnce(service: string, opts: { spans: number; initial: number; errors?: boolean }): Promise<Round> {
  return new Promise((resolve, reject) => {
    execFile(program, args(service, opts), { env: { PATH: process.env.PATH }, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${PROGRAM} failed: ${err.message}\n${stdout}\n${stderr}`));
      const round = JSON.parse(stdout) as Round;
      const { sampledSpans, ...summary } = round; // the ids are for the assertions, not the log
      process.stdout.write(`${PROGRAM} (${service}): ${JSON.stringify({ ...summary, sampledSpans: sampledSpans.length })}\n`);
      resolve(round);
    });
  });
}

/** The rate the served strategy sets, as the Go SDK's parser read it. */
const servedRate = (r: Round): number | undefined => r.strategy.inForce?.parsed?.probabilisticSampling?.samplingRate;

/** A Go duration of the forms the rendered configs use (`30s`, `1m`, `1m30s`, `500ms`), in ms. */
function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a duration: ${text}`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]], 0);
}

/** A collector ConfigMap's config.yaml, parsed. */
function collectorConfig(name: string): any {
  const cm = cluster.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === PLATFORM.namespace);
  if (!cm) throw new Error(`no ConfigMap ${PLATFORM.namespace}/${name} in dist/`);
  return parse(cm.data['config.yaml']);
}

/**
 * `kubectl apply` of a changed ConfigMap, as the kubelet follows it: the object's data replaced,
 * and every running pod's volume of it rewritten in place, file by file with a rename (the kubelet
 * swaps a symlink to a new directory; either way a reader sees the old file or the new one, whole).
 * Nothing restarts; a pod started later projects the new data.
 */
function updateConfigMap(namespace: string, name: string, data: Record<string, string>): string[] {
  const cm = cluster.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && (o.metadata.namespace ?? 'default') === namespace);
  if (!cm) throw new Error(`no ConfigMap ${namespace}/${name}`);
  cm.data = { ...cm.data, ...data };
  const rewritten: string[] = [];
  for (const pod of cluster.pods.filter((p) => p.plan.namespace === namespace)) {
    for (const volume of (pod.plan.spec.volumes ?? []).filter((v: any) => v.configMap?.name === name)) {
      const dir = path.join(pod.plan.dir, 'volumes', volume.name);
      if (!fs.existsSync(dir)) continue; // not mounted by any container
      const fsGroup: number | undefined = pod.plan.spec.securityContext?.fsGroup;
      for (const [key, text] of Object.entries(data)) {
        const item = volume.configMap.items ? volume.configMap.items.find((i: any) => i.key === key) : { path: key };
        if (!item) continue;
        const target = path.join(dir, item.path);
        const mode = item.mode ?? volume.configMap.defaultMode ?? 0o644;
        const tmp = path.join(dir, `..${path.basename(target)}.tmp`);
        fs.writeFileSync(tmp, text, { mode });
        fs.chmodSync(tmp, mode);
        if (fsGroup !== undefined) fs.chownSync(tmp, 0, fsGroup);
        fs.renameSync(tmp, target);
        rewritten.push(`${pod.plan.name}:${volume.name}/${item.path}`);
      }
    }
  }
  return rewritten;
}

test('the Go SDK\'s remote sampler adopts the platform\'s strategy from the agent\'s 5778: every span sampled, none by its fallback', async () => {
  const service = 'ryot';
  const probability = platformProbability(service);
  expect(probability).toBe(1);

  const r = await runOnce(service, { spans: 50, initial: 0 });
  expect(r.initialSampler).toBe('TraceIDRatioBased{0}');
  // The initial sampler keeps nothing: every sampled span is the served strategy's doing.
  expect(r.sampled).toBe(50);
  expect(r.samplerAttributes).toEqual({ 'jaeger.sampler.type': 'probabilistic', 'jaeger.sampler.param': probability });
  // The agent serves Jaeger's strategy, which the SDK's parser reads as the platform's.
  expect(r.strategy.adopted).toBe(true);
  expect(r.steady).toBe(true);
  expect(r.strategy.inForce!.status).toBe(200);
  expect(r.strategy.inForce!.parsed).toMatchObject({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: probability } });
  expect(r.exportError).toBeUndefined();
});

test('its error spans reach Jaeger through agent → gateway (tail sampling keeps every error trace) → Jaeger', async () => {
  const service = 'sigmalang';
  const r = await runOnce(service, { spans: 10, initial: 0, errors: true });
  expect(r.strategy.adopted).toBe(true);
  expect(r.sampled).toBe(10);
  expect(r.exportError).toBeUndefined();
  await eventually('every sampled error span in Jaeger', async () => {
    const found = await mapLimit(r.sampledSpans, 8, async (s) => (await jaeger.spanIds(s.traceId)).includes(s.spanId));
    return found.every(Boolean) ? true : undefined;
  }, 90_000, 2_000);
  const { body } = await jaeger.get(`/api/traces/${r.sampledSpans[0].traceId}`);
  const span = body.data[0].spans[0];
  const tags = Object.fromEntries(span.tags.map((t: any) => [t.key, t.value]));
  expect(tags).toMatchObject({ 'otel.status_code': 'ERROR', 'error': true });
  expect(Object.values<any>(body.data[0].processes)[0].serviceName).toBe(service);
});

test('a changed strategy reaches the running sampler: the agent\'s server reloads its copy, the SDK follows', async () => {
  const service = 'sigmavault';
  expect(platformProbability(service)).toBe(1);
  // How long a change can take: the agent's server's file reload, then one refresh of the SDK.
  const agentReload = durationMs(collectorConfig('otel-agent-sampling-config').extensions.remote_sampling.file.reload_interval);
  const budget = agentReload + durationMs(REFRESH) + 30_000;

  const child: ChildProcess = spawn(program, args(service, { spans: 20, initial: 0.5, rounds: 0 }), { env: { PATH: process.env.PATH }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const rounds: Round[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => rounds.push(JSON.parse(line)));
  const roundWhere = (what: string, ms: number, ok: (r: Round) => boolean, from = 0) =>
    eventually(what, async () => rounds.slice(from).find(ok), ms, 250).catch((e) => {
      throw new Error(`${e.message}\nlast round: ${JSON.stringify(rounds[rounds.length - 1])}\nstderr: ${stderr.slice(-2_000)}`);
    });
  try {
    const before = await roundWhere('a round under the platform\'s strategy', 60_000, (r) => r.steady);
    expect(servedRate(before)).toBe(1);
    expect(before.sampled).toBe(20);

    // Set the service's strategy to probability 0, as a new synth and apply would: in both copies.
    const strategies = JSON.parse(cluster.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === STRATEGIES_CONFIGMAPS[0]).data['strategies.json']);
    const entry = strategies.service_strategies.find((s: any) => s.service === service);
    expect(entry).toMatchObject({ type: 'probabilistic', param: 1 });
    entry.param = 0;
    const changedAt = Date.now();
    const firstAfter = rounds.length;
    const rewritten = STRATEGIES_CONFIGMAPS.flatMap((name) => updateConfigMap(PLATFORM.namespace, name, { 'strategies.json': `${JSON.stringify(strategies, null, 2)}\n` }));
    expect(rewritten.filter((r) => r.startsWith('otel-agent')).length).toBeGreaterThan(0);

    const after = await roundWhere(`a round under the changed strategy within ${budget / 1000} s`, budget, (r) => r.steady && servedRate(r) === 0, firstAfter);
    const followedMs = Date.now() - changedAt;
    // A few more rounds: the sampler stays on the new strategy.
    const settled = rounds.indexOf(after);
    await roundWhere('three more rounds', 15_000, () => rounds.length >= settled + 4);
    process.stdout.write(`${PROGRAM} (${service}): strategy 1 → 0 followed in ${(followedMs / 1000).toFixed(1)} s `
      + `(budget ${budget / 1000} s; rewrote ${rewritten.join(', ')}); rounds sampled/spans@rate in force: `
      + `${rounds.map((r) => `${r.sampled}/${r.spans}@${servedRate(r)}${r.steady ? '' : '~'}`).join(' ')}\n`);
    process.stdout.write(`${PROGRAM} (${service}) after the change: ${JSON.stringify({ ...after, sampledSpans: after.sampledSpans.length })}\n`);
    for (const r of rounds.slice(settled, settled + 4)) {
      expect(servedRate(r)).toBe(0);
      expect(r.sampled).toBe(0);
    }
    // Every round that ran whole under one strategy sampled as it says: all under 1 (before the
    // change reached the SDK), none under 0; never the fallback's half.
    const steady = rounds.slice(rounds.indexOf(before)).filter((r) => r.steady);
    expect(steady.length).toBeGreaterThan(4);
    for (const r of steady) expect(r.sampled).toBe(servedRate(r) === 1 ? 20 : 0);
  } finally {
    child.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), 30_000); })]);
    clearTimeout(timer);
    if (code === 'timeout') child.kill('SIGKILL');
    expect(code).toBe(0);
  }
});
