/**
 * The Kubernetes recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/),
 * defined once for every object this library emits.
 */

/** `app.kubernetes.io/part-of` of everything this library emits. */
export const PART_OF = 'tracing';

/** `app.kubernetes.io/managed-by` of everything this library emits. */
export const MANAGED_BY = 'cdk8s';

/** The label keys, spelled once. */
export const LabelKeys = {
  NAME: 'app.kubernetes.io/name',
  INSTANCE: 'app.kubernetes.io/instance',
  COMPONENT: 'app.kubernetes.io/component',
  PART_OF: 'app.kubernetes.io/part-of',
  VERSION: 'app.kubernetes.io/version',
  MANAGED_BY: 'app.kubernetes.io/managed-by',
} as const;

/** Who an object belongs to: the values of the recommended labels. */
export interface ComponentIdentity {
  /** The application, e.g. `jaeger` or `opentelemetry-collector`. */
  readonly name: string;
  /** The installation, unique within a namespace, e.g. `jaeger`. */
  readonly instance: string;
  /** The role within the application, e.g. `collector`, `query`, `agent`. */
  readonly component: string;
  /** The application version, usually the image tag. Not part of selectors. */
  readonly version?: string;
  /**
   * The higher-level application this is part of.
   * @default 'tracing'
   */
  readonly partOf?: string;
}

/** All six recommended labels: put them on every object's metadata and every pod template. */
export function recommendedLabels(id: ComponentIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(id),
    [LabelKeys.MANAGED_BY]: MANAGED_BY,
  };
  if (id.version) {
    labels[LabelKeys.VERSION] = id.version;
  }
  return labels;
}

/**
 * The labels that select a component's pods: the stable subset of the recommended labels.
 *
 * `version` and `managed-by` are left out on purpose: workload selectors are immutable in a
 * cluster, so a selector that named the version would make every upgrade fail to apply. The
 * cdk8s-plus default (`cdk8s.io/metadata.addr`) is not used either: it changes when the code is
 * refactored, with the same effect.
 */
export function selectorLabels(id: ComponentIdentity): Record<string, string> {
  return {
    [LabelKeys.NAME]: id.name,
    [LabelKeys.INSTANCE]: id.instance,
    [LabelKeys.COMPONENT]: id.component,
    [LabelKeys.PART_OF]: id.partOf ?? PART_OF,
  };
}

/** `app.kubernetes.io/name` of each application of the stack: monitors and policies select on these. */
export const AppNames = {
  JAEGER: 'jaeger',
  OTEL_COLLECTOR: 'opentelemetry-collector',
} as const;

/** `app.kubernetes.io/component` of each role. */
export const Components = {
  /** Jaeger collector + query (+ storage) in one process (Badger, memory). */
  JAEGER_ALL_IN_ONE: 'all-in-one',
  /** Jaeger collectors (ingest) of a split topology. */
  JAEGER_COLLECTOR: 'collector',
  /** Jaeger query (UI/API) of a split topology. */
  JAEGER_QUERY: 'query',
  /** Jaeger remote storage (owns a Badger store, serves it over gRPC). */
  JAEGER_REMOTE_STORAGE: 'remote-storage',
  /** Elasticsearch/OpenSearch index cleaner CronJob. */
  JAEGER_INDEX_CLEANER: 'index-cleaner',
  /** The authenticating proxy in front of the exposed UI (oauth2-proxy). */
  JAEGER_UI_PROXY: 'ui-proxy',
  /** The exposed UI's Ingress or HTTPRoute. */
  JAEGER_UI_ROUTE: 'ui',
  /** OpenTelemetry Collector DaemonSet on every node. */
  OTEL_AGENT: 'agent',
  /** OpenTelemetry Collector tail-sampling tier. */
  OTEL_GATEWAY: 'gateway',
} as const;
