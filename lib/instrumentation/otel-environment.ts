import { k8s } from 'cdk8s-plus-33';
import { checkBoolean, checkDnsLabel, checkHttpUrl, invalidProp, isObjectMap, Ports, serviceHost, ServiceNames } from '../k8s';
import { samplerSettings, TraceSampler } from './trace-sampler';

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
export enum OtlpProtocol {
  /** OTLP over HTTP with protobuf bodies, port 4318 (the default). */
  HTTP_PROTOBUF = 'http/protobuf',
  /** OTLP over gRPC, port 4317. */
  GRPC = 'grpc',
}

/** The OTLP port each protocol is served on by the agent. */
export const OTLP_PORT_BY_PROTOCOL: Readonly<Record<OtlpProtocol, number>> = {
  'http/protobuf': Ports.OTLP_HTTP.port,
  'grpc': Ports.OTLP_GRPC.port,
};

/** The propagators the SDKs know (OTEL_PROPAGATORS). */
export enum Propagator {
  /** W3C Trace Context. */
  TRACECONTEXT = 'tracecontext',
  /** W3C Baggage. */
  BAGGAGE = 'baggage',
  /** B3 single header. */
  B3 = 'b3',
  /** B3 multiple headers. */
  B3MULTI = 'b3multi',
  /** Jaeger's uber-trace-id. */
  JAEGER = 'jaeger',
  /** AWS X-Ray. */
  XRAY = 'xray',
  /** OpenTracing's ot-tracer-* headers. */
  OTTRACE = 'ottrace',
  /** No propagation. */
  NONE = 'none',
}
const PROPAGATORS: readonly Propagator[] = Object.values(Propagator);

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
   * @default TraceSampler.parentBasedAlwaysOn()
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
  const protocol = options.protocol ?? OtlpProtocol.HTTP_PROTOBUF;
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
  const url = checkHttpUrl(where, 'endpoint', endpoint, `use a base URL such as "http://${serviceHost(agentService, agentNamespace)}:${port}"`);
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

  const sampler = samplerSettings(where, options.sampler ?? TraceSampler.parentBasedAlwaysOn(), serviceHost(agentService, agentNamespace));
  const samplerVars: Array<readonly [string, string]> = [
    [OtelEnv.SAMPLER, sampler.sampler],
    ...(sampler.argument === undefined ? [] : [[OtelEnv.SAMPLER_ARG, sampler.argument] as const]),
  ];

  const propagators = options.propagators ?? ['tracecontext', 'baggage'];
  if (!Array.isArray(propagators) || propagators.length === 0) {
    invalidProp(where, 'propagators', propagators, 'expected a non-empty list', 'use e.g. ["tracecontext", "baggage"]');
  }
  propagators.forEach((p, i) => {
    if (!PROPAGATORS.includes(p as Propagator)) {
      invalidProp(where, `propagators[${i}]`, p, 'not a propagator the OpenTelemetry SDKs know', `use one of ${PROPAGATORS.join(', ')}`);
    }
  });
  if (new Set<string>(propagators).size !== propagators.length) {
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
