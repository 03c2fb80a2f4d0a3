/**
 * What each storage mode renders: the `jaeger_storage` backend of the config, and the env vars
 * and volumes its pods need (credentials from a Secret, the search cluster's CA).
 */
import { k8s } from 'cdk8s-plus-33';
import {
  BADGER_MOUNT_PATH, DEFAULT_CA_KEY, IndexCleanerTlsEnv, MemoryStorage, SEARCH_CA_FILE, SEARCH_CA_MOUNT_DIR,
  SEARCH_CA_VOLUME, SearchCredentialEnv, SearchStorage,
} from './storage';
import { secretKeyEnv } from '../k8s';
import { clientTls } from '../tls/collector-tls';
import type { TracingTls } from '../tls/tracing-tls';

const DEFAULT_MAX_TRACES = 100_000;
const DEFAULT_SHARDS = 3;
const DEFAULT_INDEX_REPLICAS = 1;

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
export function searchTlsVolumes(storage: SearchStorage): StorageVolumes {
  const ca = storage.tls?.caSecret;
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
export function remoteStorageBackend(readEndpoint: string, writeEndpoint: string, tls?: TracingTls): Record<string, unknown> {
  // internal/storage/v2/grpc/config.go: configgrpc.ClientConfig squashed for reads, `writer`
  // (a configgrpc.ClientConfig) for writes; cmd/jaeger/config-remote-storage.yaml shows both.
  // With TLS, the client verifies the remote storage's certificate and presents its own (the
  // pod's, mounted by its role); otherwise plain gRPC inside the cluster. A new object per
  // client: a shared one would be written as a YAML anchor and alias.
  const clientSide = () => (tls ? clientTls(tls) : { insecure: true });
  return { grpc: { endpoint: readEndpoint, tls: clientSide(), writer: { endpoint: writeEndpoint, tls: clientSide() } } };
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
export function searchCredentialEnv(storage: SearchStorage): k8s.EnvVar[] {
  if (!storage.credentials) return [];
  const { secretName, usernameKey, passwordKey } = storage.credentials;
  return [
    secretKeyEnv(SearchCredentialEnv.USERNAME, secretName, usernameKey ?? 'username'),
    secretKeyEnv(SearchCredentialEnv.PASSWORD, secretName, passwordKey ?? 'password'),
  ];
}

/**
 * Days the index cleaner keeps: the retention rounded up to whole days (indices are daily, so a
 * finer retention cannot be enforced). The cleaner compares each index's creation time with
 * tomorrow's midnight minus these days, so run at the default 23:55 it deletes nothing younger
 * than the retention less 5 minutes (proven on a real OpenSearch in the e2e tier).
 */
export function retentionDays(retentionMs: number): number {
  return Math.max(1, Math.ceil(retentionMs / 86_400_000));
}
