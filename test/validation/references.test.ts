/**
 * The references of a pod the API server does not check but the kubelet needs (ConfigMaps,
 * Secrets, their keys, claims, ServiceAccounts, PriorityClasses), source by source: volumes,
 * projected volumes, env, envFrom; `optional` ones may be missing.
 */
import { validateStack } from '../../lib/internal';
import { Obj, container, podSpec, workload } from './fixtures';

const pod = (spec: Obj) => workload('Deployment', 'app', { app: 'app' }, podSpec([container('app')], spec));
const withContainer = (extra: Obj) => workload('Deployment', 'app', { app: 'app' }, podSpec([container('app', [], extra)]));
const findings = (...objects: Obj[]) => validateStack(objects).filter((f) => ['missing-reference', 'missing-key'].includes(f.check)).map((f) => f.message);
const configMap = (name: string, data: Obj) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'monitoring' }, data });
const secret = (name: string, data: Obj) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'monitoring' }, data });

test('projected volumes: each ConfigMap and Secret source, with its items\' keys, unless optional', () => {
  const projected = (sources: Obj[]) => pod({ volumes: [{ name: 'bundle', projected: { sources } }] });
  expect(findings(projected([{ configMap: { name: 'ca' } }, { secret: { name: 'token' } }]))).toEqual([
    'Deployment monitoring/app volume "bundle" → ConfigMap monitoring/ca is not in the output; create it, or declare it external: validation.external: [{ kind: \'ConfigMap\', namespace: \'monitoring\', name: \'ca\' }]',
    'Deployment monitoring/app volume "bundle" → Secret monitoring/token is not in the output; create it, or declare it external: validation.external: [{ kind: \'Secret\', namespace: \'monitoring\', name: \'token\' }]',
  ]);
  expect(findings(projected([{ configMap: { name: 'ca', optional: true } }, { secret: { name: 'token', optional: true } }]))).toEqual([]);
  expect(findings(projected([{ configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]), configMap('ca', { 'bundle.pem': 'x' })))
    .toEqual(['Deployment monitoring/app volume "bundle" → ConfigMap monitoring/ca has no key "ca.crt" (it has: bundle.pem)']);
  expect(findings(projected([{ secret: { name: 'token', items: [{ key: 'token', path: 't' }] } }]), secret('token', {})))
    .toEqual(['Deployment monitoring/app volume "bundle" → Secret monitoring/token has no key "token" (it has: no keys)']);
  expect(findings(projected([{ serviceAccountToken: { path: 'token' } }]))).toEqual([]);
});

test('env: a ConfigMap\'s or Secret\'s key, unless optional; the keys it has are listed in order', () => {
  const fromConfigMap = (optional?: boolean) => withContainer({ env: [{ name: 'URL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'url', ...(optional ? { optional } : {}) } } }] });
  expect(findings(fromConfigMap())).toEqual([expect.stringContaining('env URL of container "app" → ConfigMap monitoring/settings is not in the output')]);
  expect(findings(fromConfigMap(true))).toEqual([]);
  expect(findings(fromConfigMap(), configMap('settings', { zone: 'a', region: 'b' }), { ...secret('x', {}), stringData: { y: '1' } }))
    .toEqual(['Deployment monitoring/app env URL of container "app" → ConfigMap monitoring/settings has no key "url" (it has: region, zone)']);
  expect(findings(fromConfigMap(), { ...configMap('settings', {}), binaryData: { url: 'eA==' } })).toEqual([]);
  const fromSecret = withContainer({ env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'token', optional: true } } }] });
  expect(findings(fromSecret)).toEqual([]);
});

test('envFrom: every ConfigMap and Secret, unless optional', () => {
  const envFrom = (entries: Obj[]) => withContainer({ envFrom: entries });
  expect(findings(envFrom([{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'token' } }]))).toEqual([
    expect.stringContaining('Deployment monitoring/app envFrom of container "app" → ConfigMap monitoring/settings is not in the output'),
    expect.stringContaining('Deployment monitoring/app envFrom of container "app" → Secret monitoring/token is not in the output'),
  ]);
  expect(findings(envFrom([{ configMapRef: { name: 'settings', optional: true } }, { secretRef: { name: 'token', optional: true } }]))).toEqual([]);
  expect(findings(envFrom([{ prefix: 'X_' }]))).toEqual([]);
});

test('a PriorityClass is cluster-wide: declared external without a namespace, it is found', () => {
  const placed = pod({ priorityClassName: 'tracing-high' });
  expect(findings(placed)).toEqual([expect.stringContaining('priorityClassName → PriorityClass tracing-high is not in the output')]);
  expect(validateStack([placed], { external: [{ kind: 'PriorityClass', name: 'tracing-high' }] })).toEqual([]);
});
