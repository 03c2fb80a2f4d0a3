import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  AppNames, checkDnsLabel, checkDnsSubdomain, checkDuration, checkImage, checkNumber, checkQuantity, checkReplicas,
  checkResources, COLLECTOR_CONFIG_ANNOTATION, ComponentIdentity, Components, constructLabel, ContainerResources,
  containerPort, goMemLimitEnv, healthProbes, ImageSpec, Images, imageRef, invalidProp, namespacedMeta,
  NON_ROOT_UID, parseDuration, PortSpec, Ports, recommendedLabels, resourceRequirements,
  restrictedContainerSecurityContext, restrictedPodSecurityContext, selectorLabels, serviceAddress, servicePort,
  spreadConstraints,
  ServiceNames, SpanMetrics, WorkloadRole, claimNamespace, RETAIN_ON_PRUNE_ANNOTATIONS, checkProps,
} from '../k8s';
import { buildJaegerConfig, HEALTH_PATH, JaegerProcessSpec, renderJaegerConfig } from './jaeger-config';
import { buildSamplingStrategies, renderSamplingStrategies, SamplingStrategiesProps } from './sampling-strategies';
import {
  BADGER_MOUNT_PATH, badgerBackend, checkStorage, indexCleanerTlsEnv, isHttpUrl, isSingleProcess, JaegerStorage,
  JaegerStorageType, memoryBackend, remoteStorageBackend, retentionDays, SearchStorage, searchBackend, searchCredentialEnv,
  searchTlsVolumes, StorageVolumes, TRACE_STORE,
} from './storage';

/** A Prometheus metric name (what `metric_namespace` prefixes the span metrics with). */
const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Replicas and resources of one Jaeger role. */
export interface JaegerWorkloadOptions {
  /**
   * Pod replicas.
   * @default 1 for the all-in-one and remote storage; 3 collectors; 2 query
   */
  readonly replicas?: number;
  /**
   * Requests and limits, merged over the role's defaults. `GOMEMLIMIT` is derived from the
   * memory limit.
   * @default - per role: all-in-one 500m/1Gi (limit 2Gi), collector 250m/512Mi (1Gi), query 100m/256Mi (512Mi), remote storage 250m/1Gi (2Gi)
   */
  readonly resources?: Partial<ContainerResources>;
}

/** Horizontal autoscaling of the collectors on CPU. */
export interface JaegerAutoscaling {
  /**
   * Fewest collectors.
   * @default - the collector replicas (3)
   */
  readonly minReplicas?: number;
  /** Most collectors. */
  readonly maxReplicas: number;
  /**
   * Average CPU utilisation (percent of the request) to hold.
   * @default 70
   */
  readonly targetCpuUtilization?: number;
}

/** Collector options: a workload that can also autoscale. */
export interface JaegerCollectorOptions extends JaegerWorkloadOptions {
  /**
   * Scale the collectors with an HPA. The Deployment then leaves `replicas` to the HPA, so a
   * GitOps sync does not fight it.
   * @default - fixed replicas, no HPA
   */
  readonly autoscaling?: JaegerAutoscaling;
}

/** The Monitor tab (SPM): RED metrics read back from Prometheus. */
export interface JaegerMonitorProps {
  /** Prometheus base URL, e.g. `http://prometheus-operated.monitoring.svc:9090`. */
  readonly prometheusUrl: string;
  /**
   * Prefix of the span metrics, as the span-metrics pipeline publishes them.
   * @default 'traces_span_metrics'
   */
  readonly metricNamespace?: string;
}

