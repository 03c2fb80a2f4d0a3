/**
 * A real Kubernetes control plane for the harness, started the way envtest starts one: etcd on
 * loopback, kube-apiserver with its own CA, a service-account signing key, RBAC authorization and
 * the default admission plugins (PodSecurity among them). The harness talks to it with kubectl;
 * pods reach it on the bridge address, as in-cluster clients reach a real one.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Binary } from './binaries';
import { GATEWAY_IP } from './network';
import { stopProcess } from './processes';

export const API_SERVER_PORT = 6443;

/** Where the API server listens. */
export interface ControlPlaneAddress {
  /** The address it binds to and advertises (in its certificate too). */
  readonly host: string;
  /** Its secure port. */
  readonly port: number;
}

/**
 * `count` distinct free TCP ports on loopback. The listeners are all held open until each has its
 * port, so two calls cannot be handed the same one.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
    server.on('error', reject);
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Whether something accepts TCP connections on a loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** What a control plane with a real node behind it needs. */
export interface ControlPlaneOptions {
  /** @default 198.19.0.0/16, which nothing routes */
  readonly serviceClusterIpRange?: string;
  /** More kube-apiserver flags. */
  readonly extraArgs?: string[];
  /** More names in its serving certificate, e.g. `IP:10.96.0.1` (the kubernetes Service's address). */
  readonly extraSubjectAltNames?: string[];
}

export class ControlPlane {
  readonly dir: string;
  readonly kubeconfig: string;
  private readonly processes: ChildProcess[] = [];

  /**
   * @param address where pods reach it: the bridge address by default (the e2e pod runner); the
   * cluster tier, which runs no pods, uses loopback and a free port.
   * @param options for a control plane with a real node behind it (test/node)
   */
  constructor(
    private readonly binaries: Map<string, Binary>,
    parentDir: string,
    readonly address: ControlPlaneAddress = { host: GATEWAY_IP, port: API_SERVER_PORT },
    private readonly options: ControlPlaneOptions = {},
  ) {
    this.dir = path.join(parentDir, 'control-plane');
    this.kubeconfig = path.join(this.dir, 'kubeconfig');
  }

  private bin(name: string): string {
    const b = this.binaries.get(name);
    if (!b) throw new Error(`no ${name} binary`);
    return b.path;
  }

