/**
 * dist/'s data path and NetworkPolicies on a real node (tests b and c): an app in another
 * namespace sends spans where its SDK ConfigMap says, through the agent's Service (kube-proxy),
 * and every error trace comes back from Jaeger; the policies, enforced by kube-router's firewall,
 * admit each hop of the stack and refuse what is not one (tests b and c); a neighbour pod gets
 * the service-link variables the validator warns of (test d).
 */
import { spawnSync } from 'child_process';
import { validateStack } from '../../lib/internal';
import { distObjects, nodeWithDist, waitForWorkloads } from './harness/dist';
import { jaegerApi } from './harness/jaeger-query';
import { RealNode } from './harness/node';
import { OUTSIDE_IP, OUTSIDE_PORT, OutsideHost } from './harness/outside-host';
import { ProbePod, runProbe, runProbePod, startProbe } from './harness/pods';

let node: RealNode;
const outside = new OutsideHost();
const objects = distObjects();

/** The pod labels of one of dist/'s workloads (a look-alike carries them to be judged as it). */
function podLabels(kind: string, name: string): Record<string, string> {
  return objects.find((o) => o.kind === kind && o.metadata.name === name).spec.template.metadata.labels;
}

/** The traces of `ids` Jaeger's query API returns within two minutes (the tail sampler decides after its wait), by id. */
async function tracesFromJaeger(ids: string[]): Promise<Map<string, any>> {
  const query = `${jaegerApi(node)}/traces/`;
  const found = new Map<string, any>();
  const deadline = Date.now() + 120_000;
  while (found.size < ids.length && Date.now() < deadline) {
    for (const id of ids.filter((i) => !found.has(i))) {
      const res = await fetch(query + id).catch(() => undefined);
      const trace = res?.ok ? ((await res.json()) as { data?: any[] }).data?.[0] : undefined;
      if (trace?.spans?.length) found.set(id, trace);
    }
    if (found.size < ids.length) await new Promise((r) => setTimeout(r, 2_000));
  }
  return found;
}

/** The resource attributes Jaeger shows for a trace's one span (its process's tags), by key. */
function processTags(trace: any): Record<string, string> {
  const process = trace.processes[trace.spans[0].processID];
  return Object.fromEntries(process.tags.map((t: any) => [t.key, String(t.value)]));
}

beforeAll(async () => {
  node = await nodeWithDist(objects);
  await waitForWorkloads(node, objects);
  outside.start(node.binary('probe'));
  for (const ns of ['observability', 'monitoring']) {
    node.controlPlane.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }]);
  }
}, 900_000);

afterAll(async () => {
  outside.stop();
  await node?.stop();
});

describe('the data path through Services', () => {
  test('spans from an app in namespace default reach Jaeger through the agent Service; every error trace is kept', async () => {
    const sent = await runProbe(node, { namespace: 'default', name: 'ryot', args: ['spans', '9'], envFrom: ['ryot-otel'], labels: { app: 'ryot' } });
    expect(sent).toEqual({ exitCode: 0, message: expect.stringMatching(/^[0-9a-f]{32}(,[0-9a-f]{32}){8}$/) });
    const errorTraces = sent.message.split(',').filter((_, i) => i % 3 === 0);
    const found = await tracesFromJaeger(errorTraces);
    expect(errorTraces.filter((id) => !found.has(id))).toEqual([]);
  });

  test('kube-proxy keeps the agent Service on the node (internalTrafficPolicy: Local) and spreads the gateway\'s', () => {
    const nat = spawnSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' }).stdout;
    const jumpFor = (comment: string): string | undefined => nat.split('\n')
      .find((l) => l.startsWith('-A KUBE-SERVICES') && l.includes(`"${comment} cluster IP"`))?.match(/-j (KUBE-\S+?)-/)?.[1];
    expect(jumpFor('tracing/otel-collector:otlp-http')).toBe('KUBE-SVL');
    expect(jumpFor('tracing/otel-gateway:otlp-grpc')).toBe('KUBE-SVC');
  });
});

describe('k8s_attributes on real pods', () => {
  test('spans from two app pods are labelled with their own pod while one is deleted and replaced under the same name', async () => {
    const sends: Array<{ name: string; uid: string; trace: string }> = [];
    for (const name of ['shop-a', 'shop-b', 'shop-a']) {
      const { result, uid } = await runProbePod(node, { namespace: 'default', name, args: ['spans', '1'], envFrom: ['ryot-otel'], labels: { app: 'shop' } });
      expect(result.exitCode).toBe(0);
      sends.push({ name, uid, trace: result.message });
      // The next pod of that name is a new Pod: wait until this one is gone.
      node.kubectl(['-n', 'default', 'wait', '--for=delete', `pod/${name}`, '--timeout=60s']);
    }
    expect(new Set(sends.map((s) => s.uid)).size).toBe(3);
    const traces = await tracesFromJaeger(sends.map((s) => s.trace));
    expect(sends.map((s) => {
      const tags = processTags(traces.get(s.trace));
      return [tags['k8s.namespace.name'], tags['k8s.pod.name'], tags['k8s.pod.uid']];
    })).toEqual(sends.map((s) => ['default', s.name, s.uid]));
  });
});

