/**
 * Checks inside OpenTelemetry-Collector-style configs (the Collector's and Jaeger v2's), found
 * through the {@link COLLECTOR_CONFIG_ANNOTATION} on their ConfigMaps: every component a
 * pipeline names is defined, and every exporter endpoint that points into the cluster resolves
 * to a Service port of the output. A mistake in either only shows when the pod crash-loops or
 * silently drops spans, so it is caught at synth instead.
 */
import { parse } from 'yaml';
import { COLLECTOR_CONFIG_ANNOTATION } from '../k8s/roles';
import { StackFinding, Manifest, describeObject, describeRef, namespaceOf } from './manifest';
import { resolveTargetPort, selectedTemplates } from './selection-checks';
import { StackIndex, externalHint } from './stack-index';

/** The component kinds a pipeline lists, and the top-level sections that may define them. */
const PIPELINE_SLOTS = [
  { slot: 'receivers', singular: 'receiver', sections: ['receivers', 'connectors'] },
  { slot: 'processors', singular: 'processor', sections: ['processors'] },
  { slot: 'exporters', singular: 'exporter', sections: ['exporters', 'connectors'] },
] as const;

/** Exporter types that send OTLP to one `endpoint` (old and new names). */
const OTLP_EXPORTERS = new Set(['otlp', 'otlp_grpc', 'otlphttp', 'otlp_http']);
/** Signal-specific endpoints of the OTLP/HTTP exporter. */
const OTLP_HTTP_SIGNAL_ENDPOINTS = ['traces_endpoint', 'metrics_endpoint', 'logs_endpoint'];
/** The load-balancing exporter's default backend port (exporter/loadbalancingexporter README). */
const LOAD_BALANCING_DEFAULT_PORT = 4317;

/** `type/name` → `type`. */
function componentType(id: string): string {
  return id.split('/')[0];
}

// The config-level helpers below take a parsed config that has a `service` section (checkConfigMap
// refuses anything else), so they index it without guarding against null.
function sectionIds(config: Manifest, section: string): string[] {
  const value = config[section];
  return value && typeof value === 'object' ? Object.keys(value) : [];
}

/** Components of a section whose type is one of `types`, as [id, config] pairs. */
function componentsOfType(config: Manifest, section: string, types: ReadonlySet<string> | readonly string[]): Array<[string, Manifest]> {
  const set = new Set(types);
  return Object.entries<Manifest>(config[section] ?? {}).filter(([id]) => set.has(componentType(id)));
}

function quoteList(ids: string[]): string {
  return ids.length ? ids.map((i) => `"${i}"`).join(', ') : 'none';
}

/** Checks `service.pipelines` and `service.extensions` against the defined components. */
function checkComponents(source: string, config: Manifest): StackFinding[] {
  const findings: StackFinding[] = [];
  const pipelines: Record<string, Manifest> = config.service.pipelines ?? {};
  const connectorUse = new Map<string, { asExporter: string[]; asReceiver: string[] }>();
  // Findings are sorted by the validator: pipelines are read in the file's order.
  for (const [pipeline, def] of Object.entries(pipelines)) {
    for (const { slot, singular, sections } of PIPELINE_SLOTS) {
      for (const id of (Array.isArray(def?.[slot]) ? def[slot] : []) as string[]) {
        const definedIn = sections.find((s) => sectionIds(config, s).includes(id));
        if (definedIn === 'connectors') {
          const use = connectorUse.get(id) ?? { asExporter: [], asReceiver: [] };
          (slot === 'exporters' ? use.asExporter : use.asReceiver).push(pipeline);
          connectorUse.set(id, use);
        }
        if (definedIn) continue;
        const defined = sections.flatMap((s) => sectionIds(config, s));
        findings.push({
          check: 'pipeline-component',
          source,
          message: `${source}: pipeline "${pipeline}" uses ${singular} "${id}" → not defined under ${sections.join(' or ')} `
            + `(defined: ${quoteList(defined)})`,
        });
      }
    }
  }
  for (const [id, use] of connectorUse) {
    if (use.asExporter.length && !use.asReceiver.length) {
      findings.push({
        check: 'pipeline-component',
        source,
        message: `${source}: connector "${id}" is an exporter of pipeline ${quoteList(use.asExporter)} → no pipeline receives from it; `
          + 'add it to the receivers of the pipeline that should get its output',
      });
    } else if (use.asReceiver.length && !use.asExporter.length) {
      findings.push({
        check: 'pipeline-component',
        source,
        message: `${source}: connector "${id}" is a receiver of pipeline ${quoteList(use.asReceiver)} → no pipeline exports to it; `
          + 'add it to the exporters of the pipeline that should feed it',
      });
    }
  }
  const extensions = config.service.extensions;
  for (const id of (Array.isArray(extensions) ? extensions : []) as string[]) {
    if (sectionIds(config, 'extensions').includes(id)) continue;
    findings.push({
      check: 'pipeline-component',
      source,
      message: `${source}: service.extensions lists "${id}" → not defined under extensions (defined: ${quoteList(sectionIds(config, 'extensions'))})`,
    });
  }
  return findings;
}

