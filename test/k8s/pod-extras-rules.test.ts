/**
 * The pod extras' checks message by message: what restricted Pod Security refuses and allows in
 * an added container, what a container needs, and each clash with the library's own names.
 */
import { k8s } from 'cdk8s-plus-33';
import { OtelCollector, PodPlacement } from '../../lib/internal';
import { testChart } from '../support/synth';
import { jaegerIn } from '../support/backend';

const q = (v: string) => k8s.Quantity.fromString(v);
const probe = () => ({ httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(9901) } });
const sidecar = (extra: Record<string, unknown> = {}): k8s.Container => ({
  name: 'proxy', image: 'ghcr.io/example/proxy:1.2.3',
  resources: { requests: { cpu: q('50m'), memory: q('64Mi') }, limits: { memory: q('64Mi') } },
  readinessProbe: probe(), livenessProbe: probe(), ...extra,
});
/** The message an agent placement gets, or undefined when it is taken. */
function refusal(placement: PodPlacement): string | undefined {
  try {
    new OtelCollector(testChart(), 'otel', { backend: jaegerIn(), agent: { placement } });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
const P = 'OtelCollector "otel": invalid prop "agent.placement';

test('an added container may tighten the restricted context, never loosen it', () => {
  const security = (securityContext: k8s.SecurityContext) => refusal({ sidecars: [sidecar({ securityContext })] });
  expect(security({ allowPrivilegeEscalation: true })).toBe(`${P}.sidecars[0].securityContext.allowPrivilegeEscalation" = true: breaks restricted Pod Security. `
    + 'Fix: leave securityContext out (the library\'s restricted one is the default), or only tighten it');
  expect(security({ runAsNonRoot: false })).toMatch(/sidecars\[0\]\.securityContext\.runAsNonRoot" = false: breaks restricted Pod Security/);
  expect(security({ capabilities: { drop: ['NET_RAW'] } })).toMatch(/securityContext\.capabilities" = {"drop":\["NET_RAW"\]}: breaks/);
  expect(security({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })).toBeUndefined();
  expect(security({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })).toBeUndefined();
  expect(security({ seccompProfile: { type: 'Unconfined' } })).toMatch(/securityContext\.seccompProfile" = {"type":"Unconfined"}: breaks/);
  expect(security({ runAsUser: 1000, readOnlyRootFilesystem: true })).toBeUndefined();
  expect(refusal({ initContainers: [sidecar({ securityContext: { privileged: true } })] }))
    .toMatch(/initContainers\[0\]\.securityContext\.privileged" = true: breaks restricted Pod Security/);
});

test('an added container needs requests and a memory limit, and a sidecar its probes', () => {
  expect(refusal({ sidecars: [sidecar({ resources: { limits: { memory: q('64Mi') } } })] })).toBe(
    `${P}.sidecars[0].resources" = {"limits":{"memory":{"value":"64Mi"}}}: has no requests.cpu, requests.memory. `
    + 'Fix: give requests (cpu, memory) and a memory limit, as every container of the stack has');
  expect(refusal({ sidecars: [sidecar({ resources: { requests: { cpu: q('1') } } })] })).toMatch(/has no requests\.memory, limits\.memory\. Fix/);
  expect(refusal({ sidecars: [sidecar({ readinessProbe: undefined })] })).toBe(
    `${P}.sidecars[0]" = "proxy": has no readinessProbe or livenessProbe. Fix: give both, as every container of the stack has`);
  expect(refusal({ initContainers: [sidecar({ readinessProbe: undefined, livenessProbe: undefined })] })).toBeUndefined();
});

test('env, volumes and mounts: what any pod refuses, message by message', () => {
  expect(refusal({ extraEnv: [{ name: 5 as any, value: 'x' }] })).toMatch(/extraEnv\[0\]\.name" = 5: not an environment variable name/);
  // A missing name is not the text "undefined", which the name pattern would take.
  expect(refusal({ extraEnv: [{ value: 'x' } as any] })).toMatch(/extraEnv\[0\]\.name" = undefined: not an environment variable name/);
  expect(refusal({ extraEnv: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] }))
    .toBe(`${P}.extraEnv[0]" = "A": needs exactly one of value and valueFrom. Fix: give a literal value, or valueFrom: { secretKeyRef: { name, key } }`);
  expect(refusal({ extraEnv: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } }] }))
    .toMatch(/extraEnv\[0\]\.valueFrom\.secretKeyRef\.key" = "a\/b": not a valid Secret key\. Fix: .*e\.g\. "token"/);
  expect(refusal({ extraEnv: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }] })).toBeUndefined();
  const volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }];
  expect(refusal({ extraVolumes: volumes, extraVolumeMounts: [{ name: 'c', mountPath: '/c' }] }))
    .toBe(`${P}.extraVolumeMounts[0].name" = "c": is not one of the extraVolumes. Fix: mount one of "a", "b"`);
  expect(refusal({ extraVolumeMounts: [{ name: 'c', mountPath: '/c' }] }))
    .toBe(`${P}.extraVolumeMounts[0].name" = "c": is not one of the extraVolumes. Fix: mount one of the volumes given as extraVolumes`);
  expect(refusal({ extraVolumes: volumes, extraVolumeMounts: [{ name: 'a', mountPath: 7 as any }] })).toMatch(/mountPath" = 7: not an absolute path/);
});

test('a clash with the library\'s own names, kind by kind', () => {
  expect(refusal({ extraVolumes: [{ name: 'config', emptyDir: {} }] }))
    .toBe(`${P}.extraVolumes[0].name" = "config": is the library's own volume name. Fix: use another volume name`);
  expect(refusal({ extraVolumes: [{ name: 'x', emptyDir: {} }], extraVolumeMounts: [{ name: 'x', mountPath: '/tmp' }] }))
    .toBe(`${P}.extraVolumeMounts[0].mountPath" = "/tmp": is the library's own mount path. Fix: use another mount path`);
  expect(refusal({ sidecars: [sidecar({ name: 'otelcol' })] }))
    .toBe(`${P}.sidecars[0].name" = "otelcol": is the library's own container name. Fix: use another container name`);
  expect(refusal({ initContainers: [sidecar({ name: 'otelcol' })] }))
    .toBe(`${P}.initContainers[0].name" = "otelcol": is the library's own container name. Fix: use another container name`);
  expect(refusal({ extraVolumeMounts: [] , extraVolumes: [] })).toBeUndefined();
});

test('a proxy for the internet needs NO_PROXY covering the stack\'s "<service>.<namespace>.svc" addresses (Go sends every other host through it)', () => {
  const env = (...vars: Array<[string, string]>) => refusal({ extraEnv: vars.map(([name, value]) => ({ name, value })) });
  const fix = "Fix: add NO_PROXY covering '.svc' and the Kubernetes API's Service address, e.g. { name: 'NO_PROXY', value: '.svc,.cluster.local,10.96.0.1' }";
  expect(env(['HTTPS_PROXY', 'http://proxy.example.com:3128'])).toBe(`${P}.extraEnv" = "HTTPS_PROXY": sets a proxy without NO_PROXY: `
    + `the stack's own connections (to "<service>.<namespace>.svc") would go through the proxy. ${fix}`);
  expect(env(['http_proxy', 'http://p:3128'])).toMatch(/extraEnv" = "http_proxy": sets a proxy without NO_PROXY/);
  expect(env(['HTTPS_PROXY', 'http://p:3128'], ['NO_PROXY', '.cluster.local,10.96.0.1'])).toBe(`${P}.extraEnv" = "NO_PROXY=.cluster.local,10.96.0.1": `
    + `covers no "<service>.<namespace>.svc" name, the form of the stack's own addresses: they would go through the proxy. ${fix}`);
  for (const noProxy of ['.svc', 'svc', '10.96.0.1, .svc', 'team-b-obs.svc', '.tracing.svc,.cluster.local', '*']) {
    expect([noProxy, env(['HTTPS_PROXY', 'http://p:3128'], ['no_proxy', noProxy])]).toEqual([noProxy, undefined]);
  }
  // From a ConfigMap, the value is the user's to get right; no proxy, nothing to cover.
  expect(refusal({ extraEnv: [{ name: 'HTTPS_PROXY', value: 'http://p:3128' }, { name: 'NO_PROXY', valueFrom: { configMapKeyRef: { name: 'proxy', key: 'no-proxy' } } }] })).toBeUndefined();
  expect(env(['NO_PROXY', '.example.com'], ['PROXY_USER', 'x'])).toBeUndefined();
});
