import { checkHttpUrl, checkNumber, checkProbability, FactorySpecs, invalidProp, Ports, propsOf } from '../k8s';

/**
 * The SDKs' head samplers (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG), as the OpenTelemetry
 * SDK environment-variable specification names them, with the Jaeger remote sampler's options.
 */

/**
 * A head sampler: what OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG say.
 *
 * One factory per value of OTEL_TRACES_SAMPLER. The `parentBased*` samplers follow the caller's
 * decision when there is one, the others ignore it. Options are checked by the construct that uses the sampler, so
 * errors name it and the prop (`sampler.ratio`).
 */
export class TraceSampler {
  /**
   * `parentbased_always_on` (the default): records every trace the caller did not already drop.
   *
   * The tail-sampling gateway decides what is kept, so error and slow traces are never lost at
   * the head.
   */
  public static parentBasedAlwaysOn(): TraceSampler {
    return new TraceSampler({ type: 'parentbased_always_on' });
  }

  /** `always_on`: records every trace, whatever the caller decided. */
  public static alwaysOn(): TraceSampler {
    return new TraceSampler({ type: 'always_on' });
  }

  /** `parentbased_always_off`: records only traces the caller records. */
  public static parentBasedAlwaysOff(): TraceSampler {
    return new TraceSampler({ type: 'parentbased_always_off' });
  }

  /** `always_off`: records nothing. */
  public static alwaysOff(): TraceSampler {
    return new TraceSampler({ type: 'always_off' });
  }

  /**
   * `parentbased_traceidratio`: keeps a share of the traces it starts, by trace ID.
   * @param ratio the share kept, in [0, 1] (OTEL_TRACES_SAMPLER_ARG)
   */
  public static parentBasedTraceIdRatio(ratio: number): TraceSampler {
    return new TraceSampler({ type: 'parentbased_traceidratio', ratio });
  }

  /**
   * `traceidratio`: keeps a share of all traces, by trace ID.
   * @param ratio the share kept, in [0, 1] (OTEL_TRACES_SAMPLER_ARG)
   */
  public static traceIdRatio(ratio: number): TraceSampler {
    return new TraceSampler({ type: 'traceidratio', ratio });
  }

  /** `parentbased_jaeger_remote`: polls a Jaeger remote-sampling endpoint for its service's strategy. */
  public static parentBasedJaegerRemote(options: JaegerRemoteSamplerOptions = {}): TraceSampler {
    return new TraceSampler({ ...options, type: 'parentbased_jaeger_remote' });
  }

  /** `jaeger_remote`: polls a Jaeger remote-sampling endpoint, ignoring the caller's decision. */
  public static jaegerRemote(options: JaegerRemoteSamplerOptions = {}): TraceSampler {
    return new TraceSampler({ ...options, type: 'jaeger_remote' });
  }

  /** The value of OTEL_TRACES_SAMPLER. */
  public readonly type: string;

  private constructor(spec: SamplerSpec) {
    SAMPLER_SPECS.set(this, spec);
    this.type = spec.type;
  }
}

const SAMPLER_SPECS = new FactorySpecs<TraceSampler, SamplerSpec>('TraceSampler',
  'make it with a factory: TraceSampler.parentBasedAlwaysOn(), .parentBasedTraceIdRatio(ratio), .parentBasedJaegerRemote({ ... }) or another of its factories');

/** A sampler without arguments. */
interface FixedSampler {
  readonly type: 'parentbased_always_on' | 'always_on' | 'parentbased_always_off' | 'always_off';
}

/** A sampler that keeps a fixed share of traces, by trace ID. */
interface RatioSampler {
  readonly type: 'parentbased_traceidratio' | 'traceidratio';
  readonly ratio: number;
}

/** A Jaeger remote sampler, as the construct reads it. */
interface JaegerRemoteSampler extends JaegerRemoteSamplerOptions {
  readonly type: 'parentbased_jaeger_remote' | 'jaeger_remote';
}