/**
 * Named links inside a Jaeger v2 config: the storage names `jaeger_query` reads and the
 * `jaeger_storage_exporter` writes must be backends of the `jaeger_storage` extension, and an
 * exporter's persistent queue must name an enabled storage extension.
 */
function checkNamedLinks(source: string, config: Manifest): StackFinding[] {
  const findings: StackFinding[] = [];
  const storages = componentsOfType(config, 'extensions', ['jaeger_storage']).map(([, c]) => c ?? {});
  const backends = storages.flatMap((s) => Object.keys(s.backends ?? {}));
  const metricBackends = storages.flatMap((s) => Object.keys(s.metric_backends ?? {}));
  const want = (where: string, name: unknown, defined: string[], section: string): void => {
    if (typeof name !== 'string' || defined.includes(name)) return;
    findings.push({
      check: 'storage-name',
      source,
      message: `${source}: ${where} = "${name}" → no ${section} of that name in extensions.jaeger_storage (defined: ${quoteList(defined)})`,
    });
  };
  for (const [id, c] of componentsOfType(config, 'extensions', ['jaeger_query'])) {
    want(`extension "${id}" storage.traces`, c?.storage?.traces, backends, 'backends');
    want(`extension "${id}" storage.traces_archive`, c?.storage?.traces_archive, backends, 'backends');
    want(`extension "${id}" storage.metrics`, c?.storage?.metrics, metricBackends, 'metric_backends');
  }
  for (const [id, c] of componentsOfType(config, 'exporters', ['jaeger_storage_exporter'])) {
    want(`exporter "${id}" trace_storage`, c?.trace_storage, backends, 'backends');
  }
  const enabledExtensions: string[] = Array.isArray(config.service.extensions) ? config.service.extensions : [];
  for (const [id, c] of Object.entries<Manifest>(config.exporters ?? {})) {
    const storage = c?.sending_queue?.storage;
    if (typeof storage !== 'string' || enabledExtensions.includes(storage)) continue;
    findings.push({
      check: 'pipeline-component',
      source,
      message: `${source}: exporter "${id}" sending_queue.storage = "${storage}" → not an extension listed in service.extensions `
        + `(listed: ${quoteList(enabledExtensions)})`,
    });
  }
  return findings;
}

/**
 * Tail-sampling policy names: the pinned processor refuses an empty or repeated top-level name
 * at start (processor.go, "duplicate policy name"), so the gateway would crash-loop.
 */
function checkPolicyNames(source: string, config: Manifest): StackFinding[] {
  const findings: StackFinding[] = [];
  for (const [id, c] of componentsOfType(config, 'processors', ['tail_sampling'])) {
    const policies: unknown[] = Array.isArray(c?.policies) ? c.policies : [];
    const seen = new Set<unknown>();
    for (const name of policies.map((p) => (p as Manifest)?.name)) {
      if (typeof name !== 'string' || name === '') {
        findings.push({ check: 'sampling-policy', source, message: `${source}: processor "${id}" has a policy without a name; the processor refuses to start` });
      } else if (seen.has(name)) {
        findings.push({ check: 'sampling-policy', source, message: `${source}: processor "${id}" has two policies named "${name}"; the processor refuses to start ("duplicate policy name")` });
      }
      seen.add(name);
    }
  }
  return findings;
}

/** An endpoint to resolve: where it is written and how it reaches its backend. */
export interface EndpointRef {
  /** e.g. `exporter "otlp_grpc/jaeger" endpoint`. */
  readonly where: string;
  /** The address as written. */
  readonly address: string;
  /** Port to assume when the address has none. */
  readonly defaultPort?: number;
  /**
   * True when the client resolves the Service to pod IPs and dials them directly (the
   * load-balancing exporter's dns and k8s resolvers): the port is then a container port.
   */
  readonly podDirect?: boolean;
}

