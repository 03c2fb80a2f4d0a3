/**
 * Sizing from the expected load: replicas, requests and limits, `num_traces`, the decision cache,
 * queue and volume sizes for each tier, from the benchmark's measurements (measurements.ts) and
 * a stated headroom. The memory figures leave room for the library's one memory policy: the
 * memory_limiter refuses data from MEMORY_LIMITER_REFUSE_RATIO of the limit, so what a tier
 * holds at the sized load stays below that line.
 */
import { FactorySpecs } from '../k8s/factory-specs';
import { ResolvedResources, MEMORY_LIMITER_REFUSE_RATIO, goMemLimit, memoryLimiter } from '../k8s/resources';
import { DECISION_CACHE_FACTOR, MAX_NUM_TRACES } from '../otel/sampling-policy';
import * as M from './measurements';
import { ResolvedTracingLoad, TracingLoad, keptShare, resolveLoad } from './tracing-load';

/** Load above the stated peak each tier is sized for: 0.5 sizes for 1.5 × the peak. */
export const SIZING_HEADROOM = 0.5;
/** A gateway grows to this many cores before another replica is added. */
export const GATEWAY_MAX_CORES = 2;
/** Fewest gateways: one can restart while the other decides. */
export const GATEWAY_MIN_REPLICAS = 2;

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** Millicores, rounded up to 50m, at least `floor` cores. */
function cpu(cores: number, floor: number): string {
  return `${Math.ceil(Math.max(cores, floor) * 20) * 50}m`;
}

/** MiB, rounded up to 64Mi, at least `floorBytes`. */
function memory(bytes: number, floorBytes: number): string {
  return `${Math.ceil(Math.max(bytes, floorBytes) / (64 * MIB)) * 64}Mi`;
}

function gibibytes(bytes: number, floorGib: number): string {
  return `${Math.max(floorGib, Math.ceil(bytes / GIB))}Gi`;
}

/** The memory limit under which a tier holding `heldBytes` stays below the memory_limiter's refusal line. */
function limitFor(heldBytes: number): number {
  return heldBytes / MEMORY_LIMITER_REFUSE_RATIO;
}

/** One tier's resources, and the Go and memory_limiter settings the library derives from them. */
interface SizedResources {
  readonly resources: ResolvedResources;
  readonly goMemLimit: string;
  readonly memoryLimiterMib: number;
}

function sized(resources: ResolvedResources): SizedResources {
  return { resources, goMemLimit: goMemLimit(resources.memoryLimit), memoryLimiterMib: memoryLimiter(resources).limit_mib as number };
}

interface AgentSizing extends SizedResources {
  /** Spans per second one agent is sized for (the node's share, with headroom). */
  readonly spansPerSecond: number;
}

interface GatewaySizing extends SizedResources {
  readonly replicas: number;
  /** Traces each gateway holds for the decision wait at the sized rate. */
  readonly tracesHeld: number;
  readonly numTraces: number;
  readonly decisionCacheSize: number;
  readonly queueSize: number;
  readonly queueStorageSize: string;
}

interface JaegerSizing extends SizedResources {
  /** Spans per second Jaeger stores at the sized rate (what sampling keeps). */
  readonly storedSpansPerSecond: number;
  /** Collectors, for the storage modes that have them. */
  readonly collectorReplicas: number;
  readonly volumeSize: string;
  readonly retention: string;
}

/** What a sizing computed for each tier: what the constructs fill their props from. */
export interface SizedTiers {
  /** The load with its defaults, as sized. */
  readonly load: ResolvedTracingLoad;
  readonly agent: AgentSizing;
  readonly gateway: GatewaySizing;
  readonly jaeger: JaegerSizing;
}

/** Each sizing's figures, kept out of the public API (users read them with `toJson()` or the sizing CLI). */
const TIERS = new FactorySpecs<TracingSizing, SizedTiers>('TracingSizing', 'use TracingSizing.forLoad({ spansPerSecond, nodes, ... })');

/** The figures of a sizing made by `forLoad`, for the constructs that apply it; anything else fails naming the prop. */
export function sizedTiers(sizing: unknown, where = 'TracingSizing', prop = 'sizing'): SizedTiers {
  return TIERS.of(where, prop, sizing);
}

/**
 * The sizing of every tier for one expected load. Pass it to `OtelCollector` and `JaegerStack`
 * as `sizing`; `toJson()` (or the sizing CLI) shows the figures.
 */
export class TracingSizing {
  /** Sizes the stack for a load; throws naming the load field that is out of the model's range. */
  public static forLoad(load: TracingLoad): TracingSizing {
    return new TracingSizing(resolveLoad(load));
  }

