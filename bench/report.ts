/** The benchmark's results: their shape, the machine they ran on, and the JSON + Markdown report. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ERROR_SHARE, SLOW_SHARE, SPANS_PER_TRACE } from './harness/load';
import { LatencyResult } from './scenarios/latency';
import { PipelineRun, TierCost, clean } from './scenarios/pipeline';
import { QueryPoint } from './scenarios/query';

type HostRun = TierCost & { askedRate: number; achievedRate: number; refusedAtSender: number };
interface Ingest { cpuSeconds: number; spans: number; peakRssBytes: number }

export interface BenchResults {
  plan: { repeats: number; phaseSeconds: number; rates: number[]; querySizes: number[] };
  machine: Record<string, string | number>;
  startedAt: string;
  minutes: number;
  ours: {
    resources: Record<string, { cpuCores: number; cpuFrom: string; memoryLimitBytes?: number; pods: number; enforced: boolean }>;
    phases: PipelineRun[];
    capacity: { sustained: number; refusedAt?: number; runs: PipelineRun[] };
    latency: { pipeline: LatencyResult; jaegerOnly: LatencyResult; decisionWaitSeconds: number };
    query: QueryPoint[];
    jaegerIngest: Ingest;
  };
  alternatives: {
    helmAgent: { phases: HostRun[]; sustained: number };
    jaegerAllInOne: { query: QueryPoint[]; ingest: Ingest };
  };
}

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    note: 'shared CI-class machine; the load generator runs on the same two cores as the stack',
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/**
 * A tier's CPU as idle cores plus a cost per span: least squares of cpu = idle × seconds +
 * perSpan × spans over every phase. Dividing a phase's CPU by its spans alone charges the idle
 * work (probes, metrics, compaction) to the spans, overstating the cost at low rates.
 */
export function cpuModel(phases: Array<{ cpuSeconds: number; seconds: number; accepted: number }>): { idleCores: number; coresPer1k: number } {
  let tt = 0; let tn = 0; let nn = 0; let tc = 0; let nc = 0;
  for (const p of phases) {
    tt += p.seconds ** 2; tn += p.seconds * p.accepted; nn += p.accepted ** 2; tc += p.seconds * p.cpuSeconds; nc += p.accepted * p.cpuSeconds;
  }
  const det = tt * nn - tn * tn;
  let idle = det ? (tc * nn - nc * tn) / det : 0;
  let perSpan = det ? (tt * nc - tn * tc) / det : nc / nn;
  if (idle < 0) {
    idle = 0;
    perSpan = nc / nn;
  }
  return { idleCores: idle, coresPer1k: perSpan * 1000 };
}

/** Ordinary least squares y = base + slope × x. */
export function linear(points: Array<{ x: number; y: number }>): { base: number; slope: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const slope = sxx ? points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx : 0;
  return { base: my - slope * mx, slope };
}

/**
 * Memory against load: the agent's peak RSS against its rate (per 1k spans/s), and the gateways'
 * against the spans they held for the decision wait (per span held), per pod.
 */
export function memoryModel(r: BenchResults) {
  const runs = [...r.ours.phases, ...r.ours.capacity.runs];
  const agent = linear(runs.map((p) => ({ x: p.achievedRate / 1000, y: p.tiers.agent.peakRssBytes })));
  const gateways = r.ours.resources.gateway.pods;
  const gateway = linear(runs.map((p) => ({ x: (p.peakTracesInFlight * SPANS_PER_TRACE) / gateways, y: p.tiers.gateway.peakRssBytes / gateways })));
  return { agentBaseBytes: agent.base, agentPer1kBytes: agent.slope, gatewayBaseBytes: gateway.base, gatewayPerSpanHeldBytes: gateway.slope };
}

/**
 * The figures the sizing model (lib/sizing/measurements.ts) takes from a run, rounded as it
 * states them; a test recomputes them from the cited run's results and compares.
 */
export function sizingConstants(r: BenchResults): Record<string, number> {
  const cpu = (tier: 'agent' | 'gateway' | 'jaeger') => cpuModel(r.ours.phases.map((p) => p.tiers[tier]));
  const mem = memoryModel(r);
  const round = (x: number, digits: number) => Number(x.toPrecision(digits));
  const last = r.ours.query[r.ours.query.length - 1];
  // At the paced rates it keeps up with; the unpaced ingest and the overload phases grow its
  // receive queues instead, which the memory_limiter is there to bound.
  const jaegerRss = Math.max(...r.ours.phases.map((p) => p.tiers.jaeger.peakRssBytes));
  return {
    AGENT_IDLE_CORES: round(cpu('agent').idleCores, 2),
    AGENT_CORES_PER_1K: round(cpu('agent').coresPer1k, 2),
    AGENT_RSS_BASE_MIB: Math.ceil(mem.agentBaseBytes / 2 ** 20),
    AGENT_RSS_PER_1K_MIB: round(Math.max(mem.agentPer1kBytes, 0) / 2 ** 20, 2),
    GATEWAY_IDLE_CORES: round(cpu('gateway').idleCores / r.ours.resources.gateway.pods, 2),
    GATEWAY_CORES_PER_1K: round(cpu('gateway').coresPer1k, 2),
    GATEWAY_RSS_BASE_MIB: Math.ceil(mem.gatewayBaseBytes / 2 ** 20),
    GATEWAY_BYTES_PER_SPAN_HELD: Math.ceil(Math.max(mem.gatewayPerSpanHeldBytes, 0)),
    JAEGER_IDLE_CORES: round(cpu('jaeger').idleCores, 2),
    JAEGER_CORES_PER_1K: round(cpu('jaeger').coresPer1k, 2),
    JAEGER_RSS_MIB: Math.ceil(jaegerRss / 2 ** 20),
    BADGER_BYTES_PER_SPAN: Math.ceil(last.bytesPerSpan ?? 0),
    // Queries need CPU the ingest figures do not show: the CPU Jaeger had in this run, and the
    // search p95 it gave with the largest store (the plan's target is under 1 s).
    JAEGER_QUERY_CORES: r.ours.resources.jaeger.cpuCores,
    JAEGER_SEARCH_P95_MS: Math.round(last.searchP95Ms),
  };
}

