import { Construct } from 'constructs';
import { checkAutoscaling } from '../collector/autoscaling';
import { IExtensibleCollector } from '../collector/collector-workload';
import {
  AppNames, Components, ComponentIdentity, ResolvedResources, Images, Ports, ServiceNames, WorkloadRole,
  checkAnnotations, checkBoolean, checkDnsLabel, checkPlacement, checkDnsSubdomain, checkDuration, checkImage, checkNonEmpty,
  checkNumber, checkQuantity, checkReplicas, checkResources, constructLabel, invalidProp, parseDuration,
  INT32_MAX, claimNamespace, serviceAddress, serviceHost, checkProps, isPlainObject, resolveNamespace, rollBack,
} from '../k8s';
import { OTEL_CONTRIB_COMPONENTS, checkComponentTable } from '../collector/components';
import { ExtensibleCollectorConfig } from '../collector/extensible-config';
import { ITracingComponent, ScrapeTarget, scrapeTargetOf } from '../monitoring/contract';
import { AGENT_RECEIVER_PORTS, JAEGER_AGENT_PORTS, OtelAgent, OtelAgentProps, SpanMetricsProps, agentConfig } from './agent';
import { GATEWAY_BATCH_MAX_SPANS, OtelGateway, OtelGatewayProps, gatewayConfig } from './gateway';
import { withOtelSizing } from '../sizing/apply-sizing';
import { COLLECTOR_MODES, CollectorMode, OtelCollectorProps } from './otel-collector-props';
import { ResolvedSamplingPolicy, resolveSamplingPolicy } from './sampling-policy';
import { TracingTarget } from '../monitoring/identity';
import { TRACING_BACKENDS } from '../jaeger/tracing-backend';
import type { TracingTls } from '../tls/tracing-tls';

export * from './otel-collector-props';

/** Defaults of the agents' and gateways' resources. */
/**
 * Requests equal to limits (Guaranteed QoS): under node memory pressure the kubelet evicts pods
 * using more than they requested first, and the kernel's OOM killer spares Guaranteed pods
 * (oom_score_adj -997); the agent carries every pod's spans on its node, so it goes last.
 */
export const DEFAULT_AGENT_RESOURCES: ResolvedResources = { cpuRequest: '500m', cpuLimit: '500m', memoryRequest: '512Mi', memoryLimit: '512Mi' };
/** Gateways when not told: two, so a restart never stops the pipeline. */
const DEFAULT_GATEWAY_REPLICAS = 2;
export const DEFAULT_GATEWAY_RESOURCES: ResolvedResources = { cpuRequest: '250m', memoryRequest: '1Gi', memoryLimit: '2Gi' };

/** Spans each gateway's persistent queue holds by default: about 3 GB of its 4 GiB volume at 1.5 KB a span. */
export const DEFAULT_GATEWAY_QUEUE_SPANS = 2_000_000;

/**
 * The gateway queue's size in spans. It used to count batches (the batch processor flushes every
 * 200 ms, so 5,000 batches were about 17 minutes of outage at any load below 40,000 spans/s);
 * a value below one full batch is refused, which also catches a batch count left over.
 */
function checkQueueSpans(where: string, value: unknown): number {
  return checkNumber(where, 'gateway.queueSize', value, {
    min: GATEWAY_BATCH_MAX_SPANS, max: INT32_MAX, integer: true,
    fix: `give spans, at least one full batch (${GATEWAY_BATCH_MAX_SPANS}); the default ${DEFAULT_GATEWAY_QUEUE_SPANS} holds about an hour at 500 kept spans/s per gateway`,
  });
}

/** The instance label of a collector that does not set one: fixed, so the id can change freely. */
const DEFAULT_INSTANCE = 'otel';

/** The gateways' headless Service (StatefulSet governing Service, resolved by the agents). */
export const GATEWAY_HEADLESS_SERVICE = `${ServiceNames.OTEL_GATEWAY}-headless`;

