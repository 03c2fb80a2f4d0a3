/**
 * The fields of the stack's objects that the API server refuses to change on an existing object
 * (or whose change orphans data): once a version of the library has been applied, a later
 * version must emit the same values for the same props, or users need a migration.
 */
import { composeStack, VARIANTS } from './stack-variants';

/** Per kind, the immutable paths, and why. */
export const IMMUTABLE_FIELDS: Record<string, { path: string; why: string }[]> = {
  Deployment: [{ path: 'spec.selector', why: 'field is immutable' }],
  DaemonSet: [{ path: 'spec.selector', why: 'field is immutable' }],
  StatefulSet: [
    { path: 'spec.selector', why: 'field is immutable' },
    { path: 'spec.serviceName', why: 'updates to statefulset spec are forbidden for this field' },
    { path: 'spec.volumeClaimTemplates', why: 'updates to statefulset spec are forbidden; a renamed claim also orphans the data' },
    { path: 'spec.podManagementPolicy', why: 'updates to statefulset spec are forbidden for this field' },
  ],
  StorageClass: [
    { path: 'provisioner', why: 'field is immutable' },
    { path: 'parameters', why: 'field is immutable' },
    { path: 'reclaimPolicy', why: 'field is immutable' },
    { path: 'volumeBindingMode', why: 'field is immutable' },
  ],
  Service: [{ path: 'spec.clusterIP', why: 'a headless Service cannot become a ClusterIP one (and back) in place' }],
  ClusterRoleBinding: [{ path: 'roleRef', why: 'cannot change roleRef' }],
  RoleBinding: [{ path: 'roleRef', why: 'cannot change roleRef' }],
  PersistentVolumeClaim: [{ path: 'spec.storageClassName', why: 'field is immutable after creation' }],
};

function at(object: any, dotted: string): unknown {
  return dotted.split('.').reduce((o, key) => (o === undefined || o === null ? undefined : o[key]), object);
}

/** `Kind namespace/name` → path → value, for the objects whose kind has immutable fields. */
export function immutableFields(objects: readonly any[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const o of objects) {
    const fields = IMMUTABLE_FIELDS[o.kind];
    if (!fields) continue;
    const ref = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    out[ref] = Object.fromEntries(fields.map((f) => [f.path, at(o, f.path) ?? null]));
  }
  return out;
}

/** The apps whose immutable fields are pinned: the committed platform and every variant. */
export function pinnedApps(dist: () => any[]): Record<string, any[]> {
  return {
    'dist/': dist(),
    ...Object.fromEntries(Object.entries(VARIANTS).map(([name, options]) => [name, composeStack(options)])),
  };
}
