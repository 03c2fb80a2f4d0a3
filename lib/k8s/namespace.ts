import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import { checkDnsLabel } from './validate';

/** Where objects go when neither the props nor the Chart name a namespace. */
export const DEFAULT_NAMESPACE = 'monitoring';

/**
 * The namespace of a construct's objects, as cdk8s-plus resolves it: the one given in the props,
 * else the Chart's, else the library's default. Decided here only, so every construct of a Chart
 * lands where its peers expect it.
 */
export function resolveNamespace(scope: Construct, where: string, prop: string, given: unknown): string {
  if (given !== undefined) return checkDnsLabel(where, prop, given);
  const chartNamespace = Chart.of(scope).namespace;
  if (chartNamespace === undefined) return DEFAULT_NAMESPACE;
  return checkDnsLabel(where, `${prop} (the Chart's namespace)`, chartNamespace);
}

/**
 * Marks an object cluster-scoped: cdk8s gives every object of a Chart with a namespace that
 * namespace, and a cluster-scoped object must carry none.
 */
export function clusterScoped<T extends ApiObject>(object: T): T {
  if (object.metadata.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return object;
}
