/** The expected load a platform states, and its validation. */
import { invalidProp } from '../k8s/errors';
import { checkProps } from '../k8s/props';

/** What a platform expects to send through the stack. */
export interface TracingLoad {
  /** Spans per second the applications send, all nodes together, at the busy hour. */
  readonly spansPerSecond: number;
  /** Nodes that run applications (one agent each); the load is taken as spread evenly. */
  readonly nodes: number;
  /**
   * Spans in one trace, on average.
   * @default 5
   */
  readonly spansPerTrace?: number;
  /**
   * Share of traces with an error (kept whole by the gateways), 0 to 1.
   * @default 0.02
   */
  readonly errorShare?: number;
  /**
   * Share of traces over the latency threshold (kept), 0 to 1.
   * @default 0.03
   */
  readonly slowShare?: number;
  /**
   * Percentage of the other traces the gateways keep (the sampling policy's baseline).
   * @default 20
   */
  readonly baselinePercentage?: number;
  /**
   * Hours Jaeger keeps traces.
   * @default 72
   */
  readonly retentionHours?: number;
  /**
   * Seconds the gateways hold a trace before deciding (the sampling policy's decision wait).
   * @default 10
   */
  readonly decisionWaitSeconds?: number;
  /**
   * Minutes of Jaeger outage each gateway's persistent queue absorbs without loss.
   * @default 30
   */
  readonly outageMinutes?: number;
}

/** A load with every default filled in. */
export interface ResolvedTracingLoad {
  readonly spansPerSecond: number;
  readonly nodes: number;
  readonly spansPerTrace: number;
  readonly errorShare: number;
  readonly slowShare: number;
  readonly baselinePercentage: number;
  readonly retentionHours: number;
  readonly decisionWaitSeconds: number;
  readonly outageMinutes: number;
}

/** The range the model's measurements cover; outside it, sizing is a guess and is refused. */
export const LOAD_RANGE = {
  spansPerSecond: { min: 1, max: 200_000 },
  nodes: { min: 1, max: 5_000 },
  /** More than the agent was measured to carry on one node, even with more CPU. */
  spansPerSecondPerNode: { min: 0, max: 50_000 },
  spansPerTrace: { min: 1, max: 1_000 },
  retentionHours: { min: 1, max: 24 * 90 },
  decisionWaitSeconds: { min: 1, max: 120 },
  outageMinutes: { min: 0, max: 24 * 60 },
} as const;

const WHERE = 'TracingSizing';

function checkNumber(prop: string | 'slowShare' | 'baselinePercentage', value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalidProp(WHERE, `load.${prop}`, value, 'expected a number', `give a number from ${min} to ${max}`);
  if (value < min || value > max) invalidProp(WHERE, `load.${prop}`, value, `is outside ${min}–${max}, the range the sizing model was measured for`, `give a number from ${min} to ${max}`);
  return value;
}

/** Validates a load and fills in its defaults. */
export function resolveLoad(load: TracingLoad): ResolvedTracingLoad {
  if (typeof load !== 'object' || load === null) invalidProp(WHERE, 'load', load, 'expected the expected load', 'give e.g. { spansPerSecond: 2000, nodes: 3 }');
  checkProps(WHERE, load, 'TracingLoad', 'load');
  const range = (prop: Exclude<keyof typeof LOAD_RANGE, 'spansPerSecondPerNode'>, value: unknown) => checkNumber(prop, value, LOAD_RANGE[prop].min, LOAD_RANGE[prop].max);
  const resolved: ResolvedTracingLoad = {
    spansPerSecond: range('spansPerSecond', load.spansPerSecond),
    nodes: range('nodes', load.nodes),
    spansPerTrace: range('spansPerTrace', load.spansPerTrace ?? 5),
    errorShare: checkNumber('errorShare', load.errorShare ?? 0.02, 0, 1),
    slowShare: checkNumber('slowShare', load.slowShare ?? 0.03, 0, 1),
    baselinePercentage: checkNumber('baselinePercentage', load.baselinePercentage ?? 20, 0, 100),
    retentionHours: range('retentionHours', load.retentionHours ?? 72),
    decisionWaitSeconds: range('decisionWaitSeconds', load.decisionWaitSeconds ?? 10),
    outageMinutes: range('outageMinutes', load.outageMinutes ?? 30),
  };
  if (!Number.isInteger(resolved.nodes)) invalidProp(WHERE, 'load.nodes', resolved.nodes, 'is not a whole number', 'give the number of nodes, e.g. 3');
  const perNode = resolved.spansPerSecond / resolved.nodes;
  if (perNode > LOAD_RANGE.spansPerSecondPerNode.max) {
    invalidProp(WHERE, 'load.spansPerSecond', resolved.spansPerSecond, `is ${Math.round(perNode)} spans/s per node, more than the ${LOAD_RANGE.spansPerSecondPerNode.max} one agent was measured to carry`,
      'check the numbers, or spread the load over more nodes');
  }
  if (resolved.errorShare + resolved.slowShare > 1) {
    invalidProp(WHERE, 'load.slowShare', resolved.slowShare, `with errorShare ${resolved.errorShare} adds up to more than all traces`, 'give shares that add up to at most 1');
  }
  return resolved;
}

/** Share of spans Jaeger stores: every error and slow trace, and the baseline of the rest. */
export function keptShare(load: ResolvedTracingLoad): number {
  const kept = load.errorShare + load.slowShare;
  return kept + (1 - kept) * (load.baselinePercentage / 100);
}
