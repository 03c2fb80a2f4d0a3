/**
 * One pod run as local processes, the way a kubelet would run it: its own network namespace,
 * its volumes as files at their mount paths, a read-only root where asked, its user and groups,
 * restarts with back-off, and its probes polled on their schedule.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { resolvConf } from './dns';
import { PodNetwork, podNetwork } from './network';
import { ContainerProbe, ProbeState, newProbeState, runProbe } from './probes';
import { terminate } from './processes';
import { ownedDir, resourceField, writeProjected } from './volumes';

/** What the cluster resolves for a pod before it starts. */
export interface PodPlan {
  /** `namespace/name`. */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly nodeName: string;
  /** `Kind/name` of the workload that owns the pod. */
  readonly workload: string;
  /** The headless Service that gives the pod its own DNS name (a StatefulSet's serviceName). */
  readonly subdomain?: string;
  /** The pod template's spec (containers, volumes, securityContext). */
  readonly spec: any;
  readonly labels: Record<string, string>;
  /** Image repository → executable. */
  readonly executable: (image: string) => string;
  /** Volume name → host directory for persistent claims (StatefulSet volumeClaimTemplates). */
  readonly claims: Record<string, string>;
  /** Reads a key of a ConfigMap or Secret in the pod's namespace; throws if missing. */
  readonly lookup: (kind: 'ConfigMap' | 'Secret', name: string, key?: string) => Record<string, string>;
  /** Extra environment the kubelet would inject (the API server's address). */
  readonly kubeletEnv: Record<string, string>;
  /** The service account token directory to mount when the pod automounts one. */
  readonly serviceAccountDir?: (serviceAccount: string) => string;
  /** A CA bundle standing for the image's trust store at /etc/ssl/certs/ca-certificates.crt (a test CA added). */
  readonly trustStore?: string;
  /** Where the pod's files and logs go. */
  readonly dir: string;
}

interface RunningContainer {
  readonly name: string;
  process?: ChildProcess;
  restarts: number;
  started: boolean;
  ready: boolean;
  probes: { startup?: ProbeState; readiness?: ProbeState; liveness?: ProbeState };
  exitedAt?: number;
  exitCode?: number | null;
  /** Exited for good under restartPolicy OnFailure or Never. */
  done: boolean;
  backoffMs: number;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';

export class LocalPod {
  readonly network: PodNetwork;
  private readonly containers: RunningContainer[] = [];
  private phase: PodPhase = 'Pending';
  private timer?: NodeJS.Timeout;
  private readonly listeners: Array<() => void> = [];

  constructor(readonly plan: PodPlan) {
    this.network = podNetwork(plan.key);
    fs.mkdirSync(plan.dir, { recursive: true });
  }

  get ip(): string {
    return this.network.ip;
  }

  /** Ready when every container's readiness holds (no probe: when started), as the kubelet says. */
  get ready(): boolean {
    return this.phase === 'Running' && this.containers.length > 0 && this.containers.every((c) => c.ready);
  }

  /** Pending, Running, Succeeded or Failed (a Job's pod), or Stopped by the harness. */
  get status(): PodPhase {
    return this.phase;
  }

  get restarts(): number {
    return this.containers.reduce((n, c) => n + c.restarts, 0);
  }

  /** The process id each running container was started as (the root of its process tree). */
  processIds(): Map<string, number> {
    return new Map(this.containers.filter((c) => c.process?.pid !== undefined).map((c) => [c.name, c.process!.pid!]));
  }

  /** Called whenever readiness may have changed. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Starts every container and the probe loop. */
  start(): void {
    if (this.phase === 'Running') return;
    this.writeEtc();
    this.containers.length = 0;
    for (const c of this.plan.spec.containers ?? []) {
      this.containers.push({ name: c.name, restarts: 0, started: false, ready: false, done: false, probes: {}, backoffMs: 10_000 });
    }
    this.phase = 'Running';
    for (const c of this.containers) this.launch(c);
    this.timer = setInterval(() => void this.tick(), 250);
  }

