import { k8s } from 'cdk8s-plus-33';
import { checkCronSchedule, checkDnsSubdomain, checkNonEmpty, checkNumber, checkSecretKey, invalidProp } from '../k8s';

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

/** An existing Secret holding the CA certificate (PEM) that signed the search cluster's certificate. */
export interface SearchCaSecret {
  /** Name of the Secret, in the stack's namespace. The stack never creates or reads it. */
  readonly name: string;
  /**
   * Key of the PEM CA certificate in the Secret (ECK's `<cluster>-es-http-certs-public` and
   * cert-manager Secrets both use `ca.crt`).
   * @default 'ca.crt'
   */
  readonly key?: string;
}

/**
 * How Jaeger and the index cleaner verify an HTTPS search cluster. Needed when the cluster's
 * certificate is signed by a private CA (ECK's self-signed default, OpenSearch's demo
 * certificates); a cluster with a publicly trusted certificate needs no `tls` at all.
 */
export interface SearchTls {
  /**
   * An existing Secret with the CA certificate, mounted read-only into the collector, query and
   * index-cleaner pods. Certificates are never inlined into the construct's output.
   * @default - the system trust store of the image
   */
  readonly caSecret?: SearchCaSecret;
  /**
   * Skip verifying the server's certificate chain and host name. **For development only**:
   * anyone on the path can read and alter traces and credentials. Prefer `caSecret`.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
  /**
   * Host name expected in the server's certificate, when it differs from the host of the
   * server URLs (e.g. a certificate issued for `es.example.com` reached through a Service name).
   * @default - the host of each server URL
   */
  readonly serverName?: string;
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
  /**
   * TLS towards an HTTPS cluster with a private CA (requires every server URL to be `https://`).
   * @default - plain HTTP for `http://` URLs; the system trust store for `https://` URLs
   */
  readonly tls?: SearchTls;
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

/** Where the search cluster's CA Secret is mounted, and the file name the CA gets there. */
export const SEARCH_CA_MOUNT_DIR = '/etc/jaeger/search-ca';
export const SEARCH_CA_FILE = `${SEARCH_CA_MOUNT_DIR}/ca.crt`;
/** Pod volume of the search cluster's CA. */
export const SEARCH_CA_VOLUME = 'search-ca';
/** The key of a Secret's CA certificate when none is given. */
export const DEFAULT_CA_KEY = 'ca.crt';

/**
 * The index cleaner's TLS flags (`--es.tls.*`, jaeger repo internal/config/tlscfg/flags.go with
 * prefix `es`, cmd/es-index-cleaner/app/flags.go), as the env vars it also reads (viper maps
 * `.` and `-` to `_`, internal/config/config.go). Every other `es.tls.*` option is refused
 * unless `es.tls.enabled` is true.
 */
export const IndexCleanerTlsEnv = {
  ENABLED: 'ES_TLS_ENABLED',
  CA: 'ES_TLS_CA',
  SKIP_HOST_VERIFY: 'ES_TLS_SKIP_HOST_VERIFY',
  SERVER_NAME: 'ES_TLS_SERVER_NAME',
} as const;

const DEFAULT_MAX_TRACES = 100_000;
const DEFAULT_SHARDS = 3;
const DEFAULT_INDEX_REPLICAS = 1;

/** The options each storage mode takes besides `type`. */
const STORAGE_FIELDS: Record<JaegerStorageType, readonly string[]> = {
  'badger': [],
  'badger-shared': [],
  'memory': ['maxTraces'],
  'elasticsearch': ['serverUrls', 'indexPrefix', 'shards', 'replicas', 'credentials', 'tls', 'indexCleanerSchedule'],
  'opensearch': ['serverUrls', 'indexPrefix', 'shards', 'replicas', 'credentials', 'tls', 'indexCleanerSchedule'],
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
  if ((storage as { tls?: unknown }).tls !== undefined && !isSearch(storage)) {
    invalidProp(where, 'storage.tls', (storage as { tls?: unknown }).tls,
      `storage type "${storage.type}" connects to no external cluster, so there is nothing to use TLS for`,
      'remove storage.tls; it belongs to storage type "elasticsearch" or "opensearch"');
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
    if (storage.indexPrefix !== undefined) {
      checkNonEmpty(where, 'storage.indexPrefix', storage.indexPrefix);
      // Elasticsearch and OpenSearch refuse index names with capitals or most punctuation, or
      // starting with "-", "_" or "+"; the prefix starts every index name Jaeger creates.
      if (!/^[a-z0-9][a-z0-9._-]{0,199}$/.test(storage.indexPrefix)) {
        invalidProp(where, 'storage.indexPrefix', storage.indexPrefix, 'not usable in an index name',
          'use at most 200 lowercase letters, digits, "-", "_" and ".", starting with a letter or digit, e.g. "team-a"');
      }
    }
    if (storage.shards !== undefined) checkNumber(where, 'storage.shards', storage.shards, { min: 1, integer: true });
    if (storage.replicas !== undefined) checkNumber(where, 'storage.replicas', storage.replicas, { min: 0, integer: true });
    if (storage.credentials) {
      checkDnsSubdomain(where, 'storage.credentials.secretName', storage.credentials.secretName);
      if (storage.credentials.usernameKey !== undefined) checkSecretKey(where, 'storage.credentials.usernameKey', storage.credentials.usernameKey, 'username');
      if (storage.credentials.passwordKey !== undefined) checkSecretKey(where, 'storage.credentials.passwordKey', storage.credentials.passwordKey, 'password');
    }
    if (storage.tls !== undefined) checkSearchTls(where, storage);
    if (storage.indexCleanerSchedule !== undefined) checkCronSchedule(where, 'storage.indexCleanerSchedule', storage.indexCleanerSchedule);
  }
  return storage;
}

/** Whether the storage is Elasticsearch or OpenSearch. */
export function isSearch(storage: JaegerStorage): storage is SearchStorage {
  return storage.type === 'elasticsearch' || storage.type === 'opensearch';
}

/** Validates `storage.tls` of a search storage whose server URLs are already checked. */
function checkSearchTls(where: string, storage: SearchStorage): void {
  const tls = storage.tls!;
  if (tls === null || typeof tls !== 'object' || Array.isArray(tls)) {
    invalidProp(where, 'storage.tls', tls, 'expected an object', 'give e.g. tls: { caSecret: { name: "es-http-certs-public" } }');
  }
  // One TLS setting applies to every server; an http:// server would silently skip it.
  const plain = storage.serverUrls.map((url, i) => ({ url, i })).filter(({ url }) => !/^https:\/\//i.test(url));
  if (plain.length === storage.serverUrls.length) {
    invalidProp(where, 'storage.tls', tls,
      `every server URL is plain http:// (${storage.serverUrls.join(', ')}), so the TLS settings would never be used and traffic would stay unencrypted`,
      'use the https:// URLs of the cluster (e.g. "https://elasticsearch-es-http.logging.svc:9200"), or remove storage.tls for a plain-HTTP cluster');
  }
  if (plain.length > 0) {
    invalidProp(where, `storage.serverUrls[${plain[0].i}]`, plain[0].url,
      'is plain http:// while storage.tls asks for TLS: requests to this server would go unencrypted',
      'use https:// for every server URL of the cluster');
  }
  if (tls.caSecret !== undefined) {
    if (tls.caSecret === null || typeof tls.caSecret !== 'object') {
      invalidProp(where, 'storage.tls.caSecret', tls.caSecret, 'expected { name, key? }', 'give the existing Secret, e.g. caSecret: { name: "es-http-certs-public" }');
    }
    checkDnsSubdomain(where, 'storage.tls.caSecret.name', tls.caSecret.name);
    if (tls.caSecret.key !== undefined) {
      checkSecretKey(where, 'storage.tls.caSecret.key', tls.caSecret.key, DEFAULT_CA_KEY);
    }
  }
  if (tls.insecureSkipVerify !== undefined && typeof tls.insecureSkipVerify !== 'boolean') {
    invalidProp(where, 'storage.tls.insecureSkipVerify', tls.insecureSkipVerify, 'expected true or false', 'leave it out (false) outside development');
  }
  if (tls.insecureSkipVerify && tls.caSecret) {
    invalidProp(where, 'storage.tls.insecureSkipVerify', true,
      'skips the certificate check, so the CA of storage.tls.caSecret would never be used',
      'remove insecureSkipVerify to verify the cluster against caSecret (recommended), or remove caSecret');
  }
  if (tls.serverName !== undefined) {
    checkNonEmpty(where, 'storage.tls.serverName', tls.serverName, 'give the host name in the server certificate, e.g. "elasticsearch-es-http.logging.svc"');
  }
}

/**
 * The `tls` block of the search backend (a configtls.ClientConfig: opentelemetry-collector
 * config/configtls). Undefined without `storage.tls`: Jaeger's default (`insecure: false`,
 * system trust store) then applies, and an http:// URL never uses the TLS settings
 * (internal/storage/elasticsearch/config/config.go, GetHTTPRoundTripper), so plain-HTTP
 * clusters need no `insecure: true`.
 */
export function searchTlsConfig(storage: SearchStorage): Record<string, unknown> | undefined {
  const tls = storage.tls;
  if (!tls) return undefined;
  const config: Record<string, unknown> = {
    ...(tls.caSecret ? { ca_file: SEARCH_CA_FILE } : {}),
    ...(tls.insecureSkipVerify ? { insecure_skip_verify: true } : {}),
    ...(tls.serverName ? { server_name_override: tls.serverName } : {}),
  };
  return Object.keys(config).length > 0 ? config : undefined;
}

/** Volumes and mounts a pod needs for its storage (none unless a CA Secret is given). */
export interface StorageVolumes {
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

/** The CA Secret as a read-only volume, its key projected to {@link SEARCH_CA_FILE}. */
export function searchTlsVolumes(storage: JaegerStorage): StorageVolumes {
  const ca = isSearch(storage) ? storage.tls?.caSecret : undefined;
  if (!ca) return { volumes: [], mounts: [] };
  return {
    // `items`: a missing key fails the mount with a clear event instead of a missing file
    // later, and the whole-stack validator can check the key of a Secret in the output.
    volumes: [{
      name: SEARCH_CA_VOLUME,
      secret: { secretName: ca.name, items: [{ key: ca.key ?? DEFAULT_CA_KEY, path: 'ca.crt' }], optional: false },
    }],
    mounts: [{ name: SEARCH_CA_VOLUME, mountPath: SEARCH_CA_MOUNT_DIR, readOnly: true }],
  };
}

/** The index cleaner's env for the same TLS settings as Jaeger (none without `storage.tls`). */
export function indexCleanerTlsEnv(storage: SearchStorage): k8s.EnvVar[] {
  const tls = storage.tls;
  if (!tls) return [];
  return [
    { name: IndexCleanerTlsEnv.ENABLED, value: 'true' },
    ...(tls.caSecret ? [{ name: IndexCleanerTlsEnv.CA, value: SEARCH_CA_FILE }] : []),
    ...(tls.insecureSkipVerify ? [{ name: IndexCleanerTlsEnv.SKIP_HOST_VERIFY, value: 'true' }] : []),
    ...(tls.serverName ? [{ name: IndexCleanerTlsEnv.SERVER_NAME, value: tls.serverName }] : []),
  ];
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

/**
 * The Elasticsearch/OpenSearch backend; credentials only as `${env:...}` references. Reads reach
 * back as far as the index cleaner keeps data (`retentionDays`, whole days): the backend's own
 * `max_span_age` defaults to 72h, and past it searches and trace views silently find nothing.
 */
export function searchBackend(storage: SearchStorage, retentionMs: number): Record<string, unknown> {
  // Keys: internal/storage/elasticsearch/config/config.go (jaeger repo; MaxSpanAge, "maximum
  // lookback on span reads", a Go duration).
  const index = { shards: storage.shards ?? DEFAULT_SHARDS, replicas: storage.replicas ?? DEFAULT_INDEX_REPLICAS };
  const tls = searchTlsConfig(storage);
  return {
    [storage.type]: {
      server_urls: storage.serverUrls,
      max_span_age: `${retentionDays(retentionMs) * 24}h`,
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
      ...(tls ? { tls } : {}),
    },
  };
}

/** The env vars that bring the credentials from the Secret (none without credentials). */
export function searchCredentialEnv(storage: JaegerStorage): k8s.EnvVar[] {
  if (!isSearch(storage) || !storage.credentials) return [];
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
