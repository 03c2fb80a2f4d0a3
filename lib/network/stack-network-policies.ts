import { Construct } from 'constructs';
import {
  Components, LabelKeys, PortSpec, Ports, WorkloadRole, checkBoolean, constructLabel, invalidProp, checkProps,
} from '../k8s';
import { JaegerUiExposure } from '../exposure/jaeger-ui-exposure';
import { JaegerStack } from '../jaeger';
import { OtelCollector } from '../otel';
import { GRAFANA_INSTANCES, Grafana } from '../grafana/grafana';
import { PROMETHEUS_INSTANCES, Prometheus } from '../monitoring/prometheus';
import { NetworkPeer, Peers, checkPeer } from './peers';
import { TracingNetworkPolicies, TracingNetworkPoliciesProps, checkPolicyProps } from './tracing-network-policies';

/** Ports that carry telemetry for the stack's own operation, not traces. */
const OPS_PORTS: readonly PortSpec[] = [Ports.METRICS, Ports.HEALTH, Ports.SAMPLING_HEALTH, Ports.SPAN_METRICS];

/** Props for {@link StackNetworkPolicies}. */
export interface StackNetworkPoliciesProps extends TracingNetworkPoliciesProps {
  /** The Jaeger stack whose pods are covered. */
  readonly jaeger: JaegerStack;
  /**
   * The collectors whose pods are covered.
   * @default - none (Jaeger only)
   */
  readonly otel?: OtelCollector;
  /**
   * Who sends traces: allowed into the node-local agent's trace ports, or, when the collectors
   * run without agents (mode `gateway-only`), into the gateways' OTLP ports (and Jaeger's ingest
   * ports, see `appsToJaegerCollector`).
   * @default - every pod in every namespace
   */
  readonly apps?: NetworkPeer;
  /**
   * Also let apps send straight to `jaeger-collector` (OTLP, legacy Jaeger, remote sampling),
   * for services that predate the agent. Off by default: a span sent there skips the gateways'
   * tail sampling (every trace kept, none of the policies applied) and the agent's metadata.
   * @default false
   */
  readonly appsToJaegerCollector?: boolean;
  /**
   * The Prometheus that scrapes the stack (the one the monitors and alerts were given): its pods,
   * in its namespace, may scrape every metrics port; Jaeger query may reach it for the Monitor tab.
   * @default - the JaegerStack's `monitor.prometheus`, else pods labelled
   * `app.kubernetes.io/name: prometheus` in the stack's namespace
   */
  readonly prometheus?: Prometheus;
  /**
   * The Grafana that reads the Jaeger datasource (the one the datasources were given): its pods,
   * in its namespace, may open the Jaeger API.
   * @default - pods labelled `app.kubernetes.io/name: grafana` in the stack's namespace
   */
  readonly grafana?: Grafana;
  /**
   * Who else may open the Jaeger UI/API (`jaeger-query`), by namespace and labels
   * (`Peers.podsInNamespace`). `kubectl port-forward` is not subject to NetworkPolicies, so
   * operators keep access either way.
   * @default - none besides Grafana
   */
  readonly queryClients?: NetworkPeer[];
  /**
   * The exposed UI whose traffic to allow: the route's controller pods into the authenticating
   * proxy (or, without one, into `jaeger-query`), the proxy to `jaeger-query` and to its
   * identity provider.
   * @default - the UI is not exposed
   */
  readonly uiExposure?: JaegerUiExposure;
  /**
   * Where the storage outside the stack is (Elasticsearch, OpenSearch), e.g.
   * `Peers.cidr('es', '10.20.0.0/16')`.
   * @default - any address, on the storage's ports
   */
  readonly externalStorage?: NetworkPeer;
}

/**
 * The NetworkPolicies of a whole stack, derived from the JaegerStack and OtelCollector roles:
 * default deny for the stack's pods, DNS, and each real hop — apps → agent, agent → gateway,
 * gateway → jaeger-collector, agent → Jaeger remote sampling, Jaeger → its storage, Prometheus →
 * metrics ports, Grafana → jaeger-query, Kubernetes API for the agent's attribute lookups.
 */
