/**
 * Objects that the output holds twice under one identity (API group, kind, namespace, name).
 * Kubernetes keeps one object per identity, so only one of them would exist, and which one
 * depends on apply order; `kubectl kustomize` and Argo CD refuse the output outright. Two
 * stacks or two collectors in one namespace are the usual cause: their objects have fixed names.
 */
import { Manifest, StackFinding, describeObject } from './manifest';
import { StackIndex } from './stack-index';

/** `group/Kind` of an object: the API group from `apiVersion` (`""` for the core group). */
function groupKind(obj: Manifest): string {
  const apiVersion = String(obj.apiVersion);
  // No "/" (the core group's "v1", or no apiVersion at all): the empty group.
  return `${apiVersion.slice(0, Math.max(apiVersion.indexOf('/'), 0))}/${obj.kind}`;
}

export function checkDuplicates(index: StackIndex): StackFinding[] {
  const counts = new Map<string, { obj: Manifest; count: number }>();
  for (const obj of index.objects) {
    if (!obj.kind || typeof obj.metadata?.name !== 'string') continue;
    const identity = `${groupKind(obj)}\u0000${describeObject(obj)}`;
    const seen = counts.get(identity);
    if (seen) seen.count += 1;
    else counts.set(identity, { obj, count: 1 });
  }
  return [...counts.values()].filter((c) => c.count > 1).map(({ obj, count }) => ({
    check: 'duplicate-object',
    source: describeObject(obj),
    message: `${describeObject(obj)} is in the output ${count} times; Kubernetes keeps one object per kind, `
      + 'namespace and name, so all but one would be lost (and kustomize refuses the output): '
      + 'give each instance its own namespace or name, or remove the repeated construct',
  }));
}
