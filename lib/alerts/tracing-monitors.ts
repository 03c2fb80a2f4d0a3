import { Construct } from 'constructs';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpoints,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction,
} from '../../imports/monitoring.coreos.com';
import { LabelKeys, PortSpec, constructLabel, namespacedMeta, checkProps } from '../k8s';
import { ITracingComponent, ScrapeTarget, watchedStack } from '../monitoring/contract';
import { monitoringIdentity, watcherObjectName } from '../monitoring/identity';
import { PROMETHEUS_INSTANCES, Prometheus, watcherNamespace } from '../monitoring/prometheus';
import { promLabelName } from '../monitoring/promql';
import { checkPromDuration } from '../monitoring/validate';

/** Props for {@link TracingMonitors}. */
export interface TracingMonitorsProps {
  /**
   * The stack's constructs (`[jaeger, otel]`): what they run is what gets scraped, in their
   * namespace.
   */
  readonly components: ITracingComponent[];
  /**
   * The Prometheus that scrapes the stack (`Prometheus.fromExisting(...)`): the PodMonitors go
   * where its operator reads monitors and carry the labels it selects them by.
   */
  readonly prometheus: Prometheus;
  /**
   * Scrape interval. Alerts use 5m rate windows, so anything up to 1m works.
   * @default '30s'
   */
  readonly interval?: string;
}

/**
 * PodMonitors for every part of the tracing stack: Jaeger (port `metrics`: the collector's own
 * `otelcol_*` metrics, storage and query metrics), the agent (port `metrics`, plus `span-metrics`:
 * the RED metrics its span_metrics connector exports) and the gateway (port `metrics`).
 *
 * PodMonitors rather than ServiceMonitors: they scrape every pod by label and named container port,
 * so they need no extra Service (the agent's front-door Service is node-local and would hide pods).
 * Each endpoint copies the pods' `app.kubernetes.io/{name,component,instance}` labels onto the
 * series (as `app_kubernetes_io_*`), which {@link TracingAlerts} and the dashboards select on.
 */
export class TracingMonitors extends Construct {
  /** What each PodMonitor scrapes. */
  public readonly scrapeTargets: ScrapeTarget[];
  /** Namespace of the scraped pods (the alerts filter on it). */
  public readonly targetNamespace: string;

  constructor(scope: Construct, id: string, props: TracingMonitorsProps) {
    super(scope, id);
    const where = constructLabel('TracingMonitors', id);
    checkProps(where, props, 'TracingMonitorsProps');
    const prometheus = PROMETHEUS_INSTANCES.of(where, 'prometheus', props?.prometheus);
    // A Prometheus duration: the PodMonitor CRD rejects Go-only forms such as "1.5s" or "500us".
    const interval = checkPromDuration(where, 'interval', props.interval ?? '30s');
    const stack = watchedStack(where, props.components);
    this.targetNamespace = stack.namespace;
    const namespace = watcherNamespace(prometheus, stack.namespace);
    this.scrapeTargets = [...stack.scrapeTargets];

    for (const t of this.scrapeTargets) {
      new PodMonitor(this, t.target, {
        // The instance label is the monitored instance: "<instance>-gateway" could exceed the 63
        // characters of a label value.
        metadata: namespacedMeta(watcherObjectName(t.name, namespace, this.targetNamespace), namespace,
          monitoringIdentity(t.instance, 'pod-monitor'), { labels: prometheus.selectorLabels }),
        spec: {
          selector: { matchLabels: { ...t.selector } },
          namespaceSelector: { matchNames: [this.targetNamespace] },
          podMetricsEndpoints: t.ports.map((p) => metricsEndpoint(p, interval)),
        },
      });
    }
  }
}

/**
 * Copies a pod label onto the target under its Prometheus name: Kubernetes discovery exposes
 * `app.kubernetes.io/name` as `__meta_kubernetes_pod_label_app_kubernetes_io_name`.
 */
function copyPodLabel(k8sLabel: string) {
  const name = promLabelName(k8sLabel);
  return {
    sourceLabels: [`__meta_kubernetes_pod_label_${name}`],
    targetLabel: name,
    action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE,
  };
}

function metricsEndpoint(p: PortSpec, interval: string): PodMonitorSpecPodMetricsEndpoints {
  return {
    port: p.name,
    path: '/metrics',
    interval,
    // honorLabels stays false: the collector's prometheus exporter adds `job`/`instance` from the
    // spans' resource; they become `exported_job`/`exported_instance` and cannot mask the target's.
    relabelings: [
      copyPodLabel(LabelKeys.NAME),
      copyPodLabel(LabelKeys.COMPONENT),
      copyPodLabel(LabelKeys.INSTANCE),
    ],
  };
}
