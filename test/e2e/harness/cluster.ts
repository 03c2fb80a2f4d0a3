/**
 * A one-machine stand-in for a cluster: takes synthesized objects (the committed dist/ or any
 * app's output), runs every workload's pods as local processes (pod.ts), and keeps cluster DNS
 * in step with pod readiness: ClusterIP names resolve to ready pods, headless names to every
 * ready pod and each StatefulSet pod by its own name.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Binary } from './binaries';
import { CLUSTER_DOMAIN, ClusterDns } from './dns';
import { API_SERVER_PORT, ControlPlane } from './control-plane';
import { GATEWAY_IP, cleanNetwork, createBridge, resetPodNetworks } from './network';
import { LocalPod } from './pod';

export interface ClusterOptions {
  /** Every object of the stack, as synthesized. */
  readonly objects: any[];
  /** Image repository → binary that runs it. */
  readonly binaries: Map<string, Binary>;
  /**
   * Simulated nodes: a DaemonSet gets one pod per node, other pods are spread over them.
   * @default ['node-1', 'node-2']
   */
  readonly nodes?: string[];
  /** Extra objects the stack references but does not create (Secrets a user makes). */
  readonly external?: any[];
  /**
   * Run a real API server (etcd + kube-apiserver) for in-cluster clients such as the agent's
   * k8s_attributes: the stack's namespaces, service accounts and RBAC are applied to it, and
   * pods that automount a token get one from the TokenRequest API.
   * @default true
   */
  readonly controlPlane?: boolean;
  /**
   * Servers outside the stack that it talks to (an OpenSearch cluster), started once the network
   * and DNS are up and before any pod, stopped with the cluster.
   */
  readonly peers?: Peer[];
  /**
   * CA certificates (PEM) every pod trusts besides the host's: appended to the trust store the
   * pods see at /etc/ssl/certs/ca-certificates.crt, for a peer with a certificate from a test CA
   * standing in for a publicly trusted one (see SUBSTITUTIONS).
   * @default - the host's trust store only
   */
  readonly trustedCaPem?: string;
}

/** Where Debian, distroless and Go's crypto/x509 look first for the system's CA bundle. */
const TRUST_STORE = '/etc/ssl/certs/ca-certificates.crt';

/** A server the stack uses but does not deploy; it may add Service or host records for itself. */
export interface Peer {
  start(cluster: LocalCluster): Promise<void>;
  stop(): Promise<void>;
}

