import { k8s } from 'cdk8s-plus-33';
import {
  checkBoolean, checkDnsLabel, checkNonEmpty, checkNumber, checkProbability, invalidProp, isObjectMap, Ports, serviceHost, ServiceNames,
} from '../k8s';

/**
 * The OpenTelemetry SDK environment (OTEL_*) that points an application at the node-local agent.
 * Names and values follow the OpenTelemetry SDK environment-variable specification
 * (opentelemetry-specification: specification/configuration/sdk-environment-variables.md).
 */

/** The namespace of the tracing stack (where the node-local agent runs). */
export const DEFAULT_AGENT_NAMESPACE = 'monitoring';

/**
 * OTLP transport. `http/protobuf` (port 4318) is the default: it is the specification's default,
 * every SDK implements it (some, e.g. Ruby's and PHP's without extensions, have no gRPC
 * exporter at all), and it needs no HTTP/2 client. `grpc` uses port 4317.
 */
export type OtlpProtocol = 'http/protobuf' | 'grpc';

/** The OTLP port each protocol is served on by the agent. */
export const OTLP_PORT_BY_PROTOCOL: Readonly<Record<OtlpProtocol, number>> = {
  'http/protobuf': Ports.OTLP_HTTP.port,
  'grpc': Ports.OTLP_GRPC.port,
};

/** A sampler without arguments. */
export interface FixedSampler {
  /**
   * `parentbased_always_on` (the default) records every trace the caller did not already drop:
   * the tail-sampling gateway decides what is kept, so error and slow traces are never lost
   * at the head.
   */
  readonly type: 'parentbased_always_on' | 'always_on' | 'parentbased_always_off' | 'always_off';
}

/** A sampler that keeps a fixed share of traces, by trace ID. */
export interface RatioSampler {
  /** `parentbased_traceidratio` follows the caller's decision; `traceidratio` ignores it. */
  readonly type: 'parentbased_traceidratio' | 'traceidratio';
  /** The share of traces kept, in [0, 1]. Written as OTEL_TRACES_SAMPLER_ARG. */
  readonly ratio: number;
}

