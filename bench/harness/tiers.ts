/**
 * The stack's tiers as the benchmark sees them: the pods of each, the resources their manifests
 * give them (enforced with cgroups), a meter over their processes, and their own metrics.
 */
import { LocalCluster } from '../../test/e2e/harness/cluster';
import { LocalPod } from '../../test/e2e/harness/pod';
import { scrape } from '../../test/e2e/harness/traffic';
import { parseQuantity } from '../../lib/k8s/resources';
import { Meter, confine, processTree } from './meter';

export type TierName = 'agent' | 'gateway' | 'jaeger';

/** The resources a tier's pods get on a node: CPU is the limit, or the request without one. */
export interface TierResources {
  readonly cpuCores: number;
  readonly cpuFrom: 'limit' | 'request';
  readonly memoryLimitBytes?: number;
}

export interface Tier {
  readonly name: TierName;
  readonly pods: LocalPod[];
  readonly resources: TierResources;
  /** Whether the resources are enforced (cgroups writable). */
  readonly confined: boolean;
  readonly metricsPort: number;
  /**
   * The container measured and confined: the pod's first, the one its resources and the sizing
   * model are about (the agents' remote-sampling server beside it has fixed resources of its own).
   */
  readonly container: string;
}

function resourcesOf(pod: LocalPod): TierResources {
  const r = pod.plan.spec.containers[0].resources ?? {};
  const cpu = r.limits?.cpu ?? r.requests?.cpu;
  if (!cpu) throw new Error(`${pod.plan.name} has no CPU request or limit to benchmark it at`);
  return { cpuCores: parseQuantity(cpu)!, cpuFrom: r.limits?.cpu ? 'limit' : 'request', memoryLimitBytes: r.limits?.memory ? parseQuantity(r.limits.memory) : undefined };
}

/** Finds the three tiers of a platform cluster and confines each pod to its resources. */
export function tiers(cluster: LocalCluster): Record<TierName, Tier> {
  const pick = (name: TierName, component: string, instance?: string): Tier => {
    const pods = cluster.pods.filter((p) => p.plan.labels['app.kubernetes.io/component'] === component && (!instance || p.plan.labels['app.kubernetes.io/name'] === instance));
    if (pods.length === 0) throw new Error(`no ${name} pods (component ${component})`);
    const resources = resourcesOf(pods[0]);
    const container: string = pods[0].plan.spec.containers[0].name;
    // Every process of the tree: a cgroup takes the processes written to it, not their children.
    const confined = pods.every((p) => confine(p.plan.name, mainPids(p, container).flatMap(processTree), resources.cpuCores, resources.memoryLimitBytes));
    return { name, pods, resources, confined, metricsPort: 8888, container };
  };
  return { agent: pick('agent', 'agent'), gateway: pick('gateway', 'gateway'), jaeger: pick('jaeger', 'all-in-one', 'jaeger') };
}

/** The measured container's process in a pod (none while it is not running). */
function mainPids(pod: LocalPod, container: string): number[] {
  const pid = pod.processIds().get(container);
  return pid === undefined ? [] : [pid];
}

/** A meter over the measured container's processes in every pod of a tier. */
export function meter(tier: Tier): Meter {
  return new Meter(() => tier.pods.flatMap((p) => mainPids(p, tier.container)));
}

/** A tier's Collector metrics, summed over its pods. */
export async function tierMetrics(tier: Tier): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  for (const pod of tier.pods) {
    for (const [k, v] of await scrape(`http://${pod.ip}:${tier.metricsPort}/metrics`)) total.set(k, (total.get(k) ?? 0) + v);
  }
  return total;
}

/** A metric by its family name, with or without the `_total` suffix newer Collectors add. */
export function metric(m: Map<string, number>, family: string): number {
  return m.get(`${family}_total`) ?? m.get(family) ?? 0;
}
