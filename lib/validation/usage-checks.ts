/**
 * Links that no pod starts with but that fail once the stack is used: a Grafana datasource
 * whose URL names a Service the output's namespace lacks (Grafana shows "bad gateway" on every
 * query), and a claim whose StorageClass neither the output creates nor the user declares as
 * existing (the claim stays Pending, and the pod with it), an Ingress or HTTPRoute whose backend
 * names a Service or port that is not there (the controller answers 503 on every request).
 */
import { parse } from 'yaml';
import { parseClusterAddress, serviceLinkProblem } from './collector-config-checks';
import { Manifest, StackFinding, describeObject, namespaceOf, podTemplates } from './manifest';
import { StackIndex } from './stack-index';

/** Grafana provisioning files (`apiVersion: 1`, `datasources:`) in a ConfigMap's data. */
function datasourceFiles(configMap: Manifest): Array<{ key: string; datasources: Manifest[] }> {
  return Object.entries<unknown>(configMap.data ?? {}).flatMap(([key, text]) => {
    // A prefilter (dashboards are large): the parse below decides.
    // Stryker disable next-line Regex: a looser prefilter lets more text reach the parse, which finds the same files
    if (typeof text !== 'string' || !/^datasources:/m.test(text)) return [];
    try {
      const doc = parse(text);
      return Array.isArray(doc.datasources) ? [{ key, datasources: doc.datasources }] : [];
    } catch {
      return [];
    }
  });
}

function checkDatasources(index: StackIndex): StackFinding[] {
  const findings: StackFinding[] = [];
  for (const cm of index.ofKind('ConfigMap')) {
    const namespace = namespaceOf(cm)!;
    for (const { key, datasources } of datasourceFiles(cm)) {
      for (const ds of datasources) {
        if (typeof ds?.url !== 'string') continue;
        const target = parseClusterAddress(ds.url, namespace, (ns) => index.knowsNamespace(ns));
        // Only the output's own namespaces: a Service elsewhere belongs to someone else.
        if (!target || !index.namespaces.has(target.namespace)) continue;
        const problem = serviceLinkProblem(index, target);
        if (problem) {
          findings.push({
            check: 'datasource-url',
            source: describeObject(cm),
            message: `${describeObject(cm)} key "${key}": datasource "${ds.name}" url "${ds.url}" → ${problem}`,
          });
        }
      }
    }
  }
  return findings;
}

/** Every claim of the output with its StorageClass: PVCs and StatefulSet claim templates. */
function claims(index: StackIndex): Array<{ owner: string; storageClassName: string }> {
  const found: Array<{ owner: string; storageClassName: string }> = [];
  for (const pvc of index.ofKind('PersistentVolumeClaim')) {
    if (typeof pvc.spec?.storageClassName === 'string') found.push({ owner: describeObject(pvc), storageClassName: pvc.spec.storageClassName });
  }
  for (const t of podTemplates(index.objects)) {
    for (const c of (t.object.spec?.volumeClaimTemplates ?? []) as Manifest[]) {
      if (typeof c.spec?.storageClassName === 'string') {
        found.push({ owner: `${t.owner} volumeClaimTemplate "${c.metadata?.name ?? ''}"`, storageClassName: c.spec.storageClassName });
      }
    }
  }
  return found;
}

function checkStorageClasses(index: StackIndex): StackFinding[] {
  return claims(index)
    // "" asks for no class at all (static provisioning), not for a class named "".
    .filter((c) => c.storageClassName !== '' && !index.find('StorageClass', undefined, c.storageClassName)
      && !index.isExternal('StorageClass', undefined, c.storageClassName))
    .map((c) => ({
      check: 'storage-class',
      source: c.owner,
      message: `${c.owner} storageClassName "${c.storageClassName}" → StorageClass ${c.storageClassName} is not in the output; `
        + `create it (TracingStorageClass), or declare it external: validation.external: [{ kind: 'StorageClass', name: '${c.storageClassName}' }] `
        + '(TracingStorageClass with create: false does this for you in a GitOpsApp)',
    }));
}

/** Every Service backend of an Ingress (rules and default backend) or an HTTPRoute (backendRefs of kind Service). */
function routeBackends(route: Manifest): Array<{ where: string; service: string; namespace: string; port?: number; portName?: string }> {
  const ns = namespaceOf(route)!;
  if (route.kind === 'Ingress') {
    const backends: Array<{ where: string; backend: Manifest | undefined }> = [
      { where: 'defaultBackend', backend: route.spec?.defaultBackend },
      ...((route.spec?.rules ?? []) as Manifest[]).flatMap((rule, i) => ((rule.http?.paths ?? []) as Manifest[])
        .map((p) => ({ where: `rules[${i}] path "${p.path ?? '/'}"`, backend: p.backend }))),
    ];
    return backends.filter((b) => b.backend?.service?.name).map(({ where, backend }) => ({
      where, service: backend!.service.name, namespace: ns, port: backend!.service.port?.number, portName: backend!.service.port?.name,
    }));
  }
  return ((route.spec?.rules ?? []) as Manifest[]).flatMap((rule, i) => ((rule.backendRefs ?? []) as Manifest[])
    .filter((ref) => (ref.kind ?? 'Service') === 'Service' && (ref.group ?? '') === '')
    .map((ref) => ({ where: `rules[${i}] backendRef`, service: ref.name, namespace: ref.namespace ?? ns, port: ref.port })));
}

/** Ingress and HTTPRoute backends name a Service of the output (or an external one) and a port it has. */
function checkRoutes(index: StackIndex): StackFinding[] {
  const findings: StackFinding[] = [];
  for (const route of [...index.ofKind('Ingress'), ...index.ofKind('HTTPRoute')]) {
    for (const b of routeBackends(route)) {
      const problem = serviceLinkProblem(index, { service: b.service, namespace: b.namespace, port: b.port, portName: b.portName });
      if (problem) findings.push({ check: 'route-backend', source: describeObject(route), message: `${describeObject(route)} ${b.where} → ${problem}` });
    }
  }
  return findings;
}

export function checkUsage(index: StackIndex): StackFinding[] {
  return [...checkDatasources(index), ...checkStorageClasses(index), ...checkRoutes(index)];
}
