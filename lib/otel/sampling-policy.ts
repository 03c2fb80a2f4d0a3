import { createHash } from 'crypto';
import { checkDuration, checkNonEmpty, checkNumber, checkPercentage, invalidProp, isObjectMap, parseDuration } from '../k8s';
import { ComponentSettings } from '../collector/config';

/** What a service may change for its own traces. */
export interface ServiceSamplingOverride {
  /**
   * Percentage (0–100) of this service's ordinary traces to keep, instead of the global baseline.
   * @default - the global `baselinePercentage`
   */
  readonly baselinePercentage?: number;
  /**
   * Keep every trace of this service slower than this Go duration, instead of the global threshold.
   * @default - the global `latencyThreshold`
   */
  readonly latencyThreshold?: string;
}

/** The tail-sampling policy of the gateway. */
export interface SamplingPolicyProps {
  /**
   * Keep every trace that contains a span with status ERROR.
   * @default true
   */
  readonly keepErrors?: boolean;
  /**
   * Keep every trace longer than this (Go duration: first span start to last span end).
   * @default '1s'
   */
  readonly latencyThreshold?: string;
  /**
   * Percentage (0–100) of the remaining traces to keep. 30 cuts the ordinary volume by 70 %;
   * error and slow traces are kept on top, so the whole volume is cut less (with them at 5 % of
   * the traffic, 30 keeps 33.5 % of all traces, 20 keeps 24 %).
   * The choice is a hash of the trace id, so it is consistent across gateway replicas.
   * @default 30
   */
  readonly baselinePercentage?: number;
  /**
   * Per-service overrides, keyed by `service.name`. Errors are kept for every service.
   * @default - none
   */
  readonly services?: Record<string, ServiceSamplingOverride>;
  /**
   * How long the gateway waits after a trace's first span before deciding (spans arriving
   * later are decided by the decision cache).
   * @default '10s'
   */
  readonly decisionWait?: string;
  /**
   * Traces held in memory while waiting. Size it to new traces per second × decisionWait,
   * with headroom; excess traces are decided early.
   * @default 100000
   */
  readonly numTraces?: number;
}

/** A service's override, resolved. */
export interface ResolvedServiceOverride {
  readonly service: string;
  readonly baselinePercentage?: number;
  readonly latencyThresholdMs?: number;
}

/** The policy with defaults applied and every value validated. */
export interface ResolvedSamplingPolicy {
  readonly keepErrors: boolean;
  readonly latencyThresholdMs: number;
  readonly baselinePercentage: number;
  readonly services: ResolvedServiceOverride[];
  readonly decisionWait: string;
  readonly numTraces: number;
}

/** The policy's defaults. */
export const DEFAULT_SAMPLING_POLICY = {
  keepErrors: true,
  latencyThreshold: '1s',
  baselinePercentage: 30,
  decisionWait: '10s',
  numTraces: 100_000,
} as const;

/**
 * Below a second, traces are decided before their later spans arrive (each then becomes a new,
 * partial trace); above ten minutes, the gateway holds ten minutes of traffic in memory.
 */
const DECISION_WAIT_RANGE = { min: '1s', max: '10m', why: 'shorter decides traces before their spans arrive; longer holds that much traffic in memory' };

/**
 * A latency threshold as whole milliseconds (`tail_sampling` takes `threshold_ms`), at least 1:
 * checkDuration refuses zero and below, so a whole number of them is at least 1.
 */
function latencyMs(where: string, prop: string, value: unknown): number {
  checkDuration(where, prop, value);
  const ms = parseDuration(value as string)!;
  if (!Number.isInteger(ms)) {
    invalidProp(where, prop, value, 'the tail sampler measures latency in whole milliseconds',
      'use a whole number of milliseconds of at least 1, e.g. "1s" or "750ms"');
  }
  return ms;
}

