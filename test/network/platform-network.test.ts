/**
 * NetworkPolicy coverage of the composed platform: every workload is under default deny, each
 * hop the pipeline needs is allowed, and an unrelated pod is not.
 */
import { buildPlatform } from '../../main';
import { egressAllowedAnywhere, isAllowed, PodRef } from '../support/netpol';
import { fixture } from '../support/fixture';
import { synthApp, testApp } from '../support/synth';

const platform = fixture(() => synthApp(buildPlatform(testApp())));
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** A workload of the platform; the tables name it, and a test finds its pods in the output. */
interface Workload { readonly kind: string; readonly name: string }

function podOf(p: PodRef | Workload): PodRef {
  if (!('kind' in p)) return p;
  const w = platform().find((o) => o.kind === p.kind && o.metadata.name === p.name);
  if (!w) throw new Error(`no ${p.kind} ${p.name}`);
  return { namespace: w.metadata.namespace, labels: w.spec.template.metadata.labels };
}

const agent: Workload = { kind: 'DaemonSet', name: 'otel-agent' };
const gateway: Workload = { kind: 'StatefulSet', name: 'otel-gateway' };
const jaeger: Workload = { kind: 'StatefulSet', name: 'jaeger' };
const app: PodRef = { namespace: 'default', labels: { 'app.kubernetes.io/name': 'ryot' } };
const prometheus: PodRef = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
const grafana: PodRef = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'grafana' } };
// Pods that copy Prometheus's or Grafana's labels in another namespace.
const fakePrometheus: PodRef = { namespace: 'default', labels: { 'app.kubernetes.io/name': 'prometheus' } };
const fakeGrafana: PodRef = { namespace: 'default', labels: { 'app.kubernetes.io/name': 'grafana' } };
const stranger: PodRef = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'something-else' } };
const coreDns: PodRef = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const dnsImpostor: PodRef = { namespace: 'default', labels: { 'k8s-app': 'kube-dns' } };
const tcp = (port: number) => ({ port, protocol: 'TCP' as const });
const udp = (port: number) => ({ port, protocol: 'UDP' as const });

test('every workload of the stack is selected by the default-deny policy', () => {
  const objects = platform();
  const deny = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny');
  expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  for (const w of objects.filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
    const labels = w.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(deny.spec.podSelector.matchLabels)) expect([w.metadata.name, labels[k]]).toEqual([w.metadata.name, v]);
  }
});

test.each([
  ['app → agent OTLP gRPC', app, agent, tcp(4317)],
  ['app → agent OTLP HTTP', app, agent, tcp(4318)],
  ['legacy app → agent thrift-compact', app, agent, udp(6831)],
  ['legacy app → agent thrift-binary', app, agent, udp(6832)],
  ['legacy app → agent remote sampling', app, agent, tcp(5778)],
  ['app → agent Zipkin', app, agent, tcp(9411)],
  ['agent → gateway OTLP', agent, gateway, tcp(4317)],
  ['gateway → jaeger-collector OTLP', gateway, jaeger, tcp(4317)],
  ['Prometheus → Jaeger metrics', prometheus, jaeger, tcp(8888)],
  ['Prometheus → agent metrics', prometheus, agent, tcp(8888)],
  ['Prometheus → agent span metrics', prometheus, agent, tcp(8889)],
  ['Prometheus → gateway metrics', prometheus, gateway, tcp(8888)],
  ['Grafana → jaeger-query UI/API', grafana, jaeger, tcp(16686)],
  ['Jaeger query → Prometheus (Monitor tab)', jaeger, prometheus, tcp(9090)],
])('allowed: %s', (_, fromPod, toPod, c) => {
  const [objects, from, to] = [platform(), podOf(fromPod), podOf(toPod)];
  expect(isAllowed(objects, from, to, c)).toBe(true);
});

test.each([
  ['an unrelated pod → gateway', stranger, gateway, tcp(4317)],
  ['an unrelated pod → jaeger-query', stranger, jaeger, tcp(16686)],
  ['an app → gateway (must go through the agent)', app, gateway, tcp(4317)],
  ['an app → agent metrics', app, agent, tcp(8888)],
  ['an app → Jaeger UI', app, jaeger, tcp(16686)],
  ['gateway → agent', gateway, agent, tcp(4317)],
  ['Jaeger → gateway', jaeger, gateway, tcp(4317)],
  ['agent → Jaeger OTLP (bypassing tail sampling)', agent, jaeger, tcp(4317)],
  ['an app → jaeger-collector OTLP (bypassing tail sampling)', app, jaeger, tcp(4317)],
  ['an app → jaeger-collector thrift HTTP (bypassing tail sampling)', app, jaeger, tcp(14268)],
  ['an app → Jaeger remote sampling (the agent on its node serves it)', app, jaeger, tcp(5778)],
  ['agent → Jaeger remote sampling (the agents serve a copy of the strategies)', agent, jaeger, tcp(5779)],
  ['an app → the agent\'s sampling-server health port', app, agent, tcp(13134)],
  ['a pod labelled like Prometheus in another namespace → Jaeger metrics', fakePrometheus, jaeger, tcp(8888)],
  ['a pod labelled like Prometheus in another namespace → agent span metrics', fakePrometheus, agent, tcp(8889)],
  ['a pod labelled like Grafana in another namespace → jaeger-query', fakeGrafana, jaeger, tcp(16686)],
  ['Jaeger query → a Prometheus look-alike in another namespace', jaeger, fakePrometheus, tcp(9090)],
  ['a stack pod → DNS on a pod that is not the cluster DNS', gateway, stranger, udp(53)],
  ['a stack pod → a kube-dns look-alike outside kube-system', jaeger, dnsImpostor, udp(53)],
])('denied: %s', (_, fromPod, toPod, c) => {
  const [objects, from, to] = [platform(), podOf(fromPod), podOf(toPod)];
  expect(isAllowed(objects, from, to, c)).toBe(false);
});

test('DNS is allowed for every stack pod, to the cluster DNS only; the API only for the agent', () => {
  const objects = platform();
  for (const pod of [agent, gateway, jaeger].map(podOf)) {
    expect(isAllowed(objects, pod, coreDns, udp(53))).toBe(true);
    expect(isAllowed(objects, pod, coreDns, tcp(53))).toBe(true);
    expect(egressAllowedAnywhere(objects, pod, udp(53))).toBe(false);
  }
  const apiPolicies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('egress-to-kube-api'));
  expect(apiPolicies.map((p) => p.metadata.name)).toEqual(['otel-agent-egress-to-kube-api']);
});
