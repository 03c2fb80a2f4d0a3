import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  ComponentIdentity, ResolvedResources, ImageSpec, PodPlacement, placedPodSpec, placementTemplateMeta, PortSpec, Ports, SPAN_METRICS_NAMESPACE, SpanMetrics,
  listenAddress, memoryLimiter, namespacedMeta, recommendedLabels, restrictedPodSecurityContext, selectorLabels, servicePort, ServiceNames, WorkloadNames, clusterScoped,
} from '../k8s';
import { CollectorConfig, emptyConfig, internalTelemetry } from '../collector/config';
import { CollectorWorkload } from '../collector/collector-workload';
import { ExtensibleCollectorConfig } from '../collector/extensible-config';
import { ComponentTable } from '../collector/components';
import { CollectorServiceAccount } from '../collector/service-account';
import { K8S_ATTRIBUTES_METADATA, K8S_ATTRIBUTES_RULES } from './rbac';
import { collectorConfigMap, collectorContainer, collectorVolumes, podTemplateMeta } from '../collector/workload';
import { addWorkloadCertificate, linkClientTls, linkServerTls, tlsMount } from '../tls/collector-tls';
import { TlsLink, TracingTls } from '../tls/tracing-tls';
import type { ISamplingStrategiesSource } from '../jaeger/sampling-strategies';
import { addAgentSamplingServer } from './agent-sampling-server';

/** The sampling server's config in the pod's checksum. */
const SAMPLING_SERVER_CONFIG = 'sampling-server.yaml';

/** Span-metrics (RED) settings of the agent. */
export interface SpanMetricsProps {
  /**
   * Span attributes to add as metric dimensions, on top of the connector's own
   * (`service.name`, `span.name`, `span.kind`, `status.code`). Every value multiplies the
   * series count: keep them low-cardinality.
   * @default - none
   */
  readonly dimensions?: string[];
  /**
   * Duration histogram buckets (Go durations).
   * @default - the connector's defaults, 2ms … 15s
   */
  readonly histogramBuckets?: string[];
}

/** Explicit buckets equal to the span_metrics connector's defaults (connector/spanmetricsconnector config.go). */
export const DEFAULT_SPAN_METRICS_BUCKETS: readonly string[] = [
  '2ms', '4ms', '6ms', '8ms', '10ms', '50ms', '100ms', '200ms', '400ms', '800ms', '1s', '1400ms', '2s', '5s', '10s', '15s',
];

/** Where the agent sends what it receives. */
export type AgentExport =
  /** To the gateways, by trace id, through DNS on the gateways' headless Service. */
  | { readonly to: 'gateway'; readonly headlessServiceHost: string }
  /** Straight to Jaeger's OTLP gRPC port (no tail sampling). */
  | { readonly to: 'jaeger'; readonly otlpGrpcEndpoint: string };

/** Props for {@link OtelAgent}. Usually built by {@link OtelCollector}. */
export interface OtelAgentProps {
  /** Namespace of every object. */
  readonly namespace: string;
  /** Recommended-label identity of the agent. */
  readonly identity: ComponentIdentity;
  /** Image to run. */
  readonly image: ImageSpec;
  /** Components of that image. */
  readonly componentTable: ComponentTable;
  /** Where traces go. */
  readonly export: AgentExport;
  /**
   * Jaeger's remote-sampling gRPC endpoint, proxied on 5778 and 5779 by the Collector's
   * `jaegerremotesampling` (whose HTTP answers the legacy Jaeger clients cannot parse).
   * @default - no remote-sampling proxy
   */
  readonly remoteSamplingGrpcEndpoint?: string;
  /**
   * Strategies served on 5778 and 5779 by a Jaeger remote-sampling server in each agent pod,
   * in Jaeger's format (every client parses it). Not with `remoteSamplingGrpcEndpoint`.
   * @default - no sampling server
   */
  readonly samplingServer?: ISamplingStrategiesSource;
  /** Span metrics. */
  readonly spanMetrics: SpanMetricsProps;
  /** Container resources. */
  readonly resources: ResolvedResources;
  /**
   * Where the agents run and what they carry, `tolerations` always set. Without a
   * `priorityClassName` the agents get one created for them (AGENT_PRIORITY).
   */
  readonly placement: PodPlacement & { readonly tolerations: k8s.Toleration[] };
  /**
   * TLS on the links the agent is an end of.
   * @default - plaintext
   */
  readonly tls?: TracingTls;
  /** Construct label for error messages. */
  readonly where: string;
  /** The config (built by `agentConfig` from these props), with the user's additions and override. */
  readonly config: ExtensibleCollectorConfig;
}

/** Names of the agent's objects. */
export const AGENT_NAME = WorkloadNames.OTEL_AGENT;

