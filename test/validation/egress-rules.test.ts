/**
 * The collector-egress check rule by rule, on hand-made manifests: which NetworkPolicies apply to
 * a collector's pods, and which of their egress rules let an exporter's connection out (ports and
 * port ranges, ipBlocks, pods by namespace and labels), as a policy-enforcing CNI decides it.
 */
import { COLLECTOR_CONFIG_ANNOTATION, validateStack } from '../../lib/internal';

type Obj = Record<string, any>;
const NS = 'tracing';
const GATEWAY_LABELS = { app: 'gw', 'app.kubernetes.io/component': 'gateway' };

function configMap(exporters: Obj, name = 'gw-config', data?: Obj): Obj {
  const text = `exporters:\n${Object.entries(exporters).map(([id, c]) => `  ${id}: ${JSON.stringify(c)}\n`).join('')}`;
  return {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, annotations: { [COLLECTOR_CONFIG_ANNOTATION]: 'config.yaml' } },
    data: data ?? { 'config.yaml': text },
  };
}

function deployment(name: string, labels: Obj, configMapName = 'gw-config'): Obj {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'otelcol', image: 'otel/opentelemetry-collector-contrib:0.1.0' }], volumes: [{ name: 'config', configMap: { name: configMapName } }] },
      },
    },
  };
}

function policy(egress: Obj[] | undefined, opts: { namespace?: string; podSelector?: Obj; policyTypes?: string[]; name?: string } = {}): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: opts.name ?? 'gw-egress', namespace: opts.namespace ?? NS },
    spec: { podSelector: opts.podSelector ?? { matchLabels: { app: 'gw' } }, policyTypes: opts.policyTypes ?? ['Egress'], ...(egress ? { egress } : {}) },
  };
}

const ARCHIVE_SERVICE = {
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'archive', namespace: 'store' },
  spec: { selector: { app: 'archive' }, ports: [{ name: 'otlp', port: 4318 }] },
};
const STORE = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'store' } };

/** The collector-egress findings of a gateway exporting to `endpoint` under these policies. */
function blocked(endpoint: string, policies: Obj[], extra: Obj[] = []): string[] {
  const objects = [configMap({ 'otlp_http/x': { endpoint } }), deployment('gw', GATEWAY_LABELS), STORE, ARCHIVE_SERVICE, ...policies, ...extra];
  return validateStack(objects).filter((f) => f.check === 'collector-egress').map((f) => f.message);
}
const EXTERNAL = 'https://archive.example.com:4318';
const IN_CLUSTER = 'http://archive.store.svc:4318';
const toCidr = (cidr: string, ports?: Obj[]) => ({ to: [{ ipBlock: { cidr } }], ...(ports ? { ports } : {}) });

test('no policy selecting the pods\' egress: open; a policy with no rule: closed, named with the port and the component', () => {
  expect(blocked(EXTERNAL, [])).toEqual([]);
  expect(blocked(EXTERNAL, [policy([])])).toEqual([
    'Deployment tracing/gw: exporter "otlp_http/x" endpoint "https://archive.example.com:4318" (ConfigMap tracing/gw-config) → no NetworkPolicy lets its pods out on port 4318; '
    + 'allow it, e.g. policies.allowEgress(otel.roles.find((r) => r.component === \'gateway\')!, Peers.cidr(\'<name>\', \'<CIDR of the endpoint>\'), '
    + '[{ name: \'<name>\', port: 4318, protocol: \'TCP\' }])',
  ]);
  expect(blocked(EXTERNAL, [policy(undefined)])).toHaveLength(1);
});

test('policies of other pods, other namespaces or ingress only do not apply', () => {
  expect(blocked(EXTERNAL, [policy([], { namespace: 'other' })])).toEqual([]);
  expect(blocked(EXTERNAL, [policy([], { podSelector: { matchLabels: { app: 'agent' } } })])).toEqual([]);
  expect(blocked(EXTERNAL, [policy([], { policyTypes: ['Ingress'] })])).toEqual([]);
  expect(blocked(EXTERNAL, [{ ...policy([]), spec: { podSelector: { matchLabels: { app: 'gw' } }, egress: [] } }])).toEqual([]);
});

test('ports: the port, a range that holds it, or no port at all let it out; anything else does not', () => {
  const withPorts = (ports: Obj[]) => blocked(EXTERNAL, [policy([toCidr('203.0.113.0/24', ports)])]).length;
  expect(withPorts([{ port: 4318 }])).toBe(0);
  expect(withPorts([{ port: 4317 }])).toBe(1);
  expect(withPorts([{ port: 4317 }, { port: 4318 }])).toBe(0);
  expect(withPorts([{ port: 4000, endPort: 5000 }])).toBe(0);
  expect(withPorts([{ port: 4318, endPort: 4318 }])).toBe(0);
  expect(withPorts([{ port: 4319, endPort: 5000 }])).toBe(1);
  expect(withPorts([{ port: 4000, endPort: 4317 }])).toBe(1);
  expect(withPorts([{ protocol: 'TCP' }])).toBe(0);
  expect(withPorts([])).toBe(0);
  expect(blocked(EXTERNAL, [policy([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }])])).toEqual([]);
});

