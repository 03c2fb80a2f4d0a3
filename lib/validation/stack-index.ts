import { invalidProp } from '../k8s';
import { Manifest, PodTemplate, describeRef, namespaceOf, podTemplates } from './manifest';

/** Kinds a manifest can reference that may live outside the output. */
export type ExternalKind = 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service' | 'StorageClass' | 'PriorityClass';

const EXTERNAL_KINDS: readonly ExternalKind[] = ['ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'Service', 'StorageClass', 'PriorityClass'];

/**
 * An object the output references but does not create: made by another tool (a Secret from
 * External Secrets or Sealed Secrets, an Elasticsearch Service of another team, ...).
 */
export interface ExternalRef {
  /**
   * The kind of the object: `ConfigMap`, `Secret`, `ServiceAccount`, `PersistentVolumeClaim`,
   * `Service`, `StorageClass` or `PriorityClass`.
   */
  readonly kind: string;
  /**
   * Its namespace (none for a StorageClass or a PriorityClass).
   * @default - any namespace
   */
  readonly namespace?: string;
  /** Its name. */
  readonly name: string;
}

/** Options of the whole-stack validator. */
export interface StackValidationOptions {
  /**
   * Objects that exist in the cluster but not in the output; references to them are accepted.
   * @default - none: every reference must resolve inside the output
   */
  readonly external?: ExternalRef[];
}

/**
 * Checks the options' values, so a typo in `external` is an error rather than a silent miss (their
 * shape, an object with a list of objects, is checkProps's to refuse, before).
 */
export function checkValidationOptions(where: string, prop: string, options: StackValidationOptions & { enabled?: unknown }): void {
  if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
    invalidProp(where, `${prop}.enabled`, options.enabled, 'expected true or false', 'use the boolean true or false, unquoted');
  }
  (options.external ?? []).forEach((ref, i) => {
    if (!(EXTERNAL_KINDS as readonly string[]).includes(ref.kind)) {
      invalidProp(where, `${prop}.external[${i}].kind`, ref.kind, 'not a kind that can be declared external',
        `use one of ${EXTERNAL_KINDS.join(', ')}`);
    }
    if (typeof ref.name !== 'string' || ref.name === '') {
      invalidProp(where, `${prop}.external[${i}].name`, ref.name, 'expected the object\'s name', 'give the name of the external object');
    }
    if (ref.namespace !== undefined && (typeof ref.namespace !== 'string' || ref.namespace === '')) {
      invalidProp(where, `${prop}.external[${i}].namespace`, ref.namespace, 'expected a namespace name',
        'give its namespace, or leave namespace out to match any namespace');
    }
  });
}

/** The output, indexed for the checks. */
export class StackIndex {
  /** Every pod template. */
  public readonly templates: PodTemplate[];
  /** Every namespace the output creates or puts objects in. */
  public readonly namespaces: Set<string>;
  private readonly byKey = new Map<string, Manifest>();

  constructor(public readonly objects: readonly Manifest[], private readonly options: StackValidationOptions = {}) {
    this.templates = podTemplates(objects);
    this.namespaces = new Set();
    // The validator has dropped what is no object (stack-validator.ts).
    for (const obj of objects) {
      if (!obj.kind) continue;
      const ns = namespaceOf(obj);
      if (ns !== undefined) this.namespaces.add(ns);
      if (obj.kind === 'Namespace' && obj.metadata?.name) this.namespaces.add(obj.metadata.name);
      this.byKey.set(key(obj.kind, ns, obj.metadata?.name), obj);
    }
    // A cert-manager Certificate is the promise of its Secret (tls.crt, tls.key and, from the
    // CA-backed issuers the constructs require, ca.crt): pods may mount it before it exists.
    for (const cert of objects) {
      if (cert?.kind !== 'Certificate' || !String(cert.apiVersion ?? '').startsWith('cert-manager.io/')) continue;
      const ns = namespaceOf(cert);
      const name = cert.spec?.secretName;
      if (typeof name !== 'string' || this.byKey.has(key('Secret', ns, name))) continue;
      this.byKey.set(key('Secret', ns, name), {
        apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'kubernetes.io/tls',
        data: { 'tls.crt': '', 'tls.key': '', 'ca.crt': '' },
      });
    }
  }

  /** The object of this kind, namespace and name, if the output has it. */
  public find(kind: string, namespace: string | undefined, name: string): Manifest | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Objects of a kind. */
  public ofKind(kind: string): Manifest[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  /** Pod templates in a namespace. */
  public templatesIn(namespace: string): PodTemplate[] {
    return this.templates.filter((t) => t.namespace === namespace);
  }

  /** Whether a reference is declared external (`namespace` undefined for a cluster-scoped kind). */
  public isExternal(kind: string, namespace: string | undefined, name: string): boolean {
    return (this.options.external ?? []).some((r) =>
      r.kind === kind && r.name === name && (r.namespace === undefined || r.namespace === namespace));
  }

  /** Whether the namespace is known: in the output, or named by an external reference. */
  public knowsNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace) || (this.options.external ?? []).some((r) => r.namespace === namespace);
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return describeRef(kind, namespace, name);
}

/** The hint appended to a missing-reference finding: how to declare the object external. */
export function externalHint(kind: string, namespace: string | undefined, name: string): string {
  const where = namespace === undefined ? '' : ` namespace: '${namespace}',`;
  return `create it, or declare it external: validation.external: [{ kind: '${kind}',${where} name: '${name}' }]`;
}
