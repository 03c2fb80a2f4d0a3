/**
 * The cassandra storage mode: collectors and query over an external Cassandra cluster, the
 * credentials from a Secret, the retention as the schema's TTL, TLS when asked, and egress to the
 * CQL port only.
 */
import { parse } from 'yaml';
import {
  CassandraStorageOptions, GitOpsApp, JaegerStack, JaegerStackProps, JaegerStorage, OtelCollector, Peers, StackNetworkPolicies, TracingChart,
} from '../../lib';
import { fixture } from '../support/fixture';
import { findOne, ofKind, synthObjects, tempDir, testChart } from '../support/synth';

const OPTIONS: CassandraStorageOptions = { servers: ['cassandra.db.svc'] };
const cassandra = () => JaegerStorage.cassandra(OPTIONS);

function synth(props: JaegerStackProps): { stack: JaegerStack; objects: any[] } {
  const chart = testChart();
  const stack = new JaegerStack(chart, 'jaeger', props);
  return { stack, objects: synthObjects(chart) };
}

const backendOf = (objects: any[], configMap: string) =>
  parse(findOne(objects, 'ConfigMap', configMap).data['config.yaml']).extensions.jaeger_storage.backends.trace_store.cassandra;

describe('topology', () => {
  const topology = fixture(() => synth({ storage: cassandra() }));

  test('collectors (3) and query (2) as Deployments; nothing stateful, no cleaner (TTL keeps the retention)', () => {
    const { stack, objects } = topology();
    expect(ofKind(objects, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['jaeger-collector', 3], ['jaeger-query', 2]]);
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
    expect(ofKind(objects, 'CronJob')).toEqual([]);
    expect(stack.dataClaimNames).toEqual([]);
    expect(stack.storageType).toBe('cassandra');
  });

  test('both read and write the same keyspace; the retention is the TTL of a created schema', () => {
    const { objects } = topology();
    const collector = backendOf(objects, 'jaeger-collector-config');
    expect(backendOf(objects, 'jaeger-query-config')).toEqual(collector);
    expect(collector.schema).toEqual({
      keyspace: 'jaeger_v1_dc1', create: false, trace_ttl: '72h', dependencies_ttl: '72h', replication_factor: 1,
    });
    // No local_dc unless given: one no node has would route every query to a remote DC.
    expect(collector.connection).toEqual({ servers: ['cassandra.db.svc'], port: 9042, tls: { insecure: true } });
  });

  test('the pods reach the storage on the CQL port only', () => {
    const { stack } = topology();
    expect(stack.externalStoragePorts).toEqual([{ name: 'cql', port: 9042, protocol: 'TCP' }]);
    expect(stack.externalStorageClients).toEqual([]);
  });
});

test('options: keyspace from the data center, port, a created schema with its replication', () => {
  const { objects } = synth({
    retention: '168h',
    storage: JaegerStorage.cassandra({ ...OPTIONS, servers: ['c-0.cassandra.db.svc', 'c-1.cassandra.db.svc'], port: 9142, datacenter: 'eu1', createSchema: true, replicationFactor: 3 }),
  });
  const backend = backendOf(objects, 'jaeger-collector-config');
  expect(backend.schema).toMatchObject({ keyspace: 'jaeger_v1_eu1', create: true, trace_ttl: '168h', replication_factor: 3 });
  // Jaeger 2.20 creates the keyspace in this data center alone; without it, in `dc1`.
  expect(backend.schema.datacenter).toBe('eu1');
  expect(backend.connection).toMatchObject({ servers: ['c-0.cassandra.db.svc', 'c-1.cassandra.db.svc'], port: 9142, local_dc: 'eu1' });
});