/**
 * OpenTelemetry Collector for tracing: an agent on every node (OTLP, Jaeger and Zipkin in;
 * Kubernetes metadata and span metrics added) and tail-sampling gateways in front of Jaeger.
 *
 * `new OtelCollector(chart, 'otel')` gives both, in `monitoring`, exporting to `jaeger-collector`.
 */
export class OtelCollector extends Construct implements ITracingComponent {
  /** Namespace of every object. */
  public readonly namespace: string;
  /** `app.kubernetes.io/instance` of every object (the `instance` prop, or the construct id). */
  public readonly instance: string;
  /** The mode. */
  public readonly mode: CollectorMode;
  /** The node-local agent Service apps export to (`otel-collector`), if there are agents. */
  public readonly agentServiceName?: string;
  /** The legacy Jaeger-agent Service (`jaeger-agent`), if there are agents. */
  public readonly jaegerAgentServiceName?: string;
  /** `host:port` of the agent's OTLP gRPC port on its node-local Service. */
  public readonly agentOtlpGrpcEndpoint?: string;
  /** `host:port` of the agent's OTLP HTTP port (prefix `http://` for SDKs). */
  public readonly agentOtlpHttpEndpoint?: string;
  /** The gateways' ClusterIP Service (`otel-gateway`), if there are gateways. */
  public readonly gatewayServiceName?: string;
  /** The gateways' headless Service, if there are gateways. */
  public readonly gatewayHeadlessServiceName?: string;
  /** Where the collectors export traces in Jaeger (`host:port`). */
  public readonly jaegerOtlpGrpcEndpoint: string;
  /** TLS of the links the collectors are an end of: the backend's. */
  public readonly tls?: TracingTls;
  /**
   * Jaeger's remote-sampling gRPC endpoint the agents ask for the strategies they serve (their
   * proxy), or nothing when they serve a copy of the strategies or no strategies at all.
   */
  public readonly agentSamplingUpstream?: string;
  /** The resolved tail-sampling policy (also set in agent-only mode, where it is not applied). */
  private readonly samplingPolicy: ResolvedSamplingPolicy;
  /** Percentage of ordinary traces the gateways keep. */
  public readonly baselinePercentage: number;
  /** Spans each gateway's persistent queue holds. */
  public readonly gatewayQueueSize: number;
  /** The workloads, for monitors, NetworkPolicies and the stack validator. */
  public readonly roles: WorkloadRole[] = [];
  /** What Prometheus scrapes: the agents' and the gateways' metrics ports, for those that run. */
  public readonly scrapeTargets: ScrapeTarget[];
  /** No volume of the collectors holds stored traces (the gateways' queues have their own alert). */
  public readonly dataClaimNames: string[] = [];
  /** Share of ordinary traces the gateways keep; undefined in agent-only mode (nothing samples). */
  public readonly samplingKeepRatio?: number;
  /** The agent, if any: add receivers, processors, exporters or extensions to its config. */
  public readonly agent?: IExtensibleCollector;
  /** The gateway, if any: add processors, exporters or extensions to its config. */
  public readonly gateway?: IExtensibleCollector;

