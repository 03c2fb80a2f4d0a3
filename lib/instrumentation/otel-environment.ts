import { k8s } from 'cdk8s-plus-33';
import { checkBoolean, checkHttpUrl, checkNonEmpty, invalidProp, isObjectMap, Ports, serviceHost } from '../k8s';
import { OtelCollector } from '../otel/otel-collector';
import { TlsLink } from '../tls/tracing-tls';
import { samplerSettings, TraceSampler } from './trace-sampler';

/**
 * The OpenTelemetry SDK environment (OTEL_*) that points an application at the node-local agent.
 * Names and values follow the OpenTelemetry SDK environment-variable specification
 * (opentelemetry-specification: specification/configuration/sdk-environment-variables.md).
 */

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
   * The collectors the service sends its spans to: their node agents (the `internalTrafficPolicy:
   * Local` Service, so spans never leave the node before an agent has them), or the gateways in
   * mode `gateway-only`. The namespace, the port of `protocol` and TLS follow: with the apps'
   * link under TLS (`TlsLink.APPS_TO_AGENT`) the endpoint is `https`, and `certificateFile` says
   * where the pods find the CA. Give `endpoint` instead only for collectors made elsewhere.
   * @default - none: give `collector` or `endpoint`
   */
  readonly collector?: OtelCollector;
  /**
   * Path of the CA certificate the SDK trusts for an `https` endpoint
   * (OTEL_EXPORTER_OTLP_CERTIFICATE), as mounted in the service's pods.
   * @default - the system's roots; required for a `collector` whose apps' link is under TLS
   */
  readonly certificateFile?: string;
  /**
   * OTLP transport; the endpoint's port follows it (4318 for `http/protobuf`, 4317 for `grpc`).
   * @default 'http/protobuf'
   */
  readonly protocol?: OtlpProtocol;
  /**
   * OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) of collectors made elsewhere, instead of
   * `collector`. A base URL: for `http/protobuf` the SDK appends `/v1/traces` itself, so do not
   * include it.
   * @default - the endpoint of `collector`
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
  CERTIFICATE: 'OTEL_EXPORTER_OTLP_CERTIFICATE',
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
  [OtelEnv.ENDPOINT, OtelEnv.PROTOCOL, OtelEnv.TRACES_ENDPOINT, OtelEnv.TRACES_PROTOCOL, OtelEnv.CERTIFICATE],
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
  const port = OTLP_PORT_BY_PROTOCOL[protocol];
  const target = collectorTarget(where, options, port);
  const endpoint = target.endpoint;
  const url = checkHttpUrl(where, 'endpoint', endpoint, `use a base URL such as "http://otel-collector.tracing.svc:${port}"`);
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

  const sampler = samplerSettings(where, options.sampler ?? TraceSampler.parentBasedAlwaysOn(), url.hostname);
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
    ...(target.certificateFile === undefined ? [] : [[OtelEnv.CERTIFICATE, target.certificateFile] as const]),
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

/**
 * Where the SDK sends: the collector's front door for apps (agents, or gateways without agents)
 * in its namespace, `https` when the apps' link is under TLS; or the endpoint of collectors made
 * elsewhere.
 */
function collectorTarget(where: string, options: OtelEnvironmentOptions, port: number): { endpoint: string; certificateFile?: string } {
  const { collector, endpoint } = options;
  const certificateFile = options.certificateFile === undefined ? undefined
    : checkNonEmpty(where, 'certificateFile', options.certificateFile, 'give the path of the CA certificate in the pods, e.g. "/etc/otel/ca.crt"');
  if (collector !== undefined && endpoint !== undefined) {
    invalidProp(where, 'endpoint', endpoint, 'is given together with collector, whose endpoint it would replace',
      'give collector for an OtelCollector of this app, endpoint only for collectors made elsewhere');
  }
  if (endpoint !== undefined) return { endpoint, certificateFile };
  if (collector === undefined) {
    invalidProp(where, 'collector', collector, 'is required: the SDK must know where to send its spans',
      'pass the OtelCollector ({ collector: otel }), or endpoint for collectors made elsewhere');
  }
  if (!(collector instanceof OtelCollector)) {
    invalidProp(where, 'collector', collector, 'is not an OtelCollector', 'pass the OtelCollector construct ({ collector: otel })');
  }
  const service = collector.agentServiceName ?? collector.gatewayServiceName!;
  const tls = collector.tls;
  if (collector.agentServiceName === undefined && tls?.covers(TlsLink.AGENT_TO_GATEWAY)) {
    invalidProp(where, 'collector', collector.node.path, 'has no agents, and its gateways accept only clients with a certificate of the CA (TlsLink.AGENT_TO_GATEWAY), which an SDK environment cannot give',
      'send through agents (mode agent-and-gateway), or leave AGENT_TO_GATEWAY out of the TLS links');
  }
  const secure = collector.agentServiceName !== undefined && tls?.covers(TlsLink.APPS_TO_AGENT) === true;
  if (secure && certificateFile === undefined) {
    invalidProp(where, 'certificateFile', undefined, `is required: the agents of ${collector.node.path} serve the apps over TLS (TlsLink.APPS_TO_AGENT), and the SDK must trust their CA`,
      'mount the CA certificate in the service\'s pods and give its path, e.g. certificateFile: "/etc/otel/ca.crt"');
  }
  if (!secure && certificateFile !== undefined) {
    invalidProp(where, 'certificateFile', certificateFile, `has no effect: the agents of ${collector.node.path} serve the apps in plaintext`,
      'remove it, or put TlsLink.APPS_TO_AGENT in the TLS links');
  }
  return { endpoint: `${secure ? 'https' : 'http'}://${serviceHost(service, collector.namespace)}:${port}`, certificateFile };
}
