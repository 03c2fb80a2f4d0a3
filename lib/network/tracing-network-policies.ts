import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  ComponentIdentity, LabelKeys, PART_OF, PortSpec, WorkloadRole, checkCidr, checkDnsLabel, checkLabels, constructLabel, invalidProp, isLabelValue,
  namespacedMeta, checkProps, resolveNamespace,
} from '../k8s';
import { NetworkPeer, Peers, checkPeer, renderPeer } from './peers';

/** `app.kubernetes.io/name` of the NetworkPolicies themselves. */
const POLICY_APP_NAME = 'tracing-network-policy';

/** DNS, which every pod needs, on the cluster DNS only (see `dns`). */
const DNS_PORTS: readonly PortSpec[] = [
  { name: 'dns-udp', port: 53, protocol: 'UDP' },
  { name: 'dns-tcp', port: 53, protocol: 'TCP' },
];

/** The Kubernetes API, as reached from pods (the `kubernetes` Service and the API servers). */
const KUBE_API_PORTS: readonly PortSpec[] = [
  { name: 'kube-api', port: 443, protocol: 'TCP' },
  { name: 'kube-api-alt', port: 6443, protocol: 'TCP' },
];

/** Props for {@link TracingNetworkPolicies}. */
export interface TracingNetworkPoliciesProps {
  /**
   * Namespace of the stack's pods (and of the policies).
   * @default - the Chart's namespace, else 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Labels that select every pod of the stack: these pods are denied all traffic except what
   * is allowed explicitly.
   * @default { 'app.kubernetes.io/part-of': 'tracing' }
   */
  readonly stackSelector?: Readonly<Record<string, string>>;
  /**
   * Where the Kubernetes API server is, for roles that call it. NetworkPolicies cannot select
   * the API server by label, so it is an IP range; narrow it to your control plane's addresses.
   * @default ['0.0.0.0/0'] on ports 443 and 6443
   */
  readonly kubeApiCidrs?: string[];
  /**
   * The cluster DNS, the only place the stack's pods may send DNS queries. Override it for
   * NodeLocal DNSCache (`Peers.cidr('node-local-dns', '169.254.20.10/32')`) or a DNS server
   * labelled otherwise.
   * @default - CoreDNS / kube-dns: pods labelled `k8s-app: kube-dns` in `kube-system` (the label
   * kubeadm, EKS, GKE and AKS give them)
   */
  readonly dns?: NetworkPeer;
}

/** The cluster DNS as kubeadm, EKS, GKE and AKS label it. */
export const CLUSTER_DNS: NetworkPeer = {
  name: 'cluster-dns', podLabels: { 'k8s-app': 'kube-dns' }, namespaces: { 'kubernetes.io/metadata.name': 'kube-system' },
};

/**
 * NetworkPolicies for the stack: default deny for its pods, DNS egress, and one explicit allow
 * per hop, added with `allow*` methods from the same roles (selectors and ports) the Services
 * are built from.
 *
 * Each hop adds an ingress rule on the receiving pods and, when the sender is a pod of the stack,
 * an egress rule on the sending pods, so both ends of a connection are covered.
 */
export class TracingNetworkPolicies extends Construct {
  /**
   * Namespace of the stack's pods, and of the policies; a role in another namespace (collectors
   * apart from Jaeger) gets its policies, its default deny and its DNS egress in its own, since a
   * policy selects pods of its namespace only.
   */
  public readonly namespace: string;
  private readonly policies = new Map<string, k8s.KubeNetworkPolicy>();
  private readonly stackSelector: Readonly<Record<string, string>>;
  private readonly dns: NetworkPeer;
  /** Namespaces whose stack pods are denied by default. */
  private readonly deniedNamespaces = new Set<string>();
  /** `Kind "id"` for error messages. */
  protected where: string;

  /**
   * The name of every policy made so far, in the order they were allowed (`<namespace>/<name>`
   * for one outside `namespace`).
   */
  public get policyNames(): string[] {
    return [...this.policies.keys()];
  }
  private readonly kubeApiCidrs: readonly string[];

