import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AddComponentOptions, ExtensibleCollectorConfig } from './extensible-config';

/**
 * A collector whose generated config users extend (`OtelCollector.agent`, `OtelCollector.gateway`):
 * what is added is checked against the image's component table and the whole-stack checks.
 */
export interface IExtensibleCollector extends IConstruct {
  /**
   * The config as it will be written (the construct's own, the additions, the `config` override),
   * as the collector's YAML has it: `receivers`, `processors`, `exporters`, `connectors`,
   * `extensions`, `service`.
   */
  readonly config: { [section: string]: any };
  /**
   * The workload (the agents' DaemonSet, the gateways' StatefulSet), for what no prop says:
   * `collector.workload.addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true))`.
   */
  readonly workload: ApiObject;
  /** Adds a receiver (e.g. `kafka`) to the `traces` pipeline, or to `options.pipelines`. */
  addReceiver(id: string, settings: { [key: string]: any }, options?: AddComponentOptions): void;
  /** Adds a processor (e.g. `attributes/redact`), before `batch` unless `options.before` says otherwise. */
  addProcessor(id: string, settings: { [key: string]: any }, options?: AddComponentOptions): void;
  /** Adds an exporter (e.g. `otlp_http/archive`): it gets every span the pipeline exports. */
  addExporter(id: string, settings: { [key: string]: any }, options?: AddComponentOptions): void;
  /** Adds an extension (e.g. `zpages`) and enables it. */
  addExtension(id: string, settings: { [key: string]: any }): void;
}

/**
 * A collector workload (an agent DaemonSet, a gateway StatefulSet) whose config users extend:
 * `add*` calls land in the config written at synth, and synth fails, before writing anything,
 * when the result names a component the config does not define or the image does not have.
 */
export abstract class CollectorWorkload extends Construct implements IExtensibleCollector {
  public abstract readonly workload: ApiObject;
  protected constructor(scope: Construct, id: string, protected readonly collectorConfig: ExtensibleCollectorConfig) {
    super(scope, id);
    this.node.addValidation({ validate: () => collectorConfig.validate() });
  }

  /** The config as it will be written (the construct's own, the additions, the `config` override). */
  public get config(): { [section: string]: any } {
    return this.collectorConfig.resolve();
  }

  /** Adds a receiver (e.g. `kafka`) to the `traces` pipeline, or to `options.pipelines`. */
  public addReceiver(id: string, settings: { [key: string]: any }, options?: AddComponentOptions): void {
    this.collectorConfig.addReceiver(id, settings, options);
  }

  /** Adds a processor (e.g. `attributes/redact`), before `batch` unless `options.before` says otherwise. */
  public addProcessor(id: string, settings: { [key: string]: any }, options?: AddComponentOptions): void {
    this.collectorConfig.addProcessor(id, settings, options);
  }

  /** Adds an exporter (e.g. `otlp_http/archive`): it gets every span the pipeline exports. */
  public addExporter(id: string, settings: { [key: string]: any }, options?: AddComponentOptions): void {
    this.collectorConfig.addExporter(id, settings, options);
  }

  /** Adds an extension (e.g. `zpages`) and enables it. */
  public addExtension(id: string, settings: { [key: string]: any }): void {
    this.collectorConfig.addExtension(id, settings);
  }
}
