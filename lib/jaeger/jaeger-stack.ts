import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  AppNames, checkAnnotations, checkDnsLabel, checkDnsSubdomain, checkDuration, checkImage, checkNonEmpty, checkProps, checkQuantity, claimNamespace,
  ComponentIdentity, constructLabel, ImageSpec, Images, invalidProp, namespacedMeta, PortSpec, Ports, serviceAddress, WorkloadRole, resolveNamespace, rollBack,
} from '../k8s';
import { addRole, addService, CONFIG_DIR, JaegerWorkloadContext, SAMPLING_DIR, UI_CONFIG_KEY, withIngestTls } from './jaeger-workloads';
import { buildJaegerConfig, roleConfigFile } from './jaeger-config';
import { JaegerStackProps } from './jaeger-stack-props';
import { storageSpecOf } from './jaeger-storage';
import { checkModeProps, checkStorage, JaegerStorageMode, ModeContext, STORAGE_MODES } from './modes';
import { INGEST_PORTS, OPS_PORTS, QUERY_PORTS } from './modes/roles';
import { ITracingComponent, ScrapeTarget, scrapeTargetOf } from '../monitoring/contract';
import { JaegerNames } from './names';
import { withJaegerSizing } from '../sizing/apply-sizing';
import {
  buildSamplingStrategies, checkServiceSamplingStrategy, IServiceStrategies, renderSamplingStrategies, SamplingStrategy,
} from './sampling-strategies';
import { collectorAutoscaling, extrasProp, METRIC_STORE, monitorSetup, rolePlacements, roleResources } from './stack-settings';
import { StorageSpec, TRACE_STORE } from './storage';
import { TracingTarget } from '../monitoring/identity';
import type { Prometheus } from '../monitoring/prometheus';
import { checkTracingTls, TlsLink, TracingTls } from '../tls/tracing-tls';
import type { TracingSizing } from '../sizing/tracing-sizing';
import { importBackend, ITracingBackend, TracingBackendEndpoints, TRACING_BACKENDS } from './tracing-backend';

export { JaegerNames };
export * from './jaeger-stack-props';

/** The instance label of a stack that does not set one: fixed, so the id can change freely. */
const DEFAULT_INSTANCE = 'jaeger';
const SAMPLING_KEY = 'strategies.json';

/** Traces kept for less than an hour are gone before anyone looks at them. */
const RETENTION_RANGE = { min: '1h', max: '87600h', why: 'an hour to ten years' };
/** Each reload re-reads the file (os.ReadFile per tick in Jaeger's file provider). */
const RELOAD_RANGE = { min: '1s', max: '24h', why: 'each tick re-reads the strategies file' };

const DEFAULTS = { retention: '72h', volumeSize: '50Gi', samplingReloadInterval: '1m' } as const;

/**
 * Jaeger v2 with a storage-dependent topology (see {@link JaegerStorage}): Badger in one
 * StatefulSet by default; collectors + query over a shared Badger remote storage; collectors +
 * query over Elasticsearch/OpenSearch with an index-cleaner CronJob; or memory for development.
 *
 * Front doors keep the platform's names: the `jaeger-collector` Service (OTLP, legacy Jaeger,
 * remote sampling) and the `jaeger-query` Service (UI/API). Each selects exactly the pods that
 * serve its ports.
 */
export class JaegerStack extends Construct implements ITracingComponent, ITracingBackend, IServiceStrategies {
  /**
   * A Jaeger made elsewhere (another repository, chart or cluster), for the collectors to export
   * to: the one place its addresses are given as strings.
   */
  public static fromEndpoints(endpoints: TracingBackendEndpoints): ITracingBackend {
    return importBackend(endpoints);
  }

  /** Namespace of every object. */
  public readonly namespace: string;
  /** `app.kubernetes.io/instance` of every object. */
  public readonly instance: string;
  /** The storage mode (see {@link JaegerStorage.type}). */
  public readonly storageType: string;
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
  /** TLS of the links into the stack: the collectors given the stack use the same. */
  public readonly tls?: TracingTls;
  /** The sizing the stack was built with: the collectors given the stack follow it. */
  public readonly sizing?: TracingSizing;
  /** Every Jaeger workload: selector, ports, ServiceAccount (for monitors and policies). */
  public readonly roles: WorkloadRole[] = [];
  /** StatefulSets emitted (`jaeger` or `jaeger-remote-storage`; none for Elasticsearch/OpenSearch). */
  public readonly statefulSetNames: string[] = [];
  /**
   * Each workload by name (`jaeger`, or `jaeger-collector`, `jaeger-query`,
   * `jaeger-remote-storage`, `jaeger-es-index-cleaner`), for a JSON patch of what no prop says.
   */
  public readonly workloads: { [name: string]: ApiObject } = {};
  /** PVCs the StatefulSets create (`data-jaeger-0`, `data-jaeger-remote-storage-0`). */
  public readonly dataClaimNames: string[] = [];
  /** Remote storage gRPC address (badger-shared only). */
  public readonly remoteStorageEndpoint?: string;
  /** The ports of the storage outside the stack that its pods connect to (search and Cassandra storage only). */
  public readonly externalStoragePorts?: PortSpec[];
  /**
   * Pods other than the collectors and query that connect to the storage outside the stack (the
   * index cleaner): what network policies must also let out.
   */
  public readonly externalStorageClients?: WorkloadRole[];
  /** The Prometheus the query reads RED metrics from (Monitor tab enabled only). */
  public readonly prometheus?: Prometheus;
  /** What Prometheus scrapes: every Jaeger pod's metrics port. */
  public readonly scrapeTargets: ScrapeTarget[];

