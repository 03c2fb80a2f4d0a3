/**
 * dist/ on a real node (test a): every workload becomes Ready through the real kubelet, containerd
 * and runc — its probes, its securityContext under runc (non-root, read-only root, no privilege
 * escalation, seccomp), its volumes (claims bound to local PersistentVolumes, ConfigMaps,
 * projected service-account tokens) — in namespaces enforcing the restricted Pod Security
 * Standard, with its NetworkPolicies enforced (the kubelet's probes come from the node).
 */
import { distObjects, nodeWithDist, workloadsOf } from './harness/dist';
import { RealNode } from './harness/node';

let node: RealNode;
const objects = distObjects();
const workloads = workloadsOf(objects);

beforeAll(async () => {
  node = await nodeWithDist(objects);
}, 900_000);

afterAll(async () => {
  await node?.stop();
});

test('dist/ has the workloads this file runs', () => {
  expect(workloads.map((w) => `${w.kind} ${w.metadata.name}`).sort()).toEqual(['DaemonSet otel-agent', 'StatefulSet jaeger', 'StatefulSet otel-gateway']);
});

test.each(workloads.map((w) => [`${w.kind} ${w.metadata.namespace}/${w.metadata.name}`, w] as const))('%s becomes Ready on the real kubelet', async (_, w) => {
  await node.waitAvailable(w.metadata.namespace, `${w.kind.toLowerCase()}/${w.metadata.name}`, 300_000);
  const selector = Object.entries(w.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = JSON.parse(node.kubectl(['-n', w.metadata.namespace, 'get', 'pods', '-l', selector, '-o', 'json'])).items;
  expect(pods.length).toBe(w.kind === 'DaemonSet' ? 1 : w.spec.replicas);
  for (const pod of pods) {
    expect(pod.status.phase).toBe('Running');
    for (const c of pod.status.containerStatuses) {
      expect({ container: c.name, ready: c.ready, restarts: c.restartCount }).toEqual({ container: c.name, ready: true, restarts: 0 });
    }
  }
});

test('the claims are bound to the node\'s volumes and mounted writable by the non-root pods', async () => {
  await node.waitAvailable('tracing', 'statefulset/jaeger', 300_000);
  const claims = JSON.parse(node.kubectl(['-n', 'tracing', 'get', 'pvc', '-o', 'json'])).items;
  expect(claims.map((c: any) => [c.metadata.name, c.status.phase, c.spec.storageClassName]).sort()).toEqual([
    ['data-jaeger-0', 'Bound', 'fast-ssd'], ['queue-otel-gateway-0', 'Bound', 'fast-ssd'], ['queue-otel-gateway-1', 'Bound', 'fast-ssd'],
  ]);
});
