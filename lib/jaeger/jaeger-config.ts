import { Yaml } from 'cdk8s';
import { checkConfig, CollectorConfig, CollectorPipeline, ComponentSettings } from '../collector/config';
import { CollectorConfigOverride, mergeOverride } from '../collector/config-override';
import { ResolvedResources, listenAddress, memoryLimiter, PortSpec, Ports, prometheusPullReader } from '../k8s';
import { JAEGER_COMPONENTS } from './components';
import { serverTls } from '../tls/collector-tls';
import type { TracingTls } from '../tls/tracing-tls';

/**
 * Jaeger v2's configuration file: an OpenTelemetry Collector config (receivers, processors,
 * exporters, extensions, service) plus Jaeger's own extensions. Built as a typed object from the
 * stack's props and serialised with `Yaml.stringify`, never by string templates.
 *
 * Sources for the keys (jaeger repo): cmd/jaeger/internal/all-in-one.yaml, cmd/jaeger/config-*.yaml,
 * cmd/jaeger/internal/extension/{jaegerquery,jaegerstorage,remotesampling,remotestorage}.
 */

/** The whole file: the Collector config model, whose connectors section Jaeger's configs do not use. */
export type JaegerConfig = Omit<CollectorConfig, 'connectors'>;

/** What one Jaeger process does; each part adds its components. */
export interface JaegerProcessSpec {
  /** `service.name` of the process's own telemetry, e.g. `jaeger-collector`. */
  readonly serviceName: string;
  /** `jaeger_storage.backends`: trace backends by name. */
  readonly traceBackends: Record<string, unknown>;
  /** `jaeger_storage.metric_backends`: metric backends by name (SPM). */
  readonly metricBackends?: Record<string, unknown>;
  /** Ingest: receivers → memory_limiter → batch → jaeger_storage_exporter, plus remote sampling. */
  readonly ingest?: {
    /** Trace backend the exporter writes to. */
    readonly traceStorage: string;
    /** Path of the sampling strategies file in the container. */
    readonly samplingStrategiesFile: string;
    /** How often the strategies file is re-read. */
    readonly samplingReloadInterval: string;
    /**
     * Mutual TLS on the OTLP receivers and the remote-sampling servers.
     * @default - plaintext
     */
    readonly tls?: TracingTls;
  };
  /** Query: the `jaeger_query` extension (UI + APIs). */
  readonly query?: {
    /** Trace backend query reads. */
    readonly traceStorage: string;
    /** Metric backend for the Monitor tab. */
    readonly metricStorage?: string;
    /** Path of the UI config file in the container. */
    readonly uiConfigFile?: string;
  };
  /**
   * Remote storage: serve a backend to other Jaeger processes: reads over the remote-storage
   * gRPC API, writes through an OTLP gRPC receiver into the backend.
   */
  readonly remoteStorage?: {
    /** Trace backend served. */
    readonly storage: string;
    /**
     * Mutual TLS on the remote-storage API and the OTLP receiver (only Jaeger's own collectors
     * and query, with certificates of the CA, read and write).
     * @default - plaintext
     */
    readonly tls?: TracingTls;
  };
}

/** Component names, spelled once. */
export const JaegerComponents = {
  STORAGE: 'jaeger_storage',
  QUERY: 'jaeger_query',
  REMOTE_SAMPLING: 'remote_sampling',
  REMOTE_STORAGE: 'remote_storage',
  HEALTH: 'healthcheckv2',
  STORAGE_EXPORTER: 'jaeger_storage_exporter',
  NOP: 'nop',
} as const;

/** The health endpoint path (healthcheckv2 `http.status.path`), also used by the probes. */
export const HEALTH_PATH = '/status';

/**
 * A server's `tls` block requiring client certificates of the CA (nothing without TLS). A new
 * object per server: a shared one would be written as a YAML anchor and aliases.
 */
function mutualTls(tls: TracingTls | undefined): { tls?: Record<string, unknown> } {
  return tls ? { tls: serverTls(tls, true) } : {};
}

