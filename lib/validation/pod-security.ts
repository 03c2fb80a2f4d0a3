/**
 * Pod checks over synthesized output:
 *
 * - {@link checkPodSecurity}: the Kubernetes "restricted" Pod Security Standard
 *   (https://kubernetes.io/docs/concepts/security/pod-security-standards/), every control of the
 *   baseline and restricted profiles that applies to Linux pods, as the admission controller
 *   would enforce it;
 * - {@link checkOperationalRules}: this library's own rules for a pod that behaves in production:
 *   requests and a memory limit, readiness and liveness probes, a pinned image, a read-only root
 *   filesystem.
 *
 * Both walk every pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * Pod) and return findings naming workload, container and rule.
 */
import { ContainerEntry, StackFinding, Manifest, PodTemplate, allContainers, podTemplates, sortFindings } from './manifest';

/** A pod finding: which workload, which container (if any), which rule. */
export interface PodFinding extends StackFinding {
  /** The rule, e.g. `restricted/run-as-non-root` or `operational/probes`. */
  readonly rule: string;
  /** The workload, e.g. `Deployment monitoring/jaeger-query`. */
  readonly workload: string;
  /** The container, when the rule is about one. */
  readonly container?: string;
}

/** Volume types the restricted profile allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/** The only capability a restricted pod may add. */
const ALLOWED_CAPABILITY = 'NET_BIND_SERVICE';

/** Sysctls the baseline profile allows (the kubelet's "safe" set). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** SELinux types the baseline profile allows. */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Builds findings for one pod template under one rule family. */
class Reporter {
  public readonly findings: PodFinding[] = [];
  constructor(private readonly template: PodTemplate, private readonly family: string) {}

  public pod(rule: string, problem: string): void {
    this.add(rule, undefined, problem);
  }

  public container(rule: string, entry: ContainerEntry, problem: string): void {
    this.add(rule, entry, problem);
  }

  private add(rule: string, entry: ContainerEntry | undefined, problem: string): void {
    const id = `${this.family}/${rule}`;
    const where = entry ? `${this.template.owner} ${describeContainer(entry)}` : this.template.owner;
    this.findings.push({
      check: id,
      rule: id,
      source: this.template.owner,
      workload: this.template.owner,
      ...(entry ? { container: entry.container.name } : {}),
      message: `${where} [${id}]: ${problem}`,
    });
  }
}