  /** Stops the pod: SIGTERM, then SIGKILL after the grace period (or at once with `kill`). */
  async stop(opts: { kill?: boolean } = {}): Promise<void> {
    this.phase = 'Stopped';
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const grace = (this.plan.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    await Promise.all(this.containers.map((c) => terminate(c.process, opts.kill ? 0 : grace)));
    for (const c of this.containers) c.ready = false;
    this.notify();
  }

  /** The container's combined stdout and stderr so far. */
  logs(container?: string): string {
    const name = container ?? this.containers[0]?.name;
    const file = path.join(this.plan.dir, `${name}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private containerSpec(name: string): any {
    return this.plan.spec.containers.find((c: any) => c.name === name);
  }

  private launch(state: RunningContainer): void {
    const spec = this.containerSpec(state.name);
    const { argv } = this.commandLine(spec);
    const log = fs.openSync(path.join(this.plan.dir, `${state.name}.log`), 'a');
    fs.writeSync(log, `--- start ${new Date().toISOString()} (restart ${state.restarts}) ---\n`);
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', log, log], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    fs.closeSync(log);
    state.process = child;
    state.started = false;
    state.ready = false;
    state.exitedAt = undefined;
    state.exitCode = undefined;
    state.probes = {
      startup: spec.startupProbe ? newProbeState(spec.startupProbe) : undefined,
      readiness: spec.readinessProbe ? newProbeState(spec.readinessProbe) : undefined,
      liveness: spec.livenessProbe ? newProbeState(spec.livenessProbe) : undefined,
    };
    if (!state.probes.startup) state.started = true;
    child.on('exit', (code) => {
      if (state.process !== child) return;
      state.process = undefined;
      state.ready = false;
      state.exitedAt = Date.now();
      state.exitCode = code;
      this.notify();
    });
  }

  private async tick(): Promise<void> {
    if (this.phase !== 'Running') return;
    const now = Date.now();
    for (const c of this.containers) {
      // A probe awaited above may have spanned stop(): launching now would leave a process behind.
      if (this.phase !== 'Running') return;
      if (!c.process) {
        if (this.finished(c)) continue;
        // The kubelet's doubling back-off (10 s up to 5 min).
        if (c.exitedAt !== undefined && now - c.exitedAt >= c.backoffMs) {
          c.restarts += 1;
          c.backoffMs = Math.min(c.backoffMs * 2, 300_000);
          this.launch(c);
        }
        continue;
      }
      const spec = this.containerSpec(c.name);
      const probe = (p: ContainerProbe) => runProbe(p, this.ip, spec.ports ?? []);
      if (!c.started && c.probes.startup) {
        const result = await this.poll(c.probes.startup, probe, now);
        if (result === 'success') c.started = true;
        if (result === 'failure') await this.restartContainer(c, 'startup probe failed');
        continue;
      }
      if (c.probes.liveness) {
        const result = await this.poll(c.probes.liveness, probe, now);
        if (result === 'failure') {
          await this.restartContainer(c, 'liveness probe failed');
          continue;
        }
      }
      const wasReady = c.ready;
      if (c.probes.readiness) {
        const result = await this.poll(c.probes.readiness, probe, now);
        if (result === 'success') c.ready = true;
        if (result === 'failure') c.ready = false;
      } else {
        c.ready = true;
      }
      if (c.ready !== wasReady) this.notify();
    }
  }

  /**
   * Whether an exited container stays down: restartPolicy Always (the default) restarts it,
   * OnFailure only after a non-zero exit, Never not at all. When every container is down for
   * good, the pod is Succeeded (all exited 0) or Failed, as a Job's pod would be.
   */
  private finished(c: RunningContainer): boolean {
    const policy = this.plan.spec.restartPolicy ?? 'Always';
    if (c.exitedAt === undefined || c.done) return c.done;
    c.done = policy === 'Never' || (policy === 'OnFailure' && c.exitCode === 0);
    if (c.done && this.containers.every((x) => x.done)) {
      this.phase = this.containers.every((x) => x.exitCode === 0) ? 'Succeeded' : 'Failed';
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      this.notify();
    }
    return c.done;
  }

  /** Runs a probe when it is due; says 'success' or 'failure' when its threshold is crossed. */
  private async poll(state: ProbeState, probe: (p: ContainerProbe) => Promise<boolean>, now: number): Promise<'success' | 'failure' | undefined> {
    if (state.running || now < state.nextAt) return undefined;
    state.running = true;
    try {
      const ok = await probe(state.spec);
      state.nextAt = Date.now() + (state.spec.periodSeconds ?? 10) * 1000;
      if (ok) {
        state.failures = 0;
        state.successes += 1;
        if (state.successes >= (state.spec.successThreshold ?? 1)) return 'success';
      } else {
        state.successes = 0;
        state.failures += 1;
        if (state.failures >= (state.spec.failureThreshold ?? 3)) {
          state.failures = 0;
          return 'failure';
        }
      }
      return undefined;
    } finally {
      state.running = false;
    }
  }

  private async restartContainer(c: RunningContainer, why: string): Promise<void> {
    fs.appendFileSync(path.join(this.plan.dir, `${c.name}.log`), `--- kubelet: ${why}, killing ---\n`);
    const process = c.process;
    c.process = undefined;
    c.ready = false;
    await terminate(process, (this.plan.spec.terminationGracePeriodSeconds ?? 30) * 1000);
    c.exitedAt = Date.now();
    this.notify();
  }

  /** /etc files the kubelet manages: resolv.conf and hosts. */
  private writeEtc(): void {
    const etc = path.join(this.plan.dir, 'etc');
    fs.mkdirSync(etc, { recursive: true });
    fs.writeFileSync(path.join(etc, 'resolv.conf'), resolvConf(this.plan.namespace));
    fs.writeFileSync(path.join(etc, 'hosts'), `127.0.0.1 localhost\n${this.ip} ${this.plan.name}\n`);
  }

  /** `ip netns exec NS bwrap … setpriv … ENTRYPOINT ARGS`. */
  private commandLine(container: any): { argv: string[] } {
    const { spec, dir } = this.plan;
    const podSec = spec.securityContext ?? {};
    const sec = { ...podSec, ...(container.securityContext ?? {}) };
    const uid = sec.runAsUser ?? 0;
    const gid = sec.runAsGroup ?? uid;
    if (sec.runAsNonRoot && uid === 0) throw new Error(`${this.plan.key}: runAsNonRoot without a runAsUser; the kubelet would refuse to start it`);
    const groups = [gid, ...(podSec.fsGroup !== undefined ? [podSec.fsGroup] : []), ...(podSec.supplementalGroups ?? [])];
    const env = this.environment(container);
    const entry = this.plan.executable(container.image);
    const expand = (s: string) => s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) => env[name] ?? m);
    const command = (container.command ?? ['/entrypoint']).map(expand);
    const args = (container.args ?? []).map(expand);

    const mounts: Array<[string, string, boolean]> = [
      ['/etc/ssl', '/etc/ssl', true],
      [path.join(dir, 'etc', 'resolv.conf'), '/etc/resolv.conf', true],
      [path.join(dir, 'etc', 'hosts'), '/etc/hosts', true],
      [entry, command[0], true],
    ];
    // Over the host's bundle inside /etc/ssl (bound above), as an image carries its own.
    if (this.plan.trustStore) mounts.push([this.plan.trustStore, '/etc/ssl/certs/ca-certificates.crt', true]);
    for (const mount of container.volumeMounts ?? []) {
      const source = this.volumeSource(mount.name, podSec.fsGroup);
      mounts.push([mount.subPath ? path.join(source, mount.subPath) : source, mount.mountPath, !!mount.readOnly]);
    }
    const token = this.tokenMount();
    if (token) mounts.push([token, '/var/run/secrets/kubernetes.io/serviceaccount', true]);

    const bwrap = ['bwrap', '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--hostname', this.plan.name,
      '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
      '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin', '--proc', '/proc', '--dev', '/dev'];
    // bwrap makes missing parents of a mount point 0700; a container runtime leaves them 0755.
    const parents = new Set<string>();
    for (const [, target] of mounts) {
      for (let d = path.dirname(target); d !== '/'; d = path.dirname(d)) parents.add(d);
    }
    for (const d of [...parents].sort((a, b) => a.length - b.length)) bwrap.push('--perms', '0755', '--dir', d);
    for (const [from, target, readOnly] of mounts) bwrap.push(readOnly ? '--ro-bind' : '--bind', from, target);
    if (sec.readOnlyRootFilesystem) bwrap.push('--remount-ro', '/');
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]);
    bwrap.push('--clearenv', ...envArgs);
    const setpriv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, `--groups=${groups.join(',')}`, '--inh-caps=-all', '--bounding-set=-all'];
    if (sec.allowPrivilegeEscalation === false) setpriv.push('--no-new-privs');
    return { argv: ['ip', 'netns', 'exec', this.network.netns, ...bwrap, '--', ...setpriv, '--', ...command, ...args] };
  }

  private tokenMount(): string | undefined {
    const { spec } = this.plan;
    if (spec.automountServiceAccountToken === false || !this.plan.serviceAccountDir) return undefined;
    return this.plan.serviceAccountDir(spec.serviceAccountName ?? 'default');
  }

  /** The container's environment as the kubelet computes it (env after envFrom, $(VAR) expanded). */
  private environment(container: any): Record<string, string> {
    const env: Record<string, string> = { ...this.plan.kubeletEnv, HOSTNAME: this.plan.name };
    for (const from of container.envFrom ?? []) {
      const data = from.configMapRef ? this.plan.lookup('ConfigMap', from.configMapRef.name) : this.plan.lookup('Secret', from.secretRef.name);
      for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = v;
    }
    for (const e of container.env ?? []) {
      if (e.value !== undefined) {
        env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m: string, n: string) => env[n] ?? m);
      } else if (e.valueFrom?.fieldRef) {
        env[e.name] = this.field(e.valueFrom.fieldRef.fieldPath);
      } else if (e.valueFrom?.secretKeyRef) {
        env[e.name] = this.plan.lookup('Secret', e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key)[e.valueFrom.secretKeyRef.key];
      } else if (e.valueFrom?.configMapKeyRef) {
        env[e.name] = this.plan.lookup('ConfigMap', e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.key)[e.valueFrom.configMapKeyRef.key];
      } else if (e.valueFrom?.resourceFieldRef) {
        env[e.name] = resourceField(container, e.valueFrom.resourceFieldRef);
      } else {
        throw new Error(`${this.plan.key}: env ${e.name} has no value the harness understands`);
      }
    }
    return env;
  }

  private field(fieldPath: string): string {
    const p = this.plan;
    const fields: Record<string, string> = {
      'metadata.name': p.name,
      'metadata.namespace': p.namespace,
      'metadata.uid': `uid-${p.key}`,
      'spec.nodeName': p.nodeName,
      'spec.serviceAccountName': p.spec.serviceAccountName ?? 'default',
      'status.podIP': this.ip,
      'status.hostIP': this.ip,
    };
    const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
    if (label) return p.labels[label[1]] ?? '';
    const value = fields[fieldPath];
    if (value === undefined) throw new Error(`${p.key}: fieldRef ${fieldPath} is not supported by the harness`);
    return value;
  }

  /** The host directory behind a volume, made once per pod (emptyDir) or per claim (PVC). */
  private volumeSource(name: string, fsGroup?: number): string {
    const volume = (this.plan.spec.volumes ?? []).find((v: any) => v.name === name);
    const claim = this.plan.claims[name];
    if (!volume && claim) return ownedDir(claim, fsGroup, 0o755);
    if (!volume) throw new Error(`${this.plan.key}: volumeMount ${name} has no volume (the API server would refuse the pod)`);
    const dir = path.join(this.plan.dir, 'volumes', name);
    if (volume.emptyDir) return ownedDir(dir, fsGroup, 0o777);
    if (volume.persistentVolumeClaim) {
      const claimed = this.plan.claims[volume.persistentVolumeClaim.claimName];
      if (!claimed) throw new Error(`${this.plan.key}: PVC ${volume.persistentVolumeClaim.claimName} is not in the manifests`);
      return ownedDir(claimed, fsGroup, 0o755);
    }
    if (volume.configMap || volume.secret) {
      const ref = volume.configMap ?? volume.secret;
      const data = this.plan.lookup(volume.configMap ? 'ConfigMap' : 'Secret', ref.name ?? ref.secretName);
      writeProjected(dir, data, ref.items, ref.defaultMode ?? 0o644, fsGroup);
      return dir;
    }
    throw new Error(`${this.plan.key}: volume ${name} is of a kind the harness does not run (${Object.keys(volume).join(', ')})`);
  }
}