test('credentials come from the Secret as env vars; the ConfigMap holds only references', () => {
  const { objects } = synth({ storage: JaegerStorage.cassandra({ ...OPTIONS, credentials: { secretName: 'cassandra-auth', passwordKey: 'pass' } }) });
  for (const name of ['jaeger-collector', 'jaeger-query']) {
    expect(findOne(objects, 'Deployment', name).spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'CASSANDRA_USERNAME', valueFrom: { secretKeyRef: { name: 'cassandra-auth', key: 'username', optional: false } } },
      { name: 'CASSANDRA_PASSWORD', valueFrom: { secretKeyRef: { name: 'cassandra-auth', key: 'pass', optional: false } } },
    ]));
  }
  expect(backendOf(objects, 'jaeger-collector-config').connection.auth)
    .toEqual({ basic: { username: '${env:CASSANDRA_USERNAME}', password: '${env:CASSANDRA_PASSWORD}' } });
});

test('TLS: the CA Secret mounted read-only, the config verifying against it', () => {
  const { objects } = synth({ storage: JaegerStorage.cassandra({ ...OPTIONS, tls: { caSecret: { name: 'cassandra-ca' }, serverName: 'cassandra.example.com' } }) });
  expect(backendOf(objects, 'jaeger-query-config').connection.tls)
    .toEqual({ ca_file: '/etc/jaeger/cassandra-ca/ca.crt', server_name_override: 'cassandra.example.com' });
  const pod = findOne(objects, 'Deployment', 'jaeger-collector').spec.template.spec;
  expect(pod.volumes).toContainEqual({ name: 'cassandra-ca', secret: { secretName: 'cassandra-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: false } });
  expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'cassandra-ca', mountPath: '/etc/jaeger/cassandra-ca', readOnly: true });
  expect(backendOf(synth({ storage: JaegerStorage.cassandra({ ...OPTIONS, tls: {} }) }).objects, 'jaeger-query-config').connection.tls).toEqual({});
});

test('the whole stack with policies passes the checks; collectors and query may leave on 9042 only, to the given peer', () => {
  const app = new GitOpsApp({ outdir: tempDir(), validation: { external: [{ kind: 'Secret', namespace: 'monitoring', name: 'cassandra-auth' }] } });
  const chart = new TracingChart(app, 'tracing');
  const jaeger = new JaegerStack(chart, 'jaeger', { storage: JaegerStorage.cassandra({ ...OPTIONS, credentials: { secretName: 'cassandra-auth' } }) });
  const otel = new OtelCollector(chart, 'otel', { backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }) });
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel, externalStorage: Peers.cidr('cassandra', '10.30.0.0/16') });
  expect(app.checkStack()).toEqual([]);
  const egress = ofKind(chart.toJson(), 'NetworkPolicy').filter((p) => p.spec.egress?.some((r: any) => r.ports?.some((port: any) => port.port === 9042)));
  expect(egress.map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/component']).sort()).toEqual(['collector', 'query']);
  for (const policy of egress) expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.30.0.0/16' } }], ports: [{ port: 9042, protocol: 'TCP' }] }]);
});

test('role props of other topologies are refused with the way out', () => {
  expect(() => synth({ storage: cassandra(), allInOne: { replicas: 1 } }))
    .toThrow(/invalid prop "allInOne" = \{"replicas":1\}: has no effect with JaegerStorage.cassandra\(\{ servers \}\): collectors and query run as separate Deployments/);
  expect(() => synth({ storage: cassandra(), indexCleanerImage: { repository: 'x', tag: '1' } }))
    .toThrow(/invalid prop "indexCleanerImage".*only Elasticsearch\/OpenSearch have an index cleaner/);
  expect(() => synth({ storage: JaegerStorage.cassandra({ ...OPTIONS, serverUrls: ['http://x:9042'] } as any) }))
    .toThrow(/invalid prop "storage.serverUrls".*has no effect with JaegerStorage.cassandra\(\{ servers \}\). Fix: remove it; it belongs to JaegerStorage.elasticsearch\(\{ serverUrls \}\) or JaegerStorage.opensearch/);
});
