/**
 * A real Kubernetes node on this machine, for the node tier: the e2e tier's control plane (etcd,
 * kube-apiserver) plus kube-controller-manager and kube-scheduler, and a node made of Debian's
 * containerd and runc, the CNI bridge plugin, the kubelet and kube-proxy (iptables). Every program
 * is a process of the test; every file is under one scratch directory; `stop` takes down what
 * they made on the host (containers, mounts, the bridge, iptables chains, cgroups, sysctls).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { Binary } from '../../e2e/harness/binaries';
import { ControlPlane } from '../../e2e/harness/control-plane';
import { stopProcess } from '../../e2e/harness/processes';
import { eventually } from '../../e2e/harness/traffic';
import { BRIDGE, DNS_IP, KUBERNETES_SERVICE_IP, NODE_IP, NODE_NAME, POD_SUBNET, SERVICE_RANGE } from './addresses';
import { corednsManifests } from './coredns';

/** Host settings the node needs, restored on stop. */
const SYSCTLS: Record<string, string> = { 'net.ipv4.ip_forward': '1', 'net.bridge.bridge-nf-call-iptables': '1' };

function sh(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs a command whose failure only means there was nothing to clean. */
function quietly(cmd: string, args: string[]): void {
  spawnSync(cmd, args, { stdio: 'ignore' });
}

/** Polls `ready` every half second until it holds; on timeout the error ends with `detail()` (a log's tail). */
async function waitUntil(what: string, timeoutMs: number, ready: () => boolean, detail: () => string = () => ''): Promise<void> {
  try {
    await eventually(`node: ${what}`, async () => (ready() ? true : undefined), timeoutMs, 500);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${detail()}`);
  }
}

export class RealNode {
  readonly dir: string;
  readonly controlPlane: ControlPlane;
  private readonly processes: Array<{ name: string; child: ChildProcess }> = [];
  /** How many of `processes` are the node's own (started by `start`); a test's controllers follow. */
  private nodeProcesses = Infinity;
  private readonly savedSysctls: Record<string, string> = {};

  constructor(private readonly binaries: Map<string, Binary>) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-node-'));
    this.controlPlane = new ControlPlane(binaries, this.dir, { host: NODE_IP, port: 6443 }, {
      serviceClusterIpRange: SERVICE_RANGE,
      extraArgs: ['--kubelet-preferred-address-types=InternalIP'],
      extraSubjectAltNames: [`IP:${KUBERNETES_SERVICE_IP}`],
    });
  }

  get socket(): string {
    return path.join(this.dir, 'containerd', 'containerd.sock');
  }

  /** A cached program's path, by image key (e.g. `probe` to run on the host). */
  binary(name: string): string {
    const b = this.binaries.get(name);
    if (!b) throw new Error(`node: no ${name} binary`);
    return b.path;
  }

  /** Starts a program of the node (its log in `<dir>/<name>.log`); it is stopped before the node's own. */
  spawn(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
    const log = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const child = spawn(cmd, args, { stdio: ['ignore', log, log], env });
    fs.closeSync(log);
    this.processes.push({ name, child });
    return child;
  }

  log(name: string): string {
    const file = path.join(this.dir, `${name}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  kubectl(args: string[], input?: string): string {
    return this.controlPlane.kubectl(args, input);
  }

  /** A pod's address on the node's bridge (the host reaches it directly). */
  podIp(namespace: string, name: string): string {
    return JSON.parse(this.kubectl(['-n', namespace, 'get', 'pod', name, '-o', 'json'])).status.podIP;
  }

  /** Starts everything and returns once the node is Ready; `images` are docker archives to import first. */
  async start(images: string[]): Promise<void> {
    cleanHost();
    for (const [key, value] of Object.entries(SYSCTLS)) {
      this.savedSysctls[key] = sh('sysctl', ['-n', key]).trim();
      sh('sysctl', ['-qw', `${key}=${value}`]);
    }
    sh('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
    sh('ip', ['addr', 'add', `${NODE_IP}/24`, 'dev', BRIDGE]);
    sh('ip', ['link', 'set', BRIDGE, 'up']);

    await this.controlPlane.start();
    const cp = this.controlPlane.dir;
    const kubeconfig = this.controlPlane.kubeconfig;
    const common = ['--leader-elect=false', '--bind-address=127.0.0.1', `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`];
    this.spawn('kube-controller-manager', this.binary('kube-controller-manager'), [
      `--kubeconfig=${kubeconfig}`, ...common, `--service-cluster-ip-range=${SERVICE_RANGE}`,
      `--service-account-private-key-file=${path.join(cp, 'sa.key')}`, `--root-ca-file=${path.join(cp, 'ca.crt')}`,
      `--cluster-signing-cert-file=${path.join(cp, 'ca.crt')}`, `--cluster-signing-key-file=${path.join(cp, 'ca.key')}`,
      '--use-service-account-credentials=true', `--cert-dir=${path.join(this.dir, 'kcm-certs')}`,
      // The node's podCIDR (the enforcer reads it) is the bridge's subnet: the first /24 of the range.
      '--allocate-node-cidrs=true', `--cluster-cidr=${POD_SUBNET.replace(/\.0\/24$/, '.0/16')}`, '--node-cidr-mask-size=24',
    ]);
    this.spawn('kube-scheduler', this.binary('kube-scheduler'), [`--kubeconfig=${kubeconfig}`, ...common, `--cert-dir=${path.join(this.dir, 'scheduler-certs')}`]);

    await this.startContainerd(images);
    this.startKubelet(kubeconfig);
    this.startKubeProxy(kubeconfig);
    await waitUntil('node Ready', 120_000, () => {
      const node = JSON.parse(this.kubectl(['get', 'node', NODE_NAME, '-o', 'json']));
      return node.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True');
    }, () => this.log('kubelet').slice(-3000));
    // kube-router's firewall controller alone, the NetworkPolicy enforcer (see kubeRouter()), once
    // the node it finds itself by is registered.
    this.spawn('kube-router', this.binary('kube-router'), [
      `--kubeconfig=${kubeconfig}`, `--hostname-override=${NODE_NAME}`, '--run-firewall=true', '--run-router=false', '--run-service-proxy=false',
      `--service-cluster-ip-range=${SERVICE_RANGE}`, '--enable-ipv6=false', '--metrics-port=0', '--health-port=20244', '--iptables-sync-period=5s', '--v=1',
    ]);
    this.controlPlane.apply(corednsManifests());
    await this.waitAvailable('kube-system', 'deployment/coredns', 120_000);
    this.nodeProcesses = this.processes.length;
  }

  /** Waits for a workload's rollout (kubectl rollout status), with its pods' state on failure. */
  async waitAvailable(namespace: string, workload: string, timeoutMs: number): Promise<void> {
    const r = this.controlPlane.kubectlResult(['-n', namespace, 'rollout', 'status', workload, `--timeout=${Math.round(timeoutMs / 1000)}s`]);
    if (r.status !== 0) {
      throw new Error(`node: ${namespace}/${workload} not rolled out: ${r.stderr}\n${this.describePods(namespace)}`);
    }
  }

  /** The namespace's pods, their conditions and recent events: what a failed wait prints. */
  describePods(namespace: string): string {
    try {
      return this.kubectl(['-n', namespace, 'get', 'pods,events', '-o', 'wide']) + this.kubectl(['-n', namespace, 'describe', 'pods']).slice(-6000);
    } catch (e) {
      return String(e);
    }
  }

  private async startContainerd(images: string[]): Promise<void> {
    const root = path.join(this.dir, 'containerd');
    const cniConf = path.join(this.dir, 'cni');
    fs.mkdirSync(cniConf, { recursive: true });
    fs.writeFileSync(path.join(cniConf, '10-node.conflist'), JSON.stringify({
      cniVersion: '0.4.0',
      name: 'node-tier',
      plugins: [
        {
          type: 'bridge', bridge: BRIDGE, isGateway: true, ipMasq: false, hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: POD_SUBNET, gateway: NODE_IP }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: path.join(this.dir, 'cni-ipam') },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    }));
    const config = path.join(this.dir, 'containerd.toml');
    fs.writeFileSync(config, [
      'version = 2',
      `root = "${root}/root"`,
      `state = "${root}/state"`,
      '[grpc]',
      `  address = "${this.socket}"`,
      '[plugins."io.containerd.grpc.v1.cri"]',
      '  sandbox_image = "registry.k8s.io/pause:3.10"',
      // This machine lacks CAP_SYS_RESOURCE: without it runc fails every sandbox (FACTS).
      '  restrict_oom_score_adj = true',
      '  [plugins."io.containerd.grpc.v1.cri".cni]',
      '    bin_dir = "/usr/lib/cni"',
      `    conf_dir = "${cniConf}"`,
      '  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
      '    runtime_type = "io.containerd.runc.v2"',
      '',
    ].join('\n'));
    this.spawn('containerd', 'containerd', ['--config', config]);
    await waitUntil('containerd', 30_000, () => fs.existsSync(this.socket) && spawnSync('ctr', ['--address', this.socket, 'version']).status === 0,
      () => this.log('containerd').slice(-2000));
    for (const archive of images) sh('ctr', ['--address', this.socket, '-n', 'k8s.io', 'images', 'import', archive]);
  }

  private startKubelet(kubeconfig: string): void {
    const config = path.join(this.dir, 'kubelet.yaml');
    fs.writeFileSync(config, stringify({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: NODE_IP,
      containerRuntimeEndpoint: `unix://${this.socket}`,
      cgroupDriver: 'cgroupfs',
      failSwapOn: false,
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: path.join(this.controlPlane.dir, 'ca.crt') } },
      authorization: { mode: 'Webhook' },
      clusterDomain: 'cluster.local',
      clusterDNS: [DNS_IP],
      readOnlyPort: 0,
      serializeImagePulls: false,
      // The images are imported, never pulled; a disk that is three quarters full is not pressure here.
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'imagefs.available': '1%' },
      // Probes and status as often as a test can use them.
      nodeStatusUpdateFrequency: '2s',
      syncFrequency: '5s',
    }));
    this.spawn('kubelet', this.binary('kubelet'), [
      `--config=${config}`, `--kubeconfig=${kubeconfig}`, `--root-dir=${path.join(this.dir, 'kubelet')}`,
      `--cert-dir=${path.join(this.dir, 'kubelet-certs')}`, `--hostname-override=${NODE_NAME}`, `--node-ip=${NODE_IP}`,
    ]);
  }

  private startKubeProxy(kubeconfig: string): void {
    const config = path.join(this.dir, 'kube-proxy.yaml');
    fs.writeFileSync(config, stringify({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      clientConnection: { kubeconfig },
      mode: 'iptables',
      clusterCIDR: POD_SUBNET,
      hostnameOverride: NODE_NAME,
      metricsBindAddress: '127.0.0.1:10249',
      healthzBindAddress: '127.0.0.1:10256',
      // Leave the host's conntrack table size and timeouts alone (a sandbox may refuse to set them).
      conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s' },
      iptables: { syncPeriod: '5s', minSyncPeriod: '0s' },
    }));
    this.spawn('kube-proxy', this.binary('kube-proxy'), [`--config=${config}`]);
  }

  /**
   * The controllers a test added (Flux, the prometheus-operator) first, or they would make again
   * what is deleted next; then every pod (so the kubelet tears its sandboxes down through CNI),
   * the node's programs, and the host's leftovers.
   */
  async stop(): Promise<void> {
    for (const { child } of this.processes.splice(this.nodeProcesses).reverse()) await stopProcess(child, 10_000);
    try {
      this.kubectl(['delete', 'daemonsets,deployments,statefulsets,replicasets,jobs,cronjobs', '--all', '--all-namespaces', '--wait=false']);
      this.kubectl(['delete', 'pods', '--all', '--all-namespaces', '--grace-period=1', '--wait=false']);
      await waitUntil('pods torn down', 60_000, () => sh('ctr', ['--address', this.socket, '-n', 'k8s.io', 'containers', 'list', '-q']).trim() === '');
    } catch (e) {
      process.stderr.write(`node: stopping with pods left: ${String(e).slice(0, 300)}\n`);
    }
    for (const { child } of [...this.processes].reverse()) await stopProcess(child, 10_000);
    await this.controlPlane.stop();
    quietly(this.binary('kube-proxy'), ['--cleanup']);
    cleanHost(this.dir);
    for (const [key, value] of Object.entries(this.savedSysctls)) quietly('sysctl', ['-qw', `${key}=${value}`]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * What a node leaves on the host, removed before a start (a run that was killed) and after a stop:
 * containers' shims, mounts under the scratch directories, the bridge and the pods' veths, the
 * kubelet's cgroups.
 */
export function cleanHost(dir?: string): void {
  quietly('pkill', ['-KILL', '-f', 'containerd-shim-runc-v2 -namespace k8s.io']);
  const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1])
    .filter((m) => m && (dir ? m.startsWith(dir) : m.includes('/cdk8s-tracing-node-')) || (m ?? '').startsWith('/run/netns/cni-'));
  for (const m of mounts.reverse()) quietly('umount', ['-l', m]);
  quietly('ip', ['link', 'del', BRIDGE]);
  removeKubeChains();
  for (const ns of fs.existsSync('/run/netns') ? fs.readdirSync('/run/netns').filter((n) => n.startsWith('cni-')) : []) quietly('ip', ['netns', 'del', ns]);
  for (const controller of fs.existsSync('/sys/fs/cgroup') ? fs.readdirSync('/sys/fs/cgroup') : []) {
    removeCgroup(path.join('/sys/fs/cgroup', controller, 'kubepods'));
  }
}

/**
 * The iptables chains the kubelet, kube-proxy and kube-router make (KUBE-*), which `kube-proxy
 * --cleanup` leaves in part (the kubelet's KUBE-FIREWALL drops outside traffic to loopback): the
 * rules jumping to them from other chains first, then the chains, then kube-router's ipsets.
 */
function removeKubeChains(): void {
  for (const table of ['filter', 'nat', 'mangle']) {
    const dump = spawnSync('iptables-save', ['-t', table], { encoding: 'utf8' }).stdout ?? '';
    const chains = [...dump.matchAll(/^:(KUBE-\S+)/gm)].map((m) => m[1]);
    for (const rule of dump.split('\n').filter((l) => /^-A (?!KUBE-)\S+ .*-j KUBE-/.test(l))) {
      quietly('iptables', ['-t', table, '-D', ...rule.slice(3).match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''))]);
    }
    for (const chain of chains) quietly('iptables', ['-t', table, '-F', chain]);
    for (const chain of chains) quietly('iptables', ['-t', table, '-X', chain]);
  }
  // kube-router's ipsets (its policies' pod sets), free once no rule refers to them.
  const sets = (spawnSync('ipset', ['list', '-n'], { encoding: 'utf8' }).stdout ?? '').split('\n').filter((n) => /^(KUBE-|kube-router-)/.test(n));
  for (const set of sets) quietly('ipset', ['destroy', set]);
}

/** A cgroup directory tree, children first (a cgroup is removed with rmdir once empty). */
function removeCgroup(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeCgroup(path.join(dir, entry.name));
  }
  try {
    fs.rmdirSync(dir);
  } catch {
    // still holds a process: the pkill above should have ended it; left for the next run
  }
}