/** Props for {@link JaegerStack}. */
export interface JaegerStackProps {
  /**
   * Namespace of every object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * `app.kubernetes.io/instance` of every object. It is part of every workload selector, which a
   * cluster never lets change, so it does not follow the construct id: renaming the construct
   * leaves the output as it was.
   * @default 'jaeger'
   */
  readonly instance?: string;
  /**
   * The Jaeger v2 image (every Jaeger role runs it).
   * @default Images.JAEGER
   */
  readonly image?: ImageSpec;
  /**
   * The index-cleaner image (Elasticsearch/OpenSearch only).
   * @default Images.JAEGER_ES_INDEX_CLEANER
   */
  readonly indexCleanerImage?: ImageSpec;
  /**
   * Where traces are stored, and with it the topology. See {@link JaegerStorage}.
   * @default { type: 'badger' }
   */
  readonly storage?: JaegerStorage;
  /**
   * StorageClass of the Badger volume (badger, badger-shared).
   * @default 'fast-ssd'
   */
  readonly storageClassName?: string;
  /**
   * Size of the Badger volume (badger, badger-shared).
   * @default '50Gi'
   */
  readonly volumeSize?: string;
  /**
   * How long traces are kept: Badger's `ttl.spans`, or the index cleaner's days
   * (rounded up to whole days) for Elasticsearch/OpenSearch. Memory ignores it.
   * @default '72h'
   */
  readonly retention?: string;
  /**
   * The single-process StatefulSet (badger, memory). At most one replica.
   * @default - 1 replica, default resources
   */
  readonly allInOne?: JaegerWorkloadOptions;
  /**
   * The collectors Deployment (badger-shared, elasticsearch, opensearch).
   * @default - 3 replicas, no HPA
   */
  readonly collector?: JaegerCollectorOptions;
  /**
   * The query Deployment (badger-shared, elasticsearch, opensearch).
   * @default - 2 replicas
   */
  readonly query?: JaegerWorkloadOptions;
  /**
   * The remote-storage StatefulSet that owns Badger (badger-shared). Always one replica.
   * @default - default resources
   */
  readonly remoteStorage?: Pick<JaegerWorkloadOptions, 'resources'>;
  /**
   * Remote sampling strategies served on 5778/5779.
   * @default - probabilistic 1.0 for everything (see DEFAULT_SAMPLING_STRATEGY for why)
   */
  readonly sampling?: SamplingStrategiesProps;
  /**
   * Turn on the Monitor tab, reading span metrics from Prometheus.
   * @default - no Monitor tab
   */
  readonly monitor?: JaegerMonitorProps;
}

/** Object names, fixed: the platform's services and the storage alerts rely on them. */
export const JaegerNames = {
  ALL_IN_ONE: 'jaeger',
  REMOTE_STORAGE: 'jaeger-remote-storage',
  COLLECTOR: ServiceNames.JAEGER_COLLECTOR,
  QUERY: ServiceNames.JAEGER_QUERY,
  SAMPLING_STRATEGIES: 'jaeger-sampling-strategies',
  INDEX_CLEANER: 'jaeger-es-index-cleaner',
  /** volumeClaimTemplate of both StatefulSets: PVCs are `data-<statefulset>-0`. */
  DATA_CLAIM: 'data',
} as const;

/** The instance label of a stack that does not set one: fixed, so the id can change freely. */
const DEFAULT_INSTANCE = 'jaeger';
const CONFIG_DIR = '/etc/jaeger/config';
const CONFIG_KEY = 'config.yaml';
const UI_CONFIG_KEY = 'ui-config.json';
const SAMPLING_DIR = '/etc/jaeger/sampling';
const SAMPLING_KEY = 'strategies.json';
const CHECKSUM_ANNOTATION = 'checksum/config';
const METRIC_STORE = 'span_metrics';
/** The index cleaner's `--index-prefix` flag, as an env var (see addIndexCleaner). */
const INDEX_CLEANER_PREFIX_ENV = 'INDEX_PREFIX';

/** Traces kept for less than an hour are gone before anyone looks at them. */
const RETENTION_RANGE = { min: '1h', max: '87600h', why: 'an hour to ten years' };
/** Each reload re-reads the file (os.ReadFile per tick in Jaeger's file provider). */
const RELOAD_RANGE = { min: '1s', max: '24h', why: 'each tick re-reads the strategies file' };

