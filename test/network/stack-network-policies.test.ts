/**
 * What StackNetworkPolicies lets through for the constructs it is given, option by option (the
 * platform's own output is judged hop by hop in platform-network.test.ts).
 */
import {
  JaegerStack, JaegerStorage, JaegerUiExposure, OtelCollector, Peers, Prometheus, StackNetworkPolicies, StackNetworkPoliciesProps, UiAuth, UiRoute,
} from '../../lib/internal';
import { findOne, ofKind, synthObjects, testChart } from '../support/synth';

type Extra = Omit<StackNetworkPoliciesProps, 'jaeger' | 'otel'>;
function policies(jaegerProps: object = {}, extra: Extra | ((chart: any, jaeger: JaegerStack) => Extra) = {}): any[] {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', jaegerProps);
  const otel = new OtelCollector(chart, 'otel', { backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }) });
  new StackNetworkPolicies(chart, 'np', { jaeger, otel, ...(typeof extra === 'function' ? extra(chart, jaeger) : extra) });
  return ofKind(synthObjects(chart), 'NetworkPolicy');
}
const named = (objects: any[], name: string) => findOne(objects, 'NetworkPolicy', name);
const names = (objects: any[]) => objects.map((p) => p.metadata.name);
const ports = (rule: any) => rule.ports.map((p: any) => `${p.port}/${p.protocol}`);

test('apps may reach Jaeger\'s ingest directly only when asked, on its ingest ports, never its query API', () => {
  expect(names(policies())).not.toContain('jaeger-all-in-one-ingress-from-apps');
  const rule = named(policies({}, { appsToJaegerCollector: true }), 'jaeger-all-in-one-ingress-from-apps').spec.ingress[0];
  expect(ports(rule)).toEqual(expect.arrayContaining(['4317/TCP', '4318/TCP']));
  expect(ports(rule)).not.toEqual(expect.arrayContaining(['16686/TCP']));
  expect(ports(rule)).not.toContain('16685/TCP');
});

test('badger-shared: the collectors write (remote-storage gRPC and OTLP), the query only reads', () => {
  const objects = policies({ storage: JaegerStorage.badgerShared() });
  expect(ports(named(objects, 'jaeger-collector-egress-to-remote-storage').spec.egress[0])).toEqual(['17271/TCP', '4317/TCP']);
  expect(ports(named(objects, 'jaeger-query-egress-to-remote-storage').spec.egress[0])).toEqual(['17271/TCP']);
});

test('Prometheus: by default the pods named prometheus in the stack\'s namespace, let into every metrics port and nowhere else', () => {
  const objects = policies();
  const rule = named(objects, 'jaeger-all-in-one-ingress-from-prometheus').spec.ingress[0];
  expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }]);
  for (const p of objects.filter((o) => o.metadata.name.endsWith('-ingress-from-prometheus'))) {
    expect(ports(p.spec.ingress[0]).every((x: string) => ['8888/TCP', '8889/TCP'].includes(x))).toBe(true);
  }
});

test('the query reaches Prometheus for the Monitor tab on the URL\'s port, or the pods\' port given', () => {
  const egress = (url: string, podPort?: number) =>
    named(policies({ monitor: { prometheus: Prometheus.fromExisting({ namespace: 'monitoring', url, ...(podPort ? { podPort } : {}) }) } }),
      'jaeger-all-in-one-egress-to-prometheus').spec.egress[0].ports;
  expect(egress('http://prometheus.monitoring.svc:9090')).toEqual([{ port: 9090, protocol: 'TCP' }]);
  expect(egress('https://prometheus.example.com')).toEqual([{ port: 443, protocol: 'TCP' }]);
  expect(egress('http://prometheus.monitoring.svc')).toEqual([{ port: 80, protocol: 'TCP' }]);
  expect(egress('http://prometheus.monitoring.svc:9090', 9091)).toEqual([{ port: 9091, protocol: 'TCP' }]);
});

