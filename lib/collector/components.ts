import { Images, invalidProp, isObjectMap } from '../k8s';

/** The five kinds of Collector component, as the config's top-level sections name them (singular). */
export type ComponentKind = 'receiver' | 'processor' | 'exporter' | 'connector' | 'extension';

/** Every kind, in the order the Collector config lists its sections. */
export const COMPONENT_KINDS: readonly ComponentKind[] = ['receiver', 'processor', 'exporter', 'connector', 'extension'];

/** Component type names of an image, one list per kind. */
export interface ComponentTypes {
  /** Receiver type names. */
  readonly receiver: string[];
  /** Processor type names. */
  readonly processor: string[];
  /** Exporter type names. */
  readonly exporter: string[];
  /** Connector type names. */
  readonly connector: string[];
  /** Extension type names. */
  readonly extension: string[];
}

/**
 * The components a Collector image contains, by kind, under the type names that image
 * accepts (`k8s_attributes`, not its module name `k8sattributesprocessor`). A generated config
 * that uses a component missing here fails synth instead of crash-looping in the cluster.
 */
export interface ComponentTable {
  /** What the table describes, for error messages, e.g. `otelcol-contrib 0.158.0`. */
  readonly distribution: string;
  /** Component type names by kind. */
  readonly components: ComponentTypes;
  /**
   * Old type names the image still accepts (with a deprecation warning), mapped to the current
   * name. Only used to make error messages say what to write instead.
   * @default - none
   */
  readonly deprecatedAliases?: Readonly<Record<string, string>>;
  /**
   * The image tags this table was made for. Component names change between Collector releases
   * (the 2026 renames, components added and removed), so an image with another tag is refused
   * until a table is given for it.
   * @default - any tag (the table's author vouches for the image)
   */
  readonly imageTags?: string[];
}

/**
 * The tracing-relevant components of the OpenTelemetry Collector **contrib** distribution
 * 0.158.0 (`Images.OTEL_COLLECTOR`), under the names valid at that version.
 *
 * Sources (open-telemetry/opentelemetry-collector-releases `distributions/otelcol-contrib/manifest.yaml`
 * lists the modules of the distribution; each module's `metadata.yaml` gives its type name):
 * - every module below is in the contrib manifest (checked at v0.135.0, the newest manifest
 *   copy we could read) and in open-telemetry/opentelemetry-collector-contrib `go.mod` at
 *   v0.157.0; none was removed by the releases CHANGELOG since;
 * - the 2026 lower_snake_case renames, each keeping the old name as a deprecated alias:
 *   `otlp` exporter → `otlp_grpc` and `otlphttp` → `otlp_http` (collector v0.144.0, PRs
 *   #14403/#14397), `k8sattributes` → `k8s_attributes` (contrib PR #45901, Feb 2026),
 *   `spanmetrics` → `span_metrics` (connector metadata.yaml `deprecated_type: spanmetrics`),
 *   `loadbalancing` → `load_balancing` (contrib PR #48533, May 2026);
 * - `tail_sampling`, `health_check`, `file_storage`: type names from their metadata.yaml;
 *   `jaegerremotesampling` keeps its one-word type (internal/metadata/generated_status.go).
 *
 * This is the subset this library may emit plus common neighbours, not the whole distribution;
 * pass your own table (prop `componentTable`) for a custom image or to use more components.
 * Every entry is proven: the e2e tier builds a Collector from exactly these components' modules
 * (test/e2e/binaries/otelcol-manifest.yaml, lines of the contrib release manifest) and compares
 * this table with what that binary's `components` command reports. (`pprof` was dropped: its
 * v0.158.0 module cannot be fetched here, so nothing could prove it.)
 */
export const OTEL_CONTRIB_COMPONENTS: ComponentTable = {
  distribution: `otelcol-contrib ${Images.OTEL_COLLECTOR.tag}`,
  imageTags: [Images.OTEL_COLLECTOR.tag],
  components: {
    receiver: ['otlp', 'jaeger', 'zipkin', 'kafka', 'prometheus'],
    processor: ['memory_limiter', 'batch', 'k8s_attributes', 'tail_sampling', 'attributes', 'resource', 'filter', 'transform'],
    exporter: ['otlp_grpc', 'otlp_http', 'load_balancing', 'prometheus', 'debug', 'kafka'],
    connector: ['span_metrics', 'forward'],
    extension: ['health_check', 'file_storage', 'jaegerremotesampling', 'zpages'],
  },
  deprecatedAliases: {
    otlp: 'otlp_grpc',
    otlphttp: 'otlp_http',
    k8sattributes: 'k8s_attributes',
    spanmetrics: 'span_metrics',
    loadbalancing: 'load_balancing',
  },
};

/** The type of a component id: `otlp_grpc/jaeger` → `otlp_grpc`. */
export function componentType(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

/** Whether the table has a component of this kind and type (the id may carry a `/name`). */
export function hasComponent(table: ComponentTable, kind: ComponentKind, id: string): boolean {
  return table.components[kind].includes(componentType(id));
}

/** A component table given as a prop: the shape {@link ComponentTable} describes. */
export function checkComponentTable(where: string, prop: string, value: unknown): ComponentTable {
  const fix = 'pass a table shaped like ComponentTables.OTEL_CONTRIB: { distribution, components: { receiver: [...], ... } }';
  const table = value as ComponentTable;
  if (!isObjectMap(value)) invalidProp(where, prop, value, 'expected a component table', fix);
  if (typeof table.distribution !== 'string' || table.distribution === '') {
    invalidProp(where, `${prop}.distribution`, table.distribution, 'expected the name and version of the distribution', 'e.g. "otelcol-k8s 0.158.0"');
  }
  if (!isObjectMap(table.components)) invalidProp(where, `${prop}.components`, table.components, 'expected components by kind', fix);
  for (const kind of COMPONENT_KINDS) {
    const types = table.components[kind];
    if (!Array.isArray(types) || types.some((t) => typeof t !== 'string' || t === '')) {
      invalidProp(where, `${prop}.components.${kind}`, types, 'expected a list of component type names', `list the ${kind} types of the image, e.g. ["otlp"]`);
    }
  }
  if (table.imageTags !== undefined && (!Array.isArray(table.imageTags) || table.imageTags.length === 0 || table.imageTags.some((t) => typeof t !== 'string' || t === ''))) {
    invalidProp(where, `${prop}.imageTags`, table.imageTags, 'expected a non-empty list of image tags', 'list the tags the table describes, or leave imageTags out');
  }
  if (table.deprecatedAliases !== undefined && !isObjectMap(table.deprecatedAliases)) {
    invalidProp(where, `${prop}.deprecatedAliases`, table.deprecatedAliases, 'expected a map of old to current type names', 'e.g. { otlp: "otlp_grpc" }, or leave it out');
  }
  return table;
}
