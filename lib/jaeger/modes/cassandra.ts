/**
 * Cassandra, the store Jaeger has run on at scale the longest: collectors and query as
 * Deployments over a cluster outside the stack. Retention is Cassandra's own TTL, set in the
 * schema, so there is no cleaner.
 *
 * Keys: jaeger repo internal/storage/cassandra/config/config.go (Configuration: `schema`,
 * `connection`, `query`), cmd/jaeger/config-cassandra.yaml; the schema Jaeger creates with
 * `schema.create` comes from internal/storage/v1/cassandra/schema (v004 templates).
 */
import type { k8s } from 'cdk8s-plus-33';
import { checkBoolean, checkDnsSubdomain, checkNonEmpty, checkNumber, checkPort, checkSecretKey, invalidProp, isObjectMap, secretKeyEnv } from '../../k8s';
import type { CassandraStorage } from '../storage';
import type { JaegerStorageMode, StorageClient } from './mode';
import { collectorAndQueryRoles } from './roles';

/** Env vars that carry the credentials from the Secret into the process. */
const CREDENTIAL_ENV = { USERNAME: 'CASSANDRA_USERNAME', PASSWORD: 'CASSANDRA_PASSWORD' } as const;
const CA_VOLUME = 'cassandra-ca';
const CA_DIR = '/etc/jaeger/cassandra-ca';
const CA_FILE = `${CA_DIR}/ca.crt`;
const DEFAULT_PORT = 9042;
/** The data center in the default keyspace's name (`jaeger_v1_dc1`, as Jaeger's schema script names it). */
const DEFAULT_KEYSPACE_DATACENTER = 'dc1';
/** Cassandra's identifier rule for unquoted names (keyspaces, data centers as Jaeger quotes them). */
const CQL_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
/** A contact point: a DNS name or an IPv4 address, no scheme and no port (the port is `port`). */
const HOST = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

export const CASSANDRA_MODE: JaegerStorageMode<CassandraStorage> = {
  options: 'CassandraStorageOptions',
  roleProps: ['collector', 'query'],
  check: checkCassandra,
  build(ctx, storage) {
    const client = cassandraClient(storage);
    const port = storage.port ?? DEFAULT_PORT;
    return {
      roles: collectorAndQueryRoles(ctx, cassandraBackend(storage, ctx.retention), client),
      external: { ports: [{ name: 'cql', port, protocol: 'TCP' }], otherClients: [] },
    };
  },
};

/** The `cassandra` backend of `jaeger_storage`; credentials only as `${env:...}` references. */
export function cassandraBackend(storage: CassandraStorage, retention: string): Record<string, unknown> {
  const tls = storage.tls;
  return {
    cassandra: {
      schema: {
        keyspace: storage.keyspace ?? `jaeger_v1_${storage.datacenter ?? DEFAULT_KEYSPACE_DATACENTER}`,
        create: storage.createSchema ?? false,
        // Jaeger 2.20 creates the keyspace with NetworkTopologyStrategy in this one data center
        // (its default, `dc1`, is refused by a cluster that has no such DC).
        ...(storage.datacenter ? { datacenter: storage.datacenter } : {}),
        trace_ttl: retention,
        dependencies_ttl: retention,
        replication_factor: storage.replicationFactor ?? 1,
      },
      connection: {
        servers: storage.servers,
        port: storage.port ?? DEFAULT_PORT,
        // Only when given: a local_dc no node has would send every query to a remote DC.
        ...(storage.datacenter ? { local_dc: storage.datacenter } : {}),
        ...(storage.credentials ? {
          auth: { basic: { username: `\${env:${CREDENTIAL_ENV.USERNAME}}`, password: `\${env:${CREDENTIAL_ENV.PASSWORD}}` } },
        } : {}),
        // configtls.ClientConfig: its zero value (insecure: false) means TLS, and Jaeger dials TLS
        // unless `insecure` is set (config.go NewCluster), so plain CQL must say so.
        tls: tls ? {
          ...(tls.caSecret ? { ca_file: CA_FILE } : {}),
          ...(tls.insecureSkipVerify ? { insecure_skip_verify: true } : {}),
          ...(tls.serverName ? { server_name_override: tls.serverName } : {}),
        } : { insecure: true },
      },
    },
  };
}

