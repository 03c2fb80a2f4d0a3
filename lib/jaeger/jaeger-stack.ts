import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  AppNames, checkDnsLabel, checkDnsSubdomain, checkDuration, checkImage, checkNumber, checkProps, checkQuantity, checkReplicas,
  checkResources, claimNamespace, ComponentIdentity, Components, constructLabel, ContainerResources, ImageSpec, Images, invalidProp,
  namespacedMeta, parseDuration, PortSpec, Ports, selectorLabels, serviceAddress, SpanMetrics, WorkloadRole,
} from '../k8s';
import {
  addIndexCleaner, addRole, addService, CONFIG_DIR, headlessName, JaegerWorkloadContext, RoleSpec, SAMPLING_DIR, UI_CONFIG_KEY,
} from './jaeger-workloads';
import {
  JaegerAutoscaling, JaegerCollectorOptions, JaegerMonitorProps, JaegerStackProps, JaegerWorkloadOptions,
} from './jaeger-stack-props';
import { JaegerNames } from './names';
import { buildSamplingStrategies, renderSamplingStrategies } from './sampling-strategies';
import {
  badgerBackend, memoryBackend, remoteStorageBackend, searchBackend, searchCredentialEnv, searchTlsVolumes,
} from './storage-backends';
import { checkStorage, isHttpUrl, isSingleProcess, JaegerStorage, JaegerStorageType, SearchStorage, TRACE_STORE } from './storage';

export { JaegerNames };
export * from './jaeger-stack-props';

/** A Prometheus metric name (what `metric_namespace` prefixes the span metrics with). */
const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The instance label of a stack that does not set one: fixed, so the id can change freely. */
const DEFAULT_INSTANCE = 'jaeger';
const SAMPLING_KEY = 'strategies.json';
const METRIC_STORE = 'span_metrics';

/** Traces kept for less than an hour are gone before anyone looks at them. */
const RETENTION_RANGE = { min: '1h', max: '87600h', why: 'an hour to ten years' };
/** Each reload re-reads the file (os.ReadFile per tick in Jaeger's file provider). */
const RELOAD_RANGE = { min: '1s', max: '24h', why: 'each tick re-reads the strategies file' };

const DEFAULTS = {
  retention: '72h',
  volumeSize: '50Gi',
  samplingReloadInterval: '1m',
  collectorReplicas: 3,
  queryReplicas: 2,
  targetCpuUtilization: 70,
  indexCleanerSchedule: '55 23 * * *',
} as const;