  /** Starts etcd and kube-apiserver (the bridge must exist) and waits for /readyz. */
  async start(timeoutMs = 90_000): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    const d = this.dir;
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=e2e-ca'], d);
    fs.writeFileSync(path.join(d, 'san.cnf'), `subjectAltName=IP:${this.address.host},IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local${(this.options.extraSubjectAltNames ?? []).map((n) => `,${n}`).join('')}\n`);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], d);
    openssl(['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'apiserver.crt', '-days', '2', '-extfile', 'san.cnf'], d);
    openssl(['genrsa', '-out', 'sa.key', '2048'], d);
    openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], d);
    const token = randomBytes(24).toString('hex');
    fs.writeFileSync(path.join(d, 'tokens.csv'), `${token},e2e-admin,e2e-admin,system:masters\n`, { mode: 0o600 });
    const server = `https://${this.address.host}:${this.address.port}`;
    fs.writeFileSync(this.kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: e2e',
      'clusters:', '- name: e2e', '  cluster:', `    server: ${server}`, `    certificate-authority: ${path.join(d, 'ca.crt')}`,
      'users:', '- name: admin', '  user:', `    token: ${token}`,
      'contexts:', '- name: e2e', '  context:', '    cluster: e2e', '    user: admin', '',
    ].join('\n'), { mode: 0o600 });

    const client = await this.startEtcd();
    this.spawn('kube-apiserver', this.bin('kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${client}`,
      `--bind-address=${this.address.host}`, `--advertise-address=${this.address.host}`, `--secure-port=${this.address.port}`,
      `--cert-dir=${d}`, `--tls-cert-file=${path.join(d, 'apiserver.crt')}`, `--tls-private-key-file=${path.join(d, 'apiserver.key')}`,
      `--client-ca-file=${path.join(d, 'ca.crt')}`, `--token-auth-file=${path.join(d, 'tokens.csv')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${path.join(d, 'sa.pub')}`, `--service-account-signing-key-file=${path.join(d, 'sa.key')}`,
      '--authorization-mode=RBAC',
      // By default a range no traffic is sent to: there is no kube-proxy; Services resolve to pods in DNS.
      `--service-cluster-ip-range=${this.options.serviceClusterIpRange ?? '198.19.0.0/16'}`,
      '--allow-privileged=false',
      ...this.options.extraArgs ?? [],
    ]);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (this.kubectl(['get', '--raw', '/readyz']).trim() === 'ok') return;
      } catch (e) {
        if (Date.now() > deadline) {
          throw new Error(`kube-apiserver not ready in ${timeoutMs / 1000} s: ${String(e)}\n`
            + `etcd: ${this.log('etcd').slice(-1500)}\nkube-apiserver: ${this.log('kube-apiserver').slice(-1500)}`);
        }
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /**
   * Starts etcd on two free loopback ports and returns its client port once it listens. A port
   * found free can be taken before etcd binds it (the tests' own outgoing connections use the
   * same range): etcd then exits, and is started again on other ports.
   */
  private async startEtcd(attempts = 3): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const [client, peer] = (await freePorts(3)).filter((p) => p !== this.address.port);
      const etcd = this.spawn('etcd', this.bin('etcd'), [
        '--name=e2e', `--data-dir=${path.join(this.dir, 'etcd')}`, '--unsafe-no-fsync',
        `--listen-client-urls=http://127.0.0.1:${client}`, `--advertise-client-urls=http://127.0.0.1:${client}`,
        `--listen-peer-urls=http://127.0.0.1:${peer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-cluster=e2e=http://127.0.0.1:${peer}`, '--log-level=warn',
      ]);
      const deadline = Date.now() + 30_000;
      while (etcd.exitCode === null && etcd.signalCode === null && Date.now() < deadline) {
        if (await listening(client)) return client;
        await new Promise((r) => setTimeout(r, 200));
      }
      if (attempt >= attempts) throw new Error(`etcd did not start (attempt ${attempt}):\n${this.log('etcd').slice(-3000)}`);
      etcd.kill('SIGKILL');
      fs.rmSync(path.join(this.dir, 'etcd'), { recursive: true, force: true });
    }
  }

  private spawn(name: string, bin: string, args: string[]): ChildProcess {
    const log = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const child = spawn(bin, args, { stdio: ['ignore', log, log] });
    this.processes.push(child);
    fs.closeSync(log);
    return child;
  }

  log(name: string): string {
    const file = path.join(this.dir, `${name}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  /** Runs kubectl against this API server; returns stdout, throws with stderr. */
  kubectl(args: string[], input?: string): string {
    return execFileSync(this.bin('kubectl'), [`--kubeconfig=${this.kubeconfig}`, ...args], {
      input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
    });
  }

  /**
   * Runs kubectl and returns what it wrote to both streams and its exit status: the API server's
   * warnings (PodSecurity, deprecations) reach kubectl's stderr as `Warning: ...` lines.
   */
  kubectlResult(args: string[], input?: string): { stdout: string; stderr: string; status: number } {
    const r = spawnSync(this.bin('kubectl'), [`--kubeconfig=${this.kubeconfig}`, ...args], {
      input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  }

  /** Applies objects server-side (as Argo CD's server-side apply does). */
  apply(objects: any[], extra: string[] = []): string {
    if (objects.length === 0) return '';
    return this.kubectl(['apply', '--server-side', '--field-manager=cdk8s-tracing-e2e', ...extra, '-f', '-'],
      objects.map((o) => JSON.stringify(o)).join('\n'));
  }

  /**
   * The directory the kubelet would project at /var/run/secrets/kubernetes.io/serviceaccount:
   * a bound token from the TokenRequest API, the CA and the namespace.
   */
  serviceAccountDir(namespace: string, serviceAccount: string): string {
    const dir = path.join(this.dir, 'tokens', namespace, serviceAccount);
    if (fs.existsSync(path.join(dir, 'token'))) return dir;
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const token = this.kubectl(['create', 'token', serviceAccount, '-n', namespace, '--duration=24h']).trim();
    fs.writeFileSync(path.join(dir, 'token'), token, { mode: 0o644 });
    fs.copyFileSync(path.join(this.dir, 'ca.crt'), path.join(dir, 'ca.crt'));
    fs.chmodSync(path.join(dir, 'ca.crt'), 0o644);
    fs.writeFileSync(path.join(dir, 'namespace'), namespace, { mode: 0o644 });
    return dir;
  }

  /** Stops the API server before etcd (the reverse of start), so neither logs the other's absence. */
  async stop(): Promise<void> {
    for (const p of [...this.processes].reverse()) await stopProcess(p, 5_000);
  }
}