test('destinations: any rule without peers; an ipBlock for an address outside; only 0.0.0.0/0 for a Service\'s pods', () => {
  expect(blocked(EXTERNAL, [policy([{ ports: [{ port: 4318 }] }])])).toEqual([]);
  expect(blocked(EXTERNAL, [policy([{ to: [], ports: [{ port: 4318 }] }])])).toEqual([]);
  expect(blocked(EXTERNAL, [policy([{ to: [{ podSelector: {} }], ports: [{ port: 4318 }] }])])).toHaveLength(1);
  expect(blocked(IN_CLUSTER, [policy([toCidr('10.0.0.0/8', [{ port: 4318 }])])])).toHaveLength(1);
  expect(blocked(IN_CLUSTER, [policy([toCidr('0.0.0.0/0', [{ port: 4318 }])])])).toEqual([]);
  // Any rule may let it out, and any peer of a rule.
  expect(blocked(EXTERNAL, [policy([{ to: [{ podSelector: {} }] }, toCidr('0.0.0.0/0')])])).toEqual([]);
  expect(blocked(EXTERNAL, [policy([{ to: [{ podSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0' } }] }])])).toEqual([]);
});

test('a Service\'s pods: by their labels, in the policy\'s namespace unless a namespaceSelector names theirs', () => {
  const to = (peer: Obj) => blocked(IN_CLUSTER, [policy([{ to: [peer], ports: [{ port: 4318 }] }])]).length;
  expect(to({ podSelector: { matchLabels: { app: 'archive' } } })).toBe(1); // the policy's own namespace
  expect(to({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'store' } }, podSelector: { matchLabels: { app: 'archive' } } })).toBe(0);
  expect(to({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'store' } }, podSelector: { matchLabels: { app: 'other' } } })).toBe(1);
  expect(to({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } }, podSelector: { matchLabels: { app: 'archive' } } })).toBe(1);
  expect(to({ namespaceSelector: {} })).toBe(0);
  // The same Service in the policy's namespace is reached by its pods' labels alone.
  const local = { ...ARCHIVE_SERVICE, metadata: { name: 'archive', namespace: NS } };
  expect(blocked('http://archive:4318', [policy([{ to: [{ podSelector: { matchLabels: { app: 'archive' } } }], ports: [{ port: 4318 }] }])], [local])).toEqual([]);
});

test('the port of an address: given, its scheme\'s, or unknown (no finding); a Service that does not exist is the endpoint check\'s', () => {
  const port = (endpoint: string) => blocked(endpoint, [policy([])]).map((m) => /out on port (\d+)/.exec(m)?.[1]);
  expect(port('https://archive.example.com/v1')).toEqual(['443']);
  expect(port('http://archive.example.com')).toEqual(['80']);
  expect(port('HTTP://archive.example.com')).toEqual(['80']);
  expect(port('  https://archive.example.com  ')).toEqual(['443']);
  expect(port('archive.example.com:4317')).toEqual(['4317']);
  expect(port('[2001:db8::1]:4317')).toEqual(['4317']);
  expect(port('grpc://archive.example.com')).toEqual([]);
  expect(port('archive.example.com')).toEqual([]);
  expect(blocked('http://missing.store.svc:4318', [policy([])])).toEqual([]);
});

test('every pod that mounts the config is judged; a config that is missing or not YAML gives no egress finding', () => {
  const two = [configMap({ 'otlp_http/x': { endpoint: EXTERNAL } }), deployment('gw', GATEWAY_LABELS), deployment('gw-2', { app: 'gw' }), policy([])];
  const messages = validateStack(two).filter((f) => f.check === 'collector-egress').map((f) => f.message);
  expect(messages.map((m) => m.split(':')[0]).sort()).toEqual(['Deployment tracing/gw', 'Deployment tracing/gw-2']);
  expect(messages.find((m) => m.startsWith('Deployment tracing/gw-2:'))).toContain('r.component === \'<component>\'');
  const judged = (cm: Obj) => validateStack([cm, deployment('gw', GATEWAY_LABELS), policy([])]).filter((f) => f.check === 'collector-egress');
  expect(judged(configMap({}, 'gw-config', {}))).toEqual([]);
  expect(judged(configMap({}, 'gw-config', { 'config.yaml': 'exporters: [unclosed' }))).toEqual([]);
  expect(judged(configMap({ 'otlp_http/x': { endpoint: EXTERNAL } }, 'other-config'))).toEqual([]);
});
