/** The cassandra storage mode's options. */
import { JaegerStack, JaegerStorage } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const j = rowsFor('JaegerStack', ({ chart }, props) => new JaegerStack(chart, SUBJECT, props));
const SERVERS = ['cassandra.db.svc'];
const CASSANDRA = JaegerStorage.cassandra({ servers: SERVERS });
const c = (extra: object) => ({ storage: JaegerStorage.cassandra({ servers: SERVERS, ...extra } as any) });

export const CASSANDRA_CASES: BadInputCase[] = [
  j('storage.servers', [], c({ servers: [] }), 'no contact point'),
  j('storage.servers', 'cassandra.db.svc', c({ servers: 'cassandra.db.svc' as any }), 'not a list'),
  j('storage.servers[0]', 'cassandra.db.svc:9042', c({ servers: ['cassandra.db.svc:9042'] }), 'port in the host'),
  j('storage.servers[1]', 'http://cassandra', c({ servers: ['cassandra.db.svc', 'http://cassandra'] }), 'a URL'),
  j('storage.servers[0]', 'Cassandra.DB', c({ servers: ['Cassandra.DB'] }), 'uppercase'),
  j('storage.port', 0, c({ port: 0 })),
  j('storage.port', 70000, c({ port: 70000 })),
  j('storage.datacenter', 'eu-1', c({ datacenter: 'eu-1' })),
  j('storage.keyspace', 'jaeger-v1', c({ keyspace: 'jaeger-v1' })),
  j('storage.keyspace', 'x'.repeat(49), c({ keyspace: 'x'.repeat(49) }), 'longer than Cassandra allows'),
  j('storage.createSchema', 'yes', c({ createSchema: 'yes' as any })),
  j('storage.createSchema', true, c({ createSchema: true }), 'without a datacenter'),
  j('storage.replicationFactor', 0, c({ createSchema: true, datacenter: 'dc1', replicationFactor: 0 })),
  j('storage.replicationFactor', 3, c({ replicationFactor: 3 }), 'without createSchema'),
  j('storage.credentials.secretName', 'Cassandra Auth', c({ credentials: { secretName: 'Cassandra Auth' } })),
  j('storage.credentials.usernameKey', 'user name', c({ credentials: { secretName: 'auth', usernameKey: 'user name' } })),
  j('storage.credentials.passwordKey', '', c({ credentials: { secretName: 'auth', passwordKey: '' } })),
  j('storage.tls', 'on', c({ tls: 'on' })),
  j('storage.tls.caSecret', 'ca', c({ tls: { caSecret: 'ca' } }), 'cassandra'),
  j('storage.tls.caSecret.name', '', c({ tls: { caSecret: { name: '' } } })),
  j('storage.tls.caSecret.key', 'ca crt', c({ tls: { caSecret: { name: 'ca', key: 'ca crt' } } })),
  j('storage.tls.insecureSkipVerify', 'yes', c({ tls: { insecureSkipVerify: 'yes' } }), 'cassandra'),
  j('storage.tls.insecureSkipVerify', true, c({ tls: { caSecret: { name: 'ca' }, insecureSkipVerify: true } }), 'with a CA'),
  j('storage.tls.serverName', '', c({ tls: { serverName: '' } }), 'cassandra'),
  j('storage.indexCleanerSchedule', '0 1 * * *', c({ indexCleanerSchedule: '0 1 * * *' }), 'a search option'),
  j('allInOne', { replicas: 1 }, { storage: CASSANDRA, allInOne: { replicas: 1 } }),
  j('remoteStorage', {}, { storage: CASSANDRA, remoteStorage: {} }),
];