  constructor(scope: Construct, id: string, given: OtelCollectorProps) {
    super(scope, id);
    try {
      // Every prop is validated (and both configs checked against the image) before the first
      // object is added: a failed construct leaves nothing behind.
      const where = constructLabel('OtelCollector', id);
      // The one required prop first, so that a null or missing backend is named as such (props
      // that are no object at all are refused as a whole).
      const backendOf = () => TRACING_BACKENDS.of(where, 'backend', given?.backend);
      if (given === undefined || isPlainObject(given)) backendOf();
      checkProps(where, given, 'OtelCollectorProps');
      const backend = backendOf();
      if (given.sizing !== undefined && backend.sizing !== undefined) {
        invalidProp(where, 'sizing', given.sizing, `is given here and to the backend ${backend.description}, which the collectors follow`,
          'give the sizing once, to the JaegerStack');
      }
      const props = withOtelSizing(where, { ...given, sizing: given.sizing ?? backend.sizing });
      const ns = this.namespace = resolveNamespace(this, where, 'namespace', props.namespace);
      this.instance = checkDnsLabel(where, 'instance', props.instance ?? DEFAULT_INSTANCE);
      claimNamespace(this, where, 'OtelCollector', ns, [ServiceNames.OTEL_GATEWAY, ServiceNames.OTEL_AGENT, ServiceNames.JAEGER_AGENT]);
      this.mode = props.mode ?? CollectorMode.AGENT_AND_GATEWAY;
      if (!COLLECTOR_MODES.includes(this.mode)) {
        invalidProp(where, 'mode', this.mode, 'not a collector mode', `use one of ${COLLECTOR_MODES.join(', ')}`);
      }
      const hasAgent = this.mode !== 'gateway-only';
      const hasGateway = this.mode !== 'agent-only';
      if (!hasAgent && props.agent !== undefined) {
        invalidProp(where, 'agent', props.agent, `has no effect in mode "${this.mode}" (there are no agents)`, 'remove it, or use mode "agent-and-gateway"');
      }
      if (!hasGateway && props.gateway !== undefined) {
        invalidProp(where, 'gateway', props.gateway, `has no effect in mode "${this.mode}" (there are no gateways)`, 'remove it, or use mode "agent-and-gateway"');
      }
      if (!hasGateway && props.sampling !== undefined) {
        invalidProp(where, 'sampling', props.sampling, `has no effect in mode "${this.mode}": tail sampling runs in the gateways`,
          'remove it, or use mode "agent-and-gateway"');
      }
      const image = props.image === undefined ? Images.OTEL_COLLECTOR : checkImage(where, 'image', props.image);
      const table = props.componentTable !== undefined ? checkComponentTable(where, 'componentTable', props.componentTable) : (image.repository === Images.OTEL_COLLECTOR.repository ? OTEL_CONTRIB_COMPONENTS : undefined);
      if (!table) {
        invalidProp(where, 'componentTable', undefined, `image ${image.repository} is not the contrib distribution, so its components are unknown`,
          'pass componentTable listing the components of that image (see ComponentTables.OTEL_CONTRIB for the shape)');
      }
      if (table.imageTags !== undefined && !table.imageTags.includes(image.tag)) {
        invalidProp(where, 'image.tag', image.tag,
          `the component table (${table.distribution}) was made for tag ${table.imageTags.join(', ')}, and component names change between releases`,
          `use tag ${table.imageTags[0]}, or check the components of ${image.tag} and pass componentTable for it, e.g. { ...ComponentTables.OTEL_CONTRIB, imageTags: ['${image.tag}'] }`);
      }
      this.jaegerOtlpGrpcEndpoint = backend.otlpGrpcEndpoint;
      this.samplingPolicy = resolveSamplingPolicy(where, props.sampling);
      this.baselinePercentage = this.samplingPolicy.baselinePercentage;
      this.samplingKeepRatio = hasGateway ? this.baselinePercentage / 100 : undefined;
      this.scrapeTargets = [...(hasAgent ? [TracingTarget.AGENT] : []), ...(hasGateway ? [TracingTarget.GATEWAY] : [])]
        .map((target) => scrapeTargetOf(target, this.instance));
      const tls = this.tls = backend.tls;
      const gw = props.gateway ?? {};
      this.gatewayQueueSize = checkQueueSpans(where, gw.queueSize ?? DEFAULT_GATEWAY_QUEUE_SPANS);
      const identity = (component: string): ComponentIdentity =>
        ({ name: AppNames.OTEL_COLLECTOR, instance: this.instance, component, version: image.tag });

      let gatewayProps: OtelGatewayProps | undefined;
      if (hasGateway) {
        const autoscaling = checkAutoscaling(where, 'gateway', gw.autoscaling, gw.replicas, DEFAULT_GATEWAY_REPLICAS);
        const replicas = checkReplicas(where, 'gateway.replicas', autoscaling?.minReplicas ?? gw.replicas ?? DEFAULT_GATEWAY_REPLICAS);
        const built: Omit<OtelGatewayProps, 'config'> = {
          where, namespace: ns, identity: identity(Components.OTEL_GATEWAY), image, componentTable: table,
          jaegerOtlpGrpcEndpoint: this.jaegerOtlpGrpcEndpoint, samplingPolicy: this.samplingPolicy,
          replicas, autoscaling,
          queue: {
            size: this.gatewayQueueSize,
            storageSize: checkQuantity(where, 'gateway.queueStorageSize', gw.queueStorageSize ?? '4Gi'),
            storageClassName: gw.queueStorageClassName === undefined ? undefined
              : checkDnsSubdomain(where, 'gateway.queueStorageClassName', gw.queueStorageClassName),
          },
          resources: checkResources(where, 'gateway.resources', { ...DEFAULT_GATEWAY_RESOURCES, ...gw.resources }),
          placement: gw.placement === undefined ? {} : checkPlacement(where, 'gateway.placement', gw.placement),
          serviceAnnotations: gw.serviceAnnotations && checkAnnotations(where, 'gateway.serviceAnnotations', gw.serviceAnnotations, []),
          tls,
        };
        const config = new ExtensibleCollectorConfig({ where, role: 'gateway', table }, gatewayConfig(built), gw.config);
        gatewayProps = { ...built, config };
      }

      let agentProps: OtelAgentProps | undefined;
      let remoteSampling = false;
      let agentServiceAnnotations: Record<string, string> | undefined;
      if (hasAgent) {
        const ag = props.agent ?? {};
        remoteSampling = checkBoolean(where, 'agent.remoteSampling', ag.remoteSampling ?? true);
        // A JaegerStack's strategies are served from a copy; an imported Jaeger's are proxied.
        const samplingServer = remoteSampling ? backend.strategies : undefined;
        const samplingEndpoint = remoteSampling && !samplingServer ? backend.samplingGrpcEndpoint : undefined;
        const placement = ag.placement === undefined ? {} : checkPlacement(where, 'agent.placement', ag.placement);
        agentServiceAnnotations = ag.serviceAnnotations && checkAnnotations(where, 'agent.serviceAnnotations', ag.serviceAnnotations, []);
        const built: Omit<OtelAgentProps, 'config'> = {
          where, namespace: ns, identity: identity(Components.OTEL_AGENT), image, componentTable: table,
          export: hasGateway
            ? { to: 'gateway', headlessServiceHost: serviceHost(GATEWAY_HEADLESS_SERVICE, ns) }
            : { to: 'jaeger', otlpGrpcEndpoint: this.jaegerOtlpGrpcEndpoint },
          remoteSamplingGrpcEndpoint: samplingEndpoint,
          samplingServer,
          spanMetrics: checkSpanMetrics(where, 'agent.spanMetrics', ag.spanMetrics ?? {}),
          resources: checkResources(where, 'agent.resources', { ...DEFAULT_AGENT_RESOURCES, ...ag.resources }),
          // an agent on every node unless told otherwise
          placement: { ...placement, tolerations: placement.tolerations ?? [{ operator: 'Exists' }] },
          tls,
        };
        const config = new ExtensibleCollectorConfig({ where, role: 'agent', table }, agentConfig(built), ag.config);
        agentProps = { ...built, config };
        this.agentSamplingUpstream = samplingEndpoint;
      }

      if (gatewayProps) {
        this.gatewayServiceName = ServiceNames.OTEL_GATEWAY;
        this.gatewayHeadlessServiceName = GATEWAY_HEADLESS_SERVICE;
        const gateway = new OtelGateway(this, 'Gateway', {
          ...gatewayProps, serviceName: this.gatewayServiceName, headlessServiceName: this.gatewayHeadlessServiceName,
        });
        this.gateway = gateway;
        this.roles.push({
          component: Components.OTEL_GATEWAY, namespace: ns, selector: gateway.selector,
          ports: [Ports.OTLP_GRPC, Ports.OTLP_HTTP, Ports.HEALTH, Ports.METRICS], serviceAccountName: gateway.serviceAccountName,
        });
      }

      if (agentProps) {
        const agentIdentity = agentProps.identity;
        const agent = new OtelAgent(this, 'Agent', agentProps);
        this.agent = agent;
        this.agentServiceName = ServiceNames.OTEL_AGENT;
        this.jaegerAgentServiceName = ServiceNames.JAEGER_AGENT;
        // The remote-sampling ports are on both front doors: legacy Jaeger clients ask
        // `jaeger-agent:5778`, OpenTelemetry SDKs with a jaeger_remote sampler ask the Service their
        // spans already go to (the instrumentation's default, `otel-collector:5779`).
        const samplingPorts = remoteSampling ? [Ports.SAMPLING_HTTP, Ports.SAMPLING_GRPC] : [];
        agent.addLocalService('Service', this.agentServiceName, ns, agentIdentity, [...AGENT_RECEIVER_PORTS, ...samplingPorts], agentServiceAnnotations);
        agent.addLocalService('JaegerAgentService', this.jaegerAgentServiceName, ns, agentIdentity,
          JAEGER_AGENT_PORTS.filter((p) => remoteSampling || !p.name.startsWith('sampling')), agentServiceAnnotations);
        this.agentOtlpGrpcEndpoint = serviceAddress(this.agentServiceName, ns, Ports.OTLP_GRPC);
        this.agentOtlpHttpEndpoint = serviceAddress(this.agentServiceName, ns, Ports.OTLP_HTTP);
        this.roles.push({
          component: Components.OTEL_AGENT, namespace: ns, selector: agent.selector,
          ports: agent.ports, serviceAccountName: agent.serviceAccountName,
        });
      }
    } catch (error) {
      // A refused construct leaves nothing behind (see rollBack).
      rollBack(this);
      throw error;
    }
  }
}

