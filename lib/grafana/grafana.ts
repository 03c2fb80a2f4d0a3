import {
  FactorySpecs, LabelKeys, checkDnsLabel, checkLabels, checkNonEmpty, checkProps, invalidProp, isLabelKey, isLabelValue, isPlainObject,
} from '../k8s';
import { GRAFANA_UID_LENGTH } from './dashboard-model';

/** A Grafana made elsewhere (kube-prometheus-stack, the Grafana chart), for `Grafana.fromExisting()`. */
export interface GrafanaAttributes {
  /** Namespace its pods run in. */
  readonly namespace: string;
  /**
   * Labels of its pods: the NetworkPolicies let these pods, in `namespace` and nowhere else,
   * open the Jaeger API.
   * @default { 'app.kubernetes.io/name': 'grafana' }
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Namespace its sidecar reads dashboard and datasource ConfigMaps from
   * (`sidecar.*.searchNamespace`).
   * @default - `namespace` (the sidecar's default)
   */
  readonly sidecarNamespace?: string;
  /**
   * uid of its Prometheus datasource, which the dashboards and the trace-to-metrics links query
   * (kube-prometheus-stack provisions `prometheus`).
   * @default 'prometheus'
   */
  readonly prometheusDatasourceUid?: string;
}

/** What the datasources, dashboards and NetworkPolicies read of a Grafana. */
export interface GrafanaSpec {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly sidecarNamespace: string;
  readonly prometheusDatasourceUid: string;
}

/** Grafana instances imported with `Grafana.fromExisting()`. */
export const GRAFANA_INSTANCES = new FactorySpecs<Grafana, GrafanaSpec>('Grafana',
  "import it once: Grafana.fromExisting({ namespace: 'monitoring' })");

/**
 * The Grafana that shows the stack, said once and passed by reference: the datasources and
 * dashboards go where its sidecar reads them and query its Prometheus datasource, and the
 * NetworkPolicies admit its pods to the Jaeger API.
 */
export class Grafana {
  /** A Grafana run by someone else (kube-prometheus-stack, the Grafana chart), by namespace and labels. */
  public static fromExisting(attributes: GrafanaAttributes): Grafana {
    const where = 'Grafana.fromExisting()';
    if (!isPlainObject(attributes)) {
      invalidProp(where, 'attributes', attributes, 'expected the namespace and labels of the Grafana', "pass e.g. { namespace: 'monitoring' }");
    }
    checkProps(where, attributes, 'GrafanaAttributes');
    const namespace = checkDnsLabel(where, 'namespace', attributes.namespace);
    const podLabels = checkLabels(where, 'podLabels', attributes.podLabels ?? { [LabelKeys.NAME]: 'grafana' });
    if (Object.keys(podLabels).length === 0) {
      invalidProp(where, 'podLabels', podLabels, 'selects every pod of the namespace', 'give the labels of the Grafana pods');
    }
    const sidecarNamespace = checkDnsLabel(where, 'sidecarNamespace', attributes.sidecarNamespace ?? namespace);
    const prometheusDatasourceUid = checkUid(where, 'prometheusDatasourceUid', attributes.prometheusDatasourceUid ?? 'prometheus');
    return new Grafana({ namespace, podLabels: { ...podLabels }, sidecarNamespace, prometheusDatasourceUid });
  }

  private constructor(spec: GrafanaSpec) {
    GRAFANA_INSTANCES.set(this, spec);
  }
}

const GRAFANA_UID = new RegExp(`^[a-zA-Z0-9_.-]{1,${GRAFANA_UID_LENGTH}}$`);

/** A Grafana uid: at most 40 letters, digits, "-", "_" or ".". */
export function checkUid(where: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !GRAFANA_UID.test(value)) {
    invalidProp(where, prop, value, 'not a Grafana uid', 'use at most 40 letters, digits, "-", "_" or "."');
  }
  return value;
}

/** The label Grafana's sidecar discovers ConfigMaps by: a label key and a label value. */
export function checkSidecarLabel(where: string, label: unknown, labelValue: unknown): { label: string; labelValue: string } {
  checkNonEmpty(where, 'sidecarLabel', label, 'use the label your Grafana sidecar watches, e.g. "grafana_dashboard"');
  if (!isLabelKey(label as string)) {
    invalidProp(where, 'sidecarLabel', label, 'not a label key', 'use at most 63 letters, digits, "-", "_" or ".", as the sidecar\'s `label` setting');
  }
  if (!isLabelValue(labelValue) || labelValue === '') {
    invalidProp(where, 'sidecarLabelValue', labelValue, 'not a label value', 'use a string of at most 63 letters, digits, "-", "_" or ".", e.g. "1"');
  }
  return { label: label as string, labelValue: labelValue as string };
}
