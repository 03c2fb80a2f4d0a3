import { checkNonEmpty, checkNumber, checkProbability, invalidProp, isObjectMap } from '../k8s';

/**
 * Remote sampling strategies served by Jaeger's `remote_sampling` extension (file provider) to
 * SDKs and agents that ask `GET /sampling?service=<name>` (port 5778) or over gRPC (5779).
 *
 * File format (jaeger repo, cmd/jaeger/sampling-strategies.json and
 * internal/sampling/samplingstrategy/file): `{ default_strategy: {type, param},
 * service_strategies: [{service, type, param, operation_strategies: [{operation, type, param}]}] }`.
 */

/** Keep `probability` (0..1) of the traces a service starts. */
export interface ProbabilisticStrategy {
  /** Strategy kind. */
  readonly type: 'probabilistic';
  /** Share of traces kept, between 0 and 1. */
  readonly probability: number;
}

/** Keep at most `maxTracesPerSecond` traces per second per SDK instance. */
export interface RateLimitingStrategy {
  /** Strategy kind. */
  readonly type: 'ratelimiting';
  /** Traces per second per process (Jaeger stores it as a 16-bit integer). */
  readonly maxTracesPerSecond: number;
}

/** A head-sampling strategy. */
export type SamplingStrategy = ProbabilisticStrategy | RateLimitingStrategy;

/** A probabilistic strategy of one service, with optional per-operation probabilities. */
export interface ProbabilisticServiceStrategy extends ProbabilisticStrategy {
  /**
   * Per-operation (span name) probabilities that override the service strategy, e.g.
   * `{ 'GET /healthz': 0 }`. Jaeger only supports probabilistic operation strategies.
   * @default - none
   */
  readonly operations?: Record<string, number>;
}

/** A rate-limiting strategy of one service, with optional per-operation probabilities. */
export interface RateLimitingServiceStrategy extends RateLimitingStrategy {
  /**
   * Per-operation (span name) probabilities that override the service strategy, e.g.
   * `{ 'GET /healthz': 0 }`. Jaeger only supports probabilistic operation strategies.
   * @default - none
   */
  readonly operations?: Record<string, number>;
}

/** The strategy of one service, with optional per-operation probabilities. */
export type ServiceSamplingStrategy = ProbabilisticServiceStrategy | RateLimitingServiceStrategy;

/** Typed remote sampling configuration of a {@link JaegerStack}. */
/** Something that serves remote-sampling strategies and takes one per service (a JaegerStack). */
export interface IServiceStrategies {
  /** Serves `strategy` to the SDKs and legacy clients of `service` (its `service.name`). */
  addServiceStrategy(service: string, strategy: ServiceSamplingStrategy): void;
}

export interface SamplingStrategiesProps {
  /**
   * Strategy for services not listed in `services`.
   * @default { type: 'probabilistic', probability: 1 }
   */
  readonly defaultStrategy?: SamplingStrategy;
  /**
   * Per-service strategies, by service name (`service.name`). A service not listed gets
   * `defaultStrategy`.
   * @default - none: every service gets `defaultStrategy`
   */
  readonly services?: Record<string, ServiceSamplingStrategy>;
  /**
   * How often Jaeger re-reads the strategies file, so an edited ConfigMap takes effect without
   * a restart (the kubelet refreshes a mounted ConfigMap within about a minute).
   * @default '1m'
   */
  readonly reloadInterval?: string;
}

/**
 * Everything is head-sampled at 100 % by default, on purpose. The OpenTelemetry gateway in front
 * of Jaeger does *tail* sampling: it sees whole traces, keeps every trace with an error (and the
 * slow ones) and only then cuts the volume. Head sampling in the SDK decides at the first span,
 * before anyone knows whether the request will fail, so any probability below 1 here would drop
 * error traces that tail sampling would have kept. Lower a probability only for a service whose
 * volume the gateway cannot absorb, or per operation for noise such as health checks.
 */
export const DEFAULT_SAMPLING_STRATEGY: ProbabilisticStrategy = { type: 'probabilistic', probability: 1 };

/** The largest value Jaeger accepts for a rate-limiting strategy (int16). */
const MAX_TRACES_PER_SECOND = 32767;