  /** The strategies file Jaeger serves, rendered at synth: node agents given the stack serve a copy. */
  public readonly samplingStrategiesJson: string;
  /** How often Jaeger (and an agent serving a copy) re-reads the strategies file. */
  public readonly samplingReloadInterval: string;
  /** The Jaeger image (node agents serving a copy of the strategies run the same build). */
  public readonly samplingServerImage: ImageSpec;

  private readonly image: ImageSpec;
  private readonly where: string;
  /** The strategies of `sampling.services` and of addServiceStrategy, rendered at synth. */
  private readonly serviceStrategies: Record<string, SamplingStrategy>;

  constructor(scope: Construct, id: string, given: JaegerStackProps = {}) {
    super(scope, id);
    try {
      const where = this.where = constructLabel('JaegerStack', id);
      checkProps(where, given, 'JaegerStackProps');
      const ns = this.namespace = resolveNamespace(this, where, 'namespace', given.namespace);
      this.instance = checkDnsLabel(where, 'instance', given.instance ?? DEFAULT_INSTANCE);
      this.scrapeTargets = [scrapeTargetOf(TracingTarget.JAEGER, this.instance)];
      claimNamespace(this, where, 'JaegerStack', ns, [JaegerNames.COLLECTOR, JaegerNames.QUERY, JaegerNames.SAMPLING_STRATEGIES]);
      this.image = given.image === undefined ? Images.JAEGER : checkImage(where, 'image', given.image);
      // Validated before any object is added: a failed construct leaves nothing behind.
      // The options the mode's factory was given, checked here so that errors name the stack.
      const storage = checkStorage(where, given.storage === undefined ? { type: 'badger' } : storageSpecOf(where, given.storage));
      const props = withJaegerSizing(where, given, STORAGE_MODES[storage.type].roleProps);
      this.storageType = storage.type;
      if (props.indexCleanerImage !== undefined) checkImage(where, 'indexCleanerImage', props.indexCleanerImage);
      const retention = checkDuration(where, 'retention', props.retention ?? DEFAULTS.retention, { range: RETENTION_RANGE });
      const volumeSize = checkQuantity(where, 'volumeSize', props.volumeSize ?? DEFAULTS.volumeSize);
      const storageClassName = props.storageClassName === undefined ? undefined
        : checkDnsSubdomain(where, 'storageClassName', props.storageClassName);
      checkModeProps(where, storage.type, props);
      const placement = rolePlacements(where, props);
      const serviceAnnotations = {
        collector: props.collectorServiceAnnotations && checkAnnotations(where, 'collectorServiceAnnotations', props.collectorServiceAnnotations, []),
        query: props.queryServiceAnnotations && checkAnnotations(where, 'queryServiceAnnotations', props.queryServiceAnnotations, []),
      };
      const tls = this.tls = checkTracingTls(where, props.tls);
      this.sizing = given.sizing;
      const ingestScheme = tls?.covers(TlsLink.TO_JAEGER) ? 'https' : 'http';

      this.otlpGrpcEndpoint = serviceAddress(JaegerNames.COLLECTOR, ns, Ports.OTLP_GRPC);
      this.otlpHttpEndpoint = `${ingestScheme}://${serviceAddress(JaegerNames.COLLECTOR, ns, Ports.OTLP_HTTP)}`;
      this.samplingGrpcEndpoint = serviceAddress(JaegerNames.COLLECTOR, ns, Ports.SAMPLING_GRPC);
      this.samplingHttpEndpoint = `${ingestScheme}://${serviceAddress(JaegerNames.COLLECTOR, ns, Ports.SAMPLING_HTTP)}`;
      this.queryUrl = `http://${serviceAddress(JaegerNames.QUERY, ns, Ports.QUERY_HTTP)}`;

      buildSamplingStrategies(where, props.sampling);
      this.serviceStrategies = { ...props.sampling?.services };
      const sampling: string = this.samplingStrategiesJson = Lazy.any({ produce: () => renderSamplingStrategies(buildSamplingStrategies(where, { ...props.sampling, services: this.serviceStrategies })) });
      this.samplingServerImage = this.image;
      const samplingReloadInterval = this.samplingReloadInterval = checkDuration(where, 'sampling.reloadInterval',
        props.sampling?.reloadInterval ?? DEFAULTS.samplingReloadInterval, { range: RELOAD_RANGE });
      const monitor = monitorSetup(where, props.monitor);
      this.prometheus = monitor ? props.monitor?.prometheus : undefined;
      const modeContext: ModeContext = {
        where, namespace: ns, props, retention, image: this.image,
        identity: (component) => this.identity(component),
        ingest: { traceStorage: TRACE_STORE, samplingStrategiesFile: `${SAMPLING_DIR}/${SAMPLING_KEY}`, samplingReloadInterval },
        query: { traceStorage: TRACE_STORE, ...(monitor ? { metricStorage: METRIC_STORE, uiConfigFile: `${CONFIG_DIR}/${UI_CONFIG_KEY}` } : {}) },
        metricBackends: monitor?.backends,
        uiConfig: monitor?.uiConfig,
        resources: (role, options) => roleResources(where, role, options),
        autoscaling: (options) => collectorAutoscaling(where, options),
        tls,
      };
      const built = (STORAGE_MODES[storage.type] as JaegerStorageMode<StorageSpec>).build(modeContext, storage);
      const roles = withIngestTls(built.roles, tls);
      this.remoteStorageEndpoint = built.remoteStorageEndpoint;
      this.externalStoragePorts = built.external?.ports;
      this.externalStorageClients = built.external?.otherClients;

      // Each role's config, checked (with its override) before any object is added.
      const configs = roles.map((role) =>
        roleConfigFile(where, role.prop, buildJaegerConfig(role.process, role.resources), props[role.prop]?.config));

      const ctx: JaegerWorkloadContext = {
        scope: this, where, namespace: ns, image: this.image, identity: (component) => this.identity(component), placement,
        placementProp: (role) => extrasProp(props, role),
        roles: this.roles, statefulSetNames: this.statefulSetNames, dataClaimNames: this.dataClaimNames, workloads: this.workloads,
      };
      const ingestRole = roles.find((r) => r.process.ingest)!;
      const queryRole = roles.find((r) => r.process.query)!;
      this.addSamplingConfigMap(sampling, ingestRole.component);
      for (const [i, role] of roles.entries()) addRole(ctx, role, configs[i], { volumeSize, storageClassName });
      // Front doors: each selects exactly the pods that serve its ports.
      addService(ctx, JaegerNames.COLLECTOR, ingestRole.component, [...INGEST_PORTS, ...OPS_PORTS], serviceAnnotations.collector);
      addService(ctx, JaegerNames.QUERY, queryRole.component, QUERY_PORTS, serviceAnnotations.query);
      built.addExtras?.(ctx);
      TRACING_BACKENDS.set(this, {
        description: where, otlpGrpcEndpoint: this.otlpGrpcEndpoint, samplingGrpcEndpoint: this.samplingGrpcEndpoint, tls, sizing: this.sizing, strategies: this,
      });
    } catch (error) {
      // A refused construct leaves nothing behind (see rollBack).
      rollBack(this);
      throw error;
    }
  }