/**
 * The agent's own PriorityClass: far below the system classes (2000000000 and up), above the
 * apps (0 unless they have a class). PreemptLowerPriority, so a node that is full when the agent
 * is scheduled (a new node, a rollout) makes room for it: a node without an agent loses the
 * spans of every pod on it.
 */
export const AGENT_PRIORITY = 1_000_000;

/** Env var the downward API fills with the node name, read by `k8s_attributes.filter.node_from_env_var`. */
export const NODE_NAME_ENV = 'K8S_NODE_NAME';

/** Receiver ports of the agent: OTLP, legacy Jaeger and Zipkin. */
export const AGENT_RECEIVER_PORTS: readonly PortSpec[] = [
  Ports.OTLP_GRPC, Ports.OTLP_HTTP,
  Ports.JAEGER_GRPC, Ports.JAEGER_THRIFT_HTTP, Ports.JAEGER_THRIFT_COMPACT, Ports.JAEGER_THRIFT_BINARY,
  Ports.ZIPKIN,
];

/** The legacy Jaeger-agent ports: UDP thrift and remote sampling. */
export const JAEGER_AGENT_PORTS: readonly PortSpec[] = [
  Ports.JAEGER_THRIFT_COMPACT, Ports.JAEGER_THRIFT_BINARY, Ports.SAMPLING_HTTP, Ports.SAMPLING_GRPC,
];