export class StackNetworkPolicies extends TracingNetworkPolicies {
  constructor(scope: Construct, id: string, props: StackNetworkPoliciesProps) {
    // Everything is validated before the first policy is added (the base class adds some).
    const where = constructLabel('StackNetworkPolicies', id);
    checkProps(where, props, 'StackNetworkPoliciesProps');
    checkStackProps(where, props);
    super(scope, id, { namespace: props.namespace ?? props.jaeger.namespace, ...stripOwn(props) });
    this.where = where;
    const { jaeger, otel } = props;
    const jaegerRole = (component: string) => jaeger.roles.find((r) => r.component === component);
    const ingest = jaegerRole(Components.JAEGER_ALL_IN_ONE) ?? jaegerRole(Components.JAEGER_COLLECTOR)!;
    const query = jaegerRole(Components.JAEGER_ALL_IN_ONE) ?? jaegerRole(Components.JAEGER_QUERY)!;
    const remoteStorage = jaegerRole(Components.JAEGER_REMOTE_STORAGE);
    const agent = otel?.roles.find((r) => r.component === Components.OTEL_AGENT);
    const gateway = otel?.roles.find((r) => r.component === Components.OTEL_GATEWAY);
    const apps = props.apps ?? Peers.anyPod('apps');

    // Apps → the node-local agent (and, for legacy clients, Jaeger's ingest). Without agents
    // (mode gateway-only) the senders' own agents export OTLP to the gateways directly.
    if (agent) this.allowIngress(agent, apps, tracePorts(agent));
    else if (gateway) this.allowIngress(gateway, apps, [Ports.OTLP_GRPC, Ports.OTLP_HTTP]);
    if (props.appsToJaegerCollector ?? false) this.allowIngress(ingest, apps, tracePorts(ingest).filter(isIngestPort));

    // The pipeline.
    if (agent && gateway) this.allowHop(agent, gateway, [Ports.OTLP_GRPC]);
    if (gateway) this.allowHop(gateway, ingest, [Ports.OTLP_GRPC]);
    if (agent) {
      // Without gateways (mode agent-only) the agent exports to Jaeger itself; and it asks
      // Jaeger for the strategies it serves when it proxies them (not when it serves a copy).
      const agentToJaeger = [
        ...(gateway ? [] : [Ports.OTLP_GRPC]),
        ...(otel?.agentSamplingUpstream !== undefined ? [Ports.SAMPLING_GRPC] : []),
      ];
      if (agentToJaeger.length > 0) this.allowHop(agent, ingest, agentToJaeger);
      this.allowKubeApiEgress(agent);
    }

    // Jaeger → its storage.
    if (remoteStorage) {
      for (const role of [ingest, query]) {
        if (role === ingest) this.allowHop(role, remoteStorage, [Ports.REMOTE_STORAGE_GRPC, Ports.OTLP_GRPC]);
        else this.allowHop(role, remoteStorage, [Ports.REMOTE_STORAGE_GRPC]);
      }
    }
    if (jaeger.externalStoragePorts) {
      const ports = jaeger.externalStoragePorts;
      const otherClients = jaeger.externalStorageClients ?? [];
      const peer = props.externalStorage ?? Peers.cidr('external-storage', '0.0.0.0/0');
      for (const role of uniqueRoles([ingest, query, ...otherClients])) this.allowEgress(role, peer, ports);
    }

    // Prometheus → every metrics port; Jaeger query → Prometheus for the Monitor tab.
    // Prometheus and Grafana are let in by namespace and labels: in another namespace anyone
    // may label a pod `app.kubernetes.io/name: prometheus`.
    const prometheus = props.prometheus ?? jaeger.prometheus;
    const prometheusSpec = prometheus === undefined ? undefined : PROMETHEUS_INSTANCES.of(this.where, 'prometheus', prometheus);
    const prometheusPeer = Peers.podsInNamespace('prometheus', prometheusSpec?.namespace ?? this.namespace,
      prometheusSpec?.podLabels ?? { [LabelKeys.NAME]: 'prometheus' });
    for (const role of uniqueRoles([...jaeger.roles, ...(otel?.roles ?? [])])) {
      const metrics = role.ports.filter((p) => p === Ports.METRICS || p === Ports.SPAN_METRICS);
      if (metrics.length > 0) this.allowIngress(role, prometheusPeer, metrics);
    }
    if (jaeger.prometheus) {
      // The Prometheus the query reads (the stack's) is the one let out to, whoever scrapes.
      const monitor = PROMETHEUS_INSTANCES.of(this.where, 'jaeger', jaeger.prometheus);
      const peer = Peers.podsInNamespace('prometheus', monitor.namespace, monitor.podLabels);
      this.allowEgress(query, peer, [{ name: 'prometheus', port: monitor.podPort, protocol: 'TCP' }]);
    }

    // Grafana (and whoever else is listed) → the Jaeger UI/API.
    const grafana = props.grafana === undefined ? undefined : GRAFANA_INSTANCES.of(this.where, 'grafana', props.grafana);
    const queryPorts = [Ports.QUERY_HTTP, Ports.QUERY_GRPC];
    this.allowIngress(query, Peers.podsInNamespace('grafana', grafana?.namespace ?? this.namespace, grafana?.podLabels ?? { [LabelKeys.NAME]: 'grafana' }), queryPorts);
    const queryClients = props.queryClients ?? [];
    if (queryClients.length > 0) this.allowIngress(query, queryClients, queryPorts);

    // The exposed UI: into the proxy from the route's controller, the proxy on to jaeger-query
    // and its identity provider; without a proxy, the controller (which authenticates) alone.
    const exposure = props.uiExposure;
    if (exposure?.proxyRole) {
      const proxy = exposure.proxyRole;
      this.allowIngress(proxy, exposure.controllerPods ?? Peers.anyPod('ui-clients'), [Ports.UI_PROXY_HTTP]);
      this.allowHop(proxy, query, [Ports.QUERY_HTTP]);
      this.allowEgress(proxy, exposure.issuerPeer ?? Peers.cidr('identity-provider', '0.0.0.0/0'),
        [{ name: 'oidc', port: exposure.issuerPort!, protocol: 'TCP' }]);
    } else if (exposure) {
      this.allowIngress(query, exposure.controllerPods!, [Ports.QUERY_HTTP]);
    }
  }
}