/** Per tier and rate: median cores per 1k spans/s over the repeats, their spread, the peak RSS. */
export function summary(r: BenchResults) {
  const tiersAt = (rate: number, tier: 'agent' | 'gateway' | 'jaeger') => {
    const runs = r.ours.phases.filter((p) => p.askedRate === rate);
    const perCore = runs.map((p) => p.tiers[tier].coresPer1kSpansPerSecond);
    return { median: median(perCore), spread: spread(perCore), peakRss: Math.max(...runs.map((p) => p.tiers[tier].peakRssBytes)), clean: runs.every(clean) };
  };
  const helmAt = (rate: number) => {
    const runs = r.alternatives.helmAgent.phases.filter((p) => p.askedRate === rate);
    const perCore = runs.map((p) => p.coresPer1kSpansPerSecond);
    return { median: median(perCore), spread: spread(perCore), peakRss: Math.max(...runs.map((p) => p.peakRssBytes)) };
  };
  const tierModel = (tier: 'agent' | 'gateway' | 'jaeger') => cpuModel(r.ours.phases.map((p) => p.tiers[tier]));
  const helmModel = () => cpuModel(r.alternatives.helmAgent.phases);
  return { tiersAt, helmAt, tierModel, helmModel };
}

/** Where a phase lost or held back spans, for the report. */
function lossAt(p: PipelineRun): string {
  const parts: string[] = [];
  if (p.refusedAtSender) parts.push(`${p.refusedAtSender} spans refused to the sender`);
  if (p.droppedTooEarly) parts.push(`${p.droppedTooEarly} traces evicted by the gateways before their decision (num_traces full)`);
  for (const [tier, c] of Object.entries(p.tiers)) {
    if (c.refused) parts.push(`${c.refused} spans refused by the ${tier}`);
    if (c.failed) parts.push(`${c.failed} spans failed to export from the ${tier}`);
  }
  if (p.backlog > 0) parts.push(`${p.backlog} spans still queued in the gateways (Jaeger behind)`);
  if (p.achievedRate < p.askedRate * 0.9) parts.push(`only ${Math.round(p.achievedRate)} spans/s achieved`);
  return parts.join('; ');
}

