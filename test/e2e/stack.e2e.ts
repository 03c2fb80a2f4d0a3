/**
 * (a) Every pod starts from its own manifests and becomes Ready by its own probes: the
 * committed dist/, and the other topologies users deploy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LocalCluster } from './harness/cluster';
import { distObjects, startCluster } from './harness/stack';
import { stackObjects } from './harness/variants';
import { CollectorMode } from '../../lib/otel/otel-collector-props';
import { JaegerStorage, SamplingStrategy } from '../../lib';

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
    const objects = stackObjects({ storage: JaegerStorage.badgerShared(), collector: { replicas: 2 } } as any);
    const pods = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))
      .flatMap((w) => Array.from({ length: w.spec.replicas ?? 1 }, (_, i) => `${w.metadata.name}-${i}`));
    expect(pods.length).toBeGreaterThanOrEqual(3);
    await expectAllReady(objects, pods);
  });

  test('memory storage', async () => {
    await expectAllReady(stackObjects({ storage: JaegerStorage.memory() }), ['jaeger-0']);
  });

  test('an agent-only collector exporting straight to Jaeger', async () => {
    await expectAllReady(stackObjects({ storage: JaegerStorage.memory() }, { mode: CollectorMode.AGENT_ONLY }),
      ['jaeger-0', 'otel-agent-node-1', 'otel-agent-node-2']);
  });
});

test('a changed sampling strategy reaches the SDKs without restarting Jaeger (the file is re-read)', async () => {
  // What the kubelet does when the strategies ConfigMap changes: the mounted file is replaced.
  // The pods' checksum leaves strategies out, so nothing else restarts Jaeger.
  const objects = stackObjects({
    storage: JaegerStorage.memory(),
    sampling: { reloadInterval: '2s', services: { ryot: SamplingStrategy.probabilistic(0.5) } },
  });
  const cluster = await startCluster(objects);
  try {
    const jaeger = cluster.pods.find((p) => p.plan.name === 'jaeger-0')!;
    const url = `http://${cluster.serviceAddress('tracing', 'jaeger-collector')}:5778/sampling?service=ryot`;
    const rate = async (): Promise<number> => ((await (await fetch(url)).json()) as any).probabilisticSampling?.samplingRate;
    expect(await rate()).toBe(0.5);
    const changed = stackObjects({
      storage: JaegerStorage.memory(),
      sampling: { reloadInterval: '2s', services: { ryot: SamplingStrategy.probabilistic(0.25) } },
    });
    const file = (objs: any[]) => objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'jaeger-sampling-strategies').data['strategies.json'];
    const sum = (objs: any[]) => objs.find((o) => o.kind === 'StatefulSet').spec.template.metadata.annotations['checksum/config'];
    expect(sum(changed)).toBe(sum(objects));
    const mounted = path.join(jaeger.plan.dir, 'volumes', 'sampling', 'strategies.json');
    expect(fs.readFileSync(mounted, 'utf8')).toBe(file(objects));
    fs.writeFileSync(`${mounted}.new`, file(changed));
    fs.renameSync(`${mounted}.new`, mounted);
    const deadline = Date.now() + 30_000;
    let seen = await rate();
    while (seen !== 0.25 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      seen = await rate();
    }
    expect({ samplingRate: seen, restarts: jaeger.restarts, ready: jaeger.ready }).toEqual({ samplingRate: 0.25, restarts: 0, ready: true });
  } finally {
    await cluster.stop();
  }
});
