import { k8s } from 'cdk8s-plus-33';
import { invalidProp } from './errors';
import { CONFIG_CHECKSUM_ANNOTATION } from './roles';
import { checkDnsSubdomain, checkLabels, checkNumber, isLabelKey } from './validate';
import { checkTolerations } from './validate-pod';

/**
 * Where a workload's pods are scheduled and what they carry beyond the library's own (labels,
 * annotations, and extras: env, volumes, mounts, sidecars, init containers). Every
 * workload of the stack takes it (Jaeger's roles and index cleaner, the gateways, the agents,
 * the UI's proxy), and the stack constructs take a default for all of theirs; a workload's own
 * fields win over the stack's one by one, and its labels and annotations are merged over the stack's.
 */
export interface PodPlacement {
  /**
   * Only schedule onto nodes with these labels.
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pods tolerate (a dedicated node pool's, say).
   * @default - none (the agents tolerate every taint; see `AgentProps.placement`)
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node and pod (anti-)affinity, as the Kubernetes API takes it.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Topology spread constraints, replacing the library's soft spread of multi-replica roles
   * over zones and nodes. A constraint without a `labelSelector` spreads the workload's own pods.
   * @default - replicas prefer different zones, then nodes (ScheduleAnyway)
   */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /**
   * An existing PriorityClass of the pods.
   * @default - the cluster's default priority (the agents get their own PriorityClass)
   */
  readonly priorityClassName?: string;
  /**
   * Existing Secrets (of type `kubernetes.io/dockerconfigjson`) to pull a mirrored image with.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Extra labels on the pods (e.g. a mesh's or a cost tool's). The library's own
   * `app.kubernetes.io/*` labels select the pods and cannot be changed here.
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Extra annotations on the pods (e.g. a mesh's injection switch).
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Annotations on the workload's ServiceAccount, for cloud workload identity
   * (`eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`,
   * `azure.workload.identity/client-id`).
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };
  // The escape hatch for what no prop says (Helm's extraEnvs, extraVolumes, extraVolumeMounts,
  // extraContainers, initContainers). Restricted Pod Security still holds: added containers run
  // under the library's restricted security context, and what would break it is refused.
  /**
   * Environment variables of the main container, after the library's: a literal `value`, or
   * `valueFrom` a key of a Secret or ConfigMap. A name the library sets is refused.
   * @default - none
   */
  readonly extraEnv?: k8s.EnvVar[];
  /**
   * Volumes of the pod (a Secret, a ConfigMap, an emptyDir, a projected token). `hostPath` is
   * refused (restricted Pod Security forbids it); a name the library uses is refused.
   * @default - none
   */
  readonly extraVolumes?: k8s.Volume[];
  /**
   * Mounts of `extraVolumes` in the main container (read-only unless it says otherwise, as the
   * root filesystem is). A path the library mounts is refused.
   * @default - none
   */
  readonly extraVolumeMounts?: k8s.VolumeMount[];
  /**
   * Containers run beside the main one (a proxy, a log shipper). Each needs its resources and
   * health probes; the library's restricted security context is its default, and a setting
   * that would break restricted Pod Security is refused.
   * @default - none
   */
  readonly sidecars?: k8s.Container[];
  /**
   * Containers run to completion before the pod's (a schema migration, a secret fetch). Each
   * needs its resources; security as for `sidecars`.
   * @default - none
   */
  readonly initContainers?: k8s.Container[];}

/**
 * Checks a map of annotations (keys with the label-key syntax, string values), refusing the
 * `reserved` keys. Its shape (a map) is checkProps's to refuse, before.
 */
export function checkAnnotations(where: string, prop: string, value: Readonly<Record<string, unknown>>, reserved: readonly string[]): Record<string, string> {
  for (const [key, v] of Object.entries(value)) {
    if (!isLabelKey(key)) {
      invalidProp(where, `${prop}.${key}`, key, 'not an annotation key', 'use an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "."');
    }
    if (typeof v !== 'string') invalidProp(where, `${prop}.${key}`, v, 'annotation values are strings', `quote it: "${String(v)}"`);
    if (reserved.includes(key)) invalidProp(where, `${prop}.${key}`, key, 'is set by the library (it rolls the pods when the config changes)', 'use another key');
  }
  return value as Record<string, string>;
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];

/**
 * The fields the API server requires of a spread constraint (core/v1 validation). The shapes
 * (a list of objects, a label selector object) are checkProps's to refuse, before.
 */
