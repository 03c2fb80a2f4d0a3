import { k8s } from 'cdk8s-plus-33';
import { checkDnsSubdomain, checkNonEmpty, checkNumber, invalidProp } from '../k8s';

/**
 * Storage modes of a {@link JaegerStack}, a union discriminated on `type`:
 *
 * | type | topology |
 * | --- | --- |
 * | `badger` | one StatefulSet, collector + query in one process, Badger on a PVC |
 * | `badger-shared` | collectors + query Deployments over one remote-storage StatefulSet that owns Badger |
 * | `elasticsearch` / `opensearch` | collectors + query Deployments, an external cluster, index-cleaner CronJob |
 * | `memory` | one StatefulSet, in memory: development only |
 */
export type JaegerStorage = BadgerStorage | BadgerSharedStorage | SearchStorage | MemoryStorage;

/** The storage mode names. */
export type JaegerStorageType = JaegerStorage['type'];

/**
 * Badger in the single Jaeger process (the default). Badger is an embedded, single-process
 * store: one pod, one PVC. Size, class and retention are the stack's `volumeSize`,
 * `storageClassName` and `retention` props.
 */
export interface BadgerStorage {
  /** Mode. */
  readonly type: 'badger';
}

/**
 * One Badger store shared by several collectors and a separate query, through Jaeger's remote
 * storage: a single-replica StatefulSet owns the Badger PVC and serves it over gRPC (17271); the
 * collectors write to it and query reads from it with a `grpc` storage backend.
 */
export interface BadgerSharedStorage {
  /** Mode. */
  readonly type: 'badger-shared';
}

/** In-memory storage: traces are lost on restart. For development. */
export interface MemoryStorage {
  /** Mode. */
  readonly type: 'memory';
  /**
   * Traces kept in memory before the oldest are evicted.
   * @default 100000
   */
  readonly maxTraces?: number;
}

/** An existing Secret with the search cluster's basic-auth credentials. */
export interface SearchCredentials {
  /** Name of the Secret, in the stack's namespace. The stack never creates or reads it. */
  readonly secretName: string;
  /**
   * Key of the user name in the Secret.
   * @default 'username'
   */
  readonly usernameKey?: string;
  /**
   * Key of the password in the Secret.
   * @default 'password'
   */
  readonly passwordKey?: string;
}

/** Elasticsearch or OpenSearch (Jaeger's config for both has the same keys). */
export interface SearchStorage {
  /** Mode. */
  readonly type: 'elasticsearch' | 'opensearch';
  /** Full URLs of the cluster, e.g. `['https://es-http.logging.svc:9200']`. At least one. */
  readonly serverUrls: string[];
  /**
   * Prefix of Jaeger's indices (`<prefix>-jaeger-span-<date>`), to share a cluster.
   * @default - no prefix (`jaeger-span-<date>`)
   */
  readonly indexPrefix?: string;
  /**
   * Primary shards per span/service index.
   * @default 3
   */
  readonly shards?: number;
  /**
   * Replica shards per span/service index.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Basic-auth credentials from an existing Secret: injected as env vars and referenced as
   * `${env:...}` in the config, so no secret ever lands in a ConfigMap.
   * @default - no authentication
   */
  readonly credentials?: SearchCredentials;
  /**
   * Schedule (cron, UTC) of the index-cleaner CronJob that enforces the retention.
   * @default '55 23 * * *' (just before the daily index rolls over)
   */
  readonly indexCleanerSchedule?: string;
}

/** Every storage type, for messages. */
export const STORAGE_TYPES: readonly JaegerStorageType[] = ['badger', 'badger-shared', 'elasticsearch', 'opensearch', 'memory'];

/** Modes where collector and query share one process (one StatefulSet). */
export function isSingleProcess(type: JaegerStorageType): boolean {
  return type === 'badger' || type === 'memory';
}

