import { k8s } from 'cdk8s-plus-33';
import { invalidProp } from './errors';
import { checkScheduling, PodPlacement, placementPodSpec } from './placement';
import { restrictedContainerSecurityContext } from './security';
import { checkDnsLabel, checkDnsSubdomain, checkNonEmpty } from './validate';
import { checkSecretKey } from './validate-pod';

/**
 * The pod extras of a {@link PodPlacement} (`extraEnv`, `extraVolumes`, `extraVolumeMounts`,
 * `sidecars`, `initContainers`): checked on their own at the placement's check, and added to a
 * workload's pod spec, clashes with the library's own names refused, when the pod is built.
 */
export type PodExtras = Pick<PodPlacement, 'extraEnv' | 'extraVolumes' | 'extraVolumeMounts' | 'sidecars' | 'initContainers'>;

/** The API server's rule for an env var name (IsEnvVarName): printable, no `=`. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Security settings an added container may not loosen (restricted Pod Security Standard). */
function checkSecurity(where: string, prop: string, context: k8s.SecurityContext | undefined): k8s.SecurityContext {
  const merged = { ...restrictedContainerSecurityContext(), ...context };
  const loosened: [string, boolean][] = [
    ['privileged', merged.privileged !== false],
    ['allowPrivilegeEscalation', merged.allowPrivilegeEscalation !== false],
    ['runAsNonRoot', merged.runAsNonRoot !== true],
    ['runAsUser', merged.runAsUser === 0],
    ['capabilities', (merged.capabilities?.add ?? []).some((c) => c !== 'NET_BIND_SERVICE') || !(merged.capabilities?.drop ?? []).includes('ALL')],
    ['seccompProfile', !['RuntimeDefault', 'Localhost'].includes(merged.seccompProfile?.type ?? '')],
  ];
  const bad = loosened.find(([, isLoose]) => isLoose);
  if (bad) {
    invalidProp(where, `${prop}.securityContext.${bad[0]}`, (merged as Record<string, unknown>)[bad[0]], 'breaks restricted Pod Security',
      'leave securityContext out (the library\'s restricted one is the default), or only tighten it');
  }
  return merged;
}

function checkContainer(where: string, prop: string, c: k8s.Container, probed: boolean): k8s.Container {
  checkDnsLabel(where, `${prop}.name`, c.name);
  checkNonEmpty(where, `${prop}.image`, c.image, 'give a pinned image, e.g. "ghcr.io/example/proxy:1.2.3"');
  const r = c.resources;
  const missing = [!r?.requests?.cpu && 'requests.cpu', !r?.requests?.memory && 'requests.memory', !r?.limits?.memory && 'limits.memory'].filter(Boolean);
  if (missing.length) {
    invalidProp(where, `${prop}.resources`, r, `has no ${missing.join(', ')}`, 'give requests (cpu, memory) and a memory limit, as every container of the stack has');
  }
  if (probed && (!c.readinessProbe || !c.livenessProbe)) {
    invalidProp(where, prop, c.name, 'has no readinessProbe or livenessProbe', 'give both, as every container of the stack has');
  }
  return { ...c, securityContext: checkSecurity(where, prop, c.securityContext) };
}

/**
 * Checks the extras of a placement (`prop` is the placement's path) on their own: what any pod
 * would refuse. Clashes with the library's own names, and the added containers, are {@link applyPodExtras}'s, which sees the pod.
 */
function checkPodExtras(where: string, prop: string, p: PodExtras): void {
  p.extraEnv?.forEach((e, i) => {
    const at = `${prop}.extraEnv[${i}]`;
    if (typeof e.name !== 'string' || !ENV_NAME.test(e.name)) {
      invalidProp(where, `${at}.name`, e.name, 'not an environment variable name', 'use letters, digits, "_", "-" and ".", not starting with a digit');
    }
    if ((e.value !== undefined) === (e.valueFrom !== undefined)) {
      invalidProp(where, at, e.name, 'needs exactly one of value and valueFrom', 'give a literal value, or valueFrom: { secretKeyRef: { name, key } }');
    }
    const kind = e.valueFrom?.secretKeyRef ? 'secretKeyRef' : 'configMapKeyRef';
    const ref = e.valueFrom?.[kind];
    if (ref) {
      checkDnsSubdomain(where, `${at}.valueFrom.${kind}.name`, ref.name);
      checkSecretKey(where, `${at}.valueFrom.${kind}.key`, ref.key, 'token');
    }
  });
  const volumes = (p.extraVolumes ?? []).map((v, i) => {
    const at = `${prop}.extraVolumes[${i}]`;
    checkDnsLabel(where, `${at}.name`, v.name);
    if (v.hostPath) invalidProp(where, `${at}.hostPath`, v.hostPath.path, 'is forbidden by restricted Pod Security', 'use a Secret, ConfigMap, emptyDir or projected volume');
    return v.name;
  });
  p.extraVolumeMounts?.forEach((m, i) => {
    const at = `${prop}.extraVolumeMounts[${i}]`;
    if (!volumes.includes(m.name)) {
      invalidProp(where, `${at}.name`, m.name, 'is not one of the extraVolumes', `mount one of ${volumes.length ? volumes.map((v) => `"${v}"`).join(', ') : 'the volumes given as extraVolumes'}`);
    }
    if (typeof m.mountPath !== 'string' || !m.mountPath.startsWith('/')) {
      invalidProp(where, `${at}.mountPath`, m.mountPath, 'not an absolute path', 'use e.g. "/etc/extra"');
    }
  });
  // The containers are checked where they are added (applyPodExtras), with the library's
  // security context merged into theirs.
}

