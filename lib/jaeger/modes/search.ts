/**
 * Elasticsearch and OpenSearch (Jaeger's config for both has the same keys): collectors and query
 * as Deployments, the cluster outside the stack, and the index-cleaner CronJob that enforces the
 * retention (search clusters have no TTL).
 */
import { checkCronSchedule, checkDnsSubdomain, checkNonEmpty, checkNumber, checkSecretKey, Components, Images, invalidProp, isObjectMap, parseDuration, PortSpec, selectorLabels, urlPort } from '../../k8s';
import { addIndexCleaner } from '../jaeger-workloads';
import { DEFAULT_CA_KEY, isHttpUrl, SearchStorage } from '../storage';
import { searchBackend, searchCredentialEnv, searchTlsVolumes } from '../storage-backends';
import type { JaegerStorageMode } from './mode';
import { collectorAndQueryRoles } from './roles';

/** Index-cleaner runs: late in the UTC day (see SearchStorage.indexCleanerSchedule). */
const DEFAULT_INDEX_CLEANER_SCHEDULE = '55 23 * * *';

export const SEARCH_MODE: JaegerStorageMode<SearchStorage> = {
  options: 'SearchStorageOptions',
  roleProps: ['collector', 'query'],
  modeProps: ['indexCleanerImage'],
  check: checkSearchStorage,
  build(ctx, storage) {
    const client = { env: searchCredentialEnv(storage), volumes: searchTlsVolumes(storage) };
    const cleanerIdentity = ctx.identity(Components.JAEGER_INDEX_CLEANER);
    return {
      roles: collectorAndQueryRoles(ctx, searchBackend(storage, parseDuration(ctx.retention)!), client),
      external: {
        ports: searchPorts(storage.serverUrls),
        otherClients: [{ component: Components.JAEGER_INDEX_CLEANER, namespace: ctx.namespace, selector: selectorLabels(cleanerIdentity), ports: [] }],
      },
      addExtras: (wctx) => addIndexCleaner(wctx, {
        storage, retention: ctx.retention, image: ctx.props.indexCleanerImage ?? Images.JAEGER_ES_INDEX_CLEANER,
        credentialEnv: client.env, storageVolumes: client.volumes, resources: ctx.resources('indexCleaner'),
        schedule: storage.indexCleanerSchedule ?? DEFAULT_INDEX_CLEANER_SCHEDULE,
      }),
    };
  },
};

/** The distinct ports of the server URLs, for the network policies. */
function searchPorts(urls: readonly string[]): PortSpec[] {
  // Already checked by isHttpUrl.
  const ports = [...new Set(urls.map((u) => urlPort(new URL(u))))].sort((a, b) => a - b);
  return ports.map((port) => ({ name: `search-${port}`, port, protocol: 'TCP' as const }));
}

/** The search mode's own options. */
function checkSearchStorage(where: string, storage: SearchStorage): void {
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
