import type { HorizontalAutoscaling } from '../collector/autoscaling';
import type { ComponentTable } from '../collector/components';
import type { ContainerResources, ImageSpec, PodPlacement } from '../k8s';
import type { TracingSizing } from '../sizing/tracing-sizing';
import type { SpanMetricsProps } from './agent';
import type { SamplingPolicyProps } from './sampling-policy';
import type { ITracingBackend } from '../jaeger/tracing-backend';

/** Which collectors to run. */
export enum CollectorMode {
  /** An agent on every node exporting to tail-sampling gateways (the default). */
  AGENT_AND_GATEWAY = 'agent-and-gateway',
  /** Agents only, exporting straight to Jaeger: no tail sampling. */
  AGENT_ONLY = 'agent-only',
  /** Gateways only: applications send to the gateway Service. */
  GATEWAY_ONLY = 'gateway-only',
}
/** Every mode. */
export const COLLECTOR_MODES: readonly CollectorMode[] = Object.values(CollectorMode);

/** The node agents. */
export interface AgentProps {
  /**
   * Resources of each agent.
   * @default - 100m CPU, 256Mi memory request, 512Mi memory limit
   */
  readonly resources?: ContainerResources;
  /**
   * Where the agents run and what they carry: tolerations, nodeSelector, an existing
   * priorityClassName (e.g. `system-node-critical` where the cluster admits it outside
   * kube-system), affinity, pull secrets, extra pod labels and annotations, ServiceAccount
   * annotations. Unless told otherwise the agents tolerate every taint, so every node (control
   * plane and dedicated pools included) has an agent for its pods, and run at a PriorityClass
   * `<namespace>-otel-agent` created here (value 1000000): scheduled onto a full node by
   * preempting lower-priority pods, evicted after the apps whose spans they carry.
   * @default - every node, every taint tolerated, the PriorityClass made here
   */
  readonly placement?: PodPlacement;
  /**
   * Annotations on the agents' node-local Services (`otel-collector`, the apps' front door, and `jaeger-agent`) (a mesh's, topology-aware routing's
   * `service.kubernetes.io/topology-mode`, a cloud's).
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Serve Jaeger remote-sampling strategies on the agents' 5778 and 5779 (see
   * `backend`).
   * @default true
   */
  readonly remoteSampling?: boolean;
  /**
   * Span metrics computed by the agents.
   * @default - default dimensions and buckets
   */
  readonly spanMetrics?: SpanMetricsProps;
  /**
   * Collector config merged over the agents' (the Helm chart's `config`): maps merge, lists
   * replace, `null` removes a key. The result is checked against the component table and the
   * whole-stack checks like the built config. Prefer `agent.addProcessor()` and its siblings
   * where they do what you need: they keep the library's pipeline order.
   * @default - the built config as it is
   */
  readonly config?: { [section: string]: any };
}

/** The tail-sampling gateways. */
export interface GatewayProps {
  /**
   * Replicas (the minimum when autoscaling).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Autoscale on CPU between minReplicas and maxReplicas.
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: HorizontalAutoscaling;
  /**
   * Resources of each gateway. Tail sampling holds whole traces in memory for the decision wait.
   * @default - 250m CPU, 1Gi memory request, 2Gi memory limit
   */
  readonly resources?: ContainerResources;
  /**
   * Spans each gateway's persistent queue holds while Jaeger is unreachable (the queue counts
   * spans, `sizer: items`, so the outage it absorbs does not depend on how full the batches
   * are): `queueSize / kept spans per second per gateway` seconds, e.g. 2,000,000 / 500 = 67
   * minutes. Size `queueStorageSize` with it, at about 1.5 KB per span on disk.
   * @default 2000000
   */
  readonly queueSize?: number;
  /**
   * Volume size of each gateway's queue.
   * @default '4Gi'
   */
  readonly queueStorageSize?: string;
  /**
   * StorageClass of the queue volumes.
   * @default - the cluster's default StorageClass
   */
  readonly queueStorageClassName?: string;
  /**
   * Where the gateways run and what they carry (node pool, tolerations, affinity, spread,
   * priority, pull secrets, extra labels and annotations, ServiceAccount annotations).
   * @default - replicas spread softly over zones and nodes
   */
  readonly placement?: PodPlacement;
  /**
   * Annotations on the gateways' Service (`otel-gateway`, the front door of apps in mode `gateway-only`) (a mesh's, topology-aware routing's
   * `service.kubernetes.io/topology-mode`, a cloud's).
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Collector config merged over the gateways' (the Helm chart's `config`): maps merge, lists
   * replace, `null` removes a key. The result is checked against the component table and the
   * whole-stack checks like the built config. Prefer `gateway.addProcessor()` and its siblings
   * where they do what you need: they keep the library's pipeline order.
   * @default - the built config as it is
   */
  readonly config?: { [section: string]: any };
}

/** Props for {@link OtelCollector}. */
export interface OtelCollectorProps {
  /**
   * The Jaeger the collectors export to: the `JaegerStack` of the app, or
   * `JaegerStack.fromEndpoints(...)` for one made elsewhere. Its TLS is the collectors' (on every
   * link they are an end of: apps → agents, agents → gateways, collectors → Jaeger) and its
   * sizing theirs; the agents serve a copy of a `JaegerStack`'s sampling strategies on 5778 and
   * 5779 (Jaeger's own remote-sampling server beside the Collector, which every client parses,
   * the legacy Jaeger clients included) and proxy an imported one's remote sampling.
   */
  readonly backend: ITracingBackend;
  /**
   * Resources, replicas, queue sizes and `num_traces` sized for an expected load
   * (`TracingSizing.forLoad(...)`), for a backend without one (a `JaegerStack` given a sizing
   * passes it on). Props set here explicitly win over it.
   * @default - the backend's sizing, else the hand-set defaults of each prop
   */
  readonly sizing?: TracingSizing;
  /**
   * Namespace of every object.
   * @default - the Chart's namespace, else 'monitoring'
   */
  readonly namespace?: string;
  /**
   * `app.kubernetes.io/instance` of every object (monitors select on it). It is part of every
   * workload selector, which a cluster never lets change, so it does not follow the construct
   * id: renaming the construct leaves the output as it was.
   * @default 'otel'
   */
  readonly instance?: string;
  /**
   * Which collectors to run: agents that forward by trace id to tail-sampling gateways; agents
   * exporting straight to Jaeger (no tail sampling); or only gateways (your own agents send
   * to the headless Service `otel-gateway-headless`, and compute span metrics themselves).
   * @default 'agent-and-gateway'
   */
  readonly mode?: CollectorMode;
  /**
   * The Collector image.
   * @default Images.OTEL_COLLECTOR (contrib)
   */
  readonly image?: ImageSpec;
  /**
   * The components of the image. Required for an image from another repository.
   * @default - the contrib table, for the contrib image
   */
  readonly componentTable?: ComponentTable;
  /**
   * The tail-sampling policy (gateway).
   * @default - errors and traces slower than 1s kept, 30 % of the rest
   */
  readonly sampling?: SamplingPolicyProps;
  /**
   * The node agents.
   * @default - defaults of AgentProps
   */
  readonly agent?: AgentProps;
  /**
   * The gateways.
   * @default - defaults of GatewayProps
   */
  readonly gateway?: GatewayProps;
}
