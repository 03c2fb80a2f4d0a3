import {
  FactorySpecs, LabelKeys, urlPort, checkBoolean, checkDnsLabel, checkHttpUrl, checkLabels, checkPort, checkProps, invalidProp, isPlainObject,
} from '../k8s';

/** A Prometheus made elsewhere (kube-prometheus-stack, the Prometheus operator), for `Prometheus.fromExisting()`. */
export interface PrometheusAttributes {
  /** Namespace its pods run in. */
  readonly namespace: string;
  /**
   * Labels of its pods: the NetworkPolicies let these pods, in `namespace` and nowhere else,
   * scrape the stack and answer Jaeger's Monitor tab.
   * @default { 'app.kubernetes.io/name': 'prometheus' }
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Labels its operator selects PodMonitors and PrometheusRules by (kube-prometheus-stack selects
   * `release: <its release name>` unless told otherwise); the monitors and alerts carry them.
   * @default - none
   */
  readonly selectorLabels?: Record<string, string>;
  /**
   * Whether its operator reads monitors and rules in every namespace (empty
   * `podMonitorNamespaceSelector`/`ruleNamespaceSelector`, kube-prometheus-stack's default): then
   * they go beside the stack they watch. When false they go into Prometheus's own namespace,
   * the only one an unset selector covers.
   * @default true
   */
  readonly watchesAllNamespaces?: boolean;
  /**
   * Its HTTP API, which Jaeger's Monitor tab queries.
   * @default 'http://prometheus-operated.<namespace>.svc:9090' (the operator's governing Service)
   */
  readonly url?: string;
  /**
   * The pods' port behind `url`: NetworkPolicies match the pod's port, not the Service's.
   * @default - the port of `url`
   */
  readonly podPort?: number;
}

/** What the watchers, the Jaeger stack and the NetworkPolicies read of a Prometheus. */
export interface PrometheusSpec {
  /** `Prometheus.fromExisting(...)`, for messages. */
  readonly description: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly watchesAllNamespaces: boolean;
  readonly url: string;
  readonly podPort: number;
}

/** Prometheus instances imported with `Prometheus.fromExisting()`. */
export const PROMETHEUS_INSTANCES = new FactorySpecs<Prometheus, PrometheusSpec>('Prometheus',
  "import it once: Prometheus.fromExisting({ namespace: 'monitoring', selectorLabels: { release: 'kube-prometheus-stack' } })");

/**
 * The Prometheus that scrapes the stack and evaluates its alerts, said once and passed by
 * reference: the monitors and alerts take their namespace and selector labels from it, Jaeger's
 * Monitor tab its URL, and the NetworkPolicies admit its pods, so the three cannot disagree.
 */
export class Prometheus {
  /** A Prometheus run by someone else (kube-prometheus-stack, the operator), by namespace and labels. */
  public static fromExisting(attributes: PrometheusAttributes): Prometheus {
    const where = 'Prometheus.fromExisting()';
    if (!isPlainObject(attributes)) {
      invalidProp(where, 'attributes', attributes, 'expected the namespace and labels of the Prometheus',
        "pass e.g. { namespace: 'monitoring', selectorLabels: { release: 'kube-prometheus-stack' } }");
    }
    checkProps(where, attributes, 'PrometheusAttributes');
    const namespace = checkDnsLabel(where, 'namespace', attributes.namespace);
    const podLabels = checkLabels(where, 'podLabels', attributes.podLabels ?? { [LabelKeys.NAME]: 'prometheus' });
    if (Object.keys(podLabels).length === 0) {
      invalidProp(where, 'podLabels', podLabels, 'selects every pod of the namespace', 'give the labels of the Prometheus pods');
    }
    const selectorLabels = checkLabels(where, 'selectorLabels', attributes.selectorLabels ?? {});
    const watchesAllNamespaces = checkBoolean(where, 'watchesAllNamespaces', attributes.watchesAllNamespaces ?? true);
    const urlText = attributes.url ?? `http://prometheus-operated.${namespace}.svc:9090`;
    const url = checkHttpUrl(where, 'url', urlText, `give its base URL, e.g. "http://prometheus-operated.${namespace}.svc:9090"`);
    const podPort = checkPort(where, 'podPort', attributes.podPort ?? urlPort(url));
    return new Prometheus({
      description: where, namespace, podLabels: { ...podLabels }, selectorLabels: { ...selectorLabels }, watchesAllNamespaces,
      url: urlText, podPort,
    });
  }

  private constructor(spec: PrometheusSpec) {
    PROMETHEUS_INSTANCES.set(this, spec);
  }
}

/**
 * Where a watcher's objects go for this Prometheus to read them: beside the stack when it reads
 * every namespace, else in its own.
 */
export function watcherNamespace(prometheus: PrometheusSpec, stackNamespace: string): string {
  return prometheus.watchesAllNamespaces ? stackNamespace : prometheus.namespace;
}
