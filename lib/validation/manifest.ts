/**
 * A read-only view of synthesized manifests (plain JSON, as `chart.toJson()` returns them) for
 * the whole-stack checks: object names as messages print them, pod templates of every workload
 * kind, label selectors and the ports containers declare.
 */

/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = Record<string, any>;

/** One problem found in the output. `message` names both ends of the broken link. */
export interface StackFinding {
  /** Which check found it, e.g. `service-port`, `missing-reference`, `pipeline-component`. */
  readonly check: string;
  /** The object the broken link starts from, e.g. `Service monitoring/jaeger-collector`. */
  readonly source: string;
  /** The whole explanation, naming both ends of the link and, where it helps, the fix. */
  readonly message: string;
  /**
   * The rule, e.g. `restricted/run-as-non-root` or `operational/probes`.
   * @default - none: only pod findings have one
   */
  readonly rule?: string;
  /**
   * The workload, e.g. `Deployment monitoring/jaeger-query`.
   * @default - none: only pod findings have one
   */
  readonly workload?: string;
  /**
   * The container, when a pod finding is about one.
   * @default - none
   */
  readonly container?: string;
}

/** Sorts findings by message (and drops exact duplicates) so output is deterministic. */
export function sortFindings(findings: readonly StackFinding[]): StackFinding[] {
  const unique = new Map<string, StackFinding>();
  for (const f of findings) unique.set(`${f.check}\u0000${f.message}`, f);
  return [...unique.values()].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** Kinds whose objects live in no namespace (a namespaced object without one is in `default`). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService',
]);

/** Whether objects of a kind live in no namespace. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The namespace of an object (`default` when a namespaced object omits it, as kubectl would). */
export function namespaceOf(obj: Manifest): string | undefined {
  if (isClusterScoped(obj.kind)) return undefined;
  return obj.metadata?.namespace ?? 'default';
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped kinds), the way findings name objects. */
export function describeObject(obj: Manifest): string {
  return describeRef(obj.kind, namespaceOf(obj), obj.metadata?.name);
}

/** `Kind namespace/name` for a reference that may not exist. */
export function describeRef(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** Renders labels as `{a=b, c=d}`, sorted. */
export function describeLabels(labels: Readonly<Record<string, string>>): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(', ')}}`;
}

/** A pod template found in the output: a workload's `spec.template`, or a bare Pod. */
export interface PodTemplate {
  /** The workload that owns the template, e.g. `StatefulSet monitoring/jaeger`. */
  readonly owner: string;
  /** The owning object. */
  readonly object: Manifest;
  /** The workload's kind. */
  readonly kind: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels of the pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod spec. */
  readonly spec: Manifest;
  /** True for Job and CronJob pods, which run to completion (no probes, restartPolicy never/on-failure). */
  readonly runsToCompletion: boolean;
}

/** The workload kinds with a pod template, and where it is. */
const TEMPLATE_PATHS: Record<string, (obj: Manifest) => Manifest | undefined> = {
  Deployment: (o) => o.spec?.template,
  StatefulSet: (o) => o.spec?.template,
  DaemonSet: (o) => o.spec?.template,
  ReplicaSet: (o) => o.spec?.template,
  ReplicationController: (o) => o.spec?.template,
  Job: (o) => o.spec?.template,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template,
  Pod: (o) => ({ metadata: o.metadata, spec: o.spec }),
};

/** Every pod template of the output, in input order. */
export function podTemplates(objects: readonly Manifest[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const obj of objects) {
    const template = TEMPLATE_PATHS[obj.kind]?.(obj);
    if (!template?.spec) continue;
    out.push({
      owner: describeObject(obj),
      object: obj,
      kind: obj.kind,
      namespace: namespaceOf(obj)!,
      labels: template.metadata?.labels ?? {},
      spec: template.spec,
      runsToCompletion: obj.kind === 'Job' || obj.kind === 'CronJob',
    });
  }
  return out;
}

/** A container of a pod spec, with the list it is in. */
export interface ContainerEntry {
  readonly container: Manifest;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** Every container of a pod spec: regular, init and ephemeral. */
export function allContainers(spec: Manifest): ContainerEntry[] {
  const lists = ['containers', 'initContainers', 'ephemeralContainers'] as const;
  return lists.flatMap((list) => ((spec[list] ?? []) as Manifest[]).map((container) => ({ container, list })));
}

/**
 * The containers that serve traffic: regular containers and native sidecars (init containers
 * with `restartPolicy: Always`, which keep running beside the app).
 */
export function servingContainers(spec: Manifest): Manifest[] {
  return [
    ...(spec.containers ?? []),
    ...((spec.initContainers ?? []) as Manifest[]).filter((c) => c.restartPolicy === 'Always'),
  ];
}

/** A container port, as declared. */
export interface DeclaredPort {
  readonly name?: string;
  readonly number: number;
  readonly protocol: string;
  /** The container that declares it. */
  readonly container: string;
}

/** The ports the serving containers of a pod template declare. */
export function declaredPorts(template: PodTemplate): DeclaredPort[] {
  return servingContainers(template.spec).flatMap((c) => ((c.ports ?? []) as Manifest[]).map((p) => ({
    name: p.name,
    number: p.containerPort,
    protocol: p.protocol ?? 'TCP',
    container: c.name,
  })));
}

/** A Kubernetes `LabelSelector` (`matchLabels` + `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: string[] }>;
}

/** Whether `labels` satisfy a `LabelSelector`. An empty selector matches everything. */
export function matchesSelector(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Renders a `LabelSelector` for a message. */
export function describeSelector(selector: LabelSelector | undefined): string {
  const parts = Object.keys(selector?.matchLabels ?? {}).sort().map((k) => `${k}=${selector!.matchLabels![k]}`);
  for (const e of selector?.matchExpressions ?? []) {
    parts.push(e.values?.length ? `${e.key} ${e.operator} (${e.values.join(', ')})` : `${e.key} ${e.operator}`);
  }
  return `{${parts.join(', ')}}`;
}

/**
 * Explains why the nearest candidate does not match a plain label map (a Service selector, a
 * selector's `matchLabels`): `closest: Deployment ns/x has app=b, not app=a`. Empty when there
 * is no candidate.
 */
export function closestMiss(
  wanted: Readonly<Record<string, string>>,
  candidates: ReadonlyArray<{ name: string; labels: Readonly<Record<string, string>> }>,
): string {
  let best: { name: string; diffs: string[] } | undefined;
  for (const c of candidates) {
    const diffs = Object.keys(wanted).sort().filter((k) => c.labels[k] !== wanted[k])
      .map((k) => (c.labels[k] === undefined ? `no label ${k}` : `${k}=${c.labels[k]}, not ${wanted[k]}`));
    if (!best || diffs.length < best.diffs.length) best = { name: c.name, diffs };
  }
  return best && best.diffs.length ? `closest: ${best.name} has ${best.diffs.join('; ')}` : '';
}
