import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { JaegerStack } from '../jaeger/jaeger-stack';
import { monitoringIdentity, perStackName } from '../monitoring/identity';
import { GRAFANA_UID_LENGTH } from './dashboard-model';
import { GRAFANA_INSTANCES, Grafana, checkSidecarLabel, checkUid } from './grafana';
import { entrySpanMatchers, eq, selector, sumRate } from '../monitoring/promql';
import {
  SpanMetrics,
  checkNonEmpty, constructLabel, invalidProp, namespacedMeta, checkProps,
} from '../k8s';

/** Props for {@link GrafanaDatasources}. */
export interface GrafanaDatasourcesProps {
  /**
   * The Grafana that reads the datasource (`Grafana.fromExisting(...)`): its ConfigMap goes where
   * that Grafana's sidecar reads, and the trace-to-metrics links query its Prometheus datasource.
   */
  readonly grafana: Grafana;
  /** The Jaeger stack whose query API the datasource reads. */
  readonly jaeger: JaegerStack;
  /**
   * Name of the Jaeger datasource in Grafana (unique in a Grafana, like the uid).
   * @default 'Jaeger (<the stack's namespace>)'
   */
  readonly name?: string;
  /**
   * uid of the Jaeger datasource (dashboards and links refer to it; unique in a Grafana, so
   * stacks in other namespaces sharing it keep theirs).
   * @default 'jaeger-<the stack's namespace>' (shortened with a hash past 40 characters)
   */
  readonly uid?: string;
  /**
   * Label the Grafana sidecar finds datasources by (`sidecar.datasources.label`).
   * @default 'grafana_datasource'
   */
  readonly sidecarLabel?: string;
  /**
   * Value of the sidecar label (`sidecar.datasources.labelValue`).
   * @default '1'
   */
  readonly sidecarLabelValue?: string;
}

/** One trace-to-metrics link query, as Grafana's Jaeger datasource settings take it. */
export interface TraceToMetricsQuery {
  readonly name: string;
  readonly query: string;
}

/**
 * Grafana's provisioning expands `$NAME` and `${NAME}` from the environment in every value; a
 * literal `$` is written `$$` (grafana.com/docs/grafana/latest/administration/provisioning/).
 */
export function escapeProvisioningValue(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/**
 * The Jaeger datasource for Grafana, as a ConfigMap for the Grafana sidecar: Jaeger's query
 * Service, node graph on, and trace-to-metrics links into the span metrics (request rate, error
 * rate, p95) of the span's service in the Prometheus datasource.
 */
export class GrafanaDatasources extends Construct {
  /** uid of the Jaeger datasource. */
  public readonly uid: string;
  /** Name of the ConfigMap. */
  public readonly configMapName: string;
  /** The trace-to-metrics queries, unescaped (`$__tags` is Grafana's placeholder for the span's labels). */
  public readonly traceToMetricsQueries: TraceToMetricsQuery[];

  constructor(scope: Construct, id: string, props: GrafanaDatasourcesProps) {
    super(scope, id);
    const where = constructLabel('GrafanaDatasources', id);
    checkProps(where, props, 'GrafanaDatasourcesProps');
    if (!(props?.jaeger instanceof JaegerStack)) {
      invalidProp(where, 'jaeger', props?.jaeger, 'expected the JaegerStack whose query API the datasource reads', 'pass the JaegerStack construct: { jaeger }');
    }
    const grafana = GRAFANA_INSTANCES.of(where, 'grafana', props.grafana);
    const namespace = grafana.sidecarNamespace;
    const jaegerNamespace = props.jaeger.namespace;
    const name = checkNonEmpty(where, 'name', props.name ?? `Jaeger (${jaegerNamespace})`);
    this.uid = checkUid(where, 'uid', props.uid ?? perStackName('jaeger', jaegerNamespace, GRAFANA_UID_LENGTH));
    const prometheusUid = grafana.prometheusDatasourceUid;
    const { label, labelValue } = checkSidecarLabel(where, props.sidecarLabel ?? 'grafana_datasource', props.sidecarLabelValue ?? '1');
    this.configMapName = perStackName('tracing-grafana-datasources', jaegerNamespace, 253);

    // Span metrics of the span's service: Grafana replaces `$__tags` with `service_name="<svc>"`
    // (the `tags` mapping below). Entry spans and the agents' series only, as on the dashboards.
    const matchers = entrySpanMatchers(jaegerNamespace);
    const tags = '$__tags';
    const withTags = (metric: string, extra = matchers) => selector(metric, extra).replace(/\}$/, `, ${tags}}`);
    this.traceToMetricsQueries = [
      { name: 'Request rate', query: sumRate(withTags(SpanMetrics.CALLS), ['service_name'], '5m') },
      {
        name: 'Error rate',
        query: `${sumRate(withTags(SpanMetrics.CALLS, [...matchers, eq('status_code', SpanMetrics.ERROR_STATUS)]), ['service_name'], '5m')}\n/\n`
          + sumRate(withTags(SpanMetrics.CALLS), ['service_name'], '5m'),
      },
      {
        name: 'Latency p95 (ms)',
        query: `histogram_quantile(0.95, ${sumRate(withTags(SpanMetrics.DURATION_BUCKET), ['service_name', 'le'], '5m')})`,
      },
    ];

    const provisioning = {
      apiVersion: 1,
      datasources: [{
        name,
        type: 'jaeger',
        uid: this.uid,
        access: 'proxy',
        url: props.jaeger.queryUrl,
        editable: false,
        jsonData: {
          nodeGraph: { enabled: true },
          // grafana.com/docs/grafana/latest/datasources/jaeger/ (provisioning example): tags map a
          // span attribute (key) to a Prometheus label (value); queries use `$__tags`.
          tracesToMetrics: {
            datasourceUid: prometheusUid,
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '5m',
            tags: [{ key: 'service.name', value: 'service_name' }],
            queries: this.traceToMetricsQueries.map((q) => ({ name: q.name, query: escapeProvisioningValue(q.query) })),
          },
        },
      }],
    };

    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: namespacedMeta(this.configMapName, namespace, monitoringIdentity(this.configMapName, 'grafana-datasource'), {
        labels: { [label]: labelValue },
      }),
      data: { 'tracing-datasources.yaml': Yaml.stringify(provisioning) },
    });
  }
}
