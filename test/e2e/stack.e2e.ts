/**
 * (a) Every pod starts from its own manifests and becomes Ready by its own probes: the
 * committed dist/, and the other topologies users deploy.
 */
import { LocalCluster } from './harness/cluster';
import { distObjects, startCluster } from './harness/stack';
import { stackObjects } from './harness/variants';

async function expectAllReady(objects: any[], expectedPods: string[]): Promise<void> {
  let cluster: LocalCluster | undefined;
  try {
    cluster = await startCluster(objects);
    expect(cluster.pods.map((p) => p.plan.name).sort()).toEqual([...expectedPods].sort());
    for (const pod of cluster.pods) {
      expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
    }
  } finally {
    await cluster?.stop();
  }
}

describe('every pod becomes Ready by its own probes', () => {
  test('the committed dist/ (Badger Jaeger, two gateways, an agent per node)', async () => {
    await expectAllReady(distObjects(), ['jaeger-0', 'otel-gateway-0', 'otel-gateway-1', 'otel-agent-node-1', 'otel-agent-node-2']);
  });

  test('badger-shared: remote storage, collectors and query', async () => {
    const objects = stackObjects({ storage: { type: 'badger-shared' }, collector: { replicas: 2 } } as any);
    const pods = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))
      .flatMap((w) => Array.from({ length: w.spec.replicas ?? 1 }, (_, i) => `${w.metadata.name}-${i}`));
    expect(pods.length).toBeGreaterThanOrEqual(3);
    await expectAllReady(objects, pods);
  });

  test('memory storage', async () => {
    await expectAllReady(stackObjects({ storage: { type: 'memory' } }), ['jaeger-0']);
  });

  test('an agent-only collector exporting straight to Jaeger', async () => {
    await expectAllReady(stackObjects({ storage: { type: 'memory' } }, { mode: 'agent-only' }),
      ['jaeger-0', 'otel-agent-node-1', 'otel-agent-node-2']);
  });
});
