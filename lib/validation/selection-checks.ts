/**
 * Links by label selector and by port: Service → pods and container ports, ServiceMonitor →
 * Services and their ports, PodMonitor → pods and their ports, PDB → pods, HPA → its target.
 */
import {
  DeclaredPort, StackFinding, LabelSelector, Manifest, PodTemplate, closestMiss, declaredPorts, describeLabels,
  describeObject, describeRef, describeSelector, matchesSelector, namespaceOf,
} from './manifest';
import { StackIndex } from './stack-index';

/** The pod templates a Service's plain selector picks, in its namespace. */
export function selectedTemplates(index: StackIndex, service: Manifest): PodTemplate[] {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  return index.templatesIn(namespaceOf(service)!).filter((t) => matchesSelector({ matchLabels: selector }, t.labels));
}

/**
 * Why a namespaced selector matched nothing: matching pods in another namespace, else the
 * nearest pod template of the namespace and the labels it differs in.
 */
function whyNoMatch(index: StackIndex, namespace: string, selector: LabelSelector): string {
  const elsewhere = index.templates.filter((t) => t.namespace !== namespace && matchesSelector(selector, t.labels));
  if (elsewhere.length) return `${elsewhere.map((t) => t.owner).join(', ')} would match but is in another namespace`;
  const candidates = index.templatesIn(namespace);
  if (candidates.length === 0) return 'the namespace has no workloads in the output';
  return closestMiss(selector.matchLabels ?? {}, candidates.map((t) => ({ name: t.owner, labels: t.labels })))
    || 'its matchExpressions exclude every pod template';
}

/** `port "otlp-grpc" (4317/TCP)` or `port 4317/TCP`. */
export function describeServicePort(p: Manifest): string {
  const protocol = p.protocol ?? 'TCP';
  return p.name ? `port "${p.name}" (${p.port}/${protocol})` : `port ${p.port}/${protocol}`;
}

/** What a Service port forwards to: its `targetPort`, defaulting to `port`. */
export function targetPortOf(p: Manifest): string | number {
  return p.targetPort ?? p.port;
}

/** The container port of a template a Service port forwards to, if declared with the right protocol. */
export function resolveTargetPort(p: Manifest, template: PodTemplate): DeclaredPort | undefined {
  const target = targetPortOf(p);
  const protocol = p.protocol ?? 'TCP';
  return declaredPorts(template).find((d) => matchesTarget(d, target) && d.protocol === protocol);
}

function matchesTarget(d: DeclaredPort, target: string | number): boolean {
  return typeof target === 'string' ? d.name === target : d.number === target;
}

function describeTarget(target: string | number): string {
  return typeof target === 'string' ? `"${target}"` : String(target);
}

function checkService(index: StackIndex, service: Manifest): StackFinding[] {
  const source = describeObject(service);
  const selector: Record<string, string> | undefined = service.spec?.selector;
  // No selector: endpoints are managed by hand or by a controller; ExternalName: a DNS alias.
  if (service.spec?.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) return [];
  const ns = namespaceOf(service)!;
  const selected = selectedTemplates(index, service);
  if (selected.length === 0) {
    return [{
      check: 'service-selector',
      source,
      message: `${source} selector ${describeLabels(selector)} → selects no pod template in namespace ${ns} (${whyNoMatch(index, ns, { matchLabels: selector })})`,
    }];
  }
  const findings: StackFinding[] = [];
  for (const p of (service.spec?.ports ?? []) as Manifest[]) {
    const target = targetPortOf(p);
    const protocol = p.protocol ?? 'TCP';
    const lacking = selected.filter((t) => !resolveTargetPort(p, t));
    if (lacking.length === 0) continue;
    const otherProtocol = lacking.flatMap((t) => declaredPorts(t)).find((d) => matchesTarget(d, target));
    findings.push({
      check: 'service-port',
      source,
      message: `${source} ${describeServicePort(p)} → no container port ${describeTarget(target)} with protocol ${protocol} `
        + `on the pods it selects (${lacking.map((t) => t.owner).join(', ')})`
        + (otherProtocol ? `: container "${otherProtocol.container}" declares it with protocol ${otherProtocol.protocol}` : ''),
    });
  }
  return findings;
}