  constructor(scope: Construct, id: string, props: TracingNetworkPoliciesProps = {}) {
    super(scope, id);
    this.where = constructLabel('TracingNetworkPolicies', id);
    if (!isLabelValue(id)) {
      // The id is every policy's instance label (policies hold no immutable field, so a rename is safe).
      invalidProp(this.where, 'id', id, 'is the app.kubernetes.io/instance label of every policy, and not a valid label value',
        'use a construct id of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
    }
    checkProps(this.where, props, 'TracingNetworkPoliciesProps');
    const checked = checkPolicyProps(this.where, { ...props, namespace: resolveNamespace(this, this.where, 'namespace', props.namespace) });
    this.namespace = checked.namespace;
    this.stackSelector = checked.stackSelector;
    this.kubeApiCidrs = checked.kubeApiCidrs;
    this.dns = checked.dns;
    this.denyByDefault(this.namespace);
  }

  /**
   * Allows `from` to reach `to` on `ports`: ingress on `to`'s pods and, for a peer that is a role
   * of the stack, egress on its pods.
   */
  public allowHop(from: WorkloadRole, to: WorkloadRole, ports: PortSpec[]): this {
    this.checkRole('allowHop.from', from);
    this.checkRole('allowHop.to', to);
    this.checkPorts(to, ports);
    // Both halves or neither: check the egress half's name before the ingress half is added.
    const egressName = this.key(from.namespace, `${this.roleName(from)}-egress-to-${to.component}`);
    if (this.policies.has(egressName)) {
      invalidProp(this.where, 'policies', egressName, 'the same hop was allowed twice', 'allow each hop once, with all its ports');
    }
    this.allowIngress(to, Peers.role(from, to.namespace), ports);
    this.allowEgress(from, Peers.role(to, from.namespace), ports);
    return this;
  }

  /** Allows peers outside the stack (apps, Prometheus, Grafana) into a role's pods on `ports`. */
  public allowIngress(to: WorkloadRole, from: NetworkPeer | NetworkPeer[], ports: PortSpec[]): this {
    this.checkRole('allowIngress.to', to);
    this.checkPorts(to, ports);
    this.checkNotEmpty(to, ports);
    const peers = Array.isArray(from) ? from as readonly NetworkPeer[] : [from as NetworkPeer];
    peers.forEach((peer, i) => checkPeer(this.where, `allowIngress.from[${i}]`, peer));
    const name = `${this.roleName(to)}-ingress-from-${peers.map((p) => p.name).join('-')}`;
    this.addPolicy(to.namespace, name, to.selector, {
      policyTypes: ['Ingress'],
      ingress: [{ from: peers.map(renderPeer), ports: ports.map(networkPolicyPort) }],
    });
    return this;
  }

  /** Allows a role's pods out to a peer (another role, or an IP range such as Elasticsearch). */
  public allowEgress(from: WorkloadRole, to: NetworkPeer, ports: PortSpec[]): this {
    this.checkRole('allowEgress.from', from);
    checkPeer(this.where, 'allowEgress.to', to);
    this.checkNotEmpty(from, ports);
    const name = `${this.roleName(from)}-egress-to-${to.name}`;
    this.addPolicy(from.namespace, name, from.selector, {
      policyTypes: ['Egress'],
      egress: [{ to: [renderPeer(to)], ports: ports.map(networkPolicyPort) }],
    });
    return this;
  }

  /** Allows a role's pods to call the Kubernetes API (watch pods, resolve endpoints). */
  public allowKubeApiEgress(from: WorkloadRole): this {
    this.checkRole('allowKubeApiEgress.from', from);
    const name = `${this.roleName(from)}-egress-to-kube-api`;
    this.addPolicy(from.namespace, name, from.selector, {
      policyTypes: ['Egress'],
      egress: [{
        to: this.kubeApiCidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ports: KUBE_API_PORTS.map(networkPolicyPort),
      }],
    });
    return this;
  }

  /** A role is what a construct's `roles` lists; anything else (a component name, a missing find) is refused. */
  private checkRole(prop: string, role: unknown): void {
    const r = role as Partial<WorkloadRole> | null | undefined;
    if (typeof r !== 'object' || r === null || typeof r.component !== 'string' || typeof r.namespace !== 'string' || typeof r.selector !== 'object' || !Array.isArray(r.ports)) {
      invalidProp(this.where, prop, role, 'is not a workload role of the stack',
        "take it from the construct's roles, e.g. otel.roles.find((r) => r.component === 'gateway')");
    }
  }

  private roleName(role: WorkloadRole): string {
    const instance = role.selector[LabelKeys.INSTANCE];
    return instance ? `${instance}-${role.component}` : role.component;
  }

  /** A hop to a port the role does not serve is a mistake that would silently allow nothing useful. */
  private checkPorts(role: WorkloadRole, ports: readonly PortSpec[]): void {
    for (const p of ports) {
      if (!role.ports.some((rp) => rp.port === p.port && rp.protocol === p.protocol)) {
        invalidProp(this.where, `ports of ${role.component}`, `${p.name} ${p.port}/${p.protocol}`,
          `role "${role.component}" does not serve this port (it serves ${role.ports.map((rp) => `${rp.port}/${rp.protocol}`).join(', ')})`,
          'allow only ports the role declares');
      }
    }
  }

  /** A NetworkPolicy rule without ports allows every port: never emit one by accident. */
  private checkNotEmpty(role: WorkloadRole, ports: readonly PortSpec[]): void {
    if (ports.length === 0) {
      invalidProp(this.where, `ports of ${role.component}`, [], 'a rule with no ports would allow every port',
        'list the ports the hop uses');
    }
  }

  /** Default deny and DNS egress for the stack's pods of a namespace, once per namespace. */
  private denyByDefault(namespace: string): void {
    if (this.deniedNamespaces.has(namespace)) return;
    this.deniedNamespaces.add(namespace);
    this.addPolicy(namespace, 'default-deny', this.stackSelector, { policyTypes: ['Ingress', 'Egress'] });
    this.addPolicy(namespace, 'allow-dns-egress', this.stackSelector, {
      policyTypes: ['Egress'],
      egress: [{ to: [renderPeer(this.dns)], ports: DNS_PORTS.map(networkPolicyPort) }],
    });
  }

  /** A policy's key: its name, with its namespace when that is not the stack's. */
  private key(namespace: string, name: string): string {
    return namespace === this.namespace ? name : `${namespace}/${name}`;
  }

  /** Adds a policy in the namespace of the pods it selects (denied by default there too). */
  private addPolicy(namespace: string, name: string, podLabels: Readonly<Record<string, string>>, spec: Omit<k8s.NetworkPolicySpec, 'podSelector'>): void {
    const key = this.key(namespace, name);
    if (this.policies.has(key)) {
      invalidProp(this.where, 'policies', key, 'the same hop was allowed twice', 'allow each hop once, with all its ports');
    }
    this.denyByDefault(namespace);
    const id: ComponentIdentity = { name: POLICY_APP_NAME, instance: this.node.id, component: 'network-policy' };
    const policy = new k8s.KubeNetworkPolicy(this, key, {
      metadata: namespacedMeta(name, namespace, id),
      spec: { podSelector: { matchLabels: { ...podLabels } }, ...spec },
    });
    this.policies.set(key, policy);
  }
}

/**
 * Validates the props every policy set shares and applies the defaults (exported so that
 * subclasses can validate before their first policy is added).
 */
export function checkPolicyProps(where: string, props: TracingNetworkPoliciesProps & { namespace: string }): {
  namespace: string; stackSelector: Readonly<Record<string, string>>; kubeApiCidrs: readonly string[]; dns: NetworkPeer;
} {
  const namespace = checkDnsLabel(where, 'namespace', props.namespace);
  const stackSelector = checkLabels(where, 'stackSelector', props.stackSelector ?? { [LabelKeys.PART_OF]: PART_OF });
  if (Object.keys(stackSelector).length === 0) {
    invalidProp(where, 'stackSelector', stackSelector, 'an empty selector would deny traffic to every pod of the namespace',
      'select the stack\'s pods, e.g. { "app.kubernetes.io/part-of": "tracing" }');
  }
  const kubeApiCidrs = props.kubeApiCidrs ?? ['0.0.0.0/0'];
  if (!Array.isArray(kubeApiCidrs) || kubeApiCidrs.length === 0) {
    invalidProp(where, 'kubeApiCidrs', kubeApiCidrs, 'roles that call the API would be cut off',
      'list the API server addresses, e.g. ["10.0.0.1/32"]');
  }
  kubeApiCidrs.forEach((cidr, i) => checkCidr(where, `kubeApiCidrs[${i}]`, cidr));
  const dns = props.dns === undefined ? CLUSTER_DNS : checkPeer(where, 'dns', props.dns);
  return { namespace, stackSelector, kubeApiCidrs, dns };
}

function networkPolicyPort(p: PortSpec): k8s.NetworkPolicyPort {
  return { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol };
}