  /**
   * Serves `strategy` to `service`'s SDKs (a `jaeger_remote` sampler) and legacy clients, as if
   * it were in `sampling.services`. `ServiceInstrumentation` calls it when given the stack.
   */
  public addServiceStrategy(service: string, strategy: SamplingStrategy): void {
    const prop = `addServiceStrategy("${service}")`;
    checkNonEmpty(this.where, 'addServiceStrategy', service, 'name the service as its SDK reports service.name');
    if (service in this.serviceStrategies) {
      invalidProp(this.where, prop, strategy, `service "${service}" already has a strategy`, 'give each service one strategy (in sampling.services or through one ServiceInstrumentation)');
    }
    this.serviceStrategies[service] = checkServiceSamplingStrategy(this.where, prop, strategy);
  }

  /** The recommended-label identity of one component. */
  private identity(component: string): ComponentIdentity {
    return { name: AppNames.JAEGER, instance: this.instance, component, version: this.image.tag };
  }

  /** The strategies file, rendered when the manifests are written (after every addServiceStrategy). */
  private addSamplingConfigMap(strategies: string, component: string): void {
    new k8s.KubeConfigMap(this, 'sampling-strategies', {
      metadata: namespacedMeta(JaegerNames.SAMPLING_STRATEGIES, this.namespace, this.identity(component)),
      data: { [SAMPLING_KEY]: strategies },
    });
  }
}