/** Span-metrics dimensions (non-empty, unique attribute names) and buckets (ascending Go durations). */
function checkSpanMetrics(where: string, prop: string, value: SpanMetricsProps): SpanMetricsProps {
  if (value === null || typeof value !== 'object') {
    invalidProp(where, prop, value, 'expected { dimensions?, histogramBuckets? }', 'use e.g. { dimensions: ["http.route"] }');
  }
  const list = (key: 'dimensions' | 'histogramBuckets', fix: string): readonly unknown[] | undefined => {
    const items = value[key];
    if (items === undefined) return undefined;
    if (!Array.isArray(items) || items.length === 0) invalidProp(where, `${prop}.${key}`, items, 'expected a non-empty list', fix);
    if (new Set(items).size !== items.length) invalidProp(where, `${prop}.${key}`, items, 'lists an entry twice', 'list each once');
    return items;
  };
  list('dimensions', 'list span attribute names such as ["http.route"], or leave dimensions out')
    ?.forEach((d, i) => checkNonEmpty(where, `${prop}.dimensions[${i}]`, d, 'give a span attribute name such as "http.route"'));
  let previous = 0;
  list('histogramBuckets', 'list ascending Go durations such as ["10ms", "100ms", "1s"], or leave histogramBuckets out')
    ?.forEach((b, i) => {
      const ms = parseDuration(checkDuration(where, `${prop}.histogramBuckets[${i}]`, b))!;
      if (ms <= previous) {
        invalidProp(where, `${prop}.histogramBuckets[${i}]`, b, 'buckets must be strictly ascending', 'sort the buckets and remove duplicates');
      }
      previous = ms;
    });
  return value;
}