/** Every exporter-side endpoint of a config (null: an empty document). */
export function endpointsOf(config: Manifest | null): EndpointRef[] {
  const refs: EndpointRef[] = [];
  for (const [id, c] of Object.entries<Manifest>(config?.exporters ?? {})) {
    const type = componentType(id);
    if (OTLP_EXPORTERS.has(type)) {
      for (const key of ['endpoint', ...OTLP_HTTP_SIGNAL_ENDPOINTS]) {
        if (typeof c?.[key] === 'string') refs.push({ where: `exporter "${id}" ${key}`, address: c[key] });
      }
    }
    if (type === 'load_balancing' || type === 'loadbalancing') {
      const resolver = c?.resolver ?? {};
      if (typeof resolver.dns?.hostname === 'string') {
        refs.push({
          where: `exporter "${id}" resolver.dns.hostname`, address: resolver.dns.hostname,
          // The resolver takes the port as a string ("4317"): compare it as a number.
          defaultPort: resolver.dns.port !== undefined ? Number(resolver.dns.port) : LOAD_BALANCING_DEFAULT_PORT, podDirect: true,
        });
      }
      if (typeof resolver.k8s?.service === 'string') {
        const ports: number[] = Array.isArray(resolver.k8s.ports) && resolver.k8s.ports.length ? resolver.k8s.ports.map(Number) : [LOAD_BALANCING_DEFAULT_PORT];
        for (const port of ports) {
          refs.push({ where: `exporter "${id}" resolver.k8s.service`, address: resolver.k8s.service, defaultPort: port, podDirect: true });
        }
      }
      for (const host of (Array.isArray(resolver.static?.hostnames) ? resolver.static.hostnames : []) as unknown[]) {
        if (typeof host === 'string') refs.push({ where: `exporter "${id}" resolver.static.hostnames`, address: host, defaultPort: LOAD_BALANCING_DEFAULT_PORT });
      }
    }
  }
  for (const [id, c] of Object.entries<Manifest>(config?.extensions ?? {})) {
    const type = componentType(id);
    if (type === 'jaeger_storage') {
      for (const [name, backend] of Object.entries<Manifest>(c?.backends ?? {})) {
        if (typeof backend?.grpc?.endpoint === 'string') {
          refs.push({ where: `extension "${id}" backends.${name}.grpc.endpoint`, address: backend.grpc.endpoint });
        }
      }
    }
    if (typeof c?.source?.remote?.endpoint === 'string') {
      refs.push({ where: `extension "${id}" source.remote.endpoint`, address: c.source.remote.endpoint });
    }
  }
  return refs;
}

/** A parsed in-cluster address. */
export interface ClusterAddress {
  readonly service: string;
  readonly namespace: string;
  readonly port?: number;
  /** A Service port named instead of numbered (an Ingress backend's `port.name`). */
  readonly portName?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Parses an endpoint (`svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`, each with optional
 * `http(s)://`, `dns:///` and `:port`) into the Service it names; undefined for an address
 * outside the cluster (an IP, `localhost`, an external DNS name, an `${env:...}` reference).
 * `svc.ns` only counts as in-cluster when `ns` is a namespace of the output (or of an external
 * reference), since `example.com` has the same shape.
 */
export function parseClusterAddress(
  address: string, ownNamespace: string, isKnownNamespace: (ns: string) => boolean, defaultPort?: number,
): ClusterAddress | undefined {
  if (address.includes('${')) return undefined; // resolved from the environment at run time
  let rest = address.trim();
  let schemePort: number | undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/\/?/i.exec(rest);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name === 'http') schemePort = 80;
    if (name === 'https') schemePort = 443;
    rest = rest.slice(scheme[0].length);
  }
  rest = rest.split('/')[0];
  // An IPv6 literal has more than one colon; an empty host fails DNS_LABEL below.
  const [host, portText, ...extra] = rest.split(':');
  if (extra.length) return undefined;
  let port: number | undefined = defaultPort ?? schemePort;
  if (portText !== undefined) {
    if (!/^\d+$/.test(portText)) return undefined;
    port = Number(portText);
  }
  const labels = host.toLowerCase().split('.');
  if (labels.every((l) => /^\d+$/.test(l)) || host === 'localhost' || !labels.every((l) => DNS_LABEL.test(l))) return undefined;
  if (labels.length === 1) return { service: labels[0], namespace: ownNamespace, port };
  if (labels.length === 2 && isKnownNamespace(labels[1])) return { service: labels[0], namespace: labels[1], port };
  if (labels[2] === 'svc') return { service: labels[0], namespace: labels[1], port };
  return undefined;
}

