import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';

/**
 * Soft topology spread for a multi-replica role: replicas prefer different zones, then
 * different nodes, so one node or zone failure does not take every replica. "ScheduleAnyway"
 * keeps a small cluster (one zone, two nodes) schedulable.
 */
export function spreadConstraints(selector: Readonly<Record<string, string>>): k8s.TopologySpreadConstraint[] {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    topologyKey,
    maxSkew: 1,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
  }));
}

/**
 * A PodDisruptionBudget for a multi-replica role: drains and upgrades take at most one of its
 * pods at a time, so the role keeps serving while nodes are replaced.
 */
export function addDisruptionBudget(scope: Construct, id: string, metadata: k8s.ObjectMeta, selector: Readonly<Record<string, string>>): void {
  new k8s.KubePodDisruptionBudget(scope, id, {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...selector } } },
  });
}
