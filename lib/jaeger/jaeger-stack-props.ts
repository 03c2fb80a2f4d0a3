/** The props of {@link JaegerStack} and of its roles. */
import type { HorizontalAutoscaling } from '../collector/autoscaling';
import type { ContainerResources, ImageSpec, PodPlacement } from '../k8s';
import type { TracingSizing } from '../sizing/tracing-sizing';
import type { SamplingStrategiesProps } from './sampling-strategies';
import type { JaegerStorage } from './jaeger-storage';
import type { TracingTls } from '../tls/tracing-tls';
import type { Prometheus } from '../monitoring/prometheus';

/** The props that configure one role of the stack. */
export type JaegerRoleProp = 'allInOne' | 'collector' | 'query' | 'remoteStorage';

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
  readonly resources?: ContainerResources;
  /**
   * Collector config merged over the role's Jaeger config (Jaeger v2 is a Collector build): maps
   * merge, lists replace, `null` removes a key, as the Collector Helm chart's `config`. The
   * result is checked against the Jaeger binary's components (`ComponentTables.JAEGER`).
   * @default - the built config as it is
   */
  readonly config?: { [section: string]: any };
  /**
   * Where the role's pods run and what they carry, over the stack's `placement`.
   * @default - the stack's placement
   */
  readonly placement?: PodPlacement;
}

/** Options of the remote-storage StatefulSet (one replica: it alone opens the Badger files). */
export interface JaegerRemoteStorageOptions {
  /**
   * Requests and limits, merged over the role's defaults.
   * @default - 250m / 1Gi, limit 2Gi
   */
  readonly resources?: ContainerResources;
  /**
   * Collector config merged over the role's Jaeger config (see {@link JaegerWorkloadOptions.config}).
   * @default - the built config as it is
   */
  readonly config?: { [section: string]: any };
  /**
   * Where the remote-storage pod runs and what it carries, over the stack's `placement`.
   * @default - the stack's placement
   */
  readonly placement?: PodPlacement;
}

/** Collector options: a workload that can also autoscale. */
export interface JaegerCollectorOptions extends JaegerWorkloadOptions {
  /**
   * Scale the collectors with an HPA. The Deployment then leaves `replicas` to the HPA, so a
   * GitOps sync does not fight it.
   * @default - fixed replicas, no HPA
   */
  readonly autoscaling?: HorizontalAutoscaling;
}

/** The Monitor tab (SPM): RED metrics read back from Prometheus. */
export interface JaegerMonitorProps {
  /**
   * The Prometheus that holds the span metrics (`Prometheus.fromExisting(...)`): the query reads
   * them from its URL, and the NetworkPolicies let the query reach its pods.
   */
  readonly prometheus: Prometheus;
  /**
   * Prefix of the span metrics, as the span-metrics pipeline publishes them.
   * @default 'traces_span_metrics'
   */
  readonly metricNamespace?: string;
}

/** Props for {@link JaegerStack}. */
export interface JaegerStackProps {
  /**
   * Resources, collector replicas, volume size and retention sized for an expected load
   * (`TracingSizing.forLoad(...)`), for the roles the storage mode has. Props set here
   * explicitly win over it.
   * @default - the hand-set defaults of each prop
   */
  readonly sizing?: TracingSizing;
  /**
   * Where every pod of the stack runs and what it carries (node pool, tolerations, affinity,
   * priority, pull secrets, extra labels and annotations, ServiceAccount annotations for cloud
   * workload identity, extra env, volumes, sidecars and init containers). Each role's own
   * `placement` wins field by field; the index cleaner takes this one's scheduling, labels and
   * annotations, not its extras (a sidecar would keep its Job from completing).
   * @default - no placement beyond the library's own spread of multi-replica roles
   */
  readonly placement?: PodPlacement;
  /**
   * Namespace of every object.
   * @default - the Chart's namespace, else 'monitoring'
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
   * @default JaegerStorage.badger()
   */
  readonly storage?: JaegerStorage;
  /**
   * StorageClass of the Badger volume (badger, badger-shared). Badger wants an SSD: name one
   * (a `TracingStorageClass`'s `name`, or a class the cluster has).
   * @default - the cluster's default StorageClass
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
  readonly remoteStorage?: JaegerRemoteStorageOptions;
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
  /**
   * TLS on Jaeger's ingest (link `TlsLink.TO_JAEGER`): mutual TLS on the OTLP receivers
   * (4317, 4318) and the remote-sampling servers (5778, 5779) of the pods behind
   * `jaeger-collector`. Give the same value to the `OtelCollector`, so both ends switch together.
   * @default - plaintext
   */
  readonly tls?: TracingTls;
  /**
   * Annotations on the ingest Service (`jaeger-collector`): a mesh's, topology-aware routing's
   * `service.kubernetes.io/topology-mode`, a cloud's.
   * @default - none
   */
  readonly collectorServiceAnnotations?: { [key: string]: string };
  /**
   * Annotations on the UI/API Service (`jaeger-query`). Expose the UI with `JaegerUiExposure`,
   * which puts authentication in front of it.
   * @default - none
   */
  readonly queryServiceAnnotations?: { [key: string]: string };
}