function describeContainer(entry: ContainerEntry): string {
  const kind = entry.list === 'containers' ? 'container' : entry.list === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${kind} "${entry.container.name}"`;
}

function describeValue(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

/** The restricted-profile findings for one pod template. */
export function podSecurityFindings(template: PodTemplate): PodFinding[] {
  const r = new Reporter(template, 'restricted');
  const spec = template.spec;
  const pod: Manifest = spec.securityContext ?? {};

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field]) r.pod('host-namespaces', `${field} is true; the pod must not share the node's namespaces. Fix: remove ${field}`);
  }
  for (const v of (spec.volumes ?? []) as Manifest[]) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type === 'hostPath') {
      r.pod('host-path', `volume "${v.name}" is a hostPath volume. Fix: use an emptyDir, a PVC or a projected volume`);
    } else if (type !== undefined && !RESTRICTED_VOLUME_TYPES.includes(type)) {
      r.pod('volume-types', `volume "${v.name}" has type ${type}, not allowed. Fix: use one of ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
    }
  }
  for (const s of (pod.sysctls ?? []) as Manifest[]) {
    if (!SAFE_SYSCTLS.has(s.name)) r.pod('sysctls', `sysctl ${s.name} is not in the safe set. Fix: remove it`);
  }
  if (pod.runAsUser === 0) r.pod('run-as-user', 'securityContext.runAsUser is 0 (root). Fix: run as a non-zero UID');
  checkSelinux(pod.seLinuxOptions, (problem) => r.pod('selinux', problem));
  if (pod.appArmorProfile?.type === 'Unconfined') r.pod('app-armor', 'appArmorProfile.type is Unconfined. Fix: use RuntimeDefault or Localhost');
  if (pod.seccompProfile?.type === 'Unconfined') r.pod('seccomp', 'securityContext.seccompProfile.type is Unconfined. Fix: use RuntimeDefault');

  for (const entry of allContainers(spec)) {
    const c = entry.container;
    const sc: Manifest = c.securityContext ?? {};
    if (sc.privileged) r.container('privileged', entry, 'securityContext.privileged is true. Fix: remove it');
    if (sc.allowPrivilegeEscalation !== false) {
      r.container('privilege-escalation', entry,
        `securityContext.allowPrivilegeEscalation is ${describeValue(sc.allowPrivilegeEscalation)}, must be false. Fix: set it to false`);
    }
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) {
      r.container('run-as-non-root', entry,
        `runAsNonRoot is ${describeValue(nonRoot)} (container, else pod), must be true. Fix: set securityContext.runAsNonRoot: true on the pod`);
    }
    if (sc.runAsUser === 0) r.container('run-as-user', entry, 'securityContext.runAsUser is 0 (root). Fix: run as a non-zero UID');
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      r.container('seccomp', entry,
        `seccompProfile.type is ${describeValue(seccomp)} (container, else pod), must be RuntimeDefault or Localhost. Fix: set it on the pod`);
    }
    if (sc.capabilities?.drop?.includes('ALL') !== true) {
      r.container('capabilities', entry, `capabilities.drop is ${describeValue(sc.capabilities?.drop)}, must include ALL. Fix: drop ALL`);
    }
    for (const cap of (sc.capabilities?.add ?? []) as string[]) {
      if (cap !== ALLOWED_CAPABILITY) r.container('capabilities', entry, `capabilities.add has ${cap}; only ${ALLOWED_CAPABILITY} is allowed. Fix: remove it`);
    }
    for (const p of (c.ports ?? []) as Manifest[]) {
      if (p.hostPort) r.container('host-ports', entry, `port ${p.name ? `"${p.name}" ` : ''}${p.containerPort} has hostPort ${p.hostPort}. Fix: remove hostPort and reach the pod through a Service`);
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default') r.container('proc-mount', entry, `procMount is ${sc.procMount}. Fix: remove it`);
    checkSelinux(sc.seLinuxOptions, (problem) => r.container('selinux', entry, problem));
    if (sc.appArmorProfile?.type === 'Unconfined') r.container('app-armor', entry, 'appArmorProfile.type is Unconfined. Fix: use RuntimeDefault or Localhost');
  }
  return r.findings;
}

function checkSelinux(options: Manifest | undefined, report: (problem: string) => void): void {
  if (!options) return;
  if (!SELINUX_TYPES.has(options.type ?? '')) report(`seLinuxOptions.type ${options.type} is not allowed. Fix: use container_t or leave it unset`);
  if (options.user || options.role) report('seLinuxOptions.user/role must not be set. Fix: remove them');
}

/** `repo:tag` / `repo@digest` → what pins it, or why it is not pinned. */
export function imagePinProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'has no image';
  // After the last "/" (a registry's port has a colon too): `name:tag`, `name@sha256:…` or
  // `name:tag@sha256:…`; what follows the first colon is the tag or the digest, either pins.
  const [, tag] = image.slice(image.lastIndexOf('/') + 1).split(':');
  if (tag === undefined) return `image "${image}" has no tag, so it pulls latest`;
  if (tag === '' || tag === 'latest') return `image "${image}" is tagged latest, which moves`;
  return undefined;
}

/** The operational findings for one pod template. */
export function operationalFindings(template: PodTemplate): PodFinding[] {
  const r = new Reporter(template, 'operational');
  // Ephemeral containers are debugging tools added by kubectl; they can have neither resources nor probes.
  for (const entry of allContainers(template.spec).filter((e) => e.list !== 'ephemeralContainers')) {
    const c = entry.container;
    const missing = [
      c.resources?.requests?.cpu === undefined ? 'requests.cpu' : undefined,
      c.resources?.requests?.memory === undefined ? 'requests.memory' : undefined,
      c.resources?.limits?.memory === undefined ? 'limits.memory' : undefined,
    ].filter((m): m is string => m !== undefined);
    if (missing.length) {
      r.container('resources', entry, `no ${missing.join(', ')}; the scheduler cannot place it fairly and a leak can take the node. Fix: set resources from a ResolvedResources`);
    }
    // Init containers finish before the pod is ready; Job pods run to completion: neither is probed.
    if (entry.list === 'containers' && !template.runsToCompletion) {
      const probes = ['readinessProbe', 'livenessProbe'].filter((p) => !c[p]);
      if (probes.length) r.container('probes', entry, `no ${probes.join(', ')}. Fix: add health probes (healthProbes() in lib/k8s/probes.ts)`);
    }
    const pin = imagePinProblem(c.image);
    if (pin) r.container('image-pinned', entry, `${pin}. Fix: pin a version tag or a digest (imageRef())`);
    if (c.securityContext?.readOnlyRootFilesystem !== true) {
      r.container('read-only-root-filesystem', entry,
        'readOnlyRootFilesystem is not true. Fix: set it, and mount an emptyDir where the process must write (e.g. /tmp)');
    }
  }
  return r.findings;
}

/** Restricted Pod Security Standard findings over every pod template of the output, sorted. */
export function checkPodSecurity(objects: readonly Manifest[]): PodFinding[] {
  return sortFindings(podTemplates(objects).flatMap(podSecurityFindings)) as PodFinding[];
}

/** The library's operational pod rules over every pod template of the output, sorted. */
export function checkOperationalRules(objects: readonly Manifest[]): PodFinding[] {
  return sortFindings(podTemplates(objects).flatMap(operationalFindings)) as PodFinding[];
}