export function markdown(r: BenchResults): string {
  const { tiersAt, helmAt, tierModel, helmModel } = summary(r);
  const lines: string[] = [];
  const res = r.ours.resources;
  lines.push(`Run ${r.startedAt}, ${r.minutes.toFixed(1)} min; ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, kernel ${r.machine.kernel}.`);
  lines.push(`Load: OTLP/HTTP protobuf, ${SPANS_PER_TRACE} spans per trace, ${ERROR_SHARE * 100} % error and ${SLOW_SHARE * 100} % slow traces; ${r.plan.repeats} repeats of ${r.plan.phaseSeconds} s per rate (median, and min–max).`);
  lines.push(`Resources (enforced with cgroups: CPU is the limit, or the request when there is none): ${Object.entries(res).map(([k, v]) => `${k} ${v.cpuCores} cores from its ${v.cpuFrom}${v.memoryLimitBytes ? `, ${mib(v.memoryLimitBytes)}` : ''} × ${v.pods}${v.enforced ? '' : ' (NOT enforced)'}`).join('; ')}.`);
  lines.push('');
  lines.push('| tier | rate (spans/s into the agent) | cores per 1k spans/s received (median, range) | peak RSS | zero refused/dropped |');
  lines.push('|---|---|---|---|---|');
  for (const rate of r.plan.rates) {
    for (const tier of ['agent', 'gateway', 'jaeger'] as const) {
      const s = tiersAt(rate, tier);
      lines.push(`| ${tier} | ${rate} | ${s.median.toFixed(3)} (${s.spread}) | ${mib(s.peakRss)} | ${s.clean ? 'yes' : 'NO'} |`);
    }
  }
  for (const rate of r.plan.rates) {
    const s = helmAt(rate);
    lines.push(`| Helm chart default agent | ${rate} | ${s.median.toFixed(3)} (${s.spread}) | ${mib(s.peakRss)} | — |`);
  }
  lines.push('');
  lines.push('CPU as idle cores plus a cost per span (least squares over every phase; what the sizing model uses):');
  lines.push('');
  lines.push('| tier | idle cores | cores per 1k spans/s | spans/s per core |');
  lines.push('|---|---|---|---|');
  for (const [name, m] of [...(['agent', 'gateway', 'jaeger'] as const).map((t) => [t, tierModel(t)] as const), ['Helm chart default agent', helmModel()] as const]) {
    lines.push(`| ${name} | ${m.idleCores.toFixed(4)} | ${m.coresPer1k.toFixed(4)} | ${Math.round(1000 / m.coresPer1k)} |`);
  }
  lines.push('');
  const cap = r.ours.capacity;
  const sustained = Math.max(0, ...[...r.ours.phases, ...cap.runs].filter(clean).map((p) => p.askedRate));
  lines.push(`Sustained through the pipeline (one agent, the gateways, Jaeger) at their resources with nothing refused, dropped or left queued: **${sustained} spans/s**${cap.refusedAt ? `; the first loss is at ${cap.refusedAt} spans/s (${lossAt(cap.runs.find((p) => p.askedRate === cap.refusedAt)!)})` : ' (the highest rate tried)'}. The Helm chart's default agent at our agent's resources, exporting nowhere: ${r.alternatives.helmAgent.sustained} spans/s.`);
  const peak = Math.max(...[...r.ours.phases, ...cap.runs].map((p) => p.peakTracesInFlight));
  const mem = memoryModel(r);
  lines.push(`Traces held by the gateways at once (their gauge, peak over the phases): ${peak}. Gateway memory per pod: ${mib(mem.gatewayBaseBytes)} + ${mem.gatewayPerSpanHeldBytes.toFixed(0)} bytes per span held; agent: ${mib(mem.agentBaseBytes)} + ${mib(mem.agentPer1kBytes)} per 1k spans/s (least squares over every phase).`);
  const l = r.ours.latency;
  lines.push(`Span end → queryable in Jaeger: through the pipeline p50 ${l.pipeline.p50Ms} ms, p95 ${l.pipeline.p95Ms} ms (decision_wait ${l.decisionWaitSeconds} s); into Jaeger directly p50 ${l.jaegerOnly.p50Ms} ms, p95 ${l.jaegerOnly.p95Ms} ms.`);
  lines.push('');
  lines.push('| spans written | ours: search p95 | ours: trace-by-id p95 | ours: bytes on disk per span | all-in-one defaults: search p95 | all-in-one: trace-by-id p95 | all-in-one: traces not found |');
  lines.push('|---|---|---|---|---|---|---|');
  r.ours.query.forEach((q, i) => {
    const a = r.alternatives.jaegerAllInOne.query[i];
    lines.push(`| ${q.storedSpans} | ${q.searchP95Ms.toFixed(0)} ms | ${q.byIdP95Ms.toFixed(0)} ms${q.notFoundShare ? ` (${(q.notFoundShare * 100).toFixed(0)} % not found)` : ''} | ${q.bytesPerSpan?.toFixed(0) ?? '—'} | ${a ? `${a.searchP95Ms.toFixed(0)} ms` : '—'} | ${a ? `${a.byIdP95Ms.toFixed(0)} ms` : '—'} | ${a ? `${(a.notFoundShare * 100).toFixed(0)} %` : '—'} |`);
  });
  const oi = r.ours.jaegerIngest;
  const ai = r.alternatives.jaegerAllInOne.ingest;
  lines.push('');
  lines.push(`Jaeger ingest CPU per 1k spans: ours (Badger) ${(oi.cpuSeconds / (oi.spans / 1000)).toFixed(3)} s, all-in-one (memory) ${(ai.cpuSeconds / (ai.spans / 1000)).toFixed(3)} s; peak RSS ${mib(oi.peakRssBytes)} vs ${mib(ai.peakRssBytes)}.`);
  lines.push('');
  lines.push(`What the sizing model takes from this run (lib/sizing/measurements.ts): ${Object.entries(sizingConstants(r)).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

/** Writes results.json and RESULTS.md into `dir`; returns their paths. */
export function writeReport(r: BenchResults, dir: string): string[] {
  const json = path.join(dir, 'results.json');
  const md = path.join(dir, 'RESULTS.md');
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(md, `# Benchmark results\n\nWritten by \`npm run bench\`; see bench/README.md for what is measured and how.\n\n${markdown(r)}`);
  return [json, md];
}

/** Puts the report's tables into docs/sizing.md between its bench markers (a test checks they agree). */
export function updateBenchSection(r: BenchResults, doc: string): void {
  const text = fs.readFileSync(doc, 'utf8');
  const start = '<!-- bench:start -->';
  const a = text.indexOf(start);
  const b = text.indexOf('<!-- bench:end -->');
  if (a < 0 || b < a) throw new Error(`${doc} has no bench markers`);
  fs.writeFileSync(doc, `${text.slice(0, a + start.length)}\n${markdown(r).trim()}\n${text.slice(b)}`);
}