/** The agent's config (exported for tests and for users who want to inspect it). */
export function agentConfig(props: Pick<OtelAgentProps, 'export' | 'remoteSamplingGrpcEndpoint' | 'spanMetrics' | 'resources' | 'tls'>): CollectorConfig {
  const config = emptyConfig(internalTelemetry(Ports.METRICS.port));
  const receivers = config.receivers;
  // Receivers bind 0.0.0.0: since v0.104 the default is localhost, unreachable from a Service.
  // Applications present no certificate: server TLS only.
  const appsTls = () => linkServerTls(props.tls, TlsLink.APPS_TO_AGENT, false);
  receivers.otlp = {
    protocols: {
      grpc: { endpoint: listenAddress(Ports.OTLP_GRPC), ...appsTls() },
      http: { endpoint: listenAddress(Ports.OTLP_HTTP), ...appsTls() },
    },
  };
  // receiver/jaegerreceiver README: protocols grpc, thrift_http, thrift_compact, thrift_binary.
  receivers.jaeger = {
    protocols: {
      grpc: { endpoint: listenAddress(Ports.JAEGER_GRPC) },
      thrift_http: { endpoint: listenAddress(Ports.JAEGER_THRIFT_HTTP) },
      thrift_compact: { endpoint: listenAddress(Ports.JAEGER_THRIFT_COMPACT) },
      thrift_binary: { endpoint: listenAddress(Ports.JAEGER_THRIFT_BINARY) },
    },
  };
  receivers.zipkin = { endpoint: listenAddress(Ports.ZIPKIN) };

  const processors = config.processors;
  processors.memory_limiter = memoryLimiter(props.resources);
  // processor/k8sattributesprocessor config.schema.yaml: filter.node_from_env_var, extract.metadata, pod_association.
  processors.k8s_attributes = {
    auth_type: 'serviceAccount',
    passthrough: false,
    filter: { node_from_env_var: NODE_NAME_ENV },
    // Only metadata read from the pod object: see K8S_ATTRIBUTES_RULES for what that costs in RBAC.
    extract: { metadata: [...K8S_ATTRIBUTES_METADATA] },
    // Apps send straight to the node-local agent, so the connection's peer IP is the pod's IP.
    pod_association: [
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
      { sources: [{ from: 'connection' }] },
    ],
  };
  processors.batch = { send_batch_size: 8192, send_batch_max_size: 16384, timeout: '200ms' };

  // connector/spanmetricsconnector config.schema.yaml. The namespace becomes the
  // `traces_span_metrics_` prefix; unit ms gives `..._duration_milliseconds_bucket`.
  config.connectors.span_metrics = {
    namespace: SPAN_METRICS_NAMESPACE,
    histogram: {
      unit: SpanMetrics.DURATION_UNIT,
      explicit: { buckets: [...(props.spanMetrics.histogramBuckets ?? DEFAULT_SPAN_METRICS_BUCKETS)] },
    },
    dimensions: (props.spanMetrics.dimensions ?? []).map((name) => ({ name })),
    metrics_flush_interval: '15s',
    // One metrics resource per service on this node, not per pod (k8s_attributes makes every
    // pod's resource distinct). The prometheus exporter names a series by service.name /
    // service.instance.id and the metric labels only, so two pods of a service on one node
    // without service.instance.id would write one series in turns, and rate() would read each
    // flip as a counter reset. Per-service keys also bound the series kept as pods churn
    // (spanmetricsconnector config.go: resource_metrics_key_attributes).
    resource_metrics_key_attributes: ['service.name'],
  };
  // exporter/prometheusexporter README: translation_strategy pins the name suffixes
  // (`_total`, `_milliseconds`) that Jaeger's Monitor tab queries.
  config.exporters.prometheus = {
    endpoint: listenAddress(Ports.SPAN_METRICS),
    translation_strategy: 'UnderscoreEscapingWithSuffixes',
    metric_expiration: '5m',
  };

  const traceExporter = props.export.to === 'gateway' ? 'load_balancing' : 'otlp_grpc/jaeger';
  if (props.export.to === 'gateway') {
    // exporter/loadbalancingexporter README ("Resilience and scaling considerations"): the
    // exporter's own queue and retry (off by default) re-route a batch to the gateways that exist
    // when it is retried; a sub-exporter's queue belongs to one gateway and is dropped with it.
    // So the queue and the long retry live at the top, and each sub-exporter only retries a
    // network fluke briefly before handing the batch back. Without this, every span an agent
    // accepted before it had resolved a gateway was lost (seen in the e2e tier: the smoke test
    // run right after start-up found none of its 84 traces).
    config.exporters.load_balancing = {
      routing_key: 'traceID',
      timeout: '10s',
      sending_queue: { enabled: true, num_consumers: 4, queue_size: 1000 },
      retry_on_failure: { enabled: true, initial_interval: '1s', max_interval: '10s', max_elapsed_time: '300s' },
      protocol: {
        otlp: {
          // The exporter dials the gateway pods' IPs; their certificate names the headless Service.
          tls: linkClientTls(props.tls, TlsLink.AGENT_TO_GATEWAY, props.export.headlessServiceHost),
          timeout: '5s',
          sending_queue: { enabled: false },
          retry_on_failure: { enabled: true, initial_interval: '1s', max_interval: '2s', max_elapsed_time: '5s' },
        },
      },
      resolver: { dns: { hostname: props.export.headlessServiceHost, port: String(Ports.OTLP_GRPC.port), interval: '5s', timeout: '1s' } },
    };
  } else {
    config.exporters['otlp_grpc/jaeger'] = {
      endpoint: props.export.otlpGrpcEndpoint,
      tls: linkClientTls(props.tls, TlsLink.TO_JAEGER),
      sending_queue: { enabled: true, num_consumers: 4, queue_size: 1000 },
      retry_on_failure: { enabled: true, initial_interval: '1s', max_interval: '10s', max_elapsed_time: '300s' },
    };
  }

  config.extensions.health_check = { endpoint: listenAddress(Ports.HEALTH) };
  const extensions = ['health_check'];
  if (props.remoteSamplingGrpcEndpoint) {
    // extension/jaegerremotesampling config.schema.yaml: source.remote (gRPC client), http/grpc servers.
    // Its gRPC server defaults to 14250, which the jaeger receiver owns: move it to 5779.
    config.extensions.jaegerremotesampling = {
      source: { remote: { endpoint: props.remoteSamplingGrpcEndpoint, tls: linkClientTls(props.tls, TlsLink.TO_JAEGER) }, reload_interval: '30s' },
      http: { endpoint: listenAddress(Ports.SAMPLING_HTTP) },
      grpc: { endpoint: listenAddress(Ports.SAMPLING_GRPC) },
    };
    extensions.push('jaegerremotesampling');
  }
  config.service.extensions.push(...extensions);

  config.service.pipelines.traces = {
    receivers: ['otlp', 'jaeger', 'zipkin'],
    processors: ['memory_limiter', 'k8s_attributes', 'batch'],
    // span_metrics sees every span here, before any sampling.
    exporters: ['span_metrics', traceExporter],
  };
  config.service.pipelines['metrics/span-metrics'] = {
    receivers: ['span_metrics'],
    processors: ['memory_limiter', 'batch'],
    exporters: ['prometheus'],
  };
  return config;
}

/**
 * Whether the agent is an end of a protected link: it serves the apps, or it is a client of the
 * gateways or of Jaeger (spans in agent-only mode, sampling strategies through its proxy).
 */
function agentHoldsCertificate(props: Pick<OtelAgentProps, 'tls' | 'export' | 'remoteSamplingGrpcEndpoint'>): boolean {
  const tls = props.tls;
  if (!tls) return false;
  return tls.covers(TlsLink.APPS_TO_AGENT)
    || (props.export.to === 'gateway' && tls.covers(TlsLink.AGENT_TO_GATEWAY))
    || ((props.export.to === 'jaeger' || props.remoteSamplingGrpcEndpoint !== undefined) && tls.covers(TlsLink.TO_JAEGER));
}

