import { k8s } from 'cdk8s-plus-33';

/**
 * Every network port of the stack, defined once. Collector configs (`endpoint: 0.0.0.0:4317`),
 * container ports, Service ports, probes, monitors and NetworkPolicies are all derived from
 * these values, so they cannot drift apart.
 */
export interface PortSpec {
  /** Port name (an IANA_SVC_NAME: at most 15 lowercase letters, digits and "-"). */
  readonly name: string;
  /** Port number, the same in the container and on the Service. */
  readonly port: number;
  /** Transport protocol. */
  readonly protocol: 'TCP' | 'UDP';
  /** Application protocol, for meshes and Gateway API (`appProtocol` on Service ports). */
  readonly appProtocol?: string;
}

function port(name: string, number: number, protocol: 'TCP' | 'UDP' = 'TCP', appProtocol?: string): PortSpec {
  return { name, port: number, protocol, ...(appProtocol ? { appProtocol } : {}) };
}

/** The ports, by what they carry (static members, so every jsii language sees them). */
export class Ports {
  /** OTLP over gRPC (receivers of the agent, gateway and Jaeger collector). */
  public static readonly OTLP_GRPC: PortSpec = port('otlp-grpc', 4317, 'TCP', 'grpc');
  /** OTLP over HTTP. */
  public static readonly OTLP_HTTP: PortSpec = port('otlp-http', 4318, 'TCP', 'http');
  /** Legacy Jaeger: model.proto over gRPC. */
  public static readonly JAEGER_GRPC: PortSpec = port('jaeger-grpc', 14250, 'TCP', 'grpc');
  /** Legacy Jaeger: thrift over HTTP (`/api/traces`). */
  public static readonly JAEGER_THRIFT_HTTP: PortSpec = port('thrift-http', 14268, 'TCP', 'http');
  /** Legacy Jaeger agent: thrift compact over UDP (most Jaeger client libraries). */
  public static readonly JAEGER_THRIFT_COMPACT: PortSpec = port('thrift-compact', 6831, 'UDP');
  /** Legacy Jaeger agent: thrift binary over UDP (Node.js client). */
  public static readonly JAEGER_THRIFT_BINARY: PortSpec = port('thrift-binary', 6832, 'UDP');
  /** Zipkin v1/v2 JSON and protobuf over HTTP. */
  public static readonly ZIPKIN: PortSpec = port('zipkin', 9411, 'TCP', 'http');
  /** Remote sampling strategies over HTTP (`/sampling?service=`). */
  public static readonly SAMPLING_HTTP: PortSpec = port('sampling-http', 5778, 'TCP', 'http');
  /** Remote sampling strategies over gRPC. */
  public static readonly SAMPLING_GRPC: PortSpec = port('sampling-grpc', 5779, 'TCP', 'grpc');
  /**
   * Health of the agents' remote-sampling server (a Jaeger process beside the agent container,
   * whose `health` port the Collector already holds).
   */
  public static readonly SAMPLING_HEALTH: PortSpec = port('sampling-health', 13134, 'TCP', 'http');
  /** Jaeger UI and HTTP API. */
  public static readonly QUERY_HTTP: PortSpec = port('query-http', 16686, 'TCP', 'http');
  /** Jaeger query gRPC API. */
  public static readonly QUERY_GRPC: PortSpec = port('query-grpc', 16685, 'TCP', 'grpc');
  /** Jaeger remote-storage gRPC API. */
  public static readonly REMOTE_STORAGE_GRPC: PortSpec = port('storage-grpc', 17271, 'TCP', 'grpc');
  /** Health check (`healthcheckv2` in Jaeger, `health_check` in the Collector). */
  public static readonly HEALTH: PortSpec = port('health', 13133, 'TCP', 'http');
  /** The process's own Prometheus metrics. */
  public static readonly METRICS: PortSpec = port('metrics', 8888, 'TCP', 'http');
  /** Span-derived RED metrics (the agent's `prometheus` exporter). */
  public static readonly SPAN_METRICS: PortSpec = port('span-metrics', 8889, 'TCP', 'http');
  /** The UI's authenticating proxy (oauth2-proxy's HTTP listener, in front of `QUERY_HTTP`). */
  public static readonly UI_PROXY_HTTP: PortSpec = port('proxy-http', 4180, 'TCP', 'http');

  private constructor() {}
}

/** `0.0.0.0:<port>`: collectors since v0.104 bind localhost unless told otherwise. */
export function listenAddress(p: PortSpec): string {
  return `0.0.0.0:${p.port}`;
}

/** `<service>.<namespace>.svc:<port>`, the in-cluster address of a Service port. */
export function serviceAddress(service: string, namespace: string, p: PortSpec): string {
  return `${serviceHost(service, namespace)}:${p.port}`;
}

/**
 * `<service>.<namespace>.svc`: resolves through the pod's DNS search path whatever the
 * cluster domain is (not every cluster is `cluster.local`).
 */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc`;
}

/** A container port for this spec. */
export function containerPort(p: PortSpec): k8s.ContainerPort {
  return { name: p.name, containerPort: p.port, protocol: p.protocol };
}

/** A Service port for this spec, targeting the container port by name. */
export function servicePort(p: PortSpec): k8s.ServicePort {
  return {
    name: p.name,
    port: p.port,
    targetPort: k8s.IntOrString.fromString(p.name),
    protocol: p.protocol,
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
  };
}
