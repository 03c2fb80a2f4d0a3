import { describeValue, invalidProp, isObjectMap } from '../k8s';
import { CollectorConfig } from './config';

/**
 * A fragment of an OpenTelemetry Collector config merged over the one the construct builds: the
 * escape hatch for what the props do not cover, like the `config` value of the Collector's Helm
 * chart. Maps merge key by key; lists and scalars replace what was there; `null` removes a key.
 *
 * @example { processors: { batch: { timeout: '1s' } }, exporters: { 'debug': {} },
 *   service: { pipelines: { traces: { exporters: ['otlp_grpc/jaeger', 'debug'] } } } }
 */
export type CollectorConfigOverride = { readonly [section: string]: unknown };

/** The sections a Collector config has (otelcol `Config`); anything else is a typo the Collector refuses. */
const SECTIONS = ['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service'] as const;

/**
 * The Helm chart's merge (its `mustMergeOverwrite` of values into the default config), without
 * Helm's one surprise: a list given is the list used, never merged item by item.
 */
function merge(base: unknown, over: unknown): unknown {
  if (!isObjectMap(over)) return Array.isArray(over) ? [...over] : over;
  const out: Record<string, unknown> = isObjectMap(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

/**
 * `base` with `override` merged over it. The override's sections are checked here (a misspelt
 * section or a component given as a string is named with its path); whether the components and
 * pipelines it names exist is {@link checkConfig}'s job, on the result.
 *
 * @param where the construct label for errors
 * @param prop the prop the override came from, e.g. `gateway.config`
 */
export function mergeOverride(where: string, prop: string, base: CollectorConfig, override: unknown): CollectorConfig {
  if (!isObjectMap(override)) {
    invalidProp(where, prop, override, 'expected a Collector config fragment (a map of sections)',
      'give e.g. { processors: { "attributes/redact": { actions: [...] } } }');
  }
  for (const [section, value] of Object.entries(override)) {
    if (!(SECTIONS as readonly string[]).includes(section)) {
      invalidProp(where, `${prop}.${section}`, value, 'not a section of a Collector config', `use one of ${SECTIONS.join(', ')}`);
    }
    if (value !== null && !isObjectMap(value)) {
      invalidProp(where, `${prop}.${section}`, value, 'expected a map', section === 'service'
        ? 'give { pipelines: { ... } } or the service settings to change'
        : `give the ${section} by id, e.g. { "${section === 'exporters' ? 'otlp_http/archive' : 'attributes/redact'}": { ... } }`);
    }
    if (section !== 'service' && isObjectMap(value)) {
      for (const [id, settings] of Object.entries(value)) {
        if (settings !== null && !isObjectMap(settings)) {
          invalidProp(where, `${prop}.${section}.${id}`, settings, 'expected the settings of one component (a map)',
            `give ${describeValue(id)} a map of its settings ({} for the defaults), or null to remove it`);
        }
      }
    }
  }
  const merged = merge(base, override) as Record<string, unknown>;
  for (const section of SECTIONS) {
    // A section removed with null is an empty one: the built config always has all of them.
    if (!isObjectMap(merged[section])) merged[section] = {};
  }
  const service = merged.service as Record<string, unknown>;
  for (const [key, empty] of [['extensions', []], ['pipelines', {}], ['telemetry', {}]] as const) {
    if (service[key] === undefined) service[key] = empty;
  }
  checkServiceShape(where, prop, service);
  return merged as unknown as CollectorConfig;
}

/** `service.extensions` a list of ids; each pipeline has lists of ids (processors may be left out). */
function checkServiceShape(where: string, prop: string, service: Record<string, unknown>): void {
  const ids = (path: string, value: unknown, required: boolean) => {
    if (value === undefined && !required) return;
    if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id === '')) {
      invalidProp(where, `${prop}.service.${path}`, value, 'expected a list of component ids', 'list ids such as ["otlp"]');
    }
  };
  ids('extensions', service.extensions, true);
  if (!isObjectMap(service.pipelines)) {
    invalidProp(where, `${prop}.service.pipelines`, service.pipelines, 'expected pipelines by name', 'give e.g. { traces: { receivers, processors, exporters } }');
  }
  for (const [name, pipeline] of Object.entries(service.pipelines)) {
    if (!isObjectMap(pipeline)) {
      invalidProp(where, `${prop}.service.pipelines.${name}`, pipeline, 'expected { receivers, processors, exporters }', 'give the pipeline\'s lists, or null to remove it');
    }
    ids(`pipelines.${name}.receivers`, pipeline.receivers, true);
    ids(`pipelines.${name}.processors`, pipeline.processors, false);
    ids(`pipelines.${name}.exporters`, pipeline.exporters, true);
    if (pipeline.processors === undefined) pipeline.processors = [];
  }
}
