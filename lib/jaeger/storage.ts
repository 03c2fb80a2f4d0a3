/**
 * The storage modes' options and their internal specs. Users choose a mode with a
 * {@link JaegerStorage} factory; the stack reads the spec, a union discriminated on `type`:
 *
 * | type | topology |
 * | --- | --- |
 * | `badger` | one StatefulSet, collector + query in one process, Badger on a PVC |
 * | `badger-shared` | collectors + query Deployments over one remote-storage StatefulSet that owns Badger |
 * | `elasticsearch` / `opensearch` | collectors + query Deployments, an external cluster, index-cleaner CronJob |
 * | `cassandra` | collectors + query Deployments, an external Cassandra cluster (retention by TTL) |
 * | `memory` | one StatefulSet, in memory: development only |
 */
export type StorageSpec = BadgerStorage | BadgerSharedStorage | SearchStorage | CassandraStorage | MemoryStorage;

/** The storage mode names. */
export type JaegerStorageType = StorageSpec['type'];

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

/** An existing Secret with the storage's credentials (basic auth, or Cassandra's password authenticator). */
export interface StorageCredentials {
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

/** An existing Secret holding the CA certificate (PEM) that signed the storage servers' certificates. */
export interface StorageCaSecret {
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
 * How Jaeger (and the index cleaner) verify the storage servers: an HTTPS search cluster, or
 * Cassandra nodes with client-to-node encryption. Needed when the servers' certificates are
 * signed by a private CA (ECK's self-signed default, OpenSearch's demo certificates); servers
 * with publicly trusted certificates need no `tls` with a search cluster.
 */
export interface StorageTls {
  /**
   * An existing Secret with the CA certificate, mounted read-only into the collector, query and
   * index-cleaner pods. Certificates are never inlined into the construct's output.
   * @default - the system trust store of the image
   */
  readonly caSecret?: StorageCaSecret;
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

/** Options of Elasticsearch or OpenSearch storage (Jaeger's config for both has the same keys). */
export interface SearchStorageOptions {
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
  readonly credentials?: StorageCredentials;
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
  readonly tls?: StorageTls;
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


/** An absolute http(s) URL with a host, that `new URL` parses (the network policies read its port). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+/.test(value)) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Options of Cassandra storage (3.11, 4.x, 5.x). */
export interface CassandraStorageOptions {
  /**
   * Contact points: host names or addresses of Cassandra nodes, without port, e.g. the
   * headless Service of a Cassandra StatefulSet (`cassandra.db.svc`). At least one; the driver
   * discovers the other nodes from them.
   */
  readonly servers: string[];
  /**
   * The CQL native-protocol port of every node.
   * @default 9042
   */
  readonly port?: number;
  /**
   * The nodes' data center, as `nodetool status` shows it: Jaeger's queries go to it first
   * (DC-aware routing, `local_dc`), it names the default keyspace, and a created schema
   * (`createSchema`) replicates into it alone (`NetworkTopologyStrategy`, `replicationFactor`
   * replicas; add other DCs to the keyspace with `ALTER KEYSPACE`). Required with `createSchema`.
   * @default - no DC-aware routing; the keyspace is named for `dc1`
   */
  readonly datacenter?: string;
  /**
   * The keyspace of Jaeger's tables.
   * @default `jaeger_v1_<datacenter>` (the name of Jaeger's schema script)
   */
  readonly keyspace?: string;
  /**
   * Let Jaeger create the keyspace and tables (`CREATE ... IF NOT EXISTS`) when it starts, with
   * the stack's `retention` as the tables' TTL, in the data center `datacenter` names (so it
   * must be given). Needs a role allowed to create keyspaces. Without
   * it, create the schema with Jaeger's schema script first; the TTL is then the script's
   * `TRACE_TTL`, not `retention`.
   * @default false
   */
  readonly createSchema?: boolean;
  /**
   * Replicas of each row in the data center, for a created schema. Use 3 on a production
   * cluster of three or more nodes.
   * @default 1 (Jaeger's default; one node's loss loses data)
   */
  readonly replicationFactor?: number;
  /**
   * Password-authenticator credentials from an existing Secret: injected as env vars and
   * referenced as `${env:...}` in the config, so no secret lands in a ConfigMap.
   * @default - no authentication
   */
  readonly credentials?: StorageCredentials;
  /**
   * Client-to-node TLS.
   * @default - plain CQL
   */
  readonly tls?: StorageTls;
}

/** Elasticsearch or OpenSearch, as the stack reads it. */
export interface SearchStorage extends SearchStorageOptions {
  readonly type: 'elasticsearch' | 'opensearch';
}

/** Cassandra, as the stack reads it. */
export interface CassandraStorage extends CassandraStorageOptions {
  readonly type: 'cassandra';
}
