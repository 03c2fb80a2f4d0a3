/**
 * (a) The cassandra storage mode on a real Cassandra node that asks for a password: with the
 * credentials from a Secret, the collectors create the schema on a fresh node (a keyspace in the
 * node's own data center, as Jaeger 2.20 creates it) and become Ready by their own probes, spans
 * written through them are read back through query, and the tables carry the retention as their
 * TTL.
 */
import { ensureBinaries } from './harness/binaries';
import { CASSANDRA_CREDENTIALS, LocalCassandra } from './harness/cassandra';
import { LocalCluster } from './harness/cluster';
import { startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, postOtlpHttp } from './harness/traffic';
import { stackObjects } from './harness/variants';
import { JaegerStorage } from '../../lib';

const SERVICE = { namespace: 'db', name: 'cassandra' };
const SECRET = 'cassandra-auth';
/** A stock node's data center (SimpleSnitch's): Jaeger's default, `dc1`, is not one it has. */
const DATACENTER = 'datacenter1';
const KEYSPACE = `jaeger_v1_${DATACENTER}`;
const objects = stackObjects({
  retention: '96h',
  storage: JaegerStorage.cassandra({ servers: [`${SERVICE.name}.${SERVICE.namespace}.svc`], datacenter: DATACENTER, createSchema: true, credentials: { secretName: SECRET } }),
  collector: { replicas: 2 },
  query: { replicas: 1 },
});
/** The Secret the cluster's operator made: the manifests only reference it. */
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: SECRET, namespace: 'tracing' }, stringData: CASSANDRA_CREDENTIALS };

let cluster: LocalCluster;
let cassandra: LocalCassandra;
let jaeger: JaegerApi;

beforeAll(async () => {
  cassandra = new LocalCassandra(ensureBinaries(['cassandra']).get('cassandra')!, SERVICE.namespace, SERVICE.name);
  cluster = await startCluster(objects, { peers: [cassandra], controlPlane: false, external: [secret], timeoutMs: 240_000 });
  jaeger = new JaegerApi(`http://${cluster.serviceAddress('tracing', 'jaeger-query')}:16686`);
});

afterAll(async () => {
  await cluster?.stop();
});

test('collectors and query become Ready against the real Cassandra, with no restart', () => {
  expect(cluster.pods.map((p) => p.plan.name).sort()).toEqual(['jaeger-collector-0', 'jaeger-collector-1', 'jaeger-query-0']);
  for (const pod of cluster.pods) expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
});

test('spans written through the collectors are read back through query', async () => {
  const trace = makeTrace('checkout', 'error');
  await postOtlpHttp(`http://${cluster.serviceAddress('tracing', 'jaeger-collector')}:4318`, trace);
  const traceId = trace[0].traceId;
  await eventually(`trace ${traceId} in Cassandra`, async () => {
    const ids = await jaeger.spanIds(traceId);
    return trace.every((s) => ids.includes(s.spanId)) ? true : undefined;
  }, 90_000);
  expect(await jaeger.services()).toContain('checkout');
});

test('the schema Jaeger created keeps traces for the retention (the tables\' TTL)', () => {
  // The node logs each statement it prepares: the traces table's default TTL is the retention.
  const created = new RegExp(`CREATE TABLE IF NOT EXISTS ${KEYSPACE}\\.traces \\([\\s\\S]*?default_time_to_live = (\\d+)`).exec(cassandra.log());
  expect(created?.[1]).toBe(String(96 * 3600));
});

test('the keyspace was created on the fresh node, replicated in its own data center', () => {
  const keyspace = new RegExp(`CREATE KEYSPACE IF NOT EXISTS ${KEYSPACE} WITH replication = \\{'class': 'NetworkTopologyStrategy', '${DATACENTER}': '1' \\}`);
  expect(cassandra.log()).toMatch(keyspace);
});
