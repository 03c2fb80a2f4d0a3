/**
 * Every storage mode's Jaeger configs are accepted by the real Jaeger (`jaeger validate`, which
 * decodes every component's settings and refuses unknown keys), including modes whose servers
 * the e2e tier cannot run. A new mode without an example here fails the first test.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Images } from '../../lib/k8s';
import { JaegerStack, JaegerStackProps, JaegerStorage, JaegerStorageType } from '../../lib/jaeger';
import { STORAGE_TYPES } from '../../lib/jaeger/modes';
import { OtelCollector } from '../../lib/otel';
import { Prometheus } from '../../lib/monitoring';
import { tempDir } from '../support/synth';
import { ensureBinaries } from './harness/binaries';

/** One storage prop per mode, with its options set (credentials and TLS too, where it has them). */
const EXAMPLES: Record<JaegerStorageType, JaegerStorage> = {
  'badger': JaegerStorage.badger(),
  'badger-shared': JaegerStorage.badgerShared(),
  'memory': JaegerStorage.memory(5000),
  'elasticsearch': JaegerStorage.elasticsearch({
    serverUrls: ['https://es.logging.svc:9200'], indexPrefix: 'team-a', shards: 5, replicas: 2,
    credentials: { secretName: 'es-auth' }, tls: { caSecret: { name: 'es-ca' }, serverName: 'es.example.com' },
  }),
  'opensearch': JaegerStorage.opensearch({ serverUrls: ['http://opensearch.logging.svc:9200'] }),
  'cassandra': JaegerStorage.cassandra({
    servers: ['cassandra-0.cassandra.db.svc', 'cassandra-1.cassandra.db.svc'], port: 9142, datacenter: 'eu1',
    createSchema: true, replicationFactor: 3, credentials: { secretName: 'cassandra-auth' },
    tls: { caSecret: { name: 'cassandra-ca' }, serverName: 'cassandra.example.com' },
  }),
};

const jaeger = ensureBinaries([Images.JAEGER.repository]).get(Images.JAEGER.repository)!.path;
const dir = tempDir('jaeger-config-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The Jaeger config files of a stack with this storage, written to disk. */
function configFiles(storage: JaegerStorage, extra: Partial<JaegerStackProps> = {}): string[] {
  const chart = new Chart(new App({ outdir: dir }), 'c');
  new JaegerStack(chart, 'jaeger', { storage, monitor: { prometheus: Prometheus.fromExisting({ namespace: 'monitoring', url: 'http://prometheus.monitoring.svc:9090' }) }, ...extra });
  return chart.toJson()
    .filter((o: any) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-config') && o.data?.['config.yaml'])
    .map((o: any) => {
      const file = path.join(dir, `${storage.type}-${o.metadata.name}.yaml`);
      fs.writeFileSync(file, o.data['config.yaml']);
      return file;
    });
}

test('every storage mode has an example here', () => {
  expect(Object.keys(EXAMPLES).sort()).toEqual([...STORAGE_TYPES].sort());
});

test.each(STORAGE_TYPES)('%s: the real Jaeger validates every config of the stack', (type) => {
  const files = configFiles(EXAMPLES[type]);
  expect(files.length).toBeGreaterThan(0);
  // The credentials' ${env:...} references must resolve, as the pods' Secret env vars make them.
  const env = { ...process.env, ES_USERNAME: 'u', ES_PASSWORD: 'p', CASSANDRA_USERNAME: 'u', CASSANDRA_PASSWORD: 'p' };
  for (const file of files) {
    expect(() => execFileSync(jaeger, ['validate', `--config=${file}`], { env, stdio: 'pipe' })).not.toThrow();
  }
});

test('a role\'s config override (a processor added to the collectors\' pipeline) is valid to the real Jaeger', () => {
  const files = configFiles(EXAMPLES['badger-shared'], {
    collector: {
      config: {
        processors: { 'attributes/env': { actions: [{ key: 'deployment.environment.name', value: 'prod', action: 'upsert' }] } },
        service: { pipelines: { traces: { processors: ['memory_limiter', 'attributes/env'] } } },
      },
    },
  });
  const collector = files.find((f) => f.endsWith('jaeger-collector-config.yaml'))!;
  expect(fs.readFileSync(collector, 'utf8')).toContain('attributes/env');
  expect(() => execFileSync(jaeger, ['validate', `--config=${collector}`], { stdio: 'pipe' })).not.toThrow();
});

test('the check can fail: an unknown key is refused', () => {
  const [file] = configFiles(EXAMPLES.cassandra);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('replication_factor', 'replication_factr'));
  const env = { ...process.env, CASSANDRA_USERNAME: 'u', CASSANDRA_PASSWORD: 'p' };
  expect(() => execFileSync(jaeger, ['validate', `--config=${file}`], { env, stdio: 'pipe' })).toThrow(/invalid keys: replication_factr/);
});

test('the agents\' remote-sampling server (a Jaeger process in each agent pod) has a config the real Jaeger validates', () => {
  const chart = new Chart(new App({ outdir: dir }), 'agents');
  const stack = new JaegerStack(chart, 'jaeger', { namespace: 'tracing' });
  new OtelCollector(chart, 'otel', { namespace: 'otel', backend: stack });
  const cm = chart.toJson().find((o: any) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-agent-sampling-config');
  const file = path.join(dir, 'otel-agent-sampling-config.yaml');
  fs.writeFileSync(file, cm.data['config.yaml']);
  expect(() => execFileSync(jaeger, ['validate', `--config=${file}`], { stdio: 'pipe' })).not.toThrow();
});