/**
 * The node agent: a DaemonSet that receives OTLP, legacy Jaeger and Zipkin from the pods on
 * its node, labels spans with their pod's metadata, computes span metrics on every span and
 * forwards traces (to the gateways by trace id, or to Jaeger).
 */
export class OtelAgent extends CollectorWorkload {
  /** Ports the agent pods serve. */
  public readonly ports: PortSpec[];
  /** Labels selecting the agent pods. */
  public readonly selector: Record<string, string>;
  /** The agent's ServiceAccount. */
  public readonly serviceAccountName: string;
  /** The agents' DaemonSet. */
  public readonly workload: ApiObject;

  constructor(scope: Construct, id: string, props: OtelAgentProps) {
    super(scope, id, props.config);

    const samplingServer = props.samplingServer && addAgentSamplingServer(this, props.namespace, props.identity, props.samplingServer);
    const agentPorts = [...AGENT_RECEIVER_PORTS, ...(props.remoteSamplingGrpcEndpoint ? [Ports.SAMPLING_HTTP, Ports.SAMPLING_GRPC] : []),
      Ports.HEALTH, Ports.METRICS, Ports.SPAN_METRICS];
    this.ports = [...agentPorts, ...samplingServer?.ports ?? []];
    this.selector = selectorLabels(props.identity);
    const account = new CollectorServiceAccount(this, 'Rbac', {
      name: AGENT_NAME, namespace: props.namespace, identity: props.identity, clusterRules: K8S_ATTRIBUTES_RULES,
      annotations: props.placement.serviceAccountAnnotations,
    });
    this.serviceAccountName = account.name;
    let priorityClassName = props.placement.priorityClassName;
    if (priorityClassName === undefined) {
      // Cluster-scoped, so named after the namespace like the agent's ClusterRole.
      priorityClassName = `${props.namespace}-${AGENT_NAME}`;
      clusterScoped(new k8s.KubePriorityClass(this, 'PriorityClass', {
        metadata: { name: priorityClassName, labels: recommendedLabels(props.identity) },
        value: AGENT_PRIORITY,
        globalDefault: false,
        preemptionPolicy: 'PreemptLowerPriority',
        description: `OpenTelemetry agents of ${props.namespace}: every pod on a node exports its spans through it.`,
      }));
    }

    const tls = agentHoldsCertificate(props) ? tlsMount(props.tls!, 'agent') : undefined;
    if (tls) {
      addWorkloadCertificate(this, 'Certificate', props.tls!, {
        workload: 'agent', namespace: props.namespace, identity: props.identity, services: [ServiceNames.OTEL_AGENT],
      });
    }
    const spec = {
      identity: props.identity, namespace: props.namespace, name: AGENT_NAME, image: props.image,
      config: props.config, resources: props.resources, ports: agentPorts,
      env: [{ name: NODE_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      volumeMounts: tls ? [tls.mount] : [],
    };
    const configMapName = collectorConfigMap(this, spec);

    this.workload = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: namespacedMeta(AGENT_NAME, props.namespace, props.identity),
      spec: {
        selector: { matchLabels: this.selector },
        // Surge first: the new pod is ready before the old one leaves, so a node's
        // internalTrafficPolicy: Local Services always have an endpoint (DaemonSet maxSurge, GA in 1.25).
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: placementTemplateMeta(podTemplateMeta({ ...spec, extraFiles: samplingServer && { [SAMPLING_SERVER_CONFIG]: samplingServer.config } }), props.placement),
          spec: placedPodSpec(props.where, 'agent.placement', {
            serviceAccountName: account.name,
            // k8s_attributes watches pods through the API.
            automountServiceAccountToken: account.usesApi,
            securityContext: restrictedPodSecurityContext(),
            containers: [collectorContainer(spec), ...samplingServer ? [samplingServer.container] : []],
            volumes: [...collectorVolumes(configMapName), ...(tls ? [tls.volume] : []), ...samplingServer?.volumes ?? []],
          }, { ...props.placement, priorityClassName }, this.selector),
        },
      },
    });
  }

  /**
   * A node-local Service in front of the agent: `internalTrafficPolicy: Local` keeps traffic on
   * the sender's node, so spans never cross nodes before k8s_attributes labels them.
   */
  public addLocalService(id: string, name: string, namespace: string, identity: ComponentIdentity, ports: PortSpec[], annotations?: Record<string, string>): void {
    new k8s.KubeService(this, id, {
      metadata: namespacedMeta(name, namespace, identity, { annotations: annotations && { ...annotations } }),
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        internalTrafficPolicy: 'Local',
        ports: ports.map(servicePort),
      },
    });
  }
}