/** `healthcheckv2` answering on `port` (opentelemetry-collector-contrib extension/healthcheckv2extension/README.md). */
export function healthExtension(port: PortSpec): ComponentSettings {
  return { use_v2: true, http: { endpoint: listenAddress(port), status: { enabled: true, path: HEALTH_PATH } } };
}

/**
 * `service.telemetry.resource` naming the process, as the attributes list: the collector core in
 * Jaeger 2.20 warns about the inline map as legacy.
 */
export function telemetryResource(serviceName: string): ComponentSettings {
  return { attributes: [{ name: 'service.name', value: serviceName }] };
}

/**
 * `remote_sampling` serving a strategies file on 5778 (HTTP) and 5779 (gRPC), re-read every
 * `reloadInterval` (cmd/jaeger/internal/extension/remotesampling/config.go).
 */
export function remoteSamplingExtension(file: string, reloadInterval: string, tls?: TracingTls): ComponentSettings {
  return {
    file: { path: file, reload_interval: reloadInterval },
    http: { endpoint: listenAddress(Ports.SAMPLING_HTTP), ...mutualTls(tls) },
    grpc: { endpoint: listenAddress(Ports.SAMPLING_GRPC), ...mutualTls(tls) },
  };
}

/**
 * The config for one process. Every server binds `0.0.0.0` (collector components bind
 * localhost by default since v0.104, unreachable from a Service).
 */
export function buildJaegerConfig(spec: JaegerProcessSpec, resources: ResolvedResources): JaegerConfig {
  const extensions: Record<string, ComponentSettings> = {
    [JaegerComponents.HEALTH]: healthExtension(Ports.HEALTH),
    [JaegerComponents.STORAGE]: {
      backends: spec.traceBackends,
      ...(spec.metricBackends ? { metric_backends: spec.metricBackends } : {}),
    },
  };
  const receivers: Record<string, ComponentSettings> = {};
  const processors: Record<string, ComponentSettings> = {};
  const exporters: Record<string, ComponentSettings> = {};
  let pipeline: CollectorPipeline;

  if (spec.ingest) {
    // Mutual: only collectors with a certificate of the CA write spans or read strategies.
    const ingestTls = spec.ingest.tls;
    receivers.otlp = {
      protocols: {
        grpc: { endpoint: listenAddress(Ports.OTLP_GRPC), ...mutualTls(ingestTls) },
        http: { endpoint: listenAddress(Ports.OTLP_HTTP), ...mutualTls(ingestTls) },
      },
    };
    receivers.jaeger = {
      protocols: {
        grpc: { endpoint: listenAddress(Ports.JAEGER_GRPC) },
        thrift_http: { endpoint: listenAddress(Ports.JAEGER_THRIFT_HTTP) },
      },
    };
    pipeline = storeSpans(processors, exporters, ['otlp', 'jaeger'], spec.ingest.traceStorage, resources);
    extensions[JaegerComponents.REMOTE_SAMPLING] = remoteSamplingExtension(
      spec.ingest.samplingStrategiesFile, spec.ingest.samplingReloadInterval, ingestTls);
  } else if (spec.remoteStorage) {
    // The remote-storage API only reads; clients write OTLP here (their grpc backend's
    // `writer.endpoint`), as in cmd/jaeger/config-remote-storage-backend.yaml.
    receivers.otlp = { protocols: { grpc: { endpoint: listenAddress(Ports.OTLP_GRPC), ...mutualTls(spec.remoteStorage.tls) } } };
    pipeline = storeSpans(processors, exporters, ['otlp'], spec.remoteStorage.storage, resources);
  } else {
    // The collector core needs one pipeline; processes without ingest run a no-op one
    // (as cmd/jaeger/config-query.yaml does).
    receivers[JaegerComponents.NOP] = {};
    exporters[JaegerComponents.NOP] = {};
    pipeline = { receivers: [JaegerComponents.NOP], exporters: [JaegerComponents.NOP] };
  }

  if (spec.query) {
    extensions[JaegerComponents.QUERY] = {
      storage: {
        traces: spec.query.traceStorage,
        ...(spec.query.metricStorage ? { metrics: spec.query.metricStorage } : {}),
      },
      http: { endpoint: listenAddress(Ports.QUERY_HTTP) },
      grpc: { endpoint: listenAddress(Ports.QUERY_GRPC) },
      ...(spec.query.uiConfigFile ? { ui: { config_file: spec.query.uiConfigFile } } : {}),
      // The query traces its own requests (on by default in v2: extension/jaegerquery/factory.go)
      // with an OTLP gRPC exporter to the SDK default, localhost:4317 (internal/jtracer). Only a
      // process that also ingests listens there, in plaintext only without TLS; in a query-only
      // pod, or against a receiver that wants a client certificate, every batch would fail.
      ...(spec.ingest && !spec.ingest.tls ? {} : { enable_tracing: false }),
    };
  }
  if (spec.remoteStorage) {
    // cmd/jaeger/internal/extension/remotestorage: configgrpc.ServerConfig squashed + `storage`.
    extensions[JaegerComponents.REMOTE_STORAGE] = {
      endpoint: listenAddress(Ports.REMOTE_STORAGE_GRPC),
      ...mutualTls(spec.remoteStorage.tls),
      storage: spec.remoteStorage.storage,
    };
  }

  return {
    extensions,
    receivers,
    processors,
    exporters,
    service: {
      extensions: Object.keys(extensions),
      pipelines: { traces: pipeline },
      telemetry: {
        resource: telemetryResource(spec.serviceName),
        logs: { level: 'info' },
        metrics: {
          level: 'detailed',
          // Own metrics on 8888 for the PodMonitor (named port "metrics" on every Jaeger pod).
          readers: [prometheusPullReader(Ports.METRICS.port)],
        },
      },
    },
  };
}