/** The namespaces a prometheus-operator `namespaceSelector` covers; undefined = all. */
function monitorNamespaces(monitor: Manifest): string[] | undefined {
  const sel = monitor.spec?.namespaceSelector;
  if (sel?.any) return undefined;
  if (sel?.matchNames?.length) return [...sel.matchNames];
  return [namespaceOf(monitor)!];
}

function describeNamespaces(namespaces: string[] | undefined): string {
  if (namespaces === undefined) return 'any namespace';
  return namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${namespaces.join(', ')}`;
}

function inNamespaces(ns: string | undefined, namespaces: string[] | undefined): boolean {
  return namespaces === undefined || (ns !== undefined && namespaces.includes(ns));
}

function checkServiceMonitor(index: StackIndex, monitor: Manifest): StackFinding[] {
  const source = describeObject(monitor);
  const namespaces = monitorNamespaces(monitor);
  const selector: LabelSelector = monitor.spec?.selector ?? {};
  const candidates = index.ofKind('Service').filter((s) => inNamespaces(namespaceOf(s), namespaces));
  const selected = candidates.filter((s) => matchesSelector(selector, s.metadata?.labels ?? {}));
  if (selected.length === 0) {
    const hint = closestMiss(selector.matchLabels ?? {}, candidates.map((s) => ({ name: describeObject(s), labels: s.metadata?.labels ?? {} })));
    return [{
      check: 'monitor-selector',
      source,
      message: `${source} selector ${describeSelector(selector)} → selects no Service in ${describeNamespaces(namespaces)}`
        + (hint ? ` (${hint})` : ''),
    }];
  }
  const findings: StackFinding[] = [];
  for (const endpoint of (monitor.spec?.endpoints ?? []) as Manifest[]) {
    if (typeof endpoint.port !== 'string') continue; // targetPort endpoints address pods directly
    const exposing = selected.filter((s) => ((s.spec?.ports ?? []) as Manifest[]).some((p) => p.name === endpoint.port));
    if (exposing.length > 0) continue;
    findings.push({
      check: 'monitor-port',
      source,
      message: `${source} endpoint port "${endpoint.port}" → no Service it selects has a port of that name `
        + `(${selected.map((s) => `${describeObject(s)} has ${portNames(s.spec?.ports)}`).join('; ')})`,
    });
  }
  return findings;
}

function portNames(ports: Manifest[] | undefined): string {
  const names = (ports ?? []).map((p) => (p.name ? `"${p.name}"` : String(p.port ?? p.containerPort)));
  return names.length ? names.join(', ') : 'no ports';
}

function checkPodMonitor(index: StackIndex, monitor: Manifest): StackFinding[] {
  const source = describeObject(monitor);
  const namespaces = monitorNamespaces(monitor);
  const selector: LabelSelector = monitor.spec?.selector ?? {};
  const candidates = index.templates.filter((t) => inNamespaces(t.namespace, namespaces));
  const selected = candidates.filter((t) => matchesSelector(selector, t.labels));
  if (selected.length === 0) {
    const hint = closestMiss(selector.matchLabels ?? {}, candidates.map((t) => ({ name: t.owner, labels: t.labels })));
    return [{
      check: 'monitor-selector',
      source,
      message: `${source} selector ${describeSelector(selector)} → selects no pod template in ${describeNamespaces(namespaces)}`
        + (hint ? ` (${hint})` : ''),
    }];
  }
  const findings: StackFinding[] = [];
  for (const endpoint of (monitor.spec?.podMetricsEndpoints ?? []) as Manifest[]) {
    if (typeof endpoint.port !== 'string') continue;
    if (selected.some((t) => declaredPorts(t).some((d) => d.name === endpoint.port))) continue;
    findings.push({
      check: 'monitor-port',
      source,
      message: `${source} podMetricsEndpoints port "${endpoint.port}" → no container port of that name on the pods it selects `
        + `(${selected.map((t) => `${t.owner} has ${portNames(declaredPorts(t).map((d) => ({ name: d.name, containerPort: d.number })))}`).join('; ')})`,
    });
  }
  return findings;
}

function checkDisruptionBudget(index: StackIndex, pdb: Manifest): StackFinding[] {
  const source = describeObject(pdb);
  const ns = namespaceOf(pdb)!;
  const selector: LabelSelector = pdb.spec?.selector ?? {};
  const candidates = index.templatesIn(ns);
  if (candidates.some((t) => matchesSelector(selector, t.labels))) return [];
  return [{
    check: 'pdb-selector',
    source,
    message: `${source} selector ${describeSelector(selector)} → selects no pod template in namespace ${ns} (${whyNoMatch(index, ns, selector)})`,
  }];
}

/** Kinds with a `scale` subresource that an HPA can target. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

function checkAutoscaler(index: StackIndex, hpa: Manifest): StackFinding[] {
  const source = describeObject(hpa);
  const ns = namespaceOf(hpa)!;
  const target = hpa.spec?.scaleTargetRef ?? {};
  if (index.find(target.kind, ns, target.name)) return [];
  const sameName = index.objects.filter((o) => o?.metadata?.name === target.name && namespaceOf(o) === ns && SCALABLE.has(o.kind));
  return [{
    check: 'hpa-target',
    source,
    message: `${source} scaleTargetRef → ${describeRef(target.kind, ns, target.name)} is not in the output`
      + (sameName.length ? ` (there is ${sameName.map(describeObject).join(', ')}: wrong kind?)` : ''),
  }];
}

/**
 * A workload's own selector must match its pod template's labels (the API server refuses it
 * otherwise), and a StatefulSet's governing `serviceName` must be a Service of the output (or
 * external), or its pods get no stable DNS names.
 */
function checkWorkload(index: StackIndex, template: PodTemplate): StackFinding[] {
  const findings: StackFinding[] = [];
  const spec = template.object.spec ?? {};
  const selector: LabelSelector | undefined = spec.selector;
  if (template.kind !== 'Pod' && template.kind !== 'CronJob' && selector && !matchesSelector(selector, template.labels)) {
    findings.push({
      check: 'workload-selector',
      source: template.owner,
      message: `${template.owner} selector ${describeSelector(selector)} → does not match its own pod template labels ${describeLabels(template.labels)}`,
    });
  }
  if (template.kind === 'StatefulSet' && typeof spec.serviceName === 'string' && spec.serviceName !== ''
    && !index.find('Service', template.namespace, spec.serviceName) && !index.isExternal('Service', template.namespace, spec.serviceName)) {
    findings.push({
      check: 'statefulset-service',
      source: template.owner,
      message: `${template.owner} serviceName → ${describeRef('Service', template.namespace, spec.serviceName)} is not in the output; `
        + 'create the headless Service that governs the pods\' DNS names',
    });
  }
  return findings;
}

/** Selector and port links of workloads, Services, monitors, PDBs and HPAs. */
export function checkSelections(index: StackIndex): StackFinding[] {
  return [
    ...index.templates.flatMap((t) => checkWorkload(index, t)),
    ...index.ofKind('Service').flatMap((s) => checkService(index, s)),
    ...index.ofKind('ServiceMonitor').flatMap((m) => checkServiceMonitor(index, m)),
    ...index.ofKind('PodMonitor').flatMap((m) => checkPodMonitor(index, m)),
    ...index.ofKind('PodDisruptionBudget').flatMap((p) => checkDisruptionBudget(index, p)),
    ...index.ofKind('HorizontalPodAutoscaler').flatMap((h) => checkAutoscaler(index, h)),
  ];
}