/** Validates the props and applies the defaults. */
export function resolveSamplingPolicy(where: string, props: SamplingPolicyProps = {}): ResolvedSamplingPolicy {
  const prefix = 'sampling';
  const keepErrors = props.keepErrors ?? DEFAULT_SAMPLING_POLICY.keepErrors;
  if (typeof keepErrors !== 'boolean') {
    invalidProp(where, `${prefix}.keepErrors`, keepErrors, 'expected true or false', 'use true (recommended) or false');
  }
  const services = Object.entries(props.services ?? {}).map(([service, o]): ResolvedServiceOverride => {
    const p = `${prefix}.services["${service}"]`;
    checkNonEmpty(where, `${prefix}.services`, service, 'key each override by the service.name of the service');
    if (!isObjectMap(o)) {
      invalidProp(where, p, o, 'expected an override', 'use e.g. { baselinePercentage: 5 }, or remove the entry');
    }
    if (o.baselinePercentage === undefined && o.latencyThreshold === undefined) {
      invalidProp(where, p, o, 'overrides nothing', 'set baselinePercentage and/or latencyThreshold, or remove the entry');
    }
    return {
      service,
      ...(o.baselinePercentage !== undefined ? { baselinePercentage: checkPercentage(where, `${p}.baselinePercentage`, o.baselinePercentage) } : {}),
      ...(o.latencyThreshold !== undefined ? { latencyThresholdMs: latencyMs(where, `${p}.latencyThreshold`, o.latencyThreshold) } : {}),
    };
  });
  return {
    keepErrors,
    latencyThresholdMs: latencyMs(where, `${prefix}.latencyThreshold`, props.latencyThreshold ?? DEFAULT_SAMPLING_POLICY.latencyThreshold),
    baselinePercentage: checkPercentage(where, `${prefix}.baselinePercentage`, props.baselinePercentage ?? DEFAULT_SAMPLING_POLICY.baselinePercentage),
    services,
    decisionWait: checkDuration(where, `${prefix}.decisionWait`, props.decisionWait ?? DEFAULT_SAMPLING_POLICY.decisionWait, { range: DECISION_WAIT_RANGE }),
    numTraces: checkNumber(where, `${prefix}.numTraces`, props.numTraces ?? DEFAULT_SAMPLING_POLICY.numTraces,
      { min: 1, max: MAX_NUM_TRACES, integer: true, fix: `use a whole number of traces from 1 to ${MAX_NUM_TRACES}, e.g. 100000; add gateway replicas for more` }),
  };
}

/** The resource attribute the per-service policies match on. */
const SERVICE_NAME = 'service.name';

type Policy = ComponentSettings;

function serviceIs(name: string, services: readonly string[]): Policy {
  return { name, type: 'string_attribute', string_attribute: { key: SERVICE_NAME, values: [...services] } };
}

/**
 * Matches every service except these. Inside an `and` policy an inverted match yields a plain
 * "not sampled" (processor/tailsamplingprocessor README: the inverted-decision exception for
 * and/composite sub-policies), so it safely excludes the overridden services.
 */
function serviceIsNot(name: string, services: readonly string[]): Policy {
  return { name, type: 'string_attribute', string_attribute: { key: SERVICE_NAME, values: [...services], invert_match: true } };
}

function latency(name: string, thresholdMs: number): Policy {
  return { name, type: 'latency', latency: { threshold_ms: thresholdMs } };
}

function probabilistic(name: string, percentage: number): Policy {
  return { name, type: 'probabilistic', probabilistic: { sampling_percentage: percentage } };
}

/** `policy` alone, or restricted to every service but `excluded`. */
function exceptFor(name: string, excluded: readonly string[], policy: Policy): Policy {
  if (excluded.length === 0) return { ...policy, name };
  return { name, type: 'and', and: { and_sub_policy: [serviceIsNot(`${name}-other-services`, excluded), policy] } };
}

/** `policy`, restricted to one service. */
function onlyFor(name: string, service: string, policy: Policy): Policy {
  return { name, type: 'and', and: { and_sub_policy: [serviceIs(`${name}-service`, [service]), policy] } };
}