/** One strategy as the strategies file spells it. */
interface StrategyJson {
  readonly type: 'probabilistic' | 'ratelimiting';
  readonly param: number;
}

function strategyJson(where: string, prop: string, strategy: SamplingStrategy): StrategyJson {
  switch (strategy?.type) {
    case 'probabilistic':
      return { type: 'probabilistic', param: checkProbability(where, `${prop}.probability`, strategy.probability) };
    case 'ratelimiting':
      return {
        type: 'ratelimiting',
        param: checkNumber(where, `${prop}.maxTracesPerSecond`, strategy.maxTracesPerSecond, {
          min: 0, max: MAX_TRACES_PER_SECOND, integer: true,
          fix: `use a whole number of traces per second between 0 and ${MAX_TRACES_PER_SECOND}`,
        }),
      };
    default:
      return invalidProp(where, `${prop}.type`, (strategy as any)?.type, 'not a sampling strategy type',
        'use "probabilistic" (with probability) or "ratelimiting" (with maxTracesPerSecond)');
  }
}

/** Per-operation probabilities: a map of non-empty span names to probabilities. */
function checkOperations(where: string, prop: string, operations: unknown): void {
  if (operations === undefined) return;
  if (!isObjectMap(operations)) {
    invalidProp(where, `${prop}.operations`, operations, 'expected a map of span names to probabilities', 'use e.g. { "GET /healthz": 0 }');
  }
  for (const [operation, probability] of Object.entries(operations)) {
    checkNonEmpty(where, `${prop}.operations`, operation, 'key each probability by the span name of the operation');
    checkProbability(where, `${prop}.operations.${operation}`, probability);
  }
}

/**
 * Validates one service's strategy (type, probability or rate, per-operation probabilities) and
 * returns it, for constructs that carry a strategy to a JaegerStack (e.g. ServiceInstrumentation).
 */
export function checkServiceSamplingStrategy(where: string, prop: string, strategy: ServiceSamplingStrategy): ServiceSamplingStrategy {
  strategyJson(where, prop, strategy);
  checkOperations(where, prop, strategy.operations);
  return strategy;
}

/** The strategies document, validated: what Jaeger's file provider reads. */
export interface SamplingStrategiesDocument {
  readonly default_strategy: StrategyJson;
  readonly service_strategies: ReadonlyArray<StrategyJson & {
    readonly service: string;
    readonly operation_strategies?: ReadonlyArray<StrategyJson & { readonly operation: string }>;
  }>;
}

/**
 * Validates the props (probabilities in [0, 1], rates >= 0) and builds the strategies document.
 * Services are sorted by name so the output, and the pods' config checksum, are stable.
 */
export function buildSamplingStrategies(where: string, props: SamplingStrategiesProps = {}): SamplingStrategiesDocument {
  const services = props.services ?? {};
  return {
    default_strategy: strategyJson(where, 'sampling.defaultStrategy', props.defaultStrategy ?? DEFAULT_SAMPLING_STRATEGY),
    service_strategies: Object.keys(services).sort().map((service) => {
      const prop = `sampling.services.${service}`;
      checkNonEmpty(where, 'sampling.services', service, 'name the service as its SDK reports service.name');
      const strategy = services[service];
      if (!isObjectMap(strategy)) {
        invalidProp(where, prop, strategy, 'expected a sampling strategy', 'use e.g. { type: "probabilistic", probability: 1 }, or remove the service');
      }
      checkOperations(where, prop, strategy.operations);
      const operations = Object.entries(strategy.operations ?? {}).sort(([a], [b]) => a.localeCompare(b));
      return {
        service,
        ...strategyJson(where, prop, strategy),
        ...(operations.length > 0 ? {
          operation_strategies: operations.map(([operation, probability]) => ({
            operation,
            type: 'probabilistic' as const,
            param: checkProbability(where, `${prop}.operations.${operation}`, probability),
          })),
        } : {}),
      };
    }),
  };
}

/** The strategies file content (JSON, which Jaeger's file provider parses). */
export function renderSamplingStrategies(doc: SamplingStrategiesDocument): string {
  return `${JSON.stringify(doc, undefined, 2)}\n`;
}