/**
 * A proxy for the internet given to a workload must leave the stack's own connections out: Go's
 * HTTP and gRPC clients (the Collector's exporters, Jaeger's storage clients, client-go) send
 * every host NO_PROXY does not cover through HTTP(S)_PROXY, and the library's addresses are
 * `<service>.<namespace>.svc` names (and the Kubernetes API's Service address).
 */
function checkProxyEnv(where: string, prop: string, env: readonly k8s.EnvVar[]): void {
  const proxy = env.find((e) => /^https?_proxy$/i.test(e.name));
  if (!proxy) return;
  const noProxy = env.find((e) => /^no_proxy$/i.test(e.name));
  const fix = "add NO_PROXY covering '.svc' and the Kubernetes API's Service address, e.g. { name: 'NO_PROXY', value: '.svc,.cluster.local,10.96.0.1' }";
  if (!noProxy) {
    invalidProp(where, `${prop}.extraEnv`, proxy.name, 'sets a proxy without NO_PROXY: the stack\'s own connections (to "<service>.<namespace>.svc") would go through the proxy', fix);
  }
  const entries = noProxy.value?.split(',').map((e) => e.trim());
  if (entries && !entries.some((e) => e === '*' || /(^|\.)svc$/.test(e))) {
    invalidProp(where, `${prop}.extraEnv`, `NO_PROXY=${noProxy.value}`, 'covers no "<service>.<namespace>.svc" name, the form of the stack\'s own addresses: they would go through the proxy', fix);
  }
}

function refuseClash(where: string, prop: string, value: string, taken: readonly string[], what: string): void {
  if (taken.includes(value)) invalidProp(where, prop, value, `is the library's own ${what}`, `use another ${what}`);
}

/**
 * The pod spec with the extras of the placement added: env and mounts to the main container
 * (the first), volumes, sidecars and init containers after the library's. A name the library
 * already uses in this pod (env, volume, mount path, container) is refused, naming the prop.
 */
export function applyPodExtras(where: string, prop: string, spec: k8s.PodSpec, p: PodExtras): k8s.PodSpec {
  const [main, ...others] = spec.containers;
  const envNames = (main.env ?? []).map((e) => e.name);
  p.extraEnv?.forEach((e, i) => refuseClash(where, `${prop}.extraEnv[${i}].name`, e.name, envNames, 'environment variable'));
  const volumeNames = (spec.volumes ?? []).map((v) => v.name);
  p.extraVolumes?.forEach((v, i) => refuseClash(where, `${prop}.extraVolumes[${i}].name`, v.name, volumeNames, 'volume name'));
  const paths = (main.volumeMounts ?? []).map((m) => m.mountPath);
  p.extraVolumeMounts?.forEach((m, i) => refuseClash(where, `${prop}.extraVolumeMounts[${i}].mountPath`, m.mountPath, paths, 'mount path'));
  const containerNames = [...spec.containers, ...spec.initContainers ?? []].map((c) => c.name);
  p.sidecars?.forEach((c, i) => refuseClash(where, `${prop}.sidecars[${i}].name`, c.name, containerNames, 'container name'));
  p.initContainers?.forEach((c, i) => refuseClash(where, `${prop}.initContainers[${i}].name`, c.name, containerNames, 'container name'));
  checkProxyEnv(where, prop, [...main.env ?? [], ...p.extraEnv ?? []]);
  const sidecars = (p.sidecars ?? []).map((c, i) => checkContainer(where, `${prop}.sidecars[${i}]`, c, true));
  const inits = (p.initContainers ?? []).map((c, i) => checkContainer(where, `${prop}.initContainers[${i}]`, c, false));
  return {
    ...spec,
    containers: [
      {
        ...main,
        ...(p.extraEnv ? { env: [...main.env ?? [], ...p.extraEnv] } : {}),
        ...(p.extraVolumeMounts ? { volumeMounts: [...main.volumeMounts ?? [], ...p.extraVolumeMounts.map((m) => ({ readOnly: true, ...m }))] } : {}),
      },
      ...others,
      ...sidecars,
    ],
    ...(inits.length ? { initContainers: [...spec.initContainers ?? [], ...inits] } : {}),
    ...(p.extraVolumes ? { volumes: [...spec.volumes ?? [], ...p.extraVolumes] } : {}),
  };
}

/**
 * Checks a placement prop (`prop` is its path, e.g. `collector.placement`): the values the API
 * server would refuse, its extras included. Its shape (known fields, maps, lists, the affinity
 * kinds) is checkProps's to refuse, before: the constructs and factories that take a placement
 * call it first.
 */
export function checkPlacement(where: string, prop: string, p: PodPlacement): PodPlacement {
  checkScheduling(where, prop, p);
  checkPodExtras(where, prop, p);
  return p;
}

/**
 * A workload's pod spec placed: the placement's scheduling fields and its {@link PodExtras}
 * added to the library's `spec` (`prop` is where the extras were given, for messages).
 */
export function placedPodSpec(
  where: string, prop: string, spec: k8s.PodSpec, placement: PodPlacement, selector: Readonly<Record<string, string>>,
  defaults: Pick<k8s.PodSpec, 'topologySpreadConstraints'> = {},
): k8s.PodSpec {
  return applyPodExtras(where, prop, { ...spec, ...placementPodSpec(placement, selector, defaults) }, placement);
}