/** Name of the trace backend in `jaeger_storage.backends` (what exporters and query refer to). */
export const TRACE_STORE = 'trace_store';

/** Where the Badger PVC is mounted. */
export const BADGER_MOUNT_PATH = '/badger';

/** Env vars that carry search credentials from the Secret into the process. */
export const SearchCredentialEnv = {
  USERNAME: 'ES_USERNAME',
  PASSWORD: 'ES_PASSWORD',
} as const;

const DEFAULT_MAX_TRACES = 100_000;
const DEFAULT_SHARDS = 3;
const DEFAULT_INDEX_REPLICAS = 1;

/** The options each storage mode takes besides `type`. */
const STORAGE_FIELDS: Record<JaegerStorageType, readonly string[]> = {
  'badger': [],
  'badger-shared': [],
  'memory': ['maxTraces'],
  'elasticsearch': ['serverUrls', 'indexPrefix', 'shards', 'replicas', 'credentials', 'indexCleanerSchedule'],
  'opensearch': ['serverUrls', 'indexPrefix', 'shards', 'replicas', 'credentials', 'indexCleanerSchedule'],
};

/** An absolute http(s) URL with a host, that `new URL` parses (the network policies read its port). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+/.test(value)) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Validates the storage prop (the parts every mode shares); returns it. */
export function checkStorage(where: string, storage: JaegerStorage): JaegerStorage {
  if (!STORAGE_TYPES.includes(storage?.type)) {
    invalidProp(where, 'storage.type', (storage as any)?.type, 'not a storage type', `use one of ${STORAGE_TYPES.map((t) => `"${t}"`).join(', ')}`);
  }
  // A field of another mode (serverUrls on badger, maxTraces on elasticsearch) would be ignored.
  const allowed = STORAGE_FIELDS[storage.type];
  for (const key of Object.keys(storage)) {
    if (key !== 'type' && !allowed.includes(key)) {
      invalidProp(where, `storage.${key}`, (storage as any)[key], `has no effect with storage type "${storage.type}"`,
        allowed.length ? `remove it; this mode takes ${allowed.join(', ')}` : 'remove it; this mode takes no options besides type');
    }
  }
  if (storage.type === 'memory' && storage.maxTraces !== undefined) {
    checkNumber(where, 'storage.maxTraces', storage.maxTraces, { min: 1, integer: true });
  }
  if (storage.type === 'elasticsearch' || storage.type === 'opensearch') {
    const urls = storage.serverUrls;
    if (!Array.isArray(urls) || urls.length === 0) {
      invalidProp(where, 'storage.serverUrls', urls, `${storage.type} needs the URL of at least one server`,
        'give full URLs, e.g. serverUrls: ["https://elasticsearch.logging.svc:9200"]');
    }
    urls.forEach((url, i) => {
      if (!isHttpUrl(url)) {
        invalidProp(where, `storage.serverUrls[${i}]`, url, 'not an http(s) URL', 'give a full URL such as "https://elasticsearch:9200"');
      }
    });
    if (storage.indexPrefix !== undefined) checkNonEmpty(where, 'storage.indexPrefix', storage.indexPrefix);
    if (storage.shards !== undefined) checkNumber(where, 'storage.shards', storage.shards, { min: 1, integer: true });
    if (storage.replicas !== undefined) checkNumber(where, 'storage.replicas', storage.replicas, { min: 0, integer: true });
    if (storage.credentials) {
      checkDnsSubdomain(where, 'storage.credentials.secretName', storage.credentials.secretName);
      if (storage.credentials.usernameKey !== undefined) checkNonEmpty(where, 'storage.credentials.usernameKey', storage.credentials.usernameKey);
      if (storage.credentials.passwordKey !== undefined) checkNonEmpty(where, 'storage.credentials.passwordKey', storage.credentials.passwordKey);
    }
    if (storage.indexCleanerSchedule !== undefined) {
      if (typeof storage.indexCleanerSchedule !== 'string' || storage.indexCleanerSchedule.trim().split(/\s+/).length !== 5) {
        invalidProp(where, 'storage.indexCleanerSchedule', storage.indexCleanerSchedule, 'not a five-field cron schedule',
          'use e.g. "55 23 * * *" (minute hour day month weekday, UTC)');
      }
    }
  }
  return storage;
}