test('query clients: Grafana, and those listed beside it', () => {
  const queryIngress = (objects: any[]) => names(objects).filter((n) => n.startsWith('jaeger-all-in-one-ingress-from-'));
  expect(queryIngress(policies())).toEqual(['jaeger-all-in-one-ingress-from-gateway', 'jaeger-all-in-one-ingress-from-agent',
    'jaeger-all-in-one-ingress-from-prometheus', 'jaeger-all-in-one-ingress-from-grafana']);
  const withKiali = policies({}, { queryClients: [Peers.podsInNamespace('kiali', 'istio-system', { app: 'kiali' })] });
  expect(queryIngress(withKiali)).toContain('jaeger-all-in-one-ingress-from-grafana');
  const listed = named(withKiali, 'jaeger-all-in-one-ingress-from-kiali');
  expect(ports(listed.spec.ingress[0])).toEqual(['16686/TCP', '16685/TCP']);
  expect(() => policies({}, { grafana: { namespace: 'monitoring' } as any })).toThrow(
    /StackNetworkPolicies "np": invalid prop "grafana" = .*is not a Grafana. Fix: import it once: Grafana.fromExisting/);
  expect(() => policies({}, { prometheus: Peers.podsInNamespace('prometheus', 'monitoring', { app: 'prometheus' }) as any })).toThrow(
    /StackNetworkPolicies "np": invalid prop "prometheus" = .*is not a Prometheus. Fix: import it once: Prometheus.fromExisting/);
  expect(() => policies({}, { queryClients: 'grafana' as any })).toThrow(
    'StackNetworkPolicies "np": invalid prop "queryClients" = "grafana": expected a list');
});

test('a DNS peer of the user\'s reaches the DNS egress policy', () => {
  const dns = Peers.podsInNamespace('node-dns', 'kube-system', { 'k8s-app': 'node-local-dns' });
  expect(named(policies({}, { dns }), 'allow-dns-egress').spec.egress[0].to).toEqual([
    { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'node-local-dns' } } },
  ]);
});

describe('an exposed UI behind oauth2-proxy', () => {
  const exposed = (controllerPods?: any) => policies({}, (chart, jaeger) => ({
    uiExposure: new JaegerUiExposure(chart, 'ui', {
      jaeger, host: 'jaeger.example.com', route: UiRoute.ingress({ className: 'nginx', ...(controllerPods ? { controllerPods } : {}) }),
      auth: UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.example.com:8443/realms/x', secretName: 'oidc', emailDomains: ['example.com'] }),
    }),
  }));

  test('the proxy is reached by the controller (anyone without one named), reaches the query and its identity provider on the issuer\'s port', () => {
    const objects = exposed();
    expect(named(objects, 'jaeger-ui-proxy-ingress-from-ui-clients').spec.ingress[0].from).toEqual([{ namespaceSelector: {}, podSelector: {} }]);
    expect(names(objects)).toEqual(expect.arrayContaining(['jaeger-ui-proxy-egress-to-all-in-one', 'jaeger-all-in-one-ingress-from-ui-proxy']));
    expect(named(objects, 'jaeger-ui-proxy-egress-to-identity-provider').spec.egress[0].ports).toEqual([{ port: 8443, protocol: 'TCP' }]);
    // The proxy serves no metrics: no Prometheus policy for it.
    expect(names(objects)).not.toContain('jaeger-ui-proxy-ingress-from-prometheus');
  });

  test('an exposure of another stack is refused', () => {
    expect(() => policies({}, (chart) => ({
      uiExposure: new JaegerUiExposure(chart, 'ui', {
        jaeger: new JaegerStack(chart, 'other', { namespace: 'other' }), host: 'jaeger.example.com', route: UiRoute.ingress(), allowUnauthenticated: true,
      }),
    }))).toThrow('invalid prop "uiExposure"');
  });
});

test('an external storage is reached once per Jaeger role, by the peer given or any address', () => {
  const search = { storage: JaegerStorage.opensearch({ serverUrls: ['https://search.example.com:9200'] }) };
  const objects = policies(search);
  const egress = objects.filter((p) => p.metadata.name.endsWith('-egress-to-external-storage')).map((p) => p.metadata.name);
  expect(egress).toEqual([...new Set(egress)]);
  expect(egress.length).toBeGreaterThan(0);
  expect(named(objects, egress[0]).spec.egress[0].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }]);
  const peered = policies(search, { externalStorage: Peers.cidr('search', '10.20.0.0/16') });
  expect(names(peered).filter((n) => n.endsWith('-egress-to-search'))).toHaveLength(egress.length);
});

test('without props, or without a JaegerStack, it is refused naming jaeger', () => {
  expect(() => new StackNetworkPolicies(testChart(), 'np', undefined as any)).toThrow('StackNetworkPolicies "np": invalid prop "jaeger" = undefined: expected the JaegerStack whose traffic to allow');
});
