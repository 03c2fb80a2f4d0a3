import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { checkNumber, checkReplicas, invalidProp } from '../k8s';

/**
 * Horizontal autoscaling of a collector workload on CPU (the gateways, Jaeger's collectors):
 * one contract for both. The workload then leaves its replica count to the HPA, so a GitOps sync
 * does not fight it.
 */
export interface HorizontalAutoscaling {
  /**
   * Fewest replicas.
   * @default - the workload's `replicas`, or its default count
   */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Average CPU utilisation (percent of the request) to hold.
   * @default 70
   */
  readonly targetCpuUtilization?: number;
}

/** What the HPA aims at when not told. */
export const DEFAULT_TARGET_CPU = 70;

/**
 * The autoscaling of the workload whose props live under `prefix` (`gateway`, `collector`),
 * checked, with its defaults; undefined when not asked. `replicas` is the workload's own prop.
 */
export function checkAutoscaling(
  where: string, prefix: string, autoscaling: HorizontalAutoscaling | undefined, replicas: number | undefined, defaultReplicas: number,
): Required<HorizontalAutoscaling> | undefined {
  if (!autoscaling) return undefined;
  const at = `${prefix}.autoscaling`;
  if (replicas !== undefined && autoscaling.minReplicas !== undefined && replicas !== autoscaling.minReplicas) {
    invalidProp(where, `${prefix}.replicas`, replicas, `conflicts with ${at}.minReplicas (${autoscaling.minReplicas}): the HPA owns the replica count`,
      `give one of them (replicas alone is the HPA's minimum)`);
  }
  const minReplicas = checkReplicas(where, `${at}.minReplicas`, autoscaling.minReplicas ?? replicas ?? defaultReplicas);
  const maxReplicas = checkReplicas(where, `${at}.maxReplicas`, autoscaling.maxReplicas);
  if (maxReplicas < minReplicas) {
    invalidProp(where, `${at}.maxReplicas`, maxReplicas, `is below minReplicas (${minReplicas})`, 'raise maxReplicas or lower minReplicas');
  }
  const targetCpuUtilization = checkNumber(where, `${at}.targetCpuUtilization`,
    autoscaling.targetCpuUtilization ?? DEFAULT_TARGET_CPU, { min: 1, max: 100, integer: true });
  return { minReplicas, maxReplicas, targetCpuUtilization };
}

/** The HPA of a collector workload. */
export function collectorAutoscaler(scope: Construct, id: string, spec: {
  readonly metadata: k8s.ObjectMeta;
  readonly target: { readonly kind: 'StatefulSet' | 'Deployment'; readonly name: string };
  readonly autoscaling: Required<HorizontalAutoscaling>;
  /** How fast to scale (the gateways scale down slowly: each rescale moves trace ids). */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;
}): void {
  new k8s.KubeHorizontalPodAutoscalerV2(scope, id, {
    metadata: spec.metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: spec.target.kind, name: spec.target.name },
      minReplicas: spec.autoscaling.minReplicas,
      maxReplicas: spec.autoscaling.maxReplicas,
      metrics: [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.autoscaling.targetCpuUtilization } },
      }],
      ...(spec.behavior ? { behavior: spec.behavior } : {}),
    },
  });
}
