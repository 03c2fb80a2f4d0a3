import { checkCronSchedule, checkDnsSubdomain, checkNonEmpty, checkNumber, checkSecretKey, invalidProp, isObjectMap } from '../k8s';

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
   *
   * Keep it late in the UTC day: the cleaner deletes every index created before tomorrow's
   * midnight minus the retention's days (jaeger repo, cmd/es-index-cleaner/app/cutoff_time.go),
   * so a run at hh:mm deletes spans as young as the retention minus (24 h − hh:mm). At the
   * default that is 5 minutes early; at 01:00 it would be 23 hours early.
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
  if (!isObjectMap(tls)) {
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
