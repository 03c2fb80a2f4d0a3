import { createHash } from 'crypto';
import { Yaml } from 'cdk8s';
import { invalidProp, prometheusPullReader } from '../k8s';
import { COMPONENT_KINDS, ComponentKind, ComponentTable, componentType, hasComponent } from './components';

/** The settings of one component: plain data, serialised as YAML. */
export type ComponentSettings = Record<string, unknown>;

/** One pipeline of `service.pipelines`. */
export interface CollectorPipeline {
  readonly receivers: string[];
  /** Optional, as in otelcol: a pipeline may pass data straight through (Jaeger's no-op one does). */
  readonly processors?: string[];
  readonly exporters: string[];
}

/**
 * An OpenTelemetry Collector config (the file passed with `--config`). Component maps are keyed
 * by component id (`type` or `type/name`); `service.pipelines` wires them together.
 */
export interface CollectorConfig {
  readonly receivers: Record<string, ComponentSettings>;
  readonly processors: Record<string, ComponentSettings>;
  readonly exporters: Record<string, ComponentSettings>;
  readonly connectors: Record<string, ComponentSettings>;
  readonly extensions: Record<string, ComponentSettings>;
  readonly service: CollectorService;
}

/** The `service` section of a Collector config: which extensions run and how pipelines connect. */
export interface CollectorService {
  readonly extensions: string[];
  readonly pipelines: Record<string, CollectorPipeline>;
  readonly telemetry: ComponentSettings;
}

/** Config section holding each kind of component. */
export const SECTION: { readonly [K in ComponentKind]: 'receivers' | 'processors' | 'exporters' | 'connectors' | 'extensions' } = {
  receiver: 'receivers',
  processor: 'processors',
  exporter: 'exporters',
  connector: 'connectors',
  extension: 'extensions',
};

/** The data key of the config in its ConfigMap (also the value of `COLLECTOR_CONFIG_ANNOTATION`). */
export const CONFIG_KEY = 'config.yaml';

/** Where the config is mounted in the container. */
export const CONFIG_DIR = '/conf';

/** The Collector's own metrics as a Prometheus endpoint on `port` (see {@link prometheusPullReader}). */
export function internalTelemetry(port: number): ComponentSettings {
  return { metrics: { readers: [prometheusPullReader(port)] } };
}

/** A config with all sections present and empty, to be filled by a builder. */
export function emptyConfig(telemetry: ComponentSettings): CollectorConfig {
  return {
    receivers: {}, processors: {}, exporters: {}, connectors: {}, extensions: {},
    service: { extensions: [], pipelines: {}, telemetry },
  };
}

/** Every component id a pipeline uses, with the kind it must be defined as (a connector counts as both ends). */
function pipelineReferences(config: CollectorConfig): { kind: ComponentKind; id: string; pipeline: string }[] {
  const refs: { kind: ComponentKind; id: string; pipeline: string }[] = [];
  for (const [pipeline, p] of Object.entries(config.service.pipelines)) {
    const asConnectorOr = (kind: ComponentKind) => (id: string) =>
      refs.push({ kind: id in config.connectors ? 'connector' : kind, id, pipeline });
    p.receivers.forEach(asConnectorOr('receiver'));
    (p.processors ?? []).forEach((id) => refs.push({ kind: 'processor', id, pipeline }));
    p.exporters.forEach(asConnectorOr('exporter'));
  }
  return refs;
}

/**
 * Checks a config before it is written: every component a pipeline or `service.extensions`
 * names is defined, and every defined component is in the image's table. Throws an
 * invalid-prop error naming the component and the image otherwise.
 *
 * @param where the construct label for the message
 * @param role which collector the config belongs to (`agent`, `gateway`)
 * @param prop where the user's part of the config came from (`gateway.config`, an `add*` call);
 *   without it the config is the library's own, so a dangling reference is a bug of ours and a
 *   component missing from the table is the `componentTable`'s
 */
export function checkConfig(config: CollectorConfig, table: ComponentTable, where: string, role: string, prop?: string): void {
  const dangling = (id: string, what: string, fix: string): never => {
    if (prop === undefined) throw new Error(`${where}: ${what} (a bug in this library)`);
    return invalidProp(where, prop, id, what, fix);
  };
  for (const { kind, id, pipeline } of pipelineReferences(config)) {
    if (!(id in config[SECTION[kind]])) {
      dangling(id, `the ${role} pipeline "${pipeline}" names ${kind} "${id}", which the config does not define`,
        `define "${id}" under ${SECTION[kind]}, or remove it from the pipeline`);
    }
  }
  for (const id of config.service.extensions) {
    if (!(id in config.extensions)) {
      dangling(id, `the ${role} enables extension "${id}", which the config does not define`,
        `define "${id}" under extensions, or remove it from service.extensions`);
    }
  }
  for (const kind of COMPONENT_KINDS) {
    for (const id of Object.keys(config[SECTION[kind]])) {
      if (hasComponent(table, kind, id)) continue;
      const type = componentType(id);
      const alias = table.deprecatedAliases?.[type];
      invalidProp(where, prop ?? 'componentTable', prop === undefined ? table.distribution : id,
        `the ${role} config uses ${kind} "${type}", which the image (${table.distribution}) does not contain` +
        (alias ? ` (it is a deprecated alias of "${alias}")` : ''),
        prop === undefined
          ? 'use an image whose distribution has this component (the contrib distribution does) and list it in componentTable, or change the props that need it'
          : alias ? `write "${alias}"` : 'use a component the image has, or an image that has it (listed in componentTable)');
    }
  }
}

/** The config as YAML, the way the Collector reads it. */
export function renderConfig(config: CollectorConfig): string {
  // Leave out empty component sections (a gateway has no connectors): less to read. (The service
  // section always has its pipelines, extensions and telemetry.)
  const nonEmpty = Object.fromEntries(Object.entries(config).filter(([, value]) => Object.keys(value as object).length > 0));
  return Yaml.stringify(nonEmpty);
}

/** sha256 of a rendered config, for the pod-template annotation that rolls pods on change. */
export function configChecksum(rendered: string, ...otherFiles: string[]): string {
  const hash = createHash('sha256').update(rendered);
  // NUL-separated: no two different file sets hash alike by shifting text between files
  for (const file of otherFiles) hash.update('\0').update(file);
  return hash.digest('hex');
}