  /** The load with its defaults filled in, as sized. */
  public readonly load: TracingLoad;
  /** Load above the stated peak each tier is sized for. */
  public readonly headroom = SIZING_HEADROOM;
  /** The benchmark run the measurements come from. */
  public readonly measuredIn = M.MEASURED_IN;

  private constructor(load: ResolvedTracingLoad) {
    this.load = load;
    const scale = 1 + this.headroom;
    const total = load.spansPerSecond * scale;

    const perNode = total / load.nodes;
    const agentCores = M.AGENT_IDLE_CORES + (perNode / 1000) * M.AGENT_CORES_PER_1K;
    const agentMemory = memory(limitFor((M.AGENT_RSS_BASE_MIB + (perNode / 1000) * M.AGENT_RSS_PER_1K_MIB) * MIB), 256 * MIB);
    // Guaranteed QoS like the default agent: a node's agent is the last thing to evict.
    const agentCpu = cpu(agentCores, 0.1);
    const agent: AgentSizing = { ...sized({ cpuRequest: agentCpu, cpuLimit: agentCpu, memoryRequest: agentMemory, memoryLimit: agentMemory }), spansPerSecond: Math.ceil(perNode) };

    const gatewaySpanCores = (total / 1000) * M.GATEWAY_CORES_PER_1K;
    const tracesHeldAll = (load.decisionWaitSeconds * total) / load.spansPerTrace;
    // Another replica per two cores, and enough that each one's num_traces (2× what it holds) fits the processor's bound.
    const replicas = Math.max(GATEWAY_MIN_REPLICAS, Math.ceil(gatewaySpanCores / (GATEWAY_MAX_CORES - M.GATEWAY_IDLE_CORES)),
      Math.ceil((tracesHeldAll * 2) / (MAX_NUM_TRACES - 1000)));
    const tracesHeld = Math.ceil(tracesHeldAll / replicas);
    // Twice what is held: a burst or a slow decision does not evict traces before their wait.
    const numTraces = Math.max(10_000, Math.ceil((tracesHeld * 2) / 1000) * 1000);
    const decisionCacheSize = numTraces * DECISION_CACHE_FACTOR;
    const heldBytes = M.GATEWAY_RSS_BASE_MIB * MIB + numTraces * load.spansPerTrace * M.GATEWAY_BYTES_PER_SPAN_HELD
      + 2 * decisionCacheSize * M.DECISION_CACHE_ENTRY_BYTES;
    const gatewayLimit = memory(limitFor(heldBytes), 512 * MIB);
    const kept = keptShare(load);
    const queueSize = Math.max(100_000, Math.ceil((total * kept * load.outageMinutes * 60) / replicas / 100_000) * 100_000);
    const gateway: GatewaySizing = {
      ...sized({ cpuRequest: cpu(M.GATEWAY_IDLE_CORES + gatewaySpanCores / replicas, 0.25), memoryRequest: memory(limitFor(heldBytes) / 2, 256 * MIB), memoryLimit: gatewayLimit }),
      replicas,
      tracesHeld,
      numTraces,
      decisionCacheSize,
      queueSize,
      queueStorageSize: gibibytes(queueSize * M.QUEUE_BYTES_PER_SPAN * 1.25, 1),
    };

    const stored = total * kept;
    const jaegerCores = M.JAEGER_IDLE_CORES + (stored / 1000) * M.JAEGER_CORES_PER_1K;
    const jaegerLimit = memory(limitFor(M.JAEGER_RSS_MIB * MIB) * scale, GIB);
    const jaeger: JaegerSizing = {
      // Never below the CPU the search latency was measured at: ingest alone would size it smaller.
      ...sized({ cpuRequest: cpu(jaegerCores, M.JAEGER_QUERY_CORES), memoryRequest: memory(limitFor(M.JAEGER_RSS_MIB * MIB), 512 * MIB), memoryLimit: jaegerLimit }),
      storedSpansPerSecond: Math.ceil(stored),
      // A collector per core of ingest, at least two so one can restart.
      collectorReplicas: Math.max(2, Math.ceil(jaegerCores)),
      // As if the busy hour lasted the whole retention: the volume is not resized in place easily.
      volumeSize: gibibytes((load.spansPerSecond * kept) * load.retentionHours * 3600 * M.BADGER_BYTES_PER_SPAN * scale, 10),
      retention: `${load.retentionHours}h`,
    };
    TIERS.set(this, { load, agent, gateway, jaeger });
  }

  /** Every figure of the sizing as JSON: the load, headroom, measurements' source, and each tier. */
  public toJson(): any {
    const { load, agent, gateway, jaeger } = sizedTiers(this);
    return { load, headroom: this.headroom, measuredIn: this.measuredIn, agent, gateway, jaeger };
  }
}
