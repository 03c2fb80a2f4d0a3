import { checkOperationalRules, checkPodSecurity, imagePinProblem } from '../../lib/internal';
import { Obj, container, goodStack, podSpec, workload } from './fixtures';

/** A compliant Deployment with one container and one init container. */
function deployment(): Obj {
  return JSON.parse(JSON.stringify(workload('Deployment', 'app', { app: 'app' }, podSpec(
    [container('main', [], { volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] })],
    {
      initContainers: [container('init', [], { readinessProbe: undefined, livenessProbe: undefined })],
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }, { name: 'token', projected: { sources: [] } }],
    },
  ))));
}

const spec = (d: Obj): Obj => d.spec.template.spec;
const main = (d: Obj): Obj => spec(d).containers[0];

test('a compliant pod (and the whole good stack) passes both checkers', () => {
  expect(checkPodSecurity([deployment()])).toEqual([]);
  expect(checkOperationalRules([deployment()])).toEqual([]);
  expect(checkPodSecurity(goodStack())).toEqual([]);
  expect(checkOperationalRules(goodStack())).toEqual([]);
});

const W = 'Deployment monitoring/app';

describe('restricted Pod Security Standard: one violation per rule', () => {
  test.each<[string, (d: Obj) => void, string]>([
    ['host-namespaces', (d) => { spec(d).hostNetwork = true; },
      `${W} [restricted/host-namespaces]: hostNetwork is true; the pod must not share the node's namespaces. Fix: remove hostNetwork`],
    ['host-namespaces (PID)', (d) => { spec(d).hostPID = true; }, `${W} [restricted/host-namespaces]: hostPID is true`],
    ['host-namespaces (IPC)', (d) => { spec(d).hostIPC = true; }, `${W} [restricted/host-namespaces]: hostIPC is true`],
    ['privileged', (d) => { main(d).securityContext.privileged = true; },
      `${W} container "main" [restricted/privileged]: securityContext.privileged is true. Fix: remove it`],
    ['privilege-escalation', (d) => { delete main(d).securityContext.allowPrivilegeEscalation; },
      `${W} container "main" [restricted/privilege-escalation]: securityContext.allowPrivilegeEscalation is unset, must be false`],
    ['run-as-non-root (neither pod nor container)', (d) => { delete spec(d).securityContext.runAsNonRoot; delete main(d).securityContext.runAsNonRoot; },
      `${W} container "main" [restricted/run-as-non-root]: runAsNonRoot is unset (container, else pod), must be true`],
    ['run-as-non-root (container overrides pod)', (d) => { main(d).securityContext.runAsNonRoot = false; },
      `${W} container "main" [restricted/run-as-non-root]: runAsNonRoot is false`],
    ['run-as-user (pod)', (d) => { spec(d).securityContext.runAsUser = 0; }, `${W} [restricted/run-as-user]: securityContext.runAsUser is 0 (root)`],
    ['run-as-user (container)', (d) => { main(d).securityContext.runAsUser = 0; }, `${W} container "main" [restricted/run-as-user]`],
    ['seccomp (unset)', (d) => { delete spec(d).securityContext.seccompProfile; delete main(d).securityContext.seccompProfile; },
      `${W} container "main" [restricted/seccomp]: seccompProfile.type is unset (container, else pod), must be RuntimeDefault or Localhost`],
    ['seccomp (Unconfined container)', (d) => { main(d).securityContext.seccompProfile = { type: 'Unconfined' }; },
      `${W} container "main" [restricted/seccomp]: seccompProfile.type is "Unconfined"`],
    ['capabilities (drop)', (d) => { main(d).securityContext.capabilities = { drop: ['NET_RAW'] }; },
      `${W} container "main" [restricted/capabilities]: capabilities.drop is ["NET_RAW"], must include ALL`],
    ['capabilities (add)', (d) => { main(d).securityContext.capabilities.add = ['SYS_ADMIN']; },
      `${W} container "main" [restricted/capabilities]: capabilities.add has SYS_ADMIN; only NET_BIND_SERVICE is allowed`],
    ['host-path', (d) => { spec(d).volumes.push({ name: 'logs', hostPath: { path: '/var/log' } }); },
      `${W} [restricted/host-path]: volume "logs" is a hostPath volume`],
    ['volume-types', (d) => { spec(d).volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }); },
      `${W} [restricted/volume-types]: volume "nfs" has type nfs, not allowed`],
    ['host-ports', (d) => { main(d).ports = [{ name: 'http', containerPort: 8080, hostPort: 8080 }]; },
      `${W} container "main" [restricted/host-ports]: port "http" 8080 has hostPort 8080`],
    ['proc-mount', (d) => { main(d).securityContext.procMount = 'Unmasked'; }, `${W} container "main" [restricted/proc-mount]: procMount is Unmasked`],
    ['sysctls', (d) => { spec(d).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, `${W} [restricted/sysctls]: sysctl kernel.msgmax`],
    ['selinux', (d) => { main(d).securityContext.seLinuxOptions = { type: 'spc_t' }; }, `${W} container "main" [restricted/selinux]: seLinuxOptions.type spc_t`],
    ['app-armor', (d) => { spec(d).securityContext.appArmorProfile = { type: 'Unconfined' }; }, `${W} [restricted/app-armor]`],
    ['init containers are checked too', (d) => { spec(d).initContainers[0].securityContext.privileged = true; },
      `${W} init container "init" [restricted/privileged]`],
  ])('%s', (_, breakIt, expected) => {
    const d = deployment();
    breakIt(d);
    const findings = checkPodSecurity([d]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(expected)]);
    expect(findings[0].workload).toBe(W);
    expect(findings[0].rule).toMatch(/^restricted\//);
  });
});