/** Validates the props (and the base class's). */
function checkStackProps(where: string, props: StackNetworkPoliciesProps): void {
  if (!(props?.jaeger instanceof JaegerStack)) {
    invalidProp(where, 'jaeger', props?.jaeger, 'expected the JaegerStack whose traffic to allow', 'pass the JaegerStack construct: { jaeger }');
  }
  if (props.otel !== undefined && !(props.otel instanceof OtelCollector)) {
    invalidProp(where, 'otel', props.otel, 'expected an OtelCollector', 'pass the OtelCollector construct, or leave otel out');
  }
  checkPolicyProps(where, { ...stripOwn(props), namespace: props.namespace ?? props.jaeger.namespace });
  if (props.appsToJaegerCollector !== undefined) checkBoolean(where, 'appsToJaegerCollector', props.appsToJaegerCollector);
  if (props.apps !== undefined) checkPeer(where, 'apps', props.apps);
  if (props.prometheus !== undefined) PROMETHEUS_INSTANCES.of(where, 'prometheus', props.prometheus);
  if (props.grafana !== undefined) GRAFANA_INSTANCES.of(where, 'grafana', props.grafana);
  // checkProps has refused a queryClients that is not a list.
  (props.queryClients ?? []).forEach((peer, i) => checkPeer(where, `queryClients[${i}]`, peer));
  if (props.uiExposure !== undefined) checkUiExposure(where, props);
  if (props.externalStorage !== undefined) {
    if (!props.jaeger.externalStoragePorts) {
      invalidProp(where, 'externalStorage', props.externalStorage, `has no effect: the JaegerStack's storage "${props.jaeger.storageType}" is inside the stack`,
        'remove it (only storage outside the stack, such as Elasticsearch or OpenSearch, is reached over the network)');
    }
    checkPeer(where, 'externalStorage', props.externalStorage);
  }
}

function checkUiExposure(where: string, props: StackNetworkPoliciesProps): void {
  const exposure = props.uiExposure;
  if (!(exposure instanceof JaegerUiExposure)) {
    invalidProp(where, 'uiExposure', exposure, 'expected a JaegerUiExposure', 'pass the JaegerUiExposure construct, or leave uiExposure out');
  }
  if (exposure.jaeger !== props.jaeger) {
    invalidProp(where, 'uiExposure', exposure.node.path, 'exposes another JaegerStack than `jaeger`', 'pass the exposure of this stack\'s UI');
  }
  if (!exposure.proxyRole && !exposure.controllerPods) {
    invalidProp(where, 'uiExposure', exposure.node.path,
      'routes straight to jaeger-query, and without the controller\'s pods named any pod could reach it and skip the authentication in front',
      "name them in the route: UiRoute.ingress({ controllerPods: Peers.podsInNamespace('ingress-nginx', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }) })");
  }
}

function stripOwn(props: StackNetworkPoliciesProps): TracingNetworkPoliciesProps {
  return {
    ...(props.stackSelector ? { stackSelector: props.stackSelector } : {}),
    ...(props.kubeApiCidrs ? { kubeApiCidrs: props.kubeApiCidrs } : {}),
    ...(props.dns ? { dns: props.dns } : {}),
  };
}

/** The ports of a role that carry traces or sampling (not its own metrics and health). */
function tracePorts(role: WorkloadRole): PortSpec[] {
  return role.ports.filter((p) => !OPS_PORTS.includes(p));
}

/** Jaeger's ingest ports (an all-in-one pod also serves query ports, which apps do not need). */
function isIngestPort(p: PortSpec): boolean {
  return p !== Ports.QUERY_HTTP && p !== Ports.QUERY_GRPC;
}

function uniqueRoles(roles: WorkloadRole[]): WorkloadRole[] {
  return roles.filter((r, i) => roles.indexOf(r) === i);
}