describe('NetworkPolicies, enforced', () => {
  const app = (name: string, args: string[]): ProbePod => ({ namespace: 'default', name, args, labels: { app: name } });

  test.each([
    ['an app reaches the agent through its Service', app('to-agent', ['connect', 'otel-collector.tracing.svc:4318']), 0],
    ['an app is refused by jaeger-collector', app('to-jaeger', ['connect', 'jaeger-collector.tracing.svc:4317']), 1],
    ['an app is refused by the gateway', app('to-gateway', ['connect', 'otel-gateway.tracing.svc:4317']), 1],
    ['an app reaches the outside host (the refusals below are the policies\')', app('to-outside', ['connect', `${OUTSIDE_IP}:${OUTSIDE_PORT}`]), 0],
  ])('%s', async (_, pod, exitCode) => {
    const result = await runProbe(node, pod);
    expect({ exitCode: result.exitCode, message: result.message }).toEqual({ exitCode, message: exitCode ? expect.stringMatching(/^refused/) : 'connected' });
  });

  test('Prometheus in namespace monitoring scrapes the gateway; a look-alike in another namespace is refused', async () => {
    const metrics = `http://${node.podIp('tracing', 'otel-gateway-0')}:8888/metrics`;
    const prometheus = { 'app.kubernetes.io/name': 'prometheus' };
    expect(await runProbe(node, { namespace: 'monitoring', name: 'prometheus', args: ['get', metrics], labels: prometheus }))
      .toEqual({ exitCode: 0, message: 'answered 200 OK' });
    expect(await runProbe(node, { namespace: 'observability', name: 'prometheus', args: ['get', metrics], labels: prometheus }))
      .toEqual({ exitCode: 1, message: expect.stringMatching(/^refused/) });
  });

  test.each([
    ['the gateway', 'StatefulSet', 'otel-gateway'],
    ['the agent', 'DaemonSet', 'otel-agent'],
  ])('%s is refused a host outside its allowed egress', async (_, kind, name) => {
    const result = await runProbe(node, { namespace: 'tracing', name: `${name}-lookalike`, args: ['connect', `${OUTSIDE_IP}:${OUTSIDE_PORT}`], labels: podLabels(kind, name) });
    expect(result).toEqual({ exitCode: 1, message: expect.stringMatching(/^refused/) });
  });

  test('a pod the policies do not select in the stack\'s namespace is not refused (the default-deny selects the stack\'s pods only)', async () => {
    const ip = await startProbe(node, { namespace: 'tracing', name: 'neighbour', args: ['serve', ':8080'], readyOnPort: 8080 });
    expect(await runProbe(node, app('to-neighbour', ['get', `http://${ip}:8080/`]))).toEqual({ exitCode: 0, message: 'answered 200 OK' });
  });
});

describe('neighbours in the stack\'s namespace', () => {
  test('the kubelet gives a neighbour JAEGER_AGENT_PORT=udp://... (what the service-link check warns of); enableServiceLinks: false gives none', async () => {
    const clusterIp = JSON.parse(node.kubectl(['-n', 'tracing', 'get', 'service', 'jaeger-agent', '-o', 'json'])).spec.clusterIP;
    const linked = await runProbe(node, { namespace: 'tracing', name: 'grafana-like', args: ['env', 'JAEGER_AGENT_PORT'] });
    expect(linked.message.split(' ')).toContain(`JAEGER_AGENT_PORT=udp://${clusterIp}:6831`);
    expect(await runProbe(node, { namespace: 'tracing', name: 'grafana-fixed', args: ['env', 'JAEGER_'], enableServiceLinks: false }))
      .toEqual({ exitCode: 0, message: '' });
  });
});

describe('the enforcer is the judge', () => {
  test('a typo in the gateway\'s ingress selector, which the whole-stack validator does not judge, refuses the agent on the node', async () => {
    const shipped = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'otel-gateway-ingress-from-agent');
    const typo = structuredClone(shipped);
    typo.spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/component'] = 'agnet';
    expect(validateStack(objects.map((o) => (o === shipped ? typo : o)))).toEqual([]);
    const agentToGateway = (name: string): ProbePod => ({
      namespace: 'tracing', name, args: ['connect', `${node.podIp('tracing', 'otel-gateway-0')}:4317`], labels: podLabels('DaemonSet', 'otel-agent'),
    });
    expect((await runProbe(node, agentToGateway('agent-to-gateway'))).exitCode).toBe(0);
    node.controlPlane.apply([typo]);
    try {
      expect(await runProbe(node, agentToGateway('agent-to-gateway-typo'))).toEqual({ exitCode: 1, message: expect.stringMatching(/^refused/) });
    } finally {
      node.controlPlane.apply([shipped]);
    }
  });
});