const DEFAULTS = {
  retention: '72h',
  volumeSize: '50Gi',
  storageClassName: 'fast-ssd',
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

/** One Jaeger workload to emit. */
interface RoleSpec {
  readonly kind: 'StatefulSet' | 'Deployment';
  readonly name: string;
  readonly component: string;
  readonly process: JaegerProcessSpec;
  readonly ports: readonly PortSpec[];
  readonly resources: ContainerResources;
  /** undefined: an HPA owns the count. */
  readonly replicas: number | undefined;
  readonly autoscaling?: Required<JaegerAutoscaling>;
  readonly env: k8s.EnvVar[];
  /** Volumes the storage client needs (the search cluster's CA); none for the other roles. */
  readonly storageVolumes?: StorageVolumes;
  readonly badgerVolume: boolean;
  readonly samplingVolume: boolean;
  readonly uiConfig?: string;
  readonly startupSeconds: number;
  readonly terminationGracePeriodSeconds: number;
}

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
    const storageClassName = checkDnsSubdomain(where, 'storageClassName', props.storageClassName ?? DEFAULTS.storageClassName);
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

    this.addSamplingConfigMap(sampling, roles.find((r) => r.process.ingest)!.component);
    for (const role of roles) {
      this.addRole(role, { volumeSize, storageClassName });
    }

    // Front doors: each selects exactly the pods that serve its ports.
    const ingestRole = roles.find((r) => r.process.ingest)!;
    const queryRole = roles.find((r) => r.process.query)!;
    this.addService(JaegerNames.COLLECTOR, ingestRole.component, [...INGEST_PORTS, ...OPS_PORTS]);
    this.addService(JaegerNames.QUERY, queryRole.component, QUERY_PORTS);

    if (isSearch) {
      this.searchServerUrls = [...storage.serverUrls];
      this.indexCleanerSelector = selectorLabels(this.identity(Components.JAEGER_INDEX_CLEANER));
      this.addIndexCleaner(storage, retention, props.indexCleanerImage ?? Images.JAEGER_ES_INDEX_CLEANER, credentialEnv, storageVolumes);
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

  private addRole(role: RoleSpec, volume: { volumeSize: string; storageClassName: string }): void {
    const ns = this.namespace;
    const id = this.identity(role.component);
    const selector = selectorLabels(id);
    const config = renderJaegerConfig(buildJaegerConfig(role.process, role.resources));
    const configMapName = `${role.name}-config`;
    this.addServiceAccount(role.name, id);
    new k8s.KubeConfigMap(this, `${role.name}-config`, {
      metadata: namespacedMeta(configMapName, ns, id, { annotations: { [COLLECTOR_CONFIG_ANNOTATION]: CONFIG_KEY } }),
      data: { [CONFIG_KEY]: config, ...(role.uiConfig ? { [UI_CONFIG_KEY]: role.uiConfig } : {}) },
    });
    // The sampling strategies are left out on purpose: remote_sampling re-reads its file every
    // `sampling.reloadInterval` (and the kubelet refreshes the mounted ConfigMap), so a change to
    // one service's strategy reaches the SDKs without restarting Jaeger and losing its batches.
    const checksum = createHash('sha256').update(config).update('\0').update(role.uiConfig ?? '').digest('hex');

    const volumes: k8s.Volume[] = [
      { name: 'config', configMap: { name: configMapName } },
      // Read-only root filesystem: the only scratch space.
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    if (role.samplingVolume) {
      volumes.push({ name: 'sampling', configMap: { name: JaegerNames.SAMPLING_STRATEGIES } });
      mounts.push({ name: 'sampling', mountPath: SAMPLING_DIR, readOnly: true });
    }
    if (role.badgerVolume) mounts.push({ name: JaegerNames.DATA_CLAIM, mountPath: BADGER_MOUNT_PATH });
    volumes.push(...role.storageVolumes?.volumes ?? []);
    mounts.push(...role.storageVolumes?.mounts ?? []);

    const multiReplica = role.autoscaling !== undefined || (role.replicas ?? 1) > 1;
    const podSpec: k8s.PodSpec = {
      serviceAccountName: role.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // fsGroup: the kubelet makes the Badger volume group-writable for UID 10001.
      securityContext: restrictedPodSecurityContext(role.badgerVolume ? { fsGroup: NON_ROOT_UID } : {}),
      terminationGracePeriodSeconds: role.terminationGracePeriodSeconds,
      containers: [{
        name: 'jaeger',
        image: imageRef(this.image),
        imagePullPolicy: 'IfNotPresent',
        args: ['--config', `${CONFIG_DIR}/${CONFIG_KEY}`],
        ports: role.ports.map(containerPort),
        env: [goMemLimitEnv(role.resources), ...role.env],
        resources: resourceRequirements(role.resources),
        securityContext: restrictedContainerSecurityContext(),
        ...healthProbes(Ports.HEALTH, HEALTH_PATH, role.startupSeconds),
        volumeMounts: mounts,
      }],
      volumes,
      ...(multiReplica ? { topologySpreadConstraints: spreadConstraints(selector) } : {}),
    };
    const template: k8s.PodTemplateSpec = {
      metadata: { labels: recommendedLabels(id), annotations: { [CHECKSUM_ANNOTATION]: checksum } },
      spec: podSpec,
    };
    const metadata = namespacedMeta(role.name, ns, id);

    if (role.kind === 'StatefulSet') {
      const headless = headlessName(role.name);
      new k8s.KubeService(this, `${role.name}-headless`, {
        metadata: namespacedMeta(headless, ns, id),
        spec: {
          clusterIp: 'None',
          selector,
          ports: role.ports.map(servicePort),
        },
      });
      new k8s.KubeStatefulSet(this, role.name, {
        metadata,
        spec: {
          serviceName: headless,
          replicas: role.replicas,
          selector: { matchLabels: selector },
          updateStrategy: { type: 'RollingUpdate' },
          ...(role.badgerVolume ? { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' } } : {}),
          template,
          ...(role.badgerVolume ? {
            volumeClaimTemplates: [{
              // Selector labels only: volumeClaimTemplates are immutable, so a version label
              // here would make every upgrade fail to apply. The trace store is data: no sync
              // may delete a claim, and neither may a scale-down or deleting the StatefulSet.
              metadata: { name: JaegerNames.DATA_CLAIM, labels: selector, annotations: { ...RETAIN_ON_PRUNE_ANNOTATIONS } },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName: volume.storageClassName,
                resources: { requests: { storage: k8s.Quantity.fromString(volume.volumeSize) } },
              },
            }],
          } : {}),
        },
      });
      this.statefulSetNames.push(role.name);
      if (role.badgerVolume) this.dataClaimNames.push(`${JaegerNames.DATA_CLAIM}-${role.name}-0`);
    } else {
      new k8s.KubeDeployment(this, role.name, {
        metadata,
        spec: {
          ...(role.replicas !== undefined ? { replicas: role.replicas } : {}),
          selector: { matchLabels: selector },
          // Never below the wanted count during a rollout: collectors are the ingest path.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
          template,
        },
      });
    }
    if (role.autoscaling) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, `${role.name}-hpa`, {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: role.kind, name: role.name },
          minReplicas: role.autoscaling.minReplicas,
          maxReplicas: role.autoscaling.maxReplicas,
          metrics: [{
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: role.autoscaling.targetCpuUtilization } },
          }],
        },
      });
    }
    if (multiReplica) {
      new k8s.KubePodDisruptionBudget(this, `${role.name}-pdb`, {
        metadata,
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
    this.roles.push({
      component: role.component,
      namespace: ns,
      selector,
      ports: [...role.ports],
      serviceAccountName: role.name,
    });
  }

  /** A ServiceAccount of one's own per workload (policies can tell them apart); no API token. */
  private addServiceAccount(name: string, id: ComponentIdentity): void {
    new k8s.KubeServiceAccount(this, `${name}-service-account`, {
      metadata: namespacedMeta(name, this.namespace, id),
      automountServiceAccountToken: false,
    });
  }

  /** A ClusterIP Service selecting one component's pods. */
  private addService(name: string, component: string, ports: readonly PortSpec[]): void {
    const id = this.identity(component);
    new k8s.KubeService(this, `${name}-service`, {
      metadata: namespacedMeta(name, this.namespace, id),
      spec: { type: 'ClusterIP', selector: selectorLabels(id), ports: ports.map(servicePort) },
    });
  }

  /**
   * Retention for Elasticsearch/OpenSearch: a daily CronJob deletes the indices older than the
   * retention (jaeger repo, cmd/es-index-cleaner: args `NUM_OF_DAYS URL`; flags also read from
   * env with `.`/`-` → `_`: the prefix flag is `--index-prefix` (cmd/es-index-cleaner/app/flags.go),
   * so its variable is `INDEX_PREFIX`, not `ES_INDEX_PREFIX`, which the cleaner ignores and then
   * finds no index to delete (jaegertracing/helm-charts#634); credentials are `es.username` /
   * `es.password`, so `ES_USERNAME` / `ES_PASSWORD`; TLS is `es.tls.*`, see IndexCleanerTlsEnv).
   * It connects with the same CA, server name and verification as the collectors and query.
   */
  private addIndexCleaner(
    storage: SearchStorage, retention: string, image: ImageSpec, credentialEnv: k8s.EnvVar[], storageVolumes: StorageVolumes,
  ): void {
    const id = { ...this.identity(Components.JAEGER_INDEX_CLEANER), version: image.tag };
    const resources = DEFAULT_RESOURCES.indexCleaner;
    const days = retentionDays(parseDuration(retention)!);
    const labels = recommendedLabels(id);
    this.addServiceAccount(JaegerNames.INDEX_CLEANER, id);
    new k8s.KubeCronJob(this, 'index-cleaner', {
      metadata: namespacedMeta(JaegerNames.INDEX_CLEANER, this.namespace, id),
      spec: {
        schedule: storage.indexCleanerSchedule ?? DEFAULTS.indexCleanerSchedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 3,
            activeDeadlineSeconds: 1800,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'OnFailure',
                serviceAccountName: JaegerNames.INDEX_CLEANER,
                automountServiceAccountToken: false,
                enableServiceLinks: false,
                securityContext: restrictedPodSecurityContext(),
                containers: [{
                  name: 'index-cleaner',
                  image: imageRef(image),
                  imagePullPolicy: 'IfNotPresent',
                  args: [String(days), storage.serverUrls[0]],
                  env: [
                    ...(storage.indexPrefix ? [{ name: INDEX_CLEANER_PREFIX_ENV, value: storage.indexPrefix }] : []),
                    ...credentialEnv,
                    ...indexCleanerTlsEnv(storage),
                  ],
                  resources: resourceRequirements(resources),
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...storageVolumes.mounts],
                }],
                volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }, ...storageVolumes.volumes],
              },
            },
          },
        },
      },
    });
  }
}

/** The headless Service of a StatefulSet. */
function headlessName(statefulSet: string): string {
  return `${statefulSet}-headless`;
}
