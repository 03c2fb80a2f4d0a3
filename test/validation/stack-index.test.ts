/**
 * What the whole-stack validator knows of the output before it checks anything: every object by
 * kind, namespace and name (a cert-manager Certificate standing for the Secret it will make), the
 * namespaces the output uses or declares, the objects declared external; and that it reads any
 * list of manifests, however malformed, without throwing.
 */
import {
  StackValidationError, StackValidator, assertValidStack, stackWarnings, validateStack,
} from '../../lib/internal';
import { Obj, container, goodStack, podSpec, service, workload } from './fixtures';

const checksOf = (findings: { check: string }[]) => findings.map((f) => f.check);

test('anything that is no object, or an object without kind, name, metadata or apiVersion, is read without throwing', () => {
  const good = goodStack();
  const junk: any[] = [null, undefined, 'kind: Service', 42, true, [], {}, { kind: 'ConfigMap' }, { kind: 'Service', spec: {} },
    { apiVersion: 7, kind: 'Secret', metadata: { name: 'x', namespace: 'monitoring' } }, { kind: 'Namespace' }];
  expect(validateStack([...junk, ...good])).toEqual(validateStack(good));
  expect(stackWarnings([...junk, ...good])).toEqual(stackWarnings(good));
  expect(StackValidator.warnings([...junk, ...good])).toEqual([]);
  expect(StackValidator.checkPodSecurity(good)).toEqual([]);
  expect(StackValidator.checkOperationalRules(good)).toEqual([]);
  expect(() => StackValidator.assertValid(good)).not.toThrow();
  expect(() => StackValidator.assertValid([...good, good[0]])).toThrow(StackValidationError);
});

test('one object twice is a duplicate under any two versions of its group, not under two groups', () => {
  const hpa = (apiVersion: string) => ({ apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name: 'gw', namespace: 'monitoring' } });
  const duplicates = (...objects: Obj[]) => validateStack(objects).filter((f) => f.check === 'duplicate-object').map((f) => f.message.split(' is in')[0]);
  expect(duplicates(hpa('autoscaling/v1'), hpa('autoscaling/v2'))).toEqual(['HorizontalPodAutoscaler monitoring/gw']);
  expect(duplicates(hpa('autoscaling/v2'), hpa('example.com/v2'))).toEqual([]);
  const core = (apiVersion: string) => ({ apiVersion, kind: 'ConfigMap', metadata: { name: 'c', namespace: 'monitoring' } });
  expect(duplicates(core('v1'), core('v1beta1'))).toEqual(['ConfigMap monitoring/c']);
  // Objects without a name are not objects Kubernetes would keep.
  expect(duplicates({ kind: 'ConfigMap', metadata: {} }, { kind: 'ConfigMap', metadata: {} })).toEqual([]);
});

test('a StackValidationError lists every finding and says what it is', () => {
  const broken = [...goodStack(), ...goodStack().slice(0, 1)];
  let error: unknown;
  try {
    assertValidStack(broken);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StackValidationError);
  expect((error as StackValidationError).name).toBe('StackValidationError');
  expect((error as StackValidationError).findings).toEqual(validateStack(broken));
  expect((error as Error).message).toMatch(/^the synthesized stack has 1 broken link:\n {2}- /);
});

/** A pod in `monitoring` that mounts the Secret `name`. */
function mounting(name: string): Obj {
  return workload('Deployment', 'app', { app: 'app' }, podSpec([container('app')], { volumes: [{ name: 'tls', secret: { secretName: name } }] }));
}
const missing = (objects: Obj[], options = {}) => validateStack(objects, options).filter((f) => f.check === 'missing-reference').map((f) => f.message.split(' is not')[0]);

