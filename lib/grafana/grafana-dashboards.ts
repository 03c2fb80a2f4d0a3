import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { ITracingComponent, watchedStack } from '../monitoring/contract';
import { monitoringIdentity } from '../monitoring/identity';
import { checkPromDuration } from '../monitoring/validate';
import { checkNonEmpty, constructLabel, namespacedMeta, checkProps } from '../k8s';
import { DashboardSpec, renderDashboard } from './dashboard-model';
import { GRAFANA_INSTANCES, Grafana, checkSidecarLabel } from './grafana';
import { serviceRedDashboard, tracingPipelineDashboard } from './tracing-dashboards';

/** Props for {@link GrafanaDashboards}. */
export interface GrafanaDashboardsProps {
  /**
   * The stack's constructs (`[jaeger, otel]`): the panels read their namespace and Jaeger's claims.
   */
  readonly components: ITracingComponent[];
  /**
   * The Grafana that shows the dashboards (`Grafana.fromExisting(...)`): their ConfigMaps go where
   * its sidecar reads, and the panels query its Prometheus datasource.
   */
  readonly grafana: Grafana;
  /**
   * Label the Grafana sidecar finds dashboards by (`sidecar.dashboards.label`).
   * @default 'grafana_dashboard'
   */
  readonly sidecarLabel?: string;
  /**
   * Value of the sidecar label (`sidecar.dashboards.labelValue`).
   * @default '1'
   */
  readonly sidecarLabelValue?: string;
  /**
   * Grafana folder, set through the sidecar's folder annotation (`grafana_folder` in kube-prometheus-stack).
   * @default - the sidecar's default folder
   */
  readonly folder?: string;
  /**
   * Prometheus's scrape interval of the stack (TracingMonitors' `interval`). Every query's Min step,
   * so `$__rate_interval` spans at least four scrapes whatever the datasource's own setting.
   * @default '30s'
   */
  readonly scrapeInterval?: string;
}

/** Annotation kube-prometheus-stack's dashboard sidecar reads the target folder from. */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/**
 * The tracing dashboards as ConfigMaps for the Grafana sidecar: "Tracing pipeline" (spans
 * received, refused, exported and failed per component; queue fill; memory; sampling; storage)
 * and "Service RED" (rate, errors, p50/p95/p99 per service from span metrics).
 */
export class GrafanaDashboards extends Construct {
  /** The rendered dashboards (Grafana JSON models), by uid. */
  public readonly dashboards: Readonly<Record<string, Record<string, unknown>>>;

  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    const where = constructLabel('GrafanaDashboards', id);
    checkProps(where, props, 'GrafanaDashboardsProps');
    const grafana = GRAFANA_INSTANCES.of(where, 'grafana', props?.grafana);
    const namespace = grafana.sidecarNamespace;
    const stack = watchedStack(where, props?.components);
    const targetNamespace = stack.namespace;
    const uid = grafana.prometheusDatasourceUid;
    const { label, labelValue } = checkSidecarLabel(where, props.sidecarLabel ?? 'grafana_dashboard', props.sidecarLabelValue ?? '1');
    const folder = props.folder === undefined ? undefined : checkNonEmpty(where, 'folder', props.folder);
    const storagePvcRegex = stack.dataClaimsRegex;
    const scrapeInterval = checkPromDuration(where, 'scrapeInterval', props.scrapeInterval ?? '30s');

    const options = { namespace: targetNamespace, storagePvcRegex };
    const specs: DashboardSpec[] = [tracingPipelineDashboard(options), serviceRedDashboard(options)];
    const rendered: Record<string, Record<string, unknown>> = {};
    for (const spec of specs) {
      const dashboard = renderDashboard(spec, { type: 'prometheus', uid }, scrapeInterval);
      rendered[spec.uid] = dashboard;
      const name = `${spec.uid}-dashboard`;
      new k8s.KubeConfigMap(this, spec.uid, {
        metadata: namespacedMeta(name, namespace, monitoringIdentity(name, 'grafana-dashboard'), {
          labels: { [label]: labelValue },
          ...(folder ? { annotations: { [GRAFANA_FOLDER_ANNOTATION]: folder } } : {}),
        }),
        data: { [`${spec.uid}.json`]: `${JSON.stringify(dashboard, null, 2)}\n` },
      });
    }
    this.dashboards = rendered;
  }
}
