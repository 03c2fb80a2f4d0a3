/**
 * Links by name from pod templates: the ConfigMaps, Secrets, ServiceAccount,
 * PersistentVolumeClaims and PriorityClass a pod needs must exist in the output or be declared external, and a
 * referenced key must exist in a ConfigMap or Secret the output creates — otherwise the pod
 * never starts (`CreateContainerConfigError`, a volume that never mounts).
 */
import { StackFinding, Manifest, PodTemplate, allContainers, describeRef } from './manifest';
import { StackIndex, externalHint } from './stack-index';

/** PriorityClasses the API server creates itself (scheduling/v1 SystemPriorityClasses). */
const BUILT_IN_PRIORITY_CLASSES = ['system-node-critical', 'system-cluster-critical'];

/** One name reference from a pod template. */
interface Reference {
  readonly kind: 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'PriorityClass';
  readonly name: string;
  /** Where in the pod the reference is, e.g. `volume "config"`, `env ES_PASSWORD of container "jaeger"`. */
  readonly where: string;
  /** Keys the reference reads from a ConfigMap/Secret, if any. */
  readonly keys?: readonly string[];
}

/** Every ConfigMap, Secret, ServiceAccount and PVC a pod template references (optional ones left out). */
function referencesOf(template: PodTemplate): Reference[] {
  const spec = template.spec;
  const refs: Reference[] = [];
  for (const v of (spec.volumes ?? []) as Manifest[]) {
    const where = `volume "${v.name}"`;
    if (v.configMap && !v.configMap.optional) {
      refs.push({ kind: 'ConfigMap', name: v.configMap.name, where, keys: itemKeys(v.configMap.items) });
    }
    if (v.secret && !v.secret.optional) {
      refs.push({ kind: 'Secret', name: v.secret.secretName, where, keys: itemKeys(v.secret.items) });
    }
    if (v.persistentVolumeClaim) refs.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName, where });
    for (const s of (v.projected?.sources ?? []) as Manifest[]) {
      if (s.configMap && !s.configMap.optional) refs.push({ kind: 'ConfigMap', name: s.configMap.name, where, keys: itemKeys(s.configMap.items) });
      if (s.secret && !s.secret.optional) refs.push({ kind: 'Secret', name: s.secret.name, where, keys: itemKeys(s.secret.items) });
    }
  }
  for (const { container } of allContainers(spec)) {
    for (const e of (container.env ?? []) as Manifest[]) {
      const where = `env ${e.name} of container "${container.name}"`;
      const cm = e.valueFrom?.configMapKeyRef;
      const secret = e.valueFrom?.secretKeyRef;
      if (cm && !cm.optional) refs.push({ kind: 'ConfigMap', name: cm.name, where, keys: [cm.key] });
      if (secret && !secret.optional) refs.push({ kind: 'Secret', name: secret.name, where, keys: [secret.key] });
    }
    for (const e of (container.envFrom ?? []) as Manifest[]) {
      const where = `envFrom of container "${container.name}"`;
      if (e.configMapRef && !e.configMapRef.optional) refs.push({ kind: 'ConfigMap', name: e.configMapRef.name, where });
      if (e.secretRef && !e.secretRef.optional) refs.push({ kind: 'Secret', name: e.secretRef.name, where });
    }
  }
  const serviceAccount = spec.serviceAccountName ?? spec.serviceAccount;
  // `default` exists in every namespace: the ServiceAccount controller creates it.
  if (serviceAccount && serviceAccount !== 'default') {
    refs.push({ kind: 'ServiceAccount', name: serviceAccount, where: 'serviceAccountName' });
  }
  for (const s of (spec.imagePullSecrets ?? []) as Manifest[]) {
    refs.push({ kind: 'Secret', name: s.name, where: 'imagePullSecrets' });
  }
  // The Priority admission plugin refuses every pod whose PriorityClass does not exist; the two
  // system classes exist in every cluster.
  if (spec.priorityClassName && !BUILT_IN_PRIORITY_CLASSES.includes(spec.priorityClassName)) {
    refs.push({ kind: 'PriorityClass', name: spec.priorityClassName, where: 'priorityClassName' });
  }
  return refs;
}

function itemKeys(items: Manifest[] | undefined): string[] | undefined {
  return items?.map((i) => i.key);
}

/** The keys a ConfigMap or Secret holds. */
function keysOf(obj: Manifest): Set<string> {
  return new Set([
    ...Object.keys(obj.data ?? {}),
    ...Object.keys(obj.binaryData ?? {}),
    ...Object.keys(obj.stringData ?? {}),
  ]);
}

function checkTemplate(index: StackIndex, template: PodTemplate): StackFinding[] {
  const findings: StackFinding[] = [];
  const ns = template.namespace;
  for (const ref of referencesOf(template)) {
    const refNs = ref.kind === 'PriorityClass' ? undefined : ns;
    const target = describeRef(ref.kind, refNs, ref.name);
    const obj = index.find(ref.kind, refNs, ref.name);
    if (!obj) {
      if (index.isExternal(ref.kind, refNs, ref.name)) continue;
      findings.push({
        check: 'missing-reference',
        source: template.owner,
        message: `${template.owner} ${ref.where} → ${target} is not in the output; ${externalHint(ref.kind, refNs, ref.name)}`,
      });
      continue;
    }
    const keys = keysOf(obj);
    for (const k of ref.keys ?? []) {
      if (keys.has(k)) continue;
      findings.push({
        check: 'missing-key',
        source: template.owner,
        message: `${template.owner} ${ref.where} → ${target} has no key "${k}" (it has: ${[...keys].sort().join(', ') || 'no keys'})`,
      });
    }
  }
  return findings;
}

/** Name references of every pod template. */
export function checkReferences(index: StackIndex): StackFinding[] {
  return index.templates.flatMap((t) => checkTemplate(index, t));
}