test('a cert-manager Certificate stands for the Secret it will make; any other Certificate does not', () => {
  const certificate = (apiVersion: string, secretName: unknown) => ({ apiVersion, kind: 'Certificate', metadata: { name: 'c', namespace: 'monitoring' }, spec: { secretName } });
  expect(missing([mounting('app-tls'), certificate('cert-manager.io/v1', 'app-tls')])).toEqual([]);
  expect(missing([mounting('app-tls'), certificate('example.com/v1', 'app-tls')])).toHaveLength(1);
  expect(missing([mounting('app-tls'), certificate('cert-manager.io/v1', undefined)])).toHaveLength(1);
  expect(missing([mounting('app-tls'), { kind: 'Issuer', apiVersion: 'cert-manager.io/v1', metadata: { name: 'i', namespace: 'monitoring' }, spec: { secretName: 'app-tls' } }]))
    .toHaveLength(1);
  // The Secret it promises holds the TLS keys; a Secret the output has is not replaced by the promise.
  const readsKey = (key: string) => workload('Deployment', 'app', { app: 'app' }, podSpec([container('app', [], {
    env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'app-tls', key } } }],
  })]));
  const keysMissing = (...objects: Obj[]) => validateStack(objects).filter((f) => f.check === 'missing-key').length;
  expect(keysMissing(readsKey('ca.crt'), certificate('cert-manager.io/v1', 'app-tls'))).toBe(0);
  expect(keysMissing(readsKey('tls.key'), certificate('cert-manager.io/v1', 'app-tls'))).toBe(0);
  expect(keysMissing(readsKey('tls.crt'), certificate('cert-manager.io/v1', 'app-tls'))).toBe(0);
  expect(keysMissing(readsKey('password'), certificate('cert-manager.io/v1', 'app-tls'))).toBe(1);
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app-tls', namespace: 'monitoring' }, data: { password: 'cA==' } };
  expect(keysMissing(readsKey('password'), secret, certificate('cert-manager.io/v1', 'app-tls'))).toBe(0);
  expect(keysMissing(readsKey('password'), certificate('cert-manager.io/v1', 'app-tls'), secret)).toBe(0);
  // The promised Secret is in the Certificate's namespace only.
  const elsewhere = { ...certificate('cert-manager.io/v1', 'app-tls'), metadata: { name: 'c', namespace: 'other' } };
  expect(missing([mounting('app-tls'), elsewhere])).toHaveLength(1);
});

test('a reference declared external matches its kind, name and namespace (any namespace when none is given)', () => {
  const refs = [mounting('app-tls')];
  expect(missing(refs, { external: [{ kind: 'Secret', name: 'app-tls' }] })).toEqual([]);
  expect(missing(refs, { external: [{ kind: 'Secret', name: 'app-tls', namespace: 'monitoring' }] })).toEqual([]);
  expect(missing(refs, { external: [{ kind: 'Secret', name: 'other' }] })).toHaveLength(1);
  expect(missing(refs, { external: [{ kind: 'ConfigMap', name: 'app-tls' }] })).toHaveLength(1);
  expect(missing(refs, { external: [{ kind: 'Secret', name: 'app-tls', namespace: 'other' }] })).toHaveLength(1);
});

test('a namespace is known when the output creates it, puts objects in it, or an external reference names it', () => {
  // `archive.store` is a Service in namespace store only if store is a namespace of the cluster.
  const exporting = (...objects: Obj[]) => [
    ...objects,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gw-config', namespace: 'monitoring', annotations: { 'tracing.cdk8s.io/collector-config': 'config.yaml' } },
      data: { 'config.yaml': 'exporters:\n  otlp_grpc/archive:\n    endpoint: archive.store:4317\nservice: {}\n' } },
  ];
  const unresolved = (objects: Obj[], options = {}) => validateStack(objects, options).filter((f) => f.check === 'exporter-endpoint').length;
  expect(unresolved(exporting())).toBe(0); // store is no namespace: archive.store is a host outside
  expect(unresolved(exporting({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'store' } }))).toBe(1);
  expect(unresolved(exporting(service('other', { app: 'x' }, [], 'store')))).toBe(1);
  expect(unresolved(exporting(), { external: [{ kind: 'Secret', name: 's', namespace: 'store' }] })).toBe(1);
  expect(unresolved(exporting(), { external: [{ kind: 'Secret', name: 's', namespace: 'elsewhere' }] })).toBe(0);
  expect(unresolved(exporting({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'store' } }), { external: [{ kind: 'Service', name: 'archive', namespace: 'store' }] })).toBe(0);
  expect(checksOf(validateStack(exporting({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'store' } })))).toContain('exporter-endpoint');
});