/** The credentials' env vars and the CA volume. */
function cassandraClient(storage: CassandraStorage): StorageClient {
  const env: k8s.EnvVar[] = [];
  if (storage.credentials) {
    const { secretName, usernameKey, passwordKey } = storage.credentials;
    env.push(
      secretKeyEnv(CREDENTIAL_ENV.USERNAME, secretName, usernameKey ?? 'username'),
      secretKeyEnv(CREDENTIAL_ENV.PASSWORD, secretName, passwordKey ?? 'password'),
    );
  }
  const ca = storage.tls?.caSecret;
  return {
    env,
    volumes: ca ? {
      volumes: [{ name: CA_VOLUME, secret: { secretName: ca.name, items: [{ key: ca.key ?? 'ca.crt', path: 'ca.crt' }], optional: false } }],
      mounts: [{ name: CA_VOLUME, mountPath: CA_DIR, readOnly: true }],
    } : { volumes: [], mounts: [] },
  };
}

function checkCassandra(where: string, storage: CassandraStorage): void {
  const servers = storage.servers;
  if (!Array.isArray(servers) || servers.length === 0) {
    invalidProp(where, 'storage.servers', servers, 'Cassandra needs at least one contact point',
      'give host names of Cassandra nodes, e.g. servers: ["cassandra.db.svc"]');
  }
  servers.forEach((host, i) => {
    if (typeof host !== 'string' || !HOST.test(host)) {
      invalidProp(where, `storage.servers[${i}]`, host, 'not a host name or address (no scheme, no port)',
        'give the host alone, e.g. "cassandra.db.svc", and the port as storage.port');
    }
  });
  if (storage.port !== undefined) checkPort(where, 'storage.port', storage.port);
  for (const prop of ['datacenter', 'keyspace'] as const) {
    const value = storage[prop];
    if (value !== undefined && (typeof value !== 'string' || !CQL_NAME.test(value))) {
      invalidProp(where, `storage.${prop}`, value, 'not a Cassandra name', 'use up to 48 letters, digits and "_", starting with a letter, e.g. "jaeger_v1_dc1"');
    }
  }
  if (storage.createSchema !== undefined) checkBoolean(where, 'storage.createSchema', storage.createSchema);
  if (storage.createSchema && storage.datacenter === undefined) {
    invalidProp(where, 'storage.createSchema', true, 'Jaeger creates the keyspace in one named data center (NetworkTopologyStrategy), and without storage.datacenter it names "dc1", which a cluster without that DC refuses: the collectors then do not start',
      'give storage.datacenter, the nodes\' data center as `nodetool status` shows it (e.g. "datacenter1", a stock Cassandra\'s)');
  }
  if (storage.replicationFactor !== undefined) {
    checkNumber(where, 'storage.replicationFactor', storage.replicationFactor, { min: 1, integer: true, fix: 'give the replicas per row, e.g. 3' });
    if (!storage.createSchema) {
      invalidProp(where, 'storage.replicationFactor', storage.replicationFactor, 'only applies to a schema Jaeger creates',
        'set createSchema: true, or remove it (the schema script sets the replication of an existing keyspace)');
    }
  }
  if (storage.credentials !== undefined) {
    checkDnsSubdomain(where, 'storage.credentials.secretName', storage.credentials.secretName);
    if (storage.credentials.usernameKey !== undefined) checkSecretKey(where, 'storage.credentials.usernameKey', storage.credentials.usernameKey, 'username');
    if (storage.credentials.passwordKey !== undefined) checkSecretKey(where, 'storage.credentials.passwordKey', storage.credentials.passwordKey, 'password');
  }
  if (storage.tls !== undefined) {
    const tls = storage.tls;
    if (!isObjectMap(tls)) invalidProp(where, 'storage.tls', tls, 'expected an object', 'give e.g. tls: { caSecret: { name: "cassandra-ca" } }');
    if (tls.caSecret !== undefined) {
      if (!isObjectMap(tls.caSecret)) invalidProp(where, 'storage.tls.caSecret', tls.caSecret, 'expected { name, key? }', 'give the existing Secret, e.g. caSecret: { name: "cassandra-ca" }');
      checkDnsSubdomain(where, 'storage.tls.caSecret.name', tls.caSecret.name);
      if (tls.caSecret.key !== undefined) checkSecretKey(where, 'storage.tls.caSecret.key', tls.caSecret.key, 'ca.crt');
    }
    if (tls.insecureSkipVerify !== undefined) checkBoolean(where, 'storage.tls.insecureSkipVerify', tls.insecureSkipVerify);
    if (tls.insecureSkipVerify && tls.caSecret) {
      invalidProp(where, 'storage.tls.insecureSkipVerify', true, 'skips the certificate check, so the CA of storage.tls.caSecret would never be used',
        'remove insecureSkipVerify (recommended), or remove caSecret');
    }
    if (tls.serverName !== undefined) checkNonEmpty(where, 'storage.tls.serverName', tls.serverName, 'give the host name in the nodes\' certificates');
  }
}
