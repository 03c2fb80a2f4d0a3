/**
 * The stack-wide settings every storage mode's roles are built from, checked once: each role's
 * resources and placement, the collectors' autoscaling, the Monitor tab.
 */
import {
  checkPlacement, checkResources, ResolvedResources, ContainerResources, invalidProp, mergePlacement, PodExtras, PodPlacement,
  SpanMetrics,
} from '../k8s';
import { checkAutoscaling, HorizontalAutoscaling } from '../collector/autoscaling';
import type { JaegerCollectorOptions, JaegerMonitorProps, JaegerRoleProp, JaegerStackProps } from './jaeger-stack-props';
import type { JaegerResourceRole } from './modes/mode';
import { DEFAULT_COLLECTOR_REPLICAS } from './modes/roles';
import { PROMETHEUS_INSTANCES, PrometheusSpec } from '../monitoring/prometheus';

/** A Prometheus metric name (what `metric_namespace` prefixes the span metrics with). */
const PROMETHEUS_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Name of the Monitor tab's backend in `jaeger_storage.metric_backends`. */
export const METRIC_STORE = 'span_metrics';

const DEFAULT_RESOURCES: Record<JaegerResourceRole, ResolvedResources> = {
  allInOne: { cpuRequest: '500m', memoryRequest: '1Gi', memoryLimit: '2Gi' },
  collector: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  query: { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  remoteStorage: { cpuRequest: '250m', memoryRequest: '1Gi', memoryLimit: '2Gi' },
  indexCleaner: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
};

/** A role's default resources merged with its prop, checked. */
export function roleResources(where: string, role: JaegerResourceRole, options?: { readonly resources?: ContainerResources }): ResolvedResources {
  return checkResources(where, `${role}.resources`, { ...DEFAULT_RESOURCES[role], ...options?.resources });
}

/** The collectors' autoscaling, checked, with its defaults; undefined when not asked. */
export function collectorAutoscaling(where: string, options?: JaegerCollectorOptions): Required<HorizontalAutoscaling> | undefined {
  return checkAutoscaling(where, 'collector', options?.autoscaling, options?.replicas, DEFAULT_COLLECTOR_REPLICAS);
}

/** The SPM metric backend and UI config, when the Monitor tab is on. */
export function monitorSetup(where: string, monitor?: JaegerMonitorProps): { backends: Record<string, unknown>; uiConfig: string; prometheus: PrometheusSpec } | undefined {
  if (!monitor) return undefined;
  const prometheus = PROMETHEUS_INSTANCES.of(where, 'monitor.prometheus', monitor.prometheus);
  if (monitor.metricNamespace !== undefined && (typeof monitor.metricNamespace !== 'string' || !PROMETHEUS_METRIC_NAME.test(monitor.metricNamespace))) {
    invalidProp(where, 'monitor.metricNamespace', monitor.metricNamespace, 'not a Prometheus metric name prefix',
      `use letters, digits and "_", not starting with a digit; the span-metrics pipeline publishes "${SpanMetrics.PREFIX}"`);
  }
  return {
    backends: {
      [METRIC_STORE]: {
        prometheus: {
          endpoint: prometheus.url,
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
    prometheus,
  };
}

/**
 * Every workload's placement, checked before any object is added: the stack's `placement`
 * with each role's own over it (the index cleaner takes the stack's).
 */
export function rolePlacements(where: string, props: JaegerStackProps): (role: JaegerResourceRole) => PodPlacement {
  const stack = props.placement === undefined ? undefined : checkPlacement(where, 'placement', props.placement);
  const roles = (['allInOne', 'collector', 'query', 'remoteStorage'] as const).map((role) => {
    const own = props[role]?.placement;
    return [role, mergePlacement(stack, own === undefined ? undefined : checkPlacement(where, `${role}.placement`, own))] as const;
  });
  const merged = new Map<JaegerResourceRole, PodPlacement>([...roles, ['indexCleaner', mergePlacement(stack, undefined)]]);
  return (role) => merged.get(role)!;
}

const EXTRAS: readonly (keyof PodExtras)[] = ['extraEnv', 'extraVolumes', 'extraVolumeMounts', 'sidecars', 'initContainers'];

/** Where a role's pod extras were given, for messages: its own placement's, else the stack's. */
export function extrasProp(props: JaegerStackProps, role: JaegerRoleProp): string {
  const own = props[role]?.placement;
  return own && EXTRAS.some((key) => own[key] !== undefined) ? `${role}.placement` : 'placement';
}