/** The Badger backend: persistent (`ephemeral: false`), on the PVC, with the retention as TTL. */
export function badgerBackend(retention: string): Record<string, unknown> {
  // Keys: internal/storage/v1/badger/config.go (jaeger repo). `ephemeral` defaults to true,
  // which would keep the store in a temp dir and lose it on restart.
  return {
    badger: {
      directories: { keys: `${BADGER_MOUNT_PATH}/keys`, values: `${BADGER_MOUNT_PATH}/values` },
      ephemeral: false,
      ttl: { spans: retention },
    },
  };
}

/**
 * A `grpc` backend over a Jaeger remote storage server: reads through its remote-storage API,
 * writes as OTLP to its OTLP receiver. The remote-storage API serves only TraceReader and
 * DependencyReader, so without `writer` the collectors could not store a span.
 */
export function remoteStorageBackend(readEndpoint: string, writeEndpoint: string): Record<string, unknown> {
  // internal/storage/v2/grpc/config.go: configgrpc.ClientConfig squashed for reads, `writer`
  // (a configgrpc.ClientConfig) for writes; cmd/jaeger/config-remote-storage.yaml shows both.
  // Plain gRPC inside the cluster.
  return { grpc: { endpoint: readEndpoint, tls: { insecure: true }, writer: { endpoint: writeEndpoint, tls: { insecure: true } } } };
}

/** The in-memory backend. */
export function memoryBackend(storage: MemoryStorage): Record<string, unknown> {
  return { memory: { max_traces: storage.maxTraces ?? DEFAULT_MAX_TRACES } };
}

/** The Elasticsearch/OpenSearch backend; credentials only as `${env:...}` references. */
export function searchBackend(storage: SearchStorage): Record<string, unknown> {
  // Keys: internal/storage/elasticsearch/config/config.go (jaeger repo).
  const index = { shards: storage.shards ?? DEFAULT_SHARDS, replicas: storage.replicas ?? DEFAULT_INDEX_REPLICAS };
  return {
    [storage.type]: {
      server_urls: storage.serverUrls,
      indices: {
        ...(storage.indexPrefix ? { index_prefix: storage.indexPrefix } : {}),
        spans: index,
        services: index,
      },
      ...(storage.credentials ? {
        auth: {
          basic: {
            username: `\${env:${SearchCredentialEnv.USERNAME}}`,
            password: `\${env:${SearchCredentialEnv.PASSWORD}}`,
          },
        },
      } : {}),
    },
  };
}

/** The env vars that bring the credentials from the Secret (none without credentials). */
export function searchCredentialEnv(storage: JaegerStorage): k8s.EnvVar[] {
  if ((storage.type !== 'elasticsearch' && storage.type !== 'opensearch') || !storage.credentials) return [];
  const { secretName, usernameKey, passwordKey } = storage.credentials;
  const fromSecret = (name: string, key: string): k8s.EnvVar => ({
    name, valueFrom: { secretKeyRef: { name: secretName, key, optional: false } },
  });
  return [
    fromSecret(SearchCredentialEnv.USERNAME, usernameKey ?? 'username'),
    fromSecret(SearchCredentialEnv.PASSWORD, passwordKey ?? 'password'),
  ];
}

/**
 * Days the index cleaner keeps: the retention rounded up to whole days (indices are daily, so a
 * finer retention cannot be enforced; rounding up never deletes data younger than asked).
 */
export function retentionDays(retentionMs: number): number {
  return Math.max(1, Math.ceil(retentionMs / 86_400_000));
}