const DEFAULT_RESOURCES: Record<'allInOne' | 'collector' | 'query' | 'remoteStorage' | 'indexCleaner', ContainerResources> = {
  allInOne: { cpuRequest: '500m', memoryRequest: '1Gi', memoryLimit: '2Gi' },
  collector: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  query: { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  remoteStorage: { cpuRequest: '250m', memoryRequest: '1Gi', memoryLimit: '2Gi' },
  indexCleaner: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
};

/** Ports of each kind of Jaeger process. */
const INGEST_PORTS: readonly PortSpec[] = [
  Ports.OTLP_GRPC, Ports.OTLP_HTTP, Ports.JAEGER_GRPC, Ports.JAEGER_THRIFT_HTTP, Ports.SAMPLING_HTTP, Ports.SAMPLING_GRPC,
];
const QUERY_PORTS: readonly PortSpec[] = [Ports.QUERY_HTTP, Ports.QUERY_GRPC];
const OPS_PORTS: readonly PortSpec[] = [Ports.HEALTH, Ports.METRICS];

/**
 * Jaeger v2 with a storage-dependent topology (see {@link JaegerStorage}): Badger in one
 * StatefulSet by default; collectors + query over a shared Badger remote storage; collectors +
 * query over Elasticsearch/OpenSearch with an index-cleaner CronJob; or memory for development.
 *
 * Front doors keep the platform's names: the `jaeger-collector` Service (OTLP, legacy Jaeger,
 * remote sampling) and the `jaeger-query` Service (UI/API). Each selects exactly the pods that
 * serve its ports.
 */
export class JaegerStack extends Construct {
  /** Namespace of every object. */
  public readonly namespace: string;
  /** `app.kubernetes.io/instance` of every object. */
  public readonly instance: string;
  /** The storage mode. */
  public readonly storageType: JaegerStorageType;
  /** Ingest Service name (`jaeger-collector`). */
  public readonly collectorServiceName: string = JaegerNames.COLLECTOR;
  /** UI/API Service name (`jaeger-query`). */
  public readonly queryServiceName: string = JaegerNames.QUERY;
  /** OTLP/gRPC ingest address, `jaeger-collector.<ns>.svc:4317` (no scheme: what OTLP gRPC exporters take). */
  public readonly otlpGrpcEndpoint: string;
  /** OTLP/HTTP ingest base URL, `http://jaeger-collector.<ns>.svc:4318`. */
  public readonly otlpHttpEndpoint: string;
  /** Remote sampling over gRPC, `jaeger-collector.<ns>.svc:5779` (what an agent proxies to). */
  public readonly samplingGrpcEndpoint: string;
  /** Remote sampling over HTTP, `http://jaeger-collector.<ns>.svc:5778` (`/sampling?service=`). */
  public readonly samplingHttpEndpoint: string;
  /** UI/API base URL, `http://jaeger-query.<ns>.svc:16686` (Grafana's Jaeger datasource). */
  public readonly queryUrl: string;
  /** Every Jaeger workload: selector, ports, ServiceAccount (for monitors and policies). */
  public readonly roles: WorkloadRole[] = [];
  /** StatefulSets emitted (`jaeger` or `jaeger-remote-storage`; none for Elasticsearch/OpenSearch). */
  public readonly statefulSetNames: string[] = [];
  /** PVCs the StatefulSets create (`data-jaeger-0`, `data-jaeger-remote-storage-0`). */
  public readonly dataClaimNames: string[] = [];
  /** Remote storage gRPC address (badger-shared only). */
  public readonly remoteStorageEndpoint?: string;
  /** Elasticsearch/OpenSearch server URLs the pods connect to (search storage only). */
  public readonly searchServerUrls?: readonly string[];
  /** Prometheus base URL the query reads RED metrics from (Monitor tab enabled only). */
  public readonly prometheusUrl?: string;
  /** Selector of the index-cleaner CronJob's pods (search storage only). */
  public readonly indexCleanerSelector?: Readonly<Record<string, string>>;

  private readonly where: string;
  private readonly image: ImageSpec;

  constructor(scope: Construct, id: string, props: JaegerStackProps = {}) {
    super(scope, id);
    const where = constructLabel('JaegerStack', id);
    checkProps(where, props, { storage: 'object', monitor: 'object', sampling: 'object', 'sampling.services': 'object', allInOne: 'object', collector: 'object', query: 'object', remoteStorage: 'object', 'allInOne.resources': 'object', 'collector.resources': 'object', 'collector.autoscaling': 'object', 'query.resources': 'object', 'remoteStorage.resources': 'object', 'storage.credentials': 'object', 'storage.serverUrls': 'list' });
    this.where = where;
    this.namespace = checkDnsLabel(where, 'namespace', props.namespace ?? 'monitoring');
    this.instance = checkDnsLabel(where, 'instance', props.instance ?? DEFAULT_INSTANCE);
    claimNamespace(this, where, 'JaegerStack', this.namespace, [JaegerNames.COLLECTOR, JaegerNames.QUERY, JaegerNames.SAMPLING_STRATEGIES]);
    this.image = props.image === undefined ? Images.JAEGER : checkImage(where, 'image', props.image);
    const storage = checkStorage(where, props.storage ?? { type: 'badger' });
    this.storageType = storage.type;
    const isSearch = storage.type === 'elasticsearch' || storage.type === 'opensearch';
    if (props.indexCleanerImage !== undefined) {
      if (!isSearch) {
        invalidProp(where, 'indexCleanerImage', props.indexCleanerImage, `has no effect with storage type "${storage.type}": only Elasticsearch/OpenSearch have an index cleaner`,
          'remove it, or use storage type "elasticsearch" or "opensearch"');
      }
      checkImage(where, 'indexCleanerImage', props.indexCleanerImage);
    }
    const retention = checkDuration(where, 'retention', props.retention ?? DEFAULTS.retention, { range: RETENTION_RANGE });
    // Validated before any object is added: a failed construct leaves nothing behind.
    const volumeSize = checkQuantity(where, 'volumeSize', props.volumeSize ?? DEFAULTS.volumeSize);
    const storageClassName = props.storageClassName === undefined ? undefined
      : checkDnsSubdomain(where, 'storageClassName', props.storageClassName);
    this.checkRoleProps(props, storage.type);

    const ns = this.namespace;
    this.otlpGrpcEndpoint = serviceAddress(JaegerNames.COLLECTOR, ns, Ports.OTLP_GRPC);
    this.otlpHttpEndpoint = `http://${serviceAddress(JaegerNames.COLLECTOR, ns, Ports.OTLP_HTTP)}`;
    this.samplingGrpcEndpoint = serviceAddress(JaegerNames.COLLECTOR, ns, Ports.SAMPLING_GRPC);
    this.samplingHttpEndpoint = `http://${serviceAddress(JaegerNames.COLLECTOR, ns, Ports.SAMPLING_HTTP)}`;
    this.queryUrl = `http://${serviceAddress(JaegerNames.QUERY, ns, Ports.QUERY_HTTP)}`;

    const sampling = renderSamplingStrategies(buildSamplingStrategies(where, props.sampling));
    const samplingReloadInterval = checkDuration(where, 'sampling.reloadInterval',
      props.sampling?.reloadInterval ?? DEFAULTS.samplingReloadInterval, { range: RELOAD_RANGE });
    const monitor = this.monitorSetup(props.monitor);
    this.prometheusUrl = monitor ? props.monitor?.prometheusUrl : undefined;
    const credentialEnv = searchCredentialEnv(storage);
    const storageVolumes = searchTlsVolumes(storage);
    const ingest = {
      traceStorage: TRACE_STORE,
      samplingStrategiesFile: `${SAMPLING_DIR}/${SAMPLING_KEY}`,
      samplingReloadInterval,
    };
    const query = {
      traceStorage: TRACE_STORE,
      ...(monitor ? { metricStorage: METRIC_STORE, uiConfigFile: `${CONFIG_DIR}/${UI_CONFIG_KEY}` } : {}),
    };
    const metricBackends = monitor?.backends;

    const roles: RoleSpec[] = [];
    if (isSingleProcess(storage.type)) {
      const backend = storage.type === 'memory' ? memoryBackend(storage) : badgerBackend(retention);
      roles.push({
        kind: 'StatefulSet',
        name: JaegerNames.ALL_IN_ONE,
        component: Components.JAEGER_ALL_IN_ONE,
        process: { serviceName: 'jaeger', traceBackends: { [TRACE_STORE]: backend }, metricBackends, ingest, query },
        ports: [...INGEST_PORTS, ...QUERY_PORTS, ...OPS_PORTS],
        resources: this.resources('allInOne', props.allInOne),
        replicas: props.allInOne?.replicas ?? 1,
        env: [],
        badgerVolume: storage.type === 'badger',
        samplingVolume: true,
        uiConfig: monitor?.uiConfig,
        // Badger replays its value log on start; give it time before liveness counts.
        startupSeconds: 300,
        terminationGracePeriodSeconds: 60,
      });
    } else {
      let traceBackend: Record<string, unknown>;
      if (storage.type === 'badger-shared') {
        const remoteStorageService = headlessName(JaegerNames.REMOTE_STORAGE);
        this.remoteStorageEndpoint = serviceAddress(remoteStorageService, ns, Ports.REMOTE_STORAGE_GRPC);
        traceBackend = remoteStorageBackend(this.remoteStorageEndpoint, serviceAddress(remoteStorageService, ns, Ports.OTLP_GRPC));
        roles.push({
          kind: 'StatefulSet',
          name: JaegerNames.REMOTE_STORAGE,
          component: Components.JAEGER_REMOTE_STORAGE,
          process: {
            serviceName: JaegerNames.REMOTE_STORAGE,
            traceBackends: { [TRACE_STORE]: badgerBackend(retention) },
            remoteStorage: { storage: TRACE_STORE },
          },
          ports: [Ports.REMOTE_STORAGE_GRPC, Ports.OTLP_GRPC, ...OPS_PORTS],
          resources: this.resources('remoteStorage', props.remoteStorage),
          replicas: 1,
          env: [],
          badgerVolume: true,
          samplingVolume: false,
          startupSeconds: 300,
          terminationGracePeriodSeconds: 60,
        });
      } else {
        traceBackend = searchBackend(storage as SearchStorage, parseDuration(retention)!);
      }
      const autoscaling = this.autoscaling(props.collector);
      roles.push({
        kind: 'Deployment',
        name: JaegerNames.COLLECTOR,
        component: Components.JAEGER_COLLECTOR,
        process: { serviceName: JaegerNames.COLLECTOR, traceBackends: { [TRACE_STORE]: traceBackend }, ingest },
        ports: [...INGEST_PORTS, ...OPS_PORTS],
        resources: this.resources('collector', props.collector),
        replicas: autoscaling ? undefined : props.collector?.replicas ?? DEFAULTS.collectorReplicas,
        autoscaling,
        env: credentialEnv,
        storageVolumes,
        badgerVolume: false,
        samplingVolume: true,
        startupSeconds: 120,
        // Time to flush the batch processor to storage after the Service stops sending.
        terminationGracePeriodSeconds: 60,
      });
      roles.push({
        kind: 'Deployment',
        name: JaegerNames.QUERY,
        component: Components.JAEGER_QUERY,
        process: { serviceName: JaegerNames.QUERY, traceBackends: { [TRACE_STORE]: traceBackend }, metricBackends, query },
        ports: [...QUERY_PORTS, ...OPS_PORTS],
        resources: this.resources('query', props.query),
        replicas: props.query?.replicas ?? DEFAULTS.queryReplicas,
        env: credentialEnv,
        storageVolumes,
        badgerVolume: false,
        samplingVolume: false,
        uiConfig: monitor?.uiConfig,
        startupSeconds: 120,
        terminationGracePeriodSeconds: 30,
      });
    }

    const ctx: JaegerWorkloadContext = {
      scope: this, namespace: ns, image: this.image, identity: (component) => this.identity(component),
      roles: this.roles, statefulSetNames: this.statefulSetNames, dataClaimNames: this.dataClaimNames,
    };
    this.addSamplingConfigMap(sampling, roles.find((r) => r.process.ingest)!.component);
    for (const role of roles) {
      addRole(ctx, role, { volumeSize, storageClassName });
    }

    // Front doors: each selects exactly the pods that serve its ports.
    const ingestRole = roles.find((r) => r.process.ingest)!;
    const queryRole = roles.find((r) => r.process.query)!;
    addService(ctx, JaegerNames.COLLECTOR, ingestRole.component, [...INGEST_PORTS, ...OPS_PORTS]);
    addService(ctx, JaegerNames.QUERY, queryRole.component, QUERY_PORTS);

    if (isSearch) {
      this.searchServerUrls = [...storage.serverUrls];
      this.indexCleanerSelector = selectorLabels(this.identity(Components.JAEGER_INDEX_CLEANER));
      addIndexCleaner(ctx, {
        storage, retention, image: props.indexCleanerImage ?? Images.JAEGER_ES_INDEX_CLEANER, credentialEnv, storageVolumes,
        resources: DEFAULT_RESOURCES.indexCleaner, schedule: storage.indexCleanerSchedule ?? DEFAULTS.indexCleanerSchedule,
      });
    }
  }

  /** The recommended-label identity of one component. */
  private identity(component: string): ComponentIdentity {
    return { name: AppNames.JAEGER, instance: this.instance, component, version: this.image.tag };
  }

  /** Rejects role props the chosen topology has no place for, explaining the way out. */
  private checkRoleProps(props: JaegerStackProps, type: JaegerStorageType): void {
    const where = this.where;
    const scaleOut = (prop: string, value: unknown): never => {
      if (type === 'badger') {
        return invalidProp(where, prop, value,
          'Badger is an embedded, single-process store: a second pod cannot open the same files, and a query in another pod cannot read them',
          'keep one replica, or choose a topology that scales: storage { type: "badger-shared" } (collectors and query over one remote-storage pod that owns Badger), or { type: "elasticsearch" | "opensearch", serverUrls: [...] }');
      }
      return invalidProp(where, prop, value,
        'memory storage lives inside one process: each replica would hold different traces and query would see only its own',
        'keep one replica (memory is for development), or use storage type "badger-shared", "elasticsearch" or "opensearch"');
    };
    if (isSingleProcess(type)) {
      const replicas = props.allInOne?.replicas;
      if (replicas !== undefined) {
        checkReplicas(where, 'allInOne.replicas', replicas);
        if (replicas > 1) scaleOut('allInOne.replicas', replicas);
      }
      for (const role of ['collector', 'query'] as const) {
        const options = props[role] as JaegerCollectorOptions | undefined;
        if (options === undefined) continue;
        if ((options.replicas ?? 1) > 1) scaleOut(`${role}.replicas`, options.replicas);
        if (options.autoscaling) scaleOut(`${role}.autoscaling`, options.autoscaling);
        invalidProp(where, role, options, `has no effect with storage type "${type}": collector and query run in one process, the "${JaegerNames.ALL_IN_ONE}" StatefulSet`,
          'set allInOne.resources instead');
      }
      if (props.remoteStorage) {
        invalidProp(where, 'remoteStorage', props.remoteStorage, `has no effect with storage type "${type}"`, 'remove it, or use storage type "badger-shared"');
      }
      return;
    }
    if (props.allInOne) {
      invalidProp(where, 'allInOne', props.allInOne, `has no effect with storage type "${type}": collectors and query run as separate Deployments`,
        'set collector and query instead');
    }
    if (props.remoteStorage && type !== 'badger-shared') {
      invalidProp(where, 'remoteStorage', props.remoteStorage, `has no effect with storage type "${type}"`, 'remove it');
    }
    if (props.collector?.replicas !== undefined) checkReplicas(where, 'collector.replicas', props.collector.replicas);
    if (props.query?.replicas !== undefined) checkReplicas(where, 'query.replicas', props.query.replicas);
  }

  /** Role defaults merged with the prop, validated. */
  private resources(role: keyof typeof DEFAULT_RESOURCES, options?: Pick<JaegerWorkloadOptions, 'resources'>): ContainerResources {
    return checkResources(this.where, `${role}.resources`, { ...DEFAULT_RESOURCES[role], ...options?.resources });
  }

  private autoscaling(options?: JaegerCollectorOptions): Required<JaegerAutoscaling> | undefined {
    const a = options?.autoscaling;
    if (!a) return undefined;
    const minReplicas = checkReplicas(this.where, 'collector.autoscaling.minReplicas', a.minReplicas ?? options?.replicas ?? DEFAULTS.collectorReplicas);
    const maxReplicas = checkReplicas(this.where, 'collector.autoscaling.maxReplicas', a.maxReplicas);
    if (maxReplicas < minReplicas) {
      invalidProp(this.where, 'collector.autoscaling.maxReplicas', maxReplicas, `is below minReplicas (${minReplicas})`, 'raise maxReplicas or lower minReplicas');
    }
    const targetCpuUtilization = checkNumber(this.where, 'collector.autoscaling.targetCpuUtilization',
      a.targetCpuUtilization ?? DEFAULTS.targetCpuUtilization, { min: 1, max: 100, integer: true });
    return { minReplicas, maxReplicas, targetCpuUtilization };
  }

  /** The SPM metric backend and UI config, when the Monitor tab is on. */
  private monitorSetup(monitor?: JaegerMonitorProps): { backends: Record<string, unknown>; uiConfig: string } | undefined {
    if (!monitor) return undefined;
    if (!isHttpUrl(monitor.prometheusUrl)) {
      invalidProp(this.where, 'monitor.prometheusUrl', monitor.prometheusUrl, 'not an http(s) URL',
        'give the Prometheus base URL, e.g. "http://prometheus-operated.monitoring.svc:9090"');
    }
    if (monitor.metricNamespace !== undefined && (typeof monitor.metricNamespace !== 'string' || !PROMETHEUS_METRIC_NAME.test(monitor.metricNamespace))) {
      invalidProp(this.where, 'monitor.metricNamespace', monitor.metricNamespace, 'not a Prometheus metric name prefix',
        `use letters, digits and "_", not starting with a digit; the span-metrics pipeline publishes "${SpanMetrics.PREFIX}"`);
    }
    return {
      backends: {
        [METRIC_STORE]: {
          prometheus: {
            endpoint: monitor.prometheusUrl,
            metric_namespace: monitor.metricNamespace ?? SpanMetrics.PREFIX,
            // The span-metrics histogram unit is pinned to ms (SpanMetrics.DURATION_UNIT); the
            // Prometheus exporter adds the `_total` / `_milliseconds` suffixes, hence normalize.
            latency_unit: SpanMetrics.DURATION_UNIT,
            normalize_calls: true,
            normalize_duration: true,
          },
        },
      },
      // jaeger-ui: the Monitor menu is hidden unless the UI config turns it on.
      uiConfig: `${JSON.stringify({ monitor: { menuEnabled: true } }, undefined, 2)}\n`,
    };
  }

  private addSamplingConfigMap(strategies: string, component: string): void {
    new k8s.KubeConfigMap(this, 'sampling-strategies', {
      metadata: namespacedMeta(JaegerNames.SAMPLING_STRATEGIES, this.namespace, this.identity(component)),
      data: { [SAMPLING_KEY]: strategies },
    });
  }
}