/** A sampler that polls a Jaeger remote-sampling endpoint for its service's strategy. */
export interface JaegerRemoteSampler {
  /** `parentbased_jaeger_remote` follows the caller's decision; `jaeger_remote` ignores it. */
  readonly type: 'parentbased_jaeger_remote' | 'jaeger_remote';
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

/** How an SDK's Jaeger remote sampler reaches the strategies (see {@link JaegerRemoteSampler.protocol}). */
export type JaegerRemoteSamplingProtocol = 'grpc' | 'http';
const REMOTE_PROTOCOLS: readonly JaegerRemoteSamplingProtocol[] = ['grpc', 'http'];
/** The strategies path of the HTTP sampling API (Jaeger's and the agent's jaegerremotesampling). */
const SAMPLING_HTTP_PATH = '/sampling';

/** A head sampler (OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG). */
export type TraceSampler = FixedSampler | RatioSampler | JaegerRemoteSampler;

/** The propagators the SDKs know (OTEL_PROPAGATORS). */
export type Propagator = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger' | 'xray' | 'ottrace' | 'none';
const PROPAGATORS: readonly Propagator[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace', 'none'];

const FIXED_SAMPLERS = ['parentbased_always_on', 'always_on', 'parentbased_always_off', 'always_off'];
const RATIO_SAMPLERS = ['parentbased_traceidratio', 'traceidratio'];
const REMOTE_SAMPLERS = ['parentbased_jaeger_remote', 'jaeger_remote'];
/** The options each kind of sampler takes besides `type`. */
const SAMPLER_FIELDS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [FIXED_SAMPLERS, []],
  [RATIO_SAMPLERS, ['ratio']],
  [REMOTE_SAMPLERS, ['protocol', 'endpoint', 'pollingIntervalMs', 'initialSamplingRate']],
];

/** Options shared by every way of instrumenting a service. */
export interface OtelEnvironmentOptions {
  /** The service name every span carries (OTEL_SERVICE_NAME), e.g. `checkout`. */
  readonly serviceName: string;
  /**
   * Name of the node-local agent's Service (the OtelCollector agent's `internalTrafficPolicy:
   * Local` Service), so spans never leave the node before the agent has them.
   * @default 'otel-collector' (ServiceNames.OTEL_AGENT)
   */
  readonly agentService?: string;
  /**
   * Namespace of the node-local agent's Service.
   * @default 'monitoring'
   */
  readonly agentNamespace?: string;
  /**
   * OTLP transport; the endpoint's port follows it (4318 for `http/protobuf`, 4317 for `grpc`).
   * @default 'http/protobuf'
   */
  readonly protocol?: OtlpProtocol;
  /**
   * Full OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), overriding `agentService`/`agentNamespace`.
   * A base URL: for `http/protobuf` the SDK appends `/v1/traces` itself, so do not include it.
   * @default - `http://<agentService>.<agentNamespace>.svc:<port of protocol>`
   */
  readonly endpoint?: string;
  /**
   * The head sampler.
   * @default { type: 'parentbased_always_on' }
   */
  readonly sampler?: TraceSampler;
  /**
   * Context propagators, in order.
   * @default ['tracecontext', 'baggage']
   */
  readonly propagators?: Propagator[];
  /**
   * Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES), e.g.
   * `{ 'deployment.environment.name': 'production' }`. Values are percent-encoded as the
   * specification requires. `k8s.pod.name`, `k8s.namespace.name`, `k8s.node.name` and
   * `k8s.container.name` are set from the downward API and cannot be given here.
   * @default - none
   */
  readonly resourceAttributes?: Record<string, string>;
  /**
   * Whether the SDK also exports metrics and logs over OTLP. Off by default, which sets
   * OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER to `none`: the stack's agent runs trace
   * pipelines, and an SDK exporting metrics to it would log an export error every interval.
   * @default false
   */
  readonly exportMetricsAndLogs?: boolean;
}

/** Names of the variables this library sets. */
export const OtelEnv = {
  SERVICE_NAME: 'OTEL_SERVICE_NAME',
  RESOURCE_ATTRIBUTES: 'OTEL_RESOURCE_ATTRIBUTES',
  ENDPOINT: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  PROTOCOL: 'OTEL_EXPORTER_OTLP_PROTOCOL',
  TRACES_ENDPOINT: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  TRACES_PROTOCOL: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  TRACES_EXPORTER: 'OTEL_TRACES_EXPORTER',
  METRICS_EXPORTER: 'OTEL_METRICS_EXPORTER',
  LOGS_EXPORTER: 'OTEL_LOGS_EXPORTER',
  SAMPLER: 'OTEL_TRACES_SAMPLER',
  SAMPLER_ARG: 'OTEL_TRACES_SAMPLER_ARG',
  PROPAGATORS: 'OTEL_PROPAGATORS',
  /** Downward-API helpers (named like the OpenTelemetry Operator's), referenced as `$(NAME)`. */
  POD_NAME: 'OTEL_RESOURCE_ATTRIBUTES_POD_NAME',
  NAMESPACE_NAME: 'OTEL_RESOURCE_ATTRIBUTES_NAMESPACE_NAME',
  NODE_NAME: 'OTEL_RESOURCE_ATTRIBUTES_NODE_NAME',
} as const;

/**
 * Variables that only make sense together: if a container already sets one of a group, none
 * of the group is added, so an existing endpoint is never paired with our protocol (a gRPC
 * port spoken to in HTTP fails silently) and an existing sampler never gets our argument.
 */
export const ENV_GROUPS: readonly (readonly string[])[] = [
  [OtelEnv.ENDPOINT, OtelEnv.PROTOCOL, OtelEnv.TRACES_ENDPOINT, OtelEnv.TRACES_PROTOCOL],
  [OtelEnv.SAMPLER, OtelEnv.SAMPLER_ARG],
];

/** The downward-API fields, and the resource attribute each becomes. */
const DOWNWARD_FIELDS = [
  { env: OtelEnv.POD_NAME, fieldPath: 'metadata.name', attribute: 'k8s.pod.name' },
  { env: OtelEnv.NAMESPACE_NAME, fieldPath: 'metadata.namespace', attribute: 'k8s.namespace.name' },
  { env: OtelEnv.NODE_NAME, fieldPath: 'spec.nodeName', attribute: 'k8s.node.name' },
] as const;

const RESERVED_ATTRIBUTES = [...DOWNWARD_FIELDS.map((f) => f.attribute), 'k8s.container.name', 'service.name'];
const ATTRIBUTE_KEY = /^[A-Za-z0-9_.\-/]+$/;
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** The validated, defaulted environment of one service. */
export interface OtelEnvironment {
  /** The service name. */
  readonly serviceName: string;
  /** The OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly endpoint: string;
  /** The OTLP protocol (OTEL_EXPORTER_OTLP_PROTOCOL). */
  readonly protocol: OtlpProtocol;
  /**
   * Variables with fixed values, in order: everything except OTEL_RESOURCE_ATTRIBUTES, which
   * depends on the pod. This is what a ConfigMap for `envFrom` carries.
   */
  readonly staticVars: ReadonlyArray<readonly [string, string]>;
  /** Resource attributes that do not depend on the pod (the `resourceAttributes` option). */
  readonly staticResourceAttributes: string;
  /**
   * The pod-dependent variables for one container, in dependency order: the downward-API
   * variables first, then OTEL_RESOURCE_ATTRIBUTES, which references them as `$(NAME)`
   * (Kubernetes expands `$(NAME)` only from variables defined earlier in the list).
   */
  podVars(containerName?: string): k8s.EnvVar[];
  /** Every variable for one container, in order: `podVars` then `staticVars`. */
  containerVars(containerName?: string): k8s.EnvVar[];
}

/** Percent-encodes a resource-attribute value (the W3C Baggage octet rules the spec refers to). */
function encodeAttributeValue(value: string): string {
  return encodeURIComponent(value);
}

function checkUrl(where: string, prop: string, value: unknown, fix: string): URL {
  checkNonEmpty(where, prop, value, fix);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    return invalidProp(where, prop, value, 'not an absolute URL', fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    invalidProp(where, prop, value, `scheme "${url.protocol}" is not http or https`, fix);
  }
  return url;
}

function checkSampler(where: string, sampler: TraceSampler, agentHost: string): Array<readonly [string, string]> {
  const type = (sampler as { type?: unknown })?.type;
  // A field of another sampler type (ratio on always_on) would be silently ignored.
  const fields = typeof type === 'string' ? SAMPLER_FIELDS.find(([types]) => types.includes(type))?.[1] : undefined;
  if (fields && sampler && typeof sampler === 'object') {
    for (const key of Object.keys(sampler)) {
      if (key !== 'type' && !fields.includes(key)) {
        invalidProp(where, `sampler.${key}`, (sampler as any)[key], `has no effect with sampler type "${type}"`,
          fields.length ? `remove it; this type takes ${fields.join(', ')}` : 'remove it; this type takes no options');
      }
    }
  }
  if (typeof type === 'string' && FIXED_SAMPLERS.includes(type)) {
    return [[OtelEnv.SAMPLER, type]];
  }
  if (typeof type === 'string' && RATIO_SAMPLERS.includes(type)) {
    const ratio = checkProbability(where, 'sampler.ratio', (sampler as RatioSampler).ratio);
    return [[OtelEnv.SAMPLER, type], [OtelEnv.SAMPLER_ARG, String(ratio)]];
  }
  if (typeof type === 'string' && REMOTE_SAMPLERS.includes(type)) {
    const remote = sampler as JaegerRemoteSampler;
    const protocol = remote.protocol ?? 'grpc';
    if (!REMOTE_PROTOCOLS.includes(protocol)) {
      invalidProp(where, 'sampler.protocol', protocol, 'not a remote-sampling protocol',
        'use "grpc" (Java and the specification\'s jaeger_remote, port 5779) or "http" (Go\'s jaegerremote, port 5778)');
    }
    const grpcDefault = `http://${agentHost}:${Ports.SAMPLING_GRPC.port}`;
    const httpDefault = `http://${agentHost}:${Ports.SAMPLING_HTTP.port}${SAMPLING_HTTP_PATH}`;
    let endpoint = remote.endpoint ?? (protocol === 'grpc' ? grpcDefault : httpDefault);
    const url = checkUrl(where, 'sampler.endpoint', endpoint, protocol === 'grpc'
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
    return [
      [OtelEnv.SAMPLER, type],
      [OtelEnv.SAMPLER_ARG, `endpoint=${endpoint.replace(/\/$/, '')},pollingIntervalMs=${polling},initialSamplingRate=${initial}`],
    ];
  }
  return invalidProp(where, 'sampler.type', type, 'not a sampler the OpenTelemetry SDKs know',
    `use one of ${[...FIXED_SAMPLERS, ...RATIO_SAMPLERS, ...REMOTE_SAMPLERS].join(', ')}`);
}

/** A valid OpenTelemetry service name (also used in object names, so kept conservative). */
export function checkServiceName(where: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !SERVICE_NAME.test(value)) {
    invalidProp(where, prop, value, 'not a usable service name',
      'use letters, digits, ".", "_" and "-", starting with a letter or digit, e.g. "checkout"');
  }
  return value;
}

/**
 * Validates the options and builds the environment. `where` names the caller in errors, e.g.
 * `ServiceInstrumentation "checkout"`.
 */
export function otelEnvironment(where: string, options: OtelEnvironmentOptions): OtelEnvironment {
  const serviceName = checkServiceName(where, 'serviceName', options?.serviceName);
  const protocol = options.protocol ?? 'http/protobuf';
  if (!(protocol in OTLP_PORT_BY_PROTOCOL)) {
    invalidProp(where, 'protocol', protocol, 'not an OTLP protocol the agent serves',
      'use "http/protobuf" (port 4318) or "grpc" (port 4317)');
  }
  const agentService = checkDnsLabel(where, 'agentService', options.agentService ?? ServiceNames.OTEL_AGENT);
  const agentNamespace = checkDnsLabel(where, 'agentNamespace', options.agentNamespace ?? DEFAULT_AGENT_NAMESPACE);
  if (options.endpoint !== undefined && (options.agentService !== undefined || options.agentNamespace !== undefined)) {
    invalidProp(where, 'endpoint', options.endpoint, 'is given together with agentService/agentNamespace, which it overrides',
      'give either the full endpoint or the agent Service, not both');
  }
  const port = OTLP_PORT_BY_PROTOCOL[protocol];
  const endpoint = options.endpoint ?? `http://${serviceHost(agentService, agentNamespace)}:${port}`;
  const url = checkUrl(where, 'endpoint', endpoint, `use a base URL such as "http://${serviceHost(agentService, agentNamespace)}:${port}"`);
  if (/\/v1\/traces\/?$/.test(url.pathname)) {
    invalidProp(where, 'endpoint', endpoint, 'OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: the SDK appends /v1/traces itself, so the spans would go to /v1/traces/v1/traces',
      'drop the /v1/traces suffix');
  }
  // The agent serves each protocol on its own port; a mismatch is accepted by the SDK and
  // fails only at export time, in the user's cluster.
  const otherProtocol = (Object.keys(OTLP_PORT_BY_PROTOCOL) as OtlpProtocol[]).find((p) => p !== protocol)!;
  if (url.port === String(OTLP_PORT_BY_PROTOCOL[otherProtocol])) {
    invalidProp(where, 'endpoint', endpoint, `port ${url.port} serves OTLP ${otherProtocol}, but protocol is ${protocol}`,
      `use port ${port} for ${protocol}, or set protocol to "${otherProtocol}"`);
  }

  const samplerVars = checkSampler(where, options.sampler ?? { type: 'parentbased_always_on' }, serviceHost(agentService, agentNamespace));

  const propagators = options.propagators ?? ['tracecontext', 'baggage'];
  if (!Array.isArray(propagators) || propagators.length === 0) {
    invalidProp(where, 'propagators', propagators, 'expected a non-empty list', 'use e.g. ["tracecontext", "baggage"]');
  }
  propagators.forEach((p, i) => {
    if (!PROPAGATORS.includes(p)) {
      invalidProp(where, `propagators[${i}]`, p, 'not a propagator the OpenTelemetry SDKs know', `use one of ${PROPAGATORS.join(', ')}`);
    }
  });
  if (new Set(propagators).size !== propagators.length) {
    invalidProp(where, 'propagators', propagators, 'lists a propagator twice', 'list each once');
  }

  const attributes: unknown = options.resourceAttributes ?? {};
  if (!isObjectMap(attributes)) {
    invalidProp(where, 'resourceAttributes', attributes, 'expected a map of attribute keys to values', 'use e.g. { "deployment.environment.name": "production" }');
  }
  const extra = Object.entries(attributes as Record<string, string>);
  for (const [key, value] of extra) {
    if (!ATTRIBUTE_KEY.test(key)) {
      invalidProp(where, `resourceAttributes.${key}`, key, 'not a resource attribute key', 'use letters, digits, ".", "_", "-" and "/", e.g. "deployment.environment.name"');
    }
    if (RESERVED_ATTRIBUTES.includes(key)) {
      invalidProp(where, `resourceAttributes.${key}`, value, 'is set by the instrumentation itself (from the service name or the downward API)', 'remove it');
    }
    if (typeof value !== 'string' || value === '') {
      invalidProp(where, `resourceAttributes.${key}`, value, 'expected a non-empty string', 'give the value as a string');
    }
    // A lone UTF-16 surrogate has no UTF-8 form, so it cannot be percent-encoded for the SDK.
    if (/\p{Cs}/u.test(value)) {
      invalidProp(where, `resourceAttributes.${key}`, value, 'is not well-formed Unicode (a lone surrogate)', 'give the value as valid Unicode text');
    }
  }
  const staticResourceAttributes = extra.map(([k, v]) => `${k}=${encodeAttributeValue(v)}`).join(',');

  const otherSignals = checkBoolean(where, 'exportMetricsAndLogs', options.exportMetricsAndLogs ?? false) ? 'otlp' : 'none';
  const staticVars: Array<readonly [string, string]> = [
    [OtelEnv.SERVICE_NAME, serviceName],
    [OtelEnv.ENDPOINT, endpoint],
    [OtelEnv.PROTOCOL, protocol],
    // The Jaeger exporter is gone from the specification and the SDKs: traces go out as OTLP.
    [OtelEnv.TRACES_EXPORTER, 'otlp'],
    [OtelEnv.METRICS_EXPORTER, otherSignals],
    [OtelEnv.LOGS_EXPORTER, otherSignals],
    ...samplerVars,
    [OtelEnv.PROPAGATORS, propagators.join(',')],
  ];

  const podVars = (containerName?: string): k8s.EnvVar[] => {
    const attributes = [
      ...DOWNWARD_FIELDS.map((f) => `${f.attribute}=$(${f.env})`),
      ...(containerName ? [`k8s.container.name=${encodeAttributeValue(containerName)}`] : []),
      ...(staticResourceAttributes ? [staticResourceAttributes] : []),
    ];
    return [
      ...DOWNWARD_FIELDS.map((f) => ({ name: f.env, valueFrom: { fieldRef: { fieldPath: f.fieldPath } } })),
      { name: OtelEnv.RESOURCE_ATTRIBUTES, value: attributes.join(',') },
    ];
  };

  return {
    serviceName,
    endpoint,
    protocol,
    staticVars,
    staticResourceAttributes,
    podVars,
    containerVars: (containerName?: string) => [...podVars(containerName), ...staticVars.map(([name, value]) => ({ name, value }))],
  };
}