/**
 * Adds what writes received spans into a trace backend (memory_limiter →
 * jaeger_storage_exporter) and returns that pipeline.
 *
 * No `batch` processor: it answers the sender as soon as it has the spans and writes later, and
 * the storage exporter neither retries nor queues (cmd/jaeger/internal/exporters/storageexporter:
 * retry_on_failure off, no queue by default), so a failed write lost spans the sender had been
 * told were stored. Without it the write happens before the answer: a failed write is refused
 * with a retryable status, and the gateways' persistent queues send the spans again. They arrive
 * batched already (the gateways batch before exporting). That holds for Badger (and the remote
 * storage), Cassandra and memory; Elasticsearch/OpenSearch write through Jaeger's own bulk
 * indexer, which answers before indexing in 2.20 whatever the pipeline does (no setting makes it
 * synchronous): their failures are counted (`jaeger_storage_bulk_index_errors_total`) and lost.
 */
function storeSpans(
  processors: Record<string, ComponentSettings>, exporters: Record<string, ComponentSettings>, receivers: string[], traceStorage: string,
  resources: ResolvedResources,
): CollectorPipeline {
  // memory_limiter first: refuse data (the sender retries) before the pod is OOM-killed; the
  // same MiB policy as the Collector's, so one alert text and one ratio hold for both.
  processors.memory_limiter = memoryLimiter(resources);
  exporters[JaegerComponents.STORAGE_EXPORTER] = { trace_storage: traceStorage };
  return { receivers, processors: ['memory_limiter'], exporters: [JaegerComponents.STORAGE_EXPORTER] };
}

/** The file content. */
export function renderJaegerConfig(config: JaegerConfig): string {
  return Yaml.stringify(config);
}

/**
 * One role's config file: the built config, checked against the Jaeger binary's components,
 * with the role's `config` override merged over it and checked again, naming the prop.
 *
 * @param prop the role's prop path, e.g. `collector`, for errors
 */
export function roleConfigFile(where: string, prop: string, config: JaegerConfig, override?: CollectorConfigOverride): string {
  // The collector model has a connectors section; Jaeger's configs use none.
  const asCollector: CollectorConfig = { connectors: {}, ...config };
  checkConfig(asCollector, JAEGER_COMPONENTS, where, prop);
  if (override === undefined) return renderJaegerConfig(config);
  const merged = mergeOverride(where, `${prop}.config`, asCollector, override);
  checkConfig(merged, JAEGER_COMPONENTS, where, prop, `${prop}.config`);
  const { connectors, ...rest } = merged;
  return renderJaegerConfig(Object.keys(connectors).length > 0 ? merged : rest);
}