/** What a sampler factory was given. */
type SamplerSpec = FixedSampler | RatioSampler | JaegerRemoteSampler;

/** Options of a sampler that polls a Jaeger remote-sampling endpoint for its service's strategy. */
export interface JaegerRemoteSamplerOptions {
  /**
   * How the service's SDK asks for its strategy. `grpc`: the specification's `jaeger_remote`
   * sampler as the Java SDK's autoconfiguration reads it from OTEL_TRACES_SAMPLER_ARG (the
   * `sampling.proto` gRPC API, port 5779). `http`: the Go SDK's sampler
   * (go.opentelemetry.io/contrib/samplers/jaegerremote), which the program constructs (the Go
   * SDK ignores OTEL_TRACES_SAMPLER=jaeger_remote) and which reads OTEL_TRACES_SAMPLER_ARG's
   * `endpoint` as the full strategies URL it GETs with `?service=<name>` (port 5778, path
   * `/sampling`; sampler_remote_options.go, getEnvOptions).
   * @default 'grpc'
   */
  readonly protocol?: JaegerRemoteSamplingProtocol;
  /**
   * The remote-sampling server: for `grpc`, `scheme://host:port` of the gRPC API; for `http`,
   * the strategies URL (`/sampling` is added when the URL has no path).
   * @default - the node-local agent: `http://otel-collector.monitoring.svc:5779` (grpc) or `http://otel-collector.monitoring.svc:5778/sampling` (http)
   */
  readonly endpoint?: string;
  /**
   * How often the SDK polls for a new strategy, in milliseconds.
   * @default 60000
   */
  readonly pollingIntervalMs?: number;
  /**
   * The sampling probability used until the first strategy arrives (and while the server is
   * unreachable), in [0, 1].
   * @default 1
   */
  readonly initialSamplingRate?: number;
}

/** How an SDK's Jaeger remote sampler reaches the strategies (see {@link JaegerRemoteSamplerOptions.protocol}). */
export enum JaegerRemoteSamplingProtocol {
  /** gRPC `sampling.proto` on 5779 (Java). */
  GRPC = 'grpc',
  /** HTTP `GET ?service=` on 5778 (Go). */
  HTTP = 'http',
}
const REMOTE_PROTOCOLS: readonly JaegerRemoteSamplingProtocol[] = Object.values(JaegerRemoteSamplingProtocol);
/** The strategies path of the HTTP sampling API (Jaeger's and the agent's jaegerremotesampling). */
const SAMPLING_HTTP_PATH = '/sampling';


const FIXED_SAMPLERS = ['parentbased_always_on', 'always_on', 'parentbased_always_off', 'always_off'];
const RATIO_SAMPLERS = ['parentbased_traceidratio', 'traceidratio'];
const REMOTE_SAMPLERS = ['parentbased_jaeger_remote', 'jaeger_remote'];
/** The options each kind of sampler takes besides `type`. */
const SAMPLER_FIELDS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [FIXED_SAMPLERS, []],
  [RATIO_SAMPLERS, ['ratio']],
  [REMOTE_SAMPLERS, propsOf('JaegerRemoteSamplerOptions')],
];

/**
 * Validates a sampler and returns what OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG say.
 * `agentHost` is where the default remote-sampling endpoints point (the node-local agent).
 */