/** A policy name fragment from a service name (policy names are free text; keep them readable). */
function slug(service: string): string {
  return service.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'service';
}

/**
 * A policy name fragment per service, unique among them. The processor refuses two policies of
 * one name ("duplicate policy name" at start, so the gateway crash-loops), and services such as
 * "Checkout" and "checkout", or "café" and "caf", share a slug: those get a hash of their full
 * name appended. The hash depends on the name alone, so adding a service never renames the
 * policies of the others beyond the ones that collide.
 */
function policySlugs(services: readonly string[]): Map<string, string> {
  const bases = services.map(slug);
  const shared = (base: string) => bases.indexOf(base) !== bases.lastIndexOf(base);
  return new Map(services.map((s, i) => {
    const base = bases[i];
    return [s, shared(base) ? `${base}-${createHash('sha256').update(s).digest('hex').slice(0, 8)}` : base];
  }));
}

/**
 * The `tail_sampling.policies` list. A trace is kept when any policy samples it
 * (processor/tailsamplingprocessor README, "Each policy will result in a decision"):
 * errors, then slow traces, then the probabilistic baseline. A service with an override is
 * excluded from the global policy it overrides and gets its own.
 */
export function tailSamplingPolicies(policy: ResolvedSamplingPolicy): Policy[] {
  const latencyOverrides = policy.services.filter((s) => s.latencyThresholdMs !== undefined);
  const baselineOverrides = policy.services.filter((s) => s.baselinePercentage !== undefined);
  const slugs = policySlugs(policy.services.map((s) => s.service));
  const slugOf = (s: ResolvedServiceOverride) => slugs.get(s.service)!;
  return [
    ...(policy.keepErrors ? [{ name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } }] : []),
    exceptFor('keep-slow', latencyOverrides.map((s) => s.service), latency('slow', policy.latencyThresholdMs)),
    ...latencyOverrides.map((s) => onlyFor(`keep-slow-${slugOf(s)}`, s.service, latency('slow', s.latencyThresholdMs!))),
    exceptFor('baseline', baselineOverrides.map((s) => s.service), probabilistic('sample', policy.baselinePercentage)),
    ...baselineOverrides.map((s) => onlyFor(`baseline-${slugOf(s)}`, s.service, probabilistic('sample', s.baselinePercentage!))),
  ];
}

/**
 * Decision-cache entries per trace held in memory. The pinned processor's config.go says the
 * caches "should be at least an order of magnitude greater than Config.NumTraces" (its README:
 * "much greater than `num_traces` so decisions for trace IDs are kept longer than the span
 * data"): a span arriving after its trace left memory then follows the trace's decision
 * instead of starting a new, partial trace. An entry is a 64-bit key in an LRU
 * (cache/lru_cache.go), about 100 bytes: 10 × 100,000 traces × 2 caches ≈ 200 MB of the
 * gateway's 2 GiB.
 */
export const DECISION_CACHE_FACTOR = 10;

/** Above 10 million traces per gateway, the traces alone outgrow any gateway's memory (and the decision caches, 10× that). */
export const MAX_NUM_TRACES = 10_000_000;

/** The `tail_sampling` processor settings. */
export function tailSamplingProcessor(policy: ResolvedSamplingPolicy): ComponentSettings {
  const cacheSize = policy.numTraces * DECISION_CACHE_FACTOR;
  return {
    decision_wait: policy.decisionWait,
    num_traces: policy.numTraces,
    decision_cache: { sampled_cache_size: cacheSize, non_sampled_cache_size: cacheSize },
    // On a graceful stop (rollout, scale-down, node drain) the traces still waiting are decided
    // on the spans that have arrived (processor.go, iter(): samplingPolicyOnTick until empty)
    // and exported into the persistent queue, rather than dropped: an error seen so far keeps
    // its trace. This is the pinned default, written out because it is a choice: a SIGKILL or
    // OOM loses them all the same (docs/monitoring.md, "Failure modes").
    drop_pending_traces_on_shutdown: false,
    policies: tailSamplingPolicies(policy),
  };
}
