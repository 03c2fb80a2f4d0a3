import { Ports, WorkloadRole, selectorLabels } from '../../lib/internal';
import { Peers, TracingNetworkPolicies } from '../../lib/network';
import { fixture } from '../support/fixture';
import { egressAllowedAnywhere, isAllowed, PodRef } from '../support/netpol';
import { schemaValidator } from '../support/schema';
import { synthObjects, testChart } from '../support/synth';

const ns = 'monitoring';
function role(component: string, ports: WorkloadRole['ports']): WorkloadRole {
  return { component, namespace: ns, selector: selectorLabels({ name: 'x', instance: 'x', component }), ports };
}
const roles = fixture(() => ({
  agent: role('agent', [Ports.OTLP_GRPC, Ports.JAEGER_THRIFT_COMPACT, Ports.METRICS]),
  gateway: role('gateway', [Ports.OTLP_GRPC, Ports.METRICS]),
}));
const pod = (r: WorkloadRole): PodRef => ({ namespace: r.namespace, labels: { ...r.selector } });
const app: PodRef = { namespace: 'apps', labels: { app: 'ryot' } };
const stranger: PodRef = { namespace: ns, labels: { app: 'unrelated' } };

function build() {
  const { agent, gateway } = roles();
  const chart = testChart();
  const policies = new TracingNetworkPolicies(chart, 'np', { namespace: ns })
    .allowIngress(agent, Peers.anyPod('apps'), [Ports.OTLP_GRPC, Ports.JAEGER_THRIFT_COMPACT])
    .allowHop(agent, gateway, [Ports.OTLP_GRPC])
    .allowKubeApiEgress(agent);
  return { policies, objects: synthObjects(chart) };
}

test('policies are schema-valid and named by hop', () => {
  const { objects, policies } = build();
  for (const o of objects) expect(schemaValidator().validate(o)).toEqual([]);
  expect(policies.policyNames).toEqual([
    'default-deny', 'allow-dns-egress', 'x-agent-ingress-from-apps',
    'x-gateway-ingress-from-agent', 'x-agent-egress-to-gateway', 'x-agent-egress-to-kube-api',
  ]);
});

test('each allowed hop is allowed, on its port and protocol only', () => {
  const { agent, gateway } = roles();
  const { objects } = build();
  expect(isAllowed(objects, app, pod(agent), { port: 4317, protocol: 'TCP' })).toBe(true);
  expect(isAllowed(objects, app, pod(agent), { port: 6831, protocol: 'UDP' })).toBe(true);
  expect(isAllowed(objects, app, pod(agent), { port: 6831, protocol: 'TCP' })).toBe(false);
  expect(isAllowed(objects, pod(agent), pod(gateway), { port: 4317, protocol: 'TCP' })).toBe(true);
  // DNS: to the cluster DNS, not anywhere
  expect(isAllowed(objects, pod(gateway), { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, { port: 53, protocol: 'UDP' })).toBe(true);
  expect(egressAllowedAnywhere(objects, pod(gateway), { port: 53, protocol: 'UDP' })).toBe(false);
});

test('everything else is denied: unrelated pods, wrong direction, metrics without a rule', () => {
  const { agent, gateway } = roles();
  const { objects } = build();
  expect(isAllowed(objects, app, pod(gateway), { port: 4317, protocol: 'TCP' })).toBe(false);
  expect(isAllowed(objects, pod(gateway), pod(agent), { port: 4317, protocol: 'TCP' })).toBe(false);
  expect(isAllowed(objects, stranger, pod(gateway), { port: 4317, protocol: 'TCP' })).toBe(false);
  expect(isAllowed(objects, app, pod(agent), { port: 8888, protocol: 'TCP' })).toBe(false);
  expect(egressAllowedAnywhere(objects, pod(gateway), { port: 443, protocol: 'TCP' })).toBe(false);
});

test('a port the role does not serve, an empty stack selector and a repeated hop are refused', () => {
  const { agent, gateway } = roles();
  expect(() => new TracingNetworkPolicies(testChart(), 'np').allowHop(agent, gateway, [Ports.ZIPKIN]))
    .toThrow(/TracingNetworkPolicies "np": invalid prop "ports of gateway" = "zipkin 9411\/TCP": role "gateway" does not serve this port/);
  expect(() => new TracingNetworkPolicies(testChart(), 'np', { stackSelector: {} }))
    .toThrow(/invalid prop "stackSelector" = \{\}: an empty selector would deny traffic to every pod/);
  expect(() => new TracingNetworkPolicies(testChart(), 'np').allowHop(agent, gateway, [Ports.OTLP_GRPC]).allowHop(agent, gateway, [Ports.OTLP_GRPC]))
    .toThrow(/the same hop was allowed twice/);
});