function checkSpread(where: string, prop: string, value: readonly k8s.TopologySpreadConstraint[]): void {
  value.forEach((c, i) => {
    const at = `${prop}[${i}]`;
    const { topologyKey, maxSkew, whenUnsatisfiable } = c;
    if (typeof topologyKey !== 'string' || !isLabelKey(topologyKey)) {
      invalidProp(where, `${at}.topologyKey`, topologyKey, 'expected a node label key', 'use e.g. "topology.kubernetes.io/zone" or "kubernetes.io/hostname"');
    }
    checkNumber(where, `${at}.maxSkew`, maxSkew, { min: 1, integer: true });
    if (!WHEN_UNSATISFIABLE.includes(whenUnsatisfiable as string)) {
      invalidProp(where, `${at}.whenUnsatisfiable`, whenUnsatisfiable, 'not a spread policy', `use ${WHEN_UNSATISFIABLE.join(' or ')}`);
    }
  });
}

/**
 * Checks a placement's scheduling, labels and annotations (`checkPlacement` checks its extras too).
 */
export function checkScheduling(where: string, prop: string, p: PodPlacement): PodPlacement {
  if (p.nodeSelector !== undefined) checkLabels(where, `${prop}.nodeSelector`, p.nodeSelector);
  if (p.tolerations !== undefined) checkTolerations(where, `${prop}.tolerations`, p.tolerations);
  if (p.topologySpreadConstraints !== undefined) checkSpread(where, `${prop}.topologySpreadConstraints`, p.topologySpreadConstraints);
  if (p.priorityClassName !== undefined) checkDnsSubdomain(where, `${prop}.priorityClassName`, p.priorityClassName);
  p.imagePullSecrets?.forEach((name, i) => checkDnsSubdomain(where, `${prop}.imagePullSecrets[${i}]`, name));
  if (p.podLabels !== undefined) {
    checkLabels(where, `${prop}.podLabels`, p.podLabels);
    const own = Object.keys(p.podLabels).find((key) => key.startsWith('app.kubernetes.io/'));
    if (own) {
      invalidProp(where, `${prop}.podLabels.${own}`, own, 'is one of the library\'s own labels (its selectors and monitors use them)', 'use a label outside app.kubernetes.io/');
    }
  }
  if (p.podAnnotations !== undefined) checkAnnotations(where, `${prop}.podAnnotations`, p.podAnnotations, [CONFIG_CHECKSUM_ANNOTATION]);
  if (p.serviceAccountAnnotations !== undefined) checkAnnotations(where, `${prop}.serviceAccountAnnotations`, p.serviceAccountAnnotations, []);
  return p;
}

/** The stack's placement with a workload's own over it: fields win one by one, maps merge. */
export function mergePlacement(stack: PodPlacement | undefined, own: PodPlacement | undefined): PodPlacement {
  const maps = ['nodeSelector', 'podLabels', 'podAnnotations', 'serviceAccountAnnotations'] as const;
  const merged: Record<string, unknown> = { ...stack, ...own };
  for (const key of maps) {
    if (stack?.[key] && own?.[key]) merged[key] = { ...stack[key], ...own[key] };
  }
  return merged as PodPlacement;
}

/**
 * A placement's spread constraints with the workload's own pods as their subject: a constraint
 * without a `labelSelector` matches no pod (the API server warns so) and spreads nothing.
 */
function spreadOver(constraints: k8s.TopologySpreadConstraint[], selector: Readonly<Record<string, string>>): k8s.TopologySpreadConstraint[] {
  return constraints.map((c) => (c.labelSelector ? c : { ...c, labelSelector: { matchLabels: { ...selector } } }));
}

/**
 * The pod-spec fields of a placement, only those it sets, so a workload without one renders as
 * before. The library's own spread (multi-replica roles) goes in as the default.
 * @param selector the workload's pod selector, the subject of a spread constraint that names none
 */
export function placementPodSpec(
  placement: PodPlacement, selector: Readonly<Record<string, string>>, defaults: Pick<k8s.PodSpec, 'topologySpreadConstraints'> = {},
): Partial<k8s.PodSpec> {
  const spread = placement.topologySpreadConstraints ? spreadOver(placement.topologySpreadConstraints, selector) : defaults.topologySpreadConstraints;
  return {
    ...(placement.priorityClassName ? { priorityClassName: placement.priorityClassName } : {}),
    ...(placement.nodeSelector ? { nodeSelector: { ...placement.nodeSelector } } : {}),
    ...(placement.tolerations ? { tolerations: [...placement.tolerations] } : {}),
    ...(placement.affinity ? { affinity: placement.affinity } : {}),
    ...(spread ? { topologySpreadConstraints: [...spread] } : {}),
    ...(placement.imagePullSecrets?.length ? { imagePullSecrets: placement.imagePullSecrets.map((name) => ({ name })) } : {}),
  };
}

/** Pod-template metadata with the placement's labels and annotations added to the library's. */
export function placementTemplateMeta(meta: k8s.ObjectMeta, placement: PodPlacement): k8s.ObjectMeta {
  return {
    ...meta,
    labels: { ...placement.podLabels, ...meta.labels },
    ...(meta.annotations || placement.podAnnotations ? { annotations: { ...placement.podAnnotations, ...meta.annotations } } : {}),
  };
}
