/**
 * Throughput and cost of the agent → gateway → Jaeger pipeline as dist/ deploys it, on one node:
 * paced load into the agent's OTLP/HTTP receiver, every tier confined to its manifest's
 * resources, and each tier's CPU, peak RSS and own counters (accepted, refused, failed, dropped).
 */
import { parse } from 'yaml';
import { parseDuration } from '../../lib/k8s/validate';
import { SPANS_PER_TRACE, payloads, send } from '../harness/load';
import { Tier, TierName, meter, metric, tierMetrics } from '../harness/tiers';

export const TRACES_PER_BATCH = 100;
export const SPANS_PER_BATCH = TRACES_PER_BATCH * SPANS_PER_TRACE;

export interface TierCost {
  readonly cpuSeconds: number;
  /** Seconds the CPU was metered over (the phase and its settling time). */
  readonly seconds: number;
  /** CPU cores the tier uses per 1,000 spans/s it receives. */
  readonly coresPer1kSpansPerSecond: number;
  readonly peakRssBytes: number;
  readonly accepted: number;
  readonly refused: number;
  readonly failed: number;
}

export interface PipelineRun {
  readonly askedRate: number;
  readonly achievedRate: number;
  readonly sent: number;
  /** Spans the sender saw refused (HTTP error or timeout): what an SDK would drop. */
  readonly refusedAtSender: number;
  readonly tiers: Record<TierName, TierCost>;
  /** Traces the gateways evicted before deciding them. */
  readonly droppedTooEarly: number;
  /** The most traces the gateways held at once, by their own gauge. */
  readonly peakTracesInFlight: number;
  /** Spans still in the gateways' sending queues after the settling time: Jaeger fell behind. */
  readonly backlog: number;
}

const FAMILIES = {
  accepted: 'otelcol_receiver_accepted_spans',
  refused: 'otelcol_receiver_refused_spans',
  failed: 'otelcol_exporter_send_failed_spans',
};

/** The gateways' decision_wait in seconds, from their collector config in the objects. */
export function decisionWaitSeconds(objects: any[]): number {
  const configs = objects.filter((o) => o.kind === 'ConfigMap' && o.data?.['config.yaml']).map((o) => parse(o.data['config.yaml']));
  const wait = configs.find((c) => c?.processors?.tail_sampling)?.processors.tail_sampling.decision_wait;
  const ms = typeof wait === 'string' ? parseDuration(wait) : undefined;
  if (ms === undefined) throw new Error('no gateway ConfigMap with a tail_sampling decision_wait');
  return ms / 1000;
}

/** One measured phase at `rate` spans/s for `seconds`. */
export async function pipelinePhase(t: Record<TierName, Tier>, rate: number, seconds: number, settleSeconds: number): Promise<PipelineRun> {
  const batches = payloads(Math.max(2, Math.ceil((rate * seconds) / SPANS_PER_BATCH)), TRACES_PER_BATCH);
  const names: TierName[] = ['agent', 'gateway', 'jaeger'];
  const before = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await tierMetrics(t[n])]))) as Record<TierName, Map<string, number>>;
  const meters = Object.fromEntries(names.map((n) => [n, meter(t[n])])) as Record<TierName, ReturnType<typeof meter>>;
  names.forEach((n) => meters[n].start());

  let peakTraces = 0;
  const watch = setInterval(async () => {
    const held = await tierMetrics(t.gateway).catch(() => new Map<string, number>());
    peakTraces = Math.max(peakTraces, held.get('otelcol_processor_tail_sampling_sampling_traces_on_memory') ?? 0);
  }, 1_000);
  const result = await send(`http://${t.agent.pods[0].ip}:4318`, batches, SPANS_PER_BATCH, rate);
  await new Promise((r) => setTimeout(r, settleSeconds * 1000));
  clearInterval(watch);

  const after = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await tierMetrics(t[n])]))) as Record<TierName, Map<string, number>>;
  const delta = (n: TierName, family: string) => metric(after[n], family) - metric(before[n], family);
  const costs = Object.fromEntries(names.map((n) => {
    const used = meters[n].stop();
    const accepted = delta(n, FAMILIES.accepted);
    return [n, {
      cpuSeconds: used.cpuSeconds,
      seconds: used.seconds,
      coresPer1kSpansPerSecond: accepted > 0 ? used.cpuSeconds / (accepted / 1000) : 0,
      peakRssBytes: used.peakRssBytes,
      accepted,
      refused: delta(n, FAMILIES.refused),
      failed: delta(n, FAMILIES.failed),
    }];
  })) as Record<TierName, TierCost>;
  return {
    askedRate: rate,
    achievedRate: result.rate,
    sent: result.sent,
    refusedAtSender: result.refused,
    tiers: costs,
    droppedTooEarly: delta('gateway', 'otelcol_processor_tail_sampling_sampling_trace_dropped_too_early'),
    backlog: metric(after.gateway, 'otelcol_exporter_queue_size'),
    peakTracesInFlight: peakTraces,
  };
}

/**
 * Whether a phase carried everything: nothing refused, failed or evicted anywhere, and nothing
 * left queued in the gateways once they settled (a backlog is a rate Jaeger does not sustain).
 */
export function clean(run: PipelineRun): boolean {
  const tiers = Object.values(run.tiers);
  return run.refusedAtSender === 0 && run.droppedTooEarly === 0 && tiers.every((c) => c.refused === 0 && c.failed === 0) && !(run.backlog > 0)
    && run.achievedRate >= run.askedRate * 0.9;
}

/**
 * Doubles the rate from `from` until a phase is not clean (or `max` is passed): the highest clean
 * rate is the agent's sustained capacity at its resources, the first unclean one where refusals start.
 */
export async function findCapacity(t: Record<TierName, Tier>, from: number, max: number, seconds: number, settleSeconds: number): Promise<{ sustained: number; refusedAt?: number; runs: PipelineRun[] }> {
  const runs: PipelineRun[] = [];
  let sustained = 0;
  for (let rate = from; rate <= max; rate *= 2) {
    const run = await pipelinePhase(t, rate, seconds, settleSeconds);
    runs.push(run);
    if (!clean(run)) return { sustained, refusedAt: rate, runs };
    sustained = rate;
  }
  return { sustained, runs };
}
