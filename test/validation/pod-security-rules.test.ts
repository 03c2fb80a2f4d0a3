/**
 * The pod checkers' rules at their edges: what each allows as well as what it refuses, the whole
 * message of each finding, pod-level settings beside container-level ones, ephemeral containers.
 */
import { checkOperationalRules, checkPodSecurity, imagePinProblem } from '../../lib/internal';
import { Obj, container, podSpec, workload } from './fixtures';

const W = 'Deployment monitoring/app';
function deployment(edit: (spec: Obj, main: Obj) => void): Obj {
  const d = JSON.parse(JSON.stringify(workload('Deployment', 'app', { app: 'app' }, podSpec([container('main')]))));
  edit(d.spec.template.spec, d.spec.template.spec.containers[0]);
  return d;
}
const restricted = (edit: (spec: Obj, main: Obj) => void) => checkPodSecurity([deployment(edit)]).map((f) => f.message);
const operational = (edit: (spec: Obj, main: Obj) => void) => checkOperationalRules([deployment(edit)]).map((f) => f.message);

test('what the restricted profile allows: safe sysctls, Localhost seccomp, NET_BIND_SERVICE, procMount Default, container SELinux types', () => {
  expect(restricted((s) => { s.securityContext.sysctls = [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }]; })).toEqual([]);
  expect(restricted((_, m) => { m.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }; })).toEqual([]);
  expect(restricted((_, m) => { m.securityContext.capabilities.add = ['NET_BIND_SERVICE']; })).toEqual([]);
  expect(restricted((_, m) => { m.securityContext.procMount = 'Default'; })).toEqual([]);
  expect(restricted((_, m) => { m.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c1,c2' }; })).toEqual([]);
  expect(restricted((_, m) => { m.securityContext.seLinuxOptions = { level: 's0:c1,c2' }; })).toEqual([]);
  expect(restricted((s) => { s.securityContext.appArmorProfile = { type: 'RuntimeDefault' }; })).toEqual([]);
});

test('each finding\'s whole message, and the container it names', () => {
  const d = deployment((s, m) => {
    s.volumes = [{ name: 'nfs', nfs: { server: 'x', path: '/' } }];
    s.securityContext.seccompProfile = { type: 'Unconfined' };
    s.securityContext.seLinuxOptions = { user: 'system_u' };
    m.securityContext.runAsUser = 0;
    m.securityContext.appArmorProfile = { type: 'Unconfined' };
    m.securityContext.seLinuxOptions = { role: 'sysadm_r' };
    m.securityContext.seccompProfile = { type: 'RuntimeDefault' };
    m.ports = [{ containerPort: 8080, hostPort: 8080 }];
    delete m.securityContext.capabilities;
  });
  const findings = checkPodSecurity([d]);
  expect(findings.map((f) => f.message).sort()).toEqual([
    `${W} [restricted/seccomp]: securityContext.seccompProfile.type is Unconfined. Fix: use RuntimeDefault`,
    `${W} [restricted/selinux]: seLinuxOptions.user/role must not be set. Fix: remove them`,
    `${W} [restricted/volume-types]: volume "nfs" has type nfs, not allowed. Fix: use one of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret`,
    `${W} container "main" [restricted/app-armor]: appArmorProfile.type is Unconfined. Fix: use RuntimeDefault or Localhost`,
    `${W} container "main" [restricted/capabilities]: capabilities.drop is unset, must include ALL. Fix: drop ALL`,
    `${W} container "main" [restricted/host-ports]: port 8080 has hostPort 8080. Fix: remove hostPort and reach the pod through a Service`,
    `${W} container "main" [restricted/run-as-user]: securityContext.runAsUser is 0 (root). Fix: run as a non-zero UID`,
    `${W} container "main" [restricted/selinux]: seLinuxOptions.user/role must not be set. Fix: remove them`,
  ].sort());
  expect(findings.filter((f) => f.message.includes('container "main"')).every((f) => f.container === 'main')).toBe(true);
  expect(findings.filter((f) => !f.message.includes('container "main"')).every((f) => f.container === undefined)).toBe(true);
  expect(restricted((s) => { s.securityContext.appArmorProfile = { type: 'Unconfined' }; }))
    .toEqual([`${W} [restricted/app-armor]: appArmorProfile.type is Unconfined. Fix: use RuntimeDefault or Localhost`]);
  expect(restricted((s) => { s.securityContext.seLinuxOptions = { type: 'spc_t' }; }))
    .toEqual([`${W} [restricted/selinux]: seLinuxOptions.type spc_t is not allowed. Fix: use container_t or leave it unset`]);
});

test('ephemeral containers: named as such, held to the restricted profile, not to the operational rules', () => {
  const withDebug = (s: Obj) => { s.ephemeralContainers = [{ name: 'debug', image: 'busybox', securityContext: { privileged: true } }]; };
  expect(restricted(withDebug)).toContainEqual(`${W} ephemeral container "debug" [restricted/privileged]: securityContext.privileged is true. Fix: remove it`);
  expect(operational(withDebug)).toEqual([]);
});

test('operational rules on containers that say little: no requests, no security context', () => {
  expect(operational((_, m) => { m.resources = { limits: { memory: '1Gi' } }; }))
    .toEqual([`${W} container "main" [operational/resources]: no requests.cpu, requests.memory; the scheduler cannot place it fairly and a leak can take the node. Fix: set resources from a ResolvedResources`]);
  expect(operational((_, m) => { delete m.securityContext; }))
    .toEqual([`${W} container "main" [operational/read-only-root-filesystem]: readOnlyRootFilesystem is not true. Fix: set it, and mount an emptyDir where the process must write (e.g. /tmp)`]);
  expect(operational((_, m) => { m.image = ''; })).toEqual([`${W} container "main" [operational/image-pinned]: has no image. Fix: pin a version tag or a digest (imageRef())`]);
});

test.each([
  ['app:1.2.3', undefined],
  ['app', 'image "app" has no tag, so it pulls latest'],
  ['example/app:', 'image "example/app:" is tagged latest, which moves'],
  ['registry:5000/app', 'image "registry:5000/app" has no tag, so it pulls latest'],
  [`app@sha256:${'c'.repeat(64)}`, undefined],
  [`app:latest@sha256:${'c'.repeat(64)}`, undefined],
  [undefined, 'has no image'],
])('image %s', (image, problem) => {
  expect(imagePinProblem(image)).toBe(problem);
});