/** Objects the control plane needs before pods start (identity and RBAC), in apply order. */
const IDENTITY_KINDS = ['Namespace', 'ServiceAccount', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'];

/** A workload's pods, by the workload's kind and name. */
export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export class LocalCluster {
  readonly dir: string;
  readonly pods: LocalPod[] = [];
  /** Pods of Jobs run with runCronJob, which never become Ready. */
  readonly jobPods: LocalPod[] = [];
  private readonly dns: ClusterDns;
  private readonly nodes: string[];
  readonly objects: any[];
  controlPlane?: ControlPlane;

  constructor(private readonly options: ClusterOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-e2e-'));
    this.dns = new ClusterDns(this.dir);
    this.nodes = options.nodes ?? ['node-1', 'node-2'];
    this.objects = [...options.objects, ...(options.external ?? [])];
  }

  /** Sets up the network, DNS and the control plane, and starts every workload's pods. */
  async start(): Promise<void> {
    createBridge();
    this.dns.start();
    if (this.options.controlPlane !== false) {
      this.controlPlane = new ControlPlane(this.options.binaries, this.dir);
      await this.controlPlane.start();
      // Namespaces the objects live in but do not create exist beforehand, as a user would have made them.
      const declared = new Set(this.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
      const existing = [...new Set(this.objects.map((o) => o.metadata?.namespace).filter((n) => n && !declared.has(n)))]
        .map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
      const identity = IDENTITY_KINDS.flatMap((kind) => this.objects.filter((o) => o.kind === kind));
      this.controlPlane.apply([...existing, ...identity]);
    }
    for (const peer of this.options.peers ?? []) await peer.start(this);
    for (const workload of this.objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))) {
      for (const pod of this.expand(workload)) {
        pod.onChange(() => this.refreshDns());
        this.pods.push(pod);
      }
    }
    this.checkServicePorts();
    for (const pod of this.pods) pod.start();
    this.refreshDns();
  }

  /** Stops every pod, DNS and the network, and removes the state directory. */
  async stop(opts: { keepDir?: boolean } = {}): Promise<void> {
    await Promise.all([...this.pods, ...this.jobPods].map((p) => p.stop({ kill: true })));
    await Promise.all((this.options.peers ?? []).map((p) => p.stop()));
    await this.controlPlane?.stop();
    this.dns.stop();
    cleanNetwork();
    resetPodNetworks();
    if (!opts.keepDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The pods of one workload. */
  podsOf(kind: string, name: string): LocalPod[] {
    return this.pods.filter((p) => p.plan.workload === `${kind}/${name}`);
  }

  /** One pod by name; throws if absent. */
  pod(name: string): LocalPod {
    const pod = this.pods.find((p) => p.plan.name === name);
    if (!pod) throw new Error(`no pod ${name}; pods: ${this.pods.map((p) => p.plan.name).join(', ')}`);
    return pod;
  }

  /** Waits until every pod (or the given ones) is Ready; fails with their logs otherwise. */
  async waitReady(pods: LocalPod[] = this.pods, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (pods.every((p) => p.ready)) return;
      await sleep(250);
    }
    const stuck = pods.filter((p) => !p.ready);
    throw new Error(`pods not Ready after ${timeoutMs / 1000} s: ${stuck.map((p) => p.plan.name).join(', ')}\n` +
      stuck.map((p) => `--- ${p.plan.name} (restarts ${p.restarts}) ---\n${tail(p.logs(), 40)}`).join('\n'));
  }

  /**
   * Runs one Job from a CronJob's jobTemplate now, as `kubectl create job --from=cronjob/NAME`
   * does, and waits until its pod has Succeeded or Failed (restartPolicy applies; the Job's
   * backoffLimit and activeDeadlineSeconds do not: the timeout stands in for them).
   */
  async runCronJob(namespace: string, name: string, timeoutMs = 120_000): Promise<LocalPod> {
    const cron = this.objects.find((o) => o.kind === 'CronJob' && o.metadata.name === name && (o.metadata.namespace ?? 'default') === namespace);
    if (!cron) throw new Error(`no CronJob ${namespace}/${name} in the manifests`);
    const job = { kind: 'Job', metadata: { name: `${name}-manual-${this.jobPods.length + 1}`, namespace }, spec: cron.spec.jobTemplate.spec };
    const [pod] = this.expand(job);
    this.jobPods.push(pod);
    pod.start();
    const deadline = Date.now() + timeoutMs;
    while (!['Succeeded', 'Failed'].includes(pod.status)) {
      if (Date.now() > deadline) throw new Error(`Job ${job.metadata.name} still ${pod.status} after ${timeoutMs / 1000} s:\n${tail(pod.logs(), 40)}`);
      await sleep(250);
    }
    return pod;
  }

  /** The address a Service name resolves to in this cluster (first ready pod). */
  serviceAddress(namespace: string, service: string): string {
    const addresses = this.dnsRecords().get(`${service}.${namespace}.svc.${CLUSTER_DOMAIN}`) ?? [];
    if (addresses.length === 0) throw new Error(`Service ${namespace}/${service} has no ready pod`);
    return addresses[0];
  }

  private expand(workload: any): LocalPod[] {
    const { kind } = workload;
    const { name, namespace = 'default' } = workload.metadata;
    const template = workload.spec.template;
    const plans: Array<{ podName: string; nodeName: string; claims: Record<string, string> }> = [];
    if (kind === 'DaemonSet') {
      for (const node of this.nodes) plans.push({ podName: `${name}-${node}`, nodeName: node, claims: {} });
    } else {
      const replicas = workload.spec.replicas ?? 1;
      for (let i = 0; i < replicas; i++) {
        const podName = `${name}-${i}`;
        const claims: Record<string, string> = {};
        for (const t of kind === 'StatefulSet' ? workload.spec.volumeClaimTemplates ?? [] : []) {
          // The claim outlives the pod: keyed by its Kubernetes name (<template>-<pod>).
          claims[t.metadata.name] = path.join(this.dir, 'claims', namespace, `${t.metadata.name}-${podName}`);
        }
        plans.push({ podName, nodeName: this.nodes[i % this.nodes.length], claims });
      }
    }
    return plans.map((p) => new LocalPod({
        key: `${namespace}/${p.podName}`,
        name: p.podName,
        namespace,
        nodeName: p.nodeName,
        workload: `${kind}/${name}`,
        subdomain: kind === 'StatefulSet' ? workload.spec.serviceName : template.spec.subdomain,
        spec: template.spec,
        labels: template.metadata?.labels ?? {},
        executable: (image) => this.executable(image),
        claims: p.claims,
        lookup: (k, n, key) => this.lookup(namespace, k, n, key),
        kubeletEnv: this.controlPlane
          ? { KUBERNETES_SERVICE_HOST: GATEWAY_IP, KUBERNETES_SERVICE_PORT: String(API_SERVER_PORT) }
          : {},
        serviceAccountDir: this.controlPlane ? (sa) => this.controlPlane!.serviceAccountDir(namespace, sa) : undefined,
        trustStore: this.trustStore(),
        dir: path.join(this.dir, 'pods', namespace, p.podName),
      }));
  }

  /** The host's CA bundle with the test's CAs appended, written once; undefined without any. */
  private trustStore(): string | undefined {
    if (!this.options.trustedCaPem) return undefined;
    const file = path.join(this.dir, 'ca-certificates.crt');
    if (!fs.existsSync(file)) {
      const host = fs.existsSync(TRUST_STORE) ? fs.readFileSync(TRUST_STORE, 'utf8') : '';
      fs.writeFileSync(file, `${host.replace(/\n?$/, '\n')}${this.options.trustedCaPem}`, { mode: 0o644 });
    }
    return file;
  }

  private executable(image: string): string {
    const repository = image.replace(/@sha256:.*$/, '').replace(/:[^/:]+$/, '');
    const binary = this.options.binaries.get(repository);
    if (!binary) throw new Error(`no binary stands in for image ${image}; known: ${[...this.options.binaries.keys()].join(', ')}`);
    return binary.path;
  }

  private lookup(namespace: string, kind: 'ConfigMap' | 'Secret', name: string, key?: string): Record<string, string> {
    const obj = this.objects.find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? 'default') === namespace);
    if (!obj) throw new Error(`${kind} ${namespace}/${name} is not in the manifests (the pod would not start)`);
    const data: Record<string, string> = { ...(obj.data ?? {}) };
    if (kind === 'Secret') {
      for (const [k, v] of Object.entries(obj.data ?? {})) data[k] = Buffer.from(String(v), 'base64').toString('utf8');
      Object.assign(data, obj.stringData ?? {});
    }
    if (key !== undefined && data[key] === undefined) throw new Error(`${kind} ${namespace}/${name} has no key ${key}`);
    return data;
  }

  private selects(service: any, pod: LocalPod): boolean {
    const selector = service.spec.selector ?? {};
    const ns = service.metadata.namespace ?? 'default';
    return pod.plan.namespace === ns && Object.keys(selector).length > 0 &&
      Object.entries(selector).every(([k, v]) => pod.plan.labels[k] === v);
  }

  /** Refuses Services whose port differs from the container port behind it (no kube-proxy to map it). */
  private checkServicePorts(): void {
    for (const svc of this.objects.filter((o) => o.kind === 'Service')) {
      const pods = this.pods.filter((p) => this.selects(svc, p));
      for (const port of svc.spec.ports ?? []) {
        for (const pod of pods) {
          const containerPorts = pod.plan.spec.containers.flatMap((c: any) => c.ports ?? []);
          const target = port.targetPort ?? port.port;
          const resolved = typeof target === 'number' ? target : containerPorts.find((c: any) => c.name === target)?.containerPort;
          if (resolved !== port.port) {
            throw new Error(`Service ${svc.metadata.name} port ${port.port} targets ${resolved} on ${pod.plan.name}; the harness has no kube-proxy to map ports`);
          }
        }
      }
    }
  }

  private readonly extraRecords = new Map<string, string[]>();

  /** Makes a Service name resolve to a process of the harness (Prometheus standing in for prometheus-operated). */
  addServiceRecord(namespace: string, service: string, ip: string): void {
    this.extraRecords.set(`${service}.${namespace}.svc.${CLUSTER_DOMAIN}`, [ip]);
    this.refreshDns();
  }

  /**
   * Makes a name outside the cluster (a public identity provider's host) resolve in cluster DNS to
   * a process of the harness, as the cluster's upstream DNS would resolve it to the real server.
   */
  addHostRecord(name: string, ip: string): void {
    this.extraRecords.set(name, [ip]);
    this.refreshDns();
  }

  private dnsRecords(): Map<string, string[]> {
    const records = new Map<string, string[]>(this.extraRecords);
    const add = (name: string, ip: string) => records.set(name, [...(records.get(name) ?? []), ip]);
    for (const svc of this.objects.filter((o) => o.kind === 'Service')) {
      const ns = svc.metadata.namespace ?? 'default';
      const fqdn = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`;
      const headless = svc.spec.clusterIP === 'None';
      for (const pod of this.pods.filter((p) => this.selects(svc, p))) {
        if (!pod.ready && !(headless && svc.spec.publishNotReadyAddresses)) continue;
        add(fqdn, pod.ip);
        if (headless && pod.plan.subdomain === svc.metadata.name) add(`${pod.plan.name}.${fqdn}`, pod.ip);
      }
    }
    return records;
  }

  private refreshDns(): void {
    this.dns.update(this.dnsRecords());
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}
