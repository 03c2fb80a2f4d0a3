import { checkNonEmpty, checkNumber, checkProbability, FactorySpecs, ImageSpec, invalidProp, isObjectMap } from '../k8s';

/**
 * Remote sampling strategies served by Jaeger's `remote_sampling` extension (file provider) to
 * SDKs and agents that ask `GET /sampling?service=<name>` (port 5778) or over gRPC (5779).
 *
 * File format (jaeger repo, cmd/jaeger/sampling-strategies.json and
 * internal/sampling/samplingstrategy/file): `{ default_strategy: {type, param},
 * service_strategies: [{service, type, param, operation_strategies: [{operation, type, param}]}] }`.
 */

/**
 * A head-sampling strategy Jaeger serves to SDKs, made with one of its factories.
 *
 * A service's strategy may carry per-operation (span name) probabilities that override it, e.g.
 * `SamplingStrategy.probabilistic(1, { 'GET /healthz': 0 })`; Jaeger only supports probabilistic
 * operation strategies. The values are checked by the construct that serves the strategy, so
 * errors name it and the prop.
 */
export class SamplingStrategy {
  /**
   * Keep a share of the traces a service starts.
   * @param probability share of traces kept, between 0 and 1
   * @param operations per-operation probabilities, by span name (service strategies only)
   */
  public static probabilistic(probability: number, operations?: { [operation: string]: number }): SamplingStrategy {
    return new SamplingStrategy({ type: 'probabilistic', probability, ...(operations === undefined ? {} : { operations }) });
  }

  /**
   * Keep at most a number of traces per second per SDK instance.
   * @param maxTracesPerSecond traces per second per process (Jaeger stores it as a 16-bit integer)
   * @param operations per-operation probabilities, by span name (service strategies only)
   */
  public static rateLimiting(maxTracesPerSecond: number, operations?: { [operation: string]: number }): SamplingStrategy {
    return new SamplingStrategy({ type: 'ratelimiting', maxTracesPerSecond, ...(operations === undefined ? {} : { operations }) });
  }

  /** The kind, as Jaeger's strategies file names it: `probabilistic` or `ratelimiting`. */
  public readonly type: string;

  private constructor(spec: StrategySpec) {
    STRATEGY_SPECS.set(this, spec);
    this.type = spec.type;
  }
}

/** What a strategy factory was given. */
export type StrategySpec =
  | { readonly type: 'probabilistic'; readonly probability: number; readonly operations?: Record<string, number> }
  | { readonly type: 'ratelimiting'; readonly maxTracesPerSecond: number; readonly operations?: Record<string, number> };

const STRATEGY_SPECS = new FactorySpecs<SamplingStrategy, StrategySpec>('SamplingStrategy',
  'make it with SamplingStrategy.probabilistic(probability) or SamplingStrategy.rateLimiting(maxTracesPerSecond)');

/** The spec of a strategy a factory made; anything else is refused naming the prop. */
export function strategySpecOf(where: string, prop: string, strategy: unknown): StrategySpec {
  return STRATEGY_SPECS.of(where, prop, strategy);
}

/** Something that serves remote-sampling strategies and takes one per service (a JaegerStack). */
export interface IServiceStrategies {
  /** Serves `strategy` to the SDKs and legacy clients of `service` (its `service.name`). */
  addServiceStrategy(service: string, strategy: SamplingStrategy): void;
}

/**
 * Strategies that others serve too (a JaegerStack): the node agents serve a copy to the
 * clients on their node, in Jaeger's own format (see OtelCollector's `jaeger.samplingStrategies`).
 */
export interface ISamplingStrategiesSource {
  /** The strategies file as Jaeger's file provider reads it, rendered at synth (later additions included). */
  readonly samplingStrategiesJson: string;
  /** How often the file is re-read, a Go duration. */
  readonly samplingReloadInterval: string;
  /** The Jaeger image that serves them (a copy is served by the same build). */
  readonly samplingServerImage: ImageSpec;
}

/** Typed remote sampling configuration of a {@link JaegerStack}. */
export interface SamplingStrategiesProps {
  /**
   * Strategy for services not listed in `services` (without per-operation probabilities).
   * @default SamplingStrategy.probabilistic(1)
   */
  readonly defaultStrategy?: SamplingStrategy;
  /**
   * Per-service strategies, by service name (`service.name`). A service not listed gets
   * `defaultStrategy`.
   * @default - none: every service gets `defaultStrategy`
   */
  readonly services?: Record<string, SamplingStrategy>;
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
export const DEFAULT_SAMPLING_STRATEGY: SamplingStrategy = SamplingStrategy.probabilistic(1);

/** The largest value Jaeger accepts for a rate-limiting strategy (int16). */
const MAX_TRACES_PER_SECOND = 32767;

/** One strategy as the strategies file spells it. */
interface StrategyJson {
  readonly type: 'probabilistic' | 'ratelimiting';
  readonly param: number;
}

function strategyJson(where: string, prop: string, strategy: StrategySpec): StrategyJson {
  switch (strategy.type) {
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
export function checkServiceSamplingStrategy(where: string, prop: string, strategy: SamplingStrategy): SamplingStrategy {
  const spec = strategySpecOf(where, prop, strategy);
  strategyJson(where, prop, spec);
  checkOperations(where, prop, spec.operations);
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
    default_strategy: defaultStrategyJson(where, props.defaultStrategy ?? DEFAULT_SAMPLING_STRATEGY),
    service_strategies: Object.keys(services).sort().map((service) => {
      const prop = `sampling.services.${service}`;
      checkNonEmpty(where, 'sampling.services', service, 'name the service as its SDK reports service.name');
      const strategy = strategySpecOf(where, prop, services[service]);
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

/** The default strategy: per-operation probabilities belong to a service's strategy. */
function defaultStrategyJson(where: string, strategy: SamplingStrategy): StrategyJson {
  const prop = 'sampling.defaultStrategy';
  const spec = strategySpecOf(where, prop, strategy);
  if (spec.operations !== undefined) {
    invalidProp(where, `${prop}.operations`, spec.operations, 'per-operation probabilities are served only with a service\'s strategy',
      'set them on the services in sampling.services, or drop them');
  }
  return strategyJson(where, prop, spec);
}

/** The strategies file content (JSON, which Jaeger's file provider parses). */
export function renderSamplingStrategies(doc: SamplingStrategiesDocument): string {
  return `${JSON.stringify(doc, undefined, 2)}\n`;
}