export function samplerSettings(where: string, given: unknown, agentHost: string): SamplerSettings {
  const sampler = SAMPLER_SPECS.of(where, 'sampler', given);
  const type: string = sampler.type;
  // A field of another sampler (ratio given to jaegerRemote from JavaScript) would be silently ignored.
  const fields = SAMPLER_FIELDS.find(([types]) => types.includes(type))?.[1] ?? [];
  for (const key of Object.keys(sampler)) {
    if (key !== 'type' && !fields.includes(key)) {
      invalidProp(where, `sampler.${key}`, (sampler as any)[key], `has no effect with sampler type "${type}"`,
        fields.length ? `remove it; this type takes ${fields.join(', ')}` : 'remove it; this type takes no options');
    }
  }
  if (FIXED_SAMPLERS.includes(type)) {
    return { sampler: type };
  }
  if (RATIO_SAMPLERS.includes(type)) {
    const ratio = checkProbability(where, 'sampler.ratio', (sampler as RatioSampler).ratio);
    return { sampler: type, argument: String(ratio) };
  }
  // The remaining factories: the Jaeger remote samplers.
  const remote = sampler as JaegerRemoteSampler;
  const protocol = remote.protocol ?? JaegerRemoteSamplingProtocol.GRPC;
  if (!REMOTE_PROTOCOLS.includes(protocol)) {
    invalidProp(where, 'sampler.protocol', protocol, 'not a remote-sampling protocol',
      'use "grpc" (Java and the specification\'s jaeger_remote, port 5779) or "http" (Go\'s jaegerremote, port 5778)');
  }
  const grpcDefault = `http://${agentHost}:${Ports.SAMPLING_GRPC.port}`;
  const httpDefault = `http://${agentHost}:${Ports.SAMPLING_HTTP.port}${SAMPLING_HTTP_PATH}`;
  let endpoint = remote.endpoint ?? (protocol === 'grpc' ? grpcDefault : httpDefault);
  const url = checkHttpUrl(where, 'sampler.endpoint', endpoint, protocol === 'grpc'
    ? `use the remote-sampling gRPC server as scheme://host:port, e.g. "${grpcDefault}"`
    : `use the strategies URL, e.g. "${httpDefault}"`);
  const hasPath = url.pathname !== '/' && url.pathname !== '';
  // The agent serves each protocol on its own port; the wrong one is accepted by the SDK and
  // fails only when it polls, silently falling back to initialSamplingRate.
  const wrongPort = protocol === 'grpc' ? Ports.SAMPLING_HTTP.port : Ports.SAMPLING_GRPC.port;
  if (url.port === String(wrongPort)) {
    invalidProp(where, 'sampler.endpoint', endpoint, `port ${wrongPort} serves remote sampling over ${protocol === 'grpc' ? 'HTTP' : 'gRPC'}, but protocol is ${protocol}`,
      protocol === 'grpc' ? `use port ${Ports.SAMPLING_GRPC.port}, or set protocol: "http" for an SDK that polls over HTTP (Go)`
        : `use port ${Ports.SAMPLING_HTTP.port} and path ${SAMPLING_HTTP_PATH}, or set protocol: "grpc" (Java)`);
  }
  if (protocol === 'grpc' && hasPath) {
    invalidProp(where, 'sampler.endpoint', endpoint, 'the specification\'s endpoint is a gRPC server (scheme://host:port) and has no path',
      'drop the path, or set protocol: "http" for an SDK that polls an HTTP URL (Go)');
  }
  if (protocol === 'http' && !hasPath) endpoint = `${endpoint.replace(/\/$/, '')}${SAMPLING_HTTP_PATH}`;
  if (url.search !== '' || url.hash !== '') {
    invalidProp(where, 'sampler.endpoint', endpoint, 'has a query or fragment', 'drop it: the SDK adds ?service=<name> itself');
  }
  const polling = checkNumber(where, 'sampler.pollingIntervalMs', remote.pollingIntervalMs ?? 60_000, {
    min: 1000, integer: true, fix: 'use whole milliseconds, at least 1000 (the server is polled, not pushed)',
  });
  const initial = checkProbability(where, 'sampler.initialSamplingRate', remote.initialSamplingRate ?? 1);
  return {
    sampler: type,
    argument: `endpoint=${endpoint.replace(/\/$/, '')},pollingIntervalMs=${polling},initialSamplingRate=${initial}`,
  };
}

/** What a sampler puts into the SDK environment. */
export interface SamplerSettings {
  /** OTEL_TRACES_SAMPLER. */
  readonly sampler: string;
  /** OTEL_TRACES_SAMPLER_ARG, for the samplers that take one. */
  readonly argument?: string;
}
