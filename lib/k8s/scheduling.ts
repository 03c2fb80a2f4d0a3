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
