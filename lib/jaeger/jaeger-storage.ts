/**
 * The storage mode of a {@link JaegerStack}, chosen with a static factory (in the manner of
 * cdk8s-plus's `DeploymentStrategy.rollingUpdate()`): the mode decides the topology.
 */
import { FactorySpecs } from '../k8s';
import type { CassandraStorageOptions, JaegerStorageType, SearchStorageOptions, StorageSpec } from './storage';

/**
 * Where a {@link JaegerStack} stores traces, which decides what it runs.
 *
 *
 * | factory | topology |
 * | --- | --- |
 * | `badger()` | one StatefulSet, collector + query in one process, Badger on a PVC (the default) |
 * | `badgerShared()` | collectors + query Deployments over one remote-storage StatefulSet that owns Badger |
 * | `elasticsearch()` / `opensearch()` | collectors + query Deployments, an external cluster, index-cleaner CronJob |
 * | `cassandra()` | collectors + query Deployments, an external Cassandra cluster (retention by TTL) |
 * | `memory()` | one StatefulSet, in memory: development only |
 *
 * The options are checked by the stack that uses them, so errors name the stack and the prop
 * (`JaegerStack "jaeger": storage.serverUrls ...`).
 */
export class JaegerStorage {
  /**
   * Badger in the single Jaeger process. Badger is an embedded, single-process store: one pod,
   * one PVC. Size, class and retention are the stack's `volumeSize`, `storageClassName` and
   * `retention` props.
   */
  public static badger(): JaegerStorage {
    return new JaegerStorage({ type: 'badger' });
  }

  /**
   * One Badger store shared by several collectors and a separate query.
   *
   * Through Jaeger's remote storage: a single-replica StatefulSet owns the Badger PVC and serves
   * it over gRPC, the collectors write to it and query reads from it.
   */
  public static badgerShared(): JaegerStorage {
    return new JaegerStorage({ type: 'badger-shared' });
  }

  /** An external Elasticsearch cluster. An index-cleaner CronJob enforces the retention. */
  public static elasticsearch(options: SearchStorageOptions): JaegerStorage {
    return new JaegerStorage({ ...options, type: 'elasticsearch' });
  }

  /** An external OpenSearch cluster. An index-cleaner CronJob enforces the retention. */
  public static opensearch(options: SearchStorageOptions): JaegerStorage {
    return new JaegerStorage({ ...options, type: 'opensearch' });
  }

  /** An external Cassandra cluster. The tables' TTL enforces the retention. */
  public static cassandra(options: CassandraStorageOptions): JaegerStorage {
    return new JaegerStorage({ ...options, type: 'cassandra' });
  }

  /**
   * In memory: traces are lost on restart. For development.
   * @param maxTraces traces kept before the oldest are evicted (default 100000)
   */
  public static memory(maxTraces?: number): JaegerStorage {
    return new JaegerStorage(maxTraces === undefined ? { type: 'memory' } : { type: 'memory', maxTraces });
  }

  /** The mode's name: `badger`, `badger-shared`, `elasticsearch`, `opensearch`, `cassandra` or `memory`. */
  public readonly type: string;

  private constructor(spec: StorageSpec) {
    SPECS.set(this, spec);
    this.type = spec.type;
  }
}

const SPECS = new FactorySpecs<JaegerStorage, StorageSpec>('JaegerStorage',
  'make it with a factory: JaegerStorage.badger(), .badgerShared(), .elasticsearch({ serverUrls }), .opensearch({ serverUrls }), .cassandra({ servers }) or .memory()');

/** The spec a stack validates and builds from; refuses anything a factory did not make. */
export function storageSpecOf(where: string, storage: unknown): StorageSpec {
  return SPECS.of(where, 'storage', storage);
}

/** The factory that makes each mode, for messages that point the way out. */
export const STORAGE_FACTORIES: { readonly [T in JaegerStorageType]: string } = {
  'badger': 'JaegerStorage.badger()',
  'badger-shared': 'JaegerStorage.badgerShared()',
  'elasticsearch': 'JaegerStorage.elasticsearch({ serverUrls })',
  'opensearch': 'JaegerStorage.opensearch({ serverUrls })',
  'cassandra': 'JaegerStorage.cassandra({ servers })',
  'memory': 'JaegerStorage.memory()',
};