describe('operational rules: one violation per rule', () => {
  test.each<[string, (d: Obj) => void, string]>([
    ['resources', (d) => { delete main(d).resources.limits; delete main(d).resources.requests.cpu; },
      `${W} container "main" [operational/resources]: no requests.cpu, limits.memory`],
    ['resources (init containers too)', (d) => { delete spec(d).initContainers[0].resources; },
      `${W} init container "init" [operational/resources]: no requests.cpu, requests.memory, limits.memory`],
    ['probes', (d) => { delete main(d).readinessProbe; delete main(d).livenessProbe; },
      `${W} container "main" [operational/probes]: no readinessProbe, livenessProbe`],
    ['image-pinned (latest)', (d) => { main(d).image = 'example/app:latest'; },
      `${W} container "main" [operational/image-pinned]: image "example/app:latest" is tagged latest`],
    ['image-pinned (no tag)', (d) => { main(d).image = 'registry:5000/example/app'; },
      `${W} container "main" [operational/image-pinned]: image "registry:5000/example/app" has no tag, so it pulls latest`],
    ['read-only-root-filesystem', (d) => { main(d).securityContext.readOnlyRootFilesystem = false; },
      `${W} container "main" [operational/read-only-root-filesystem]: readOnlyRootFilesystem is not true`],
  ])('%s', (_, breakIt, expected) => {
    const d = deployment();
    breakIt(d);
    const findings = checkOperationalRules([d]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining(expected)]);
  });

  test('Job and CronJob containers and init containers need no probes', () => {
    const stack = goodStack(); // has a CronJob without probes
    expect(checkOperationalRules(stack)).toEqual([]);
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'm' }, spec: { template: { spec: podSpec([container('j', [], { readinessProbe: undefined, livenessProbe: undefined })]) } } };
    expect(checkOperationalRules([JSON.parse(JSON.stringify(job))])).toEqual([]);
  });

  test.each([
    ['example/app:1.2.3', undefined],
    ['registry:5000/example/app:1.2.3', undefined],
    [`example/app@sha256:${'a'.repeat(64)}`, undefined],
    [`example/app:1.2@sha256:${'b'.repeat(64)}`, undefined],
    ['example/app', 'has no tag'],
    ['example/app:latest', 'tagged latest'],
  ])('image %s', (image, problem) => {
    const result = imagePinProblem(image);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toContain(problem);
  });
});
