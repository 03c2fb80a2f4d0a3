/**
 * TracingNetworkPolicies' building blocks on their own: names, refusals and the labels of the
 * policies it writes (the hops themselves are judged in network-policies.test.ts).
 */
import { Ports, WorkloadRole, selectorLabels } from '../../lib/internal';
import { Peers, TracingNetworkPolicies } from '../../lib/network';
import { findOne, synthObjects, testChart } from '../support/synth';

const role = (component: string, ports: WorkloadRole['ports']): WorkloadRole =>
  ({ component, namespace: 'monitoring', selector: selectorLabels({ name: 'x', instance: 'x', component }), ports });
const agent = () => role('agent', [Ports.OTLP_GRPC, Ports.JAEGER_THRIFT_COMPACT, Ports.METRICS]);
const gateway = () => role('gateway', [Ports.OTLP_GRPC, Ports.METRICS]);

test('a hop allowed twice is refused, and the refused one adds neither half', () => {
  const np = new TracingNetworkPolicies(testChart(), 'np').allowHop(agent(), gateway(), [Ports.OTLP_GRPC]);
  const before = np.policyNames;
  expect(() => np.allowHop(agent(), gateway(), [Ports.METRICS])).toThrow(
    'TracingNetworkPolicies "np": invalid prop "policies" = "x-agent-egress-to-gateway": the same hop was allowed twice. Fix: allow each hop once, with all its ports');
  expect(np.policyNames).toEqual(before);
});

test('a rule from several peers is named after all of them', () => {
  const np = new TracingNetworkPolicies(testChart(), 'np')
    .allowIngress(agent(), [Peers.anyPod('apps'), Peers.podsInNamespace('grafana', 'monitoring', { app: 'grafana' })], [Ports.OTLP_GRPC]);
  expect(np.policyNames).toContain('x-agent-ingress-from-apps-grafana');
});

test('the kube-API egress is an egress policy to the API ports', () => {
  const chart = testChart();
  new TracingNetworkPolicies(chart, 'np', { kubeApiCidrs: ['10.0.0.1/32'] }).allowKubeApiEgress(agent());
  const policy = findOne(synthObjects(chart), 'NetworkPolicy', 'x-agent-egress-to-kube-api');
  expect(policy.spec.policyTypes).toEqual(['Egress']);
  expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] }]);
  expect(policy.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'tracing-network-policy', 'app.kubernetes.io/component': 'network-policy', 'app.kubernetes.io/instance': 'np' });
});

test('a port the role does not serve (same number, other protocol) or no port at all is refused', () => {
  const np = () => new TracingNetworkPolicies(testChart(), 'np');
  expect(() => np().allowIngress(agent(), Peers.anyPod(), [{ name: 'otlp-udp', port: 4317, protocol: 'UDP' }])).toThrow(
    'TracingNetworkPolicies "np": invalid prop "ports of agent" = "otlp-udp 4317/UDP": role "agent" does not serve this port (it serves 4317/TCP, 6831/UDP, 8888/TCP). Fix: allow only ports the role declares');
  expect(() => np().allowIngress(agent(), Peers.anyPod(), [])).toThrow(
    'TracingNetworkPolicies "np": invalid prop "ports of agent" = []: a rule with no ports would allow every port. Fix: list the ports the hop uses');
});

test('a role that is none (a failed find, a component name) is refused naming the method, not a TypeError', () => {
  const policies = new TracingNetworkPolicies(testChart(), 'np');
  const port = [{ name: 'otlp', port: 4317, protocol: 'TCP' as const }];
  expect(() => policies.allowEgress(undefined as any, Peers.anyPod('x'), port)).toThrow(
    'TracingNetworkPolicies "np": invalid prop "allowEgress.from" = undefined: is not a workload role of the stack. Fix: take it from the construct\'s roles, e.g. otel.roles.find((r) => r.component === \'gateway\')');
  expect(() => policies.allowIngress('gateway' as any, Peers.anyPod('x'), port)).toThrow('invalid prop "allowIngress.to" = "gateway": is not a workload role');
  expect(() => policies.allowKubeApiEgress({} as any)).toThrow('invalid prop "allowKubeApiEgress.from" = {}');
  expect(() => policies.allowHop(null as any, null as any, port)).toThrow('invalid prop "allowHop.from" = null');
  // a role missing any of its fields is no role either; the target of a hop is checked as well as its source
  const role = { component: 'x', namespace: 'monitoring', selector: { a: 'b' }, ports: port };
  expect(() => policies.allowHop(role as any, { ...role, component: 5 } as any, port)).toThrow('invalid prop "allowHop.to"');
  expect(() => policies.allowEgress({ ...role, namespace: undefined } as any, Peers.anyPod('x'), port)).toThrow('invalid prop "allowEgress.from"');
  expect(() => policies.allowEgress({ ...role, selector: 'a=b' } as any, Peers.anyPod('x'), port)).toThrow('invalid prop "allowEgress.from"');
  expect(() => policies.allowEgress({ ...role, ports: undefined } as any, Peers.anyPod('x'), port)).toThrow('invalid prop "allowEgress.from"');
});
