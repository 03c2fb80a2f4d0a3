/**
 * `npm run bench`: the committed dist/ started on the e2e pod runner (the real pinned binaries),
 * each tier confined to its manifest's resources, driven with paced load; then the same load
 * through the Collector Helm chart's default agent and Jaeger's all-in-one defaults. Writes
 * bench/results.json and bench/RESULTS.md, and docs/sizing.md's table. A benchmark, not a test: it
 * asserts nothing.
 *
 *   npm run bench              the full run (about 10 minutes)
 *   npm run bench -- --quick   one short repeat of each, to try the harness (not committed)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { ensureBinaries } from '../test/e2e/harness/binaries';
import { distObjects, startCluster, waitForGateways } from '../test/e2e/harness/stack';
import { JaegerApi } from '../test/e2e/harness/traffic';
import { Images } from '../lib/k8s/images';
import { releaseAll, setCpuQuota } from './harness/meter';
import { tiers, meter } from './harness/tiers';
import { helmDefaultAgent, hostPhase, jaegerAllInOne, jaegerApi } from './scenarios/alternatives';
import { endToQueryable } from './scenarios/latency';
import { PipelineRun, decisionWaitSeconds, findCapacity, pipelinePhase } from './scenarios/pipeline';
import { queryAtSizes } from './scenarios/query';
import { BenchResults, machine, updateBenchSection, writeReport } from './report';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string', default: __dirname } } });
const QUICK = args.quick!;
const PLAN = {
  repeats: QUICK ? 1 : 3,
  phaseSeconds: QUICK ? 6 : 15,
  rates: [1_000, 5_000],
  capacity: { from: 10_000, max: QUICK ? 20_000 : 80_000, seconds: QUICK ? 5 : 10 },
  querySizes: QUICK ? [10_000] : [10_000, 100_000, 1_000_000],
  latencySamples: QUICK ? 5 : 30,
};

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function ours(): Promise<BenchResults['ours']> {
  const objects = distObjects();
  const settle = decisionWaitSeconds(objects) + 4;
  const cluster = await startCluster(objects, { nodes: ['node-1'], timeoutMs: 180_000 });
  try {
    await waitForGateways(cluster, cluster.podsOf('StatefulSet', 'otel-gateway').length);
    const t = tiers(cluster);
    log(`tiers confined: ${Object.values(t).map((x) => `${x.name} ${x.resources.cpuCores} cores (${x.resources.cpuFrom}) x${x.pods.length}${x.confined ? '' : ' NOT ENFORCED'}`).join(', ')}`);
    const jaegerPod = t.jaeger.pods[0];
    const jaeger = new JaegerApi(`http://${jaegerPod.ip}:16686`);

    log(`query latency at ${PLAN.querySizes.join(', ')} stored spans`);
    const ingest = meter(t.jaeger);
    ingest.start();
    const query = await queryAtSizes(`http://${jaegerPod.ip}:4318`, jaeger, PLAN.querySizes, Object.values(jaegerPod.plan.claims)[0],
      (on) => setCpuQuota(jaegerPod.plan.name, on ? undefined : t.jaeger.resources.cpuCores));
    const ingestUsed = ingest.stop();

    log('latency from span end to queryable');
    const latency = {
      pipeline: await endToQueryable(`http://${t.agent.pods[0].ip}:4318`, jaeger, PLAN.latencySamples, 300, 60_000),
      jaegerOnly: await endToQueryable(`http://${jaegerPod.ip}:4318`, jaeger, PLAN.latencySamples, 100, 30_000),
      decisionWaitSeconds: decisionWaitSeconds(objects),
    };

    const phases: PipelineRun[] = [];
    for (const rate of PLAN.rates) {
      for (let r = 0; r < PLAN.repeats; r++) {
        log(`pipeline at ${rate} spans/s, repeat ${r + 1}/${PLAN.repeats}`);
        phases.push(await pipelinePhase(t, rate, PLAN.phaseSeconds, settle));
      }
    }
    log('capacity: doubling the rate until a phase is not clean');
    const capacity = await findCapacity(t, PLAN.capacity.from, PLAN.capacity.max, PLAN.capacity.seconds, settle);
    return {
      resources: Object.fromEntries(Object.values(t).map((x) => [x.name, { ...x.resources, pods: x.pods.length, enforced: x.confined }])),
      phases,
      capacity,
      latency,
      query,
      jaegerIngest: { cpuSeconds: ingestUsed.cpuSeconds, spans: query[query.length - 1].storedSpans, peakRssBytes: ingestUsed.peakRssBytes },
    };
  } finally {
    await cluster.stop();
  }
}

async function alternatives(agentCpu: number, agentMemory: number | undefined, jaegerCpu: number, jaegerMemory: number | undefined): Promise<BenchResults['alternatives']> {
  const bins = ensureBinaries([Images.OTEL_COLLECTOR.repository, Images.JAEGER.repository]);
  const helm = helmDefaultAgent(bins.get(Images.OTEL_COLLECTOR.repository)!.path);
  const helmPhases = [];
  let helmCapacity = 0;
  try {
    await helm.start('http://127.0.0.1:13133/', agentCpu, agentMemory);
    for (const rate of PLAN.rates) {
      for (let r = 0; r < PLAN.repeats; r++) {
        log(`Helm default agent at ${rate} spans/s, repeat ${r + 1}/${PLAN.repeats}`);
        helmPhases.push({ askedRate: rate, ...(await hostPhase(helm, 'http://127.0.0.1:4318', rate, PLAN.phaseSeconds, 3)) });
      }
    }
    for (let rate = PLAN.capacity.from; rate <= PLAN.capacity.max; rate *= 2) {
      const run = await hostPhase(helm, 'http://127.0.0.1:4318', rate, PLAN.capacity.seconds, 3);
      if (run.refused > 0 || run.achievedRate < rate * 0.9) break;
      helmCapacity = rate;
    }
  } finally {
    await helm.stop();
  }
  const aio = jaegerAllInOne(bins.get(Images.JAEGER.repository)!.path);
  try {
    await aio.start('http://127.0.0.1:13133/status', jaegerCpu, jaegerMemory);
    log(`Jaeger all-in-one defaults: query latency at ${PLAN.querySizes.join(', ')} stored spans`);
    const m = aio.meter();
    m.start();
    const query = await queryAtSizes('http://127.0.0.1:4318', jaegerApi(), PLAN.querySizes, undefined,
      (on) => setCpuQuota('jaeger-all-in-one', on ? undefined : jaegerCpu));
    const used = m.stop();
    return { helmAgent: { phases: helmPhases, sustained: helmCapacity }, jaegerAllInOne: { query, ingest: { cpuSeconds: used.cpuSeconds, spans: query[query.length - 1].storedSpans, peakRssBytes: used.peakRssBytes } } };
  } finally {
    await aio.stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const outDir = QUICK ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quick-')) : args.out!;
  releaseAll();
  const results: Partial<BenchResults> = { plan: PLAN, machine: machine(), startedAt: new Date().toISOString() };
  results.ours = await ours();
  // Kept if the alternatives fail, so a long run's first half is not lost.
  fs.writeFileSync(path.join(outDir, 'results.partial.json'), JSON.stringify(results, null, 2));
  const r = results.ours.resources;
  results.alternatives = await alternatives(r.agent.cpuCores, r.agent.memoryLimitBytes, r.jaeger.cpuCores, r.jaeger.memoryLimitBytes);
  results.minutes = (Date.now() - started) / 60_000;
  releaseAll();
  fs.rmSync(path.join(outDir, 'results.partial.json'), { force: true });
  const files = writeReport(results as BenchResults, outDir);
  // The committed run is docs/sizing.md's: a full run into bench/ updates its table too.
  if (!QUICK && path.resolve(outDir) === path.resolve(__dirname)) {
    updateBenchSection(results as BenchResults, path.join(__dirname, '..', 'docs', 'sizing.md'));
    files.push('docs/sizing.md');
  }
  log(`done in ${results.minutes.toFixed(1)} min: ${files.join(', ')}`);
}

main().catch((e) => {
  releaseAll();
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