function describeServicePorts(service: Manifest): string {
  const ports = (service.spec?.ports ?? []) as Manifest[];
  return ports.length ? ports.map((p) => `${p.port}${p.name ? ` "${p.name}"` : ''}`).join(', ') : 'no ports';
}

/** Whether a Service serves `port`: as a Service port, or (pod-direct) as a port of the pods behind it. */
function servesPort(index: StackIndex, service: Manifest, port: number, podDirect: boolean): boolean {
  const ports = (service.spec?.ports ?? []) as Manifest[];
  if (ports.some((p) => p.port === port)) return true;
  if (!podDirect) return false;
  return selectedTemplates(index, service).some((t) => ports.some((p) => resolveTargetPort(p, t)?.number === port));
}

/**
 * What is wrong with a link to an in-cluster Service (`<Service> is not in the output; ...` or
 * `<Service> has no port N ...`), or undefined when the Service exists (or is declared external)
 * and serves the port. `podDirect`: see {@link EndpointRef}.
 */
export function serviceLinkProblem(index: StackIndex, target: ClusterAddress, podDirect = false): string | undefined {
  const serviceRef = describeRef('Service', target.namespace, target.service);
  const service = index.find('Service', target.namespace, target.service);
  if (!service) {
    if (index.isExternal('Service', target.namespace, target.service)) return undefined;
    return `${serviceRef} is not in the output; ${externalHint('Service', target.namespace, target.service)}`;
  }
  if (target.port !== undefined && !servesPort(index, service, target.port, podDirect)) {
    return `${serviceRef} has no port ${target.port} (it has: ${describeServicePorts(service)})`;
  }
  if (target.portName !== undefined && !((service.spec?.ports ?? []) as Manifest[]).some((p) => p.name === target.portName)) {
    return `${serviceRef} has no port named "${target.portName}"`;
  }
  return undefined;
}

function checkEndpoints(index: StackIndex, source: string, namespace: string, config: Manifest): StackFinding[] {
  const findings: StackFinding[] = [];
  for (const ref of endpointsOf(config)) {
    const target = parseClusterAddress(ref.address, namespace, (ns) => index.knowsNamespace(ns), ref.defaultPort);
    const problem = target && serviceLinkProblem(index, target, ref.podDirect);
    if (problem) findings.push({ check: 'exporter-endpoint', source, message: `${source}: ${ref.where} "${ref.address}" → ${problem}` });
  }
  return findings;
}

function checkConfigMap(index: StackIndex, configMap: Manifest): StackFinding[] {
  const dataKey: string = configMap.metadata.annotations[COLLECTOR_CONFIG_ANNOTATION];
  const object = describeObject(configMap);
  const source = `${object} key "${dataKey}"`;
  const text = configMap.data?.[dataKey];
  if (typeof text !== 'string') {
    return [{
      check: 'collector-config',
      source: object,
      message: `${object} annotation ${COLLECTOR_CONFIG_ANNOTATION}="${dataKey}" → the ConfigMap has no data key "${dataKey}" `
        + `(it has: ${quoteList(Object.keys(configMap.data ?? {}).sort())})`,
    }];
  }
  let config: Manifest;
  try {
    config = parse(text);
  } catch (e) {
    return [{ check: 'collector-config', source: object, message: `${source}: not valid YAML: ${(e as Error).message.split('\n')[0]}` }];
  }
  if (!config?.service) {
    return [{ check: 'collector-config', source: object, message: `${source}: not a collector config (no "service" section)` }];
  }
  return [
    ...checkComponents(source, config),
    ...checkNamedLinks(source, config),
    ...checkPolicyNames(source, config),
    ...checkEndpoints(index, source, namespaceOf(configMap)!, config),
  ];
}

/** The ConfigMaps of the output annotated as holding a collector/Jaeger config. */
export function collectorConfigMaps(index: StackIndex): Manifest[] {
  return index.ofKind('ConfigMap').filter((cm) => typeof cm.metadata?.annotations?.[COLLECTOR_CONFIG_ANNOTATION] === 'string');
}

/** Every annotated collector/Jaeger config of the output. */
export function checkCollectorConfigs(index: StackIndex): StackFinding[] {
  return collectorConfigMaps(index).flatMap((cm) => checkConfigMap(index, cm));
}
