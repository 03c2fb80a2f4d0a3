/**
 * How the stack's constructs meet the ones that watch them: `JaegerStack` and `OtelCollector`
 * implement {@link ITracingComponent}, and `TracingMonitors`, `TracingAlerts` and
 * `GrafanaDashboards` accept a list of them. The app then passes the constructs, not instance
 * names, claim regexes or keep ratios it would have to compute.
 */
import { AppNames, Components, invalidProp, LabelKeys, PART_OF, PortSpec, Ports } from '../k8s';
import { TracingTarget } from './identity';
import { claimNamesRegex } from './promql';

/** What one PodMonitor scrapes: exposed so tests and whole-stack checks can line it up with the pods. */
export interface ScrapeTarget {
  /** Which part of the stack: `jaeger`, `agent` or `gateway`. */
  readonly target: string;
  /** The PodMonitor name. */
  readonly name: string;
  /** The `app.kubernetes.io/instance` of the pods (the PodMonitor's instance label). */
  readonly instance: string;
  /** The pod labels the PodMonitor selects on (a subset of the pods' labels). */
  readonly selector: Readonly<Record<string, string>>;
  /** The named container ports it scrapes. */
  readonly ports: PortSpec[];
}

/** A part of the tracing stack that is monitored: what scrapes, alerts and dashboards need of it. */
export interface ITracingComponent {
  /** Namespace of its pods. */
  readonly namespace: string;
  /** What Prometheus scrapes on its pods. */
  readonly scrapeTargets: ScrapeTarget[];
  /** Its volume claims that hold traces (the storage alert and panel watch them). */
  readonly dataClaimNames: string[];
  /**
   * The share of ordinary traces it keeps, if it samples (the sampling alert's expectation).
   * @default - it does not sample
   */
  readonly samplingKeepRatio?: number;
}

function podSelector(app: string, instance: string, component?: string): Record<string, string> {
  return {
    [LabelKeys.NAME]: app,
    [LabelKeys.INSTANCE]: instance,
    ...(component ? { [LabelKeys.COMPONENT]: component } : {}),
    [LabelKeys.PART_OF]: PART_OF,
  };
}

/** The scrape target of each part of the stack, for pods of the given instance. */
export function scrapeTargetOf(target: TracingTarget, instance: string): ScrapeTarget {
  switch (target) {
    case TracingTarget.JAEGER:
      // Every Jaeger role (all-in-one, collector, query, remote-storage) serves `metrics`; the
      // index-cleaner CronJob has no such port and therefore yields no target.
      return { target, name: instance, instance, selector: podSelector(AppNames.JAEGER, instance), ports: [Ports.METRICS] };
    case TracingTarget.AGENT:
      return {
        target, name: `${instance}-${Components.OTEL_AGENT}`, instance,
        selector: podSelector(AppNames.OTEL_COLLECTOR, instance, Components.OTEL_AGENT), ports: [Ports.METRICS, Ports.SPAN_METRICS],
      };
    case TracingTarget.GATEWAY:
      return {
        target, name: `${instance}-${Components.OTEL_GATEWAY}`, instance,
        selector: podSelector(AppNames.OTEL_COLLECTOR, instance, Components.OTEL_GATEWAY), ports: [Ports.METRICS],
      };
  }
}

/** The stack as the watchers see it: one namespace, its targets, claims and keep ratio. */
export interface WatchedStack {
  readonly namespace: string;
  readonly scrapeTargets: readonly ScrapeTarget[];
  readonly targets: readonly TracingTarget[];
  /** A regex of exactly Jaeger's data claims; undefined when it has none (Elasticsearch/OpenSearch). */
  readonly dataClaimsRegex?: string;
  readonly samplingKeepRatio?: number;
}

/**
 * Reads the `components` prop: a non-empty list of the stack's constructs, in one namespace,
 * each part of the stack once. The watchers find what they watch there and nowhere else.
 */
export function watchedStack(where: string, components: unknown): WatchedStack {
  if (!Array.isArray(components) || components.length === 0) {
    invalidProp(where, 'components', components, 'expected a non-empty list of the stack\'s constructs', 'pass e.g. components: [jaeger, otel]');
  }
  components.forEach((c, i) => {
    if (c === null || typeof c !== 'object' || typeof c.namespace !== 'string' || !Array.isArray(c.scrapeTargets) || !Array.isArray(c.dataClaimNames)) {
      // A construct of another kind is named by its class; anything else is shown as given.
      const shown = typeof c === 'object' && c !== null && Object.getPrototypeOf(c) !== Object.prototype ? c.constructor?.name : c;
      invalidProp(where, `components[${i}]`, shown,
        'not a part of the tracing stack (a JaegerStack or an OtelCollector)', 'pass the JaegerStack and OtelCollector constructs');
    }
  });
  const list = components as ITracingComponent[];
  const namespaces = [...new Set(list.map((c) => c.namespace))];
  if (namespaces.length > 1) {
    invalidProp(where, 'components', namespaces, 'are in different namespaces, but one monitoring object watches one namespace',
      'watch each namespace with its own construct');
  }
  const scrapeTargets = list.flatMap((c) => c.scrapeTargets);
  const targets = scrapeTargets.map((t) => t.target as TracingTarget);
  const twice = targets.find((t, i) => targets.indexOf(t) !== i);
  if (twice) invalidProp(where, 'components', twice, 'lists a part of the stack twice', 'pass each construct once');
  const ratios = list.map((c) => c.samplingKeepRatio).filter((r): r is number => r !== undefined);
  const claims = list.flatMap((c) => c.dataClaimNames);
  return { namespace: namespaces[0], scrapeTargets, targets, dataClaimsRegex: claims.length === 0 ? undefined : claimNamesRegex(claims), samplingKeepRatio: ratios[0] };
}
