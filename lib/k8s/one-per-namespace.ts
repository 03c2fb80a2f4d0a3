import { Construct, IConstruct } from 'constructs';
import { invalidProp } from './errors';

/** Per construct tree: which construct holds each (kind, namespace). */
const holders = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Refuses a second construct of `kind` in the same namespace of one app. Such constructs name
 * their objects with fixed names (Services that apps and other tiers address by DNS), so a second
 * one would emit the same objects again: only one of each would exist in the cluster, and which
 * one would depend on apply order.
 *
 * @param construct the construct being built
 * @param where its label for errors (see `constructLabel`)
 * @param objectNames a few of the fixed names, to say what would collide
 */
export function claimNamespace(construct: Construct, where: string, kind: string, namespace: string, objectNames: readonly string[]): void {
  const root = construct.node.root;
  let held = holders.get(root);
  if (!held) holders.set(root, held = new Map());
  const key = `${kind}\u0000${namespace}`;
  const other = held.get(key);
  if (other !== undefined) {
    invalidProp(where, 'namespace', namespace,
      `namespace "${namespace}" already has ${kind} at "${other}"; both would emit the same objects (${objectNames.join(', ')}), `
        + 'and Kubernetes keeps only one of each',
      `give this ${kind} another namespace, or extend the existing one instead of adding a second`);
  }
  held.set(key, construct.node.path);
}

/** Frees what `construct` claimed (it failed and left the tree; see rollBack). */
export function releaseNamespace(construct: Construct): void {
  const held = holders.get(construct.node.root);
  for (const [key, path] of held ?? []) if (path === construct.node.path) held!.delete(key);
}
