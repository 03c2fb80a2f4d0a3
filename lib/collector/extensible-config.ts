import { checkProps, describeValue, invalidProp, isObjectMap } from '../k8s';
import { ComponentKind, ComponentTable, componentType, hasComponent } from './components';
import { checkConfig, CollectorConfig, ComponentSettings, renderConfig, SECTION } from './config';
import { CollectorConfigOverride, mergeOverride } from './config-override';

/** Where a component added to a collector goes. */
export interface AddComponentOptions {
  /**
   * The pipelines that use it (receivers, processors, exporters).
   * @default ['traces']
   */
  readonly pipelines?: string[];
  /**
   * For a processor: the processor it runs before. Processors see spans in list order.
   * @default - before `batch` (so the batch still groups what goes out), or last where there is none
   */
  readonly before?: string;
}

/** A component id: `type` or `type/name` (otelcol `component.ID`: letters, digits, `_`; a name of any visible characters). */
const COMPONENT_ID = /^[a-zA-Z][a-zA-Z0-9_]*(\/[^\s/]+)?$/;

/** A pipeline of the working copy, which the add* methods extend. */
type MutablePipeline = { receivers: string[]; processors: string[]; exporters: string[] };

/** What a collector's config needs to know about its owner to check additions and report errors. */
export interface ExtensibleConfigContext {
  /** The construct label for errors, e.g. `OtelCollector "otel"`. */
  readonly where: string;
  /** Which collector, for errors and the prop names of its add* calls (`agent`, `gateway`). */
  readonly role: string;
  /** The image's components. */
  readonly table: ComponentTable;
}

/**
 * A collector's config as its owner built it, plus what users add through `add*` methods and the
 * `config` override. Resolved when the manifests are written (the ConfigMap and its checksum are
 * lazy), so additions made after construction are in the output; the owner registers
 * `validate` with `node.addValidation`, so synth fails before anything is written.
 */
export class ExtensibleCollectorConfig {
  private readonly config: CollectorConfig;

  /**
   * @param base the owner's config, already checked against the table
   * @param override the user's `config` prop (checked here, merged last)
   * @param overrideProp the prop path of the override, e.g. `gateway.config`
   */
  constructor(
    private readonly context: ExtensibleConfigContext,
    base: CollectorConfig,
    private readonly override?: CollectorConfigOverride,
    private readonly overrideProp = `${context.role}.config`,
  ) {
    // The owner's own config first: a component missing there is the component table's fault.
    checkConfig(base, context.table, context.where, context.role);
    this.config = structuredClone(base);
    // An override that breaks the config fails at construction, naming the prop.
    if (override !== undefined) this.check(this.resolve(), this.overrideProp);
  }

  /** The config as it will be written: the owner's, the additions, then the override. */
  public resolve(): CollectorConfig {
    const config = structuredClone(this.config);
    return this.override === undefined ? config : mergeOverride(this.context.where, this.overrideProp, config, this.override);
  }

  /** The resolved config as YAML. */
  public render(): string {
    return renderConfig(this.resolve());
  }

  /** Problems of the resolved config (for `node.addValidation`): empty when the Collector accepts it. */
  public validate(): string[] {
    try {
      this.check(this.resolve(), this.override === undefined ? `${this.context.role}.add*` : `${this.context.role}.config`);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }

  /** Adds a receiver to the given pipelines. */
  public addReceiver(id: string, settings: ComponentSettings, options: AddComponentOptions = {}): void {
    for (const pipeline of this.define('receiver', 'addReceiver', id, settings, options)) pipeline.receivers.push(id);
  }

  /** Adds a processor to the given pipelines, before `options.before` (default: before `batch`). */
  public addProcessor(id: string, settings: ComponentSettings, options: AddComponentOptions = {}): void {
    const beforeIn = (processors: string[]) => options.before ?? (processors.includes('batch') ? 'batch' : undefined);
    const pipelines = this.define('processor', 'addProcessor', id, settings, options, (processors) => {
      const before = beforeIn(processors);
      if (before !== undefined && !processors.includes(before)) {
        invalidProp(this.context.where, `${this.context.role}.addProcessor("${id}").before`, before,
          `the ${this.context.role} pipeline has no processor "${before}"`, `use one of ${processors.join(', ')}, or leave "before" out`);
      }
    });
    for (const { processors } of pipelines) {
      const before = beforeIn(processors);
      processors.splice(before === undefined ? processors.length : processors.indexOf(before), 0, id);
    }
  }

  /** Adds an exporter to the given pipelines (after the existing ones: every exporter gets every span). */
  public addExporter(id: string, settings: ComponentSettings, options: AddComponentOptions = {}): void {
    for (const pipeline of this.define('exporter', 'addExporter', id, settings, options)) pipeline.exporters.push(id);
  }

  /** Adds an extension and enables it in `service.extensions`. */
  public addExtension(id: string, settings: ComponentSettings): void {
    this.define('extension', 'addExtension', id, settings, { pipelines: [] });
    this.config.service.extensions.push(id);
  }

  /**
   * Checks the id, its type against the image, the settings and the pipelines (and, through
   * `checkPipeline`, what the caller needs of each), then defines the component. Nothing changes
   * when a check fails. Returns the pipelines that are to use it.
   */
  private define(kind: ComponentKind, method: string, id: string, settings: ComponentSettings, options: AddComponentOptions,
    checkPipeline: (processors: string[]) => void = () => undefined): MutablePipeline[] {
    const { where, role, table } = this.context;
    const prop = `${role}.${method}`;
    if (typeof id !== 'string' || !COMPONENT_ID.test(id)) {
      invalidProp(where, prop, id, 'not a component id', 'use type or type/name, e.g. "attributes/redact"');
    }
    if (!hasComponent(table, kind, id)) {
      const alias = table.deprecatedAliases?.[componentType(id)];
      invalidProp(where, prop, id, `the image (${table.distribution}) has no ${kind} "${componentType(id)}"`,
        alias ? `write "${alias}"` : 'use a component the image has, or an image that has it (listed in componentTable)');
    }
    const section = this.config[SECTION[kind]];
    if (id in section) {
      invalidProp(where, prop, id, `the ${role} config already has ${kind} "${id}"`, 'give it another name (type/name), or change it with the config override');
    }
    if (!isObjectMap(settings)) {
      invalidProp(where, `${prop}("${id}")`, settings, 'expected the component\'s settings (a map)', 'give {} for its defaults');
    }
    checkProps(where, options, 'AddComponentOptions', `${prop}("${id}")`);
    const names = options.pipelines ?? ['traces'];
    if (!Array.isArray(names) || (names.length === 0 && kind !== 'extension')) {
      invalidProp(where, `${prop}("${id}").pipelines`, names, 'expected a non-empty list of pipeline names', 'e.g. ["traces"], or leave it out');
    }
    const pipelines = names.map((name) => {
      const pipeline = this.config.service.pipelines[name] as MutablePipeline | undefined;
      if (pipeline === undefined) {
        invalidProp(where, `${prop}("${id}").pipelines`, name, `the ${role} has no pipeline ${describeValue(name)}`,
          `use one of ${Object.keys(this.config.service.pipelines).join(', ')}`);
      }
      checkPipeline(pipeline.processors);
      return pipeline;
    });
    section[id] = structuredClone(settings);
    return pipelines;
  }

  private check(config: CollectorConfig, prop: string): void {
    checkConfig(config, this.context.table, this.context.where, this.context.role, prop);
  }
}
