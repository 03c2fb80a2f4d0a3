/**
 * The Jaeger v2 config each process of a JaegerStack runs (buildJaegerConfig, roleConfigFile), on
 * the three shapes a process takes: ingest (collector or all-in-one), remote storage, query only.
 * `jaeger validate` accepting these is the e2e tier's (jaeger-config.e2e.ts); here, what they say.
 */
import { parse } from 'yaml';
import { buildJaegerConfig, JaegerProcessSpec, roleConfigFile } from '../../lib/jaeger/jaeger-config';
import { memoryLimiter } from '../../lib/k8s/resources';
import { TracingTls } from '../../lib/internal';

const RESOURCES = { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '512Mi' };
const BACKENDS = { main: { badger: { directories: { keys: '/data/keys', values: '/data/values' } } } };
const TLS_FILES = { cert_file: '/etc/tracing-tls/tls.crt', key_file: '/etc/tracing-tls/tls.key', reload_interval: '5m' };
const MUTUAL = { ...TLS_FILES, client_ca_file: '/etc/tracing-tls/ca.crt', client_ca_file_reload: true };
const tls = () => TracingTls.fromSecrets();

const ingest = (extra: Partial<JaegerProcessSpec['ingest']> = {}): JaegerProcessSpec => ({
  serviceName: 'jaeger-collector',
  traceBackends: BACKENDS,
  ingest: { traceStorage: 'main', samplingStrategiesFile: '/etc/jaeger/sampling/strategies.json', samplingReloadInterval: '1m', ...extra },
});

describe('every process', () => {
  test('health on 13133 at /status (healthcheckv2), its own metrics on 8888 at level detailed, logs at info', () => {
    const config = buildJaegerConfig({ serviceName: 'jaeger-query', traceBackends: BACKENDS, query: { traceStorage: 'main' } }, RESOURCES);
    expect(config.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: '0.0.0.0:13133', status: { enabled: true, path: '/status' } } });
    expect(config.service.telemetry).toEqual({
      resource: { attributes: [{ name: 'service.name', value: 'jaeger-query' }] },
      logs: { level: 'info' },
      metrics: { level: 'detailed', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888, without_units: false, without_type_suffix: false } } } }] },
    });
    expect(config.extensions.jaeger_storage).toEqual({ backends: BACKENDS });
    expect(config.service.extensions).toEqual(Object.keys(config.extensions));
  });

  test('metric backends are declared only when given', () => {
    const metricBackends = { prometheus: { prometheus: { endpoint: 'http://prometheus:9090' } } };
    const config = buildJaegerConfig({ serviceName: 'jaeger', traceBackends: BACKENDS, metricBackends, query: { traceStorage: 'main', metricStorage: 'prometheus' } }, RESOURCES);
    expect(config.extensions.jaeger_storage).toEqual({ backends: BACKENDS, metric_backends: metricBackends });
    expect(config.extensions.jaeger_query.storage).toEqual({ traces: 'main', metrics: 'prometheus' });
  });
});

describe('a process that ingests', () => {
  test('OTLP gRPC/HTTP and Jaeger gRPC/thrift-HTTP in, through memory_limiter (no batch) straight into the storage exporter', () => {
    const config = buildJaegerConfig(ingest(), RESOURCES);
    expect(config.receivers).toEqual({
      otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
      jaeger: { protocols: { grpc: { endpoint: '0.0.0.0:14250' }, thrift_http: { endpoint: '0.0.0.0:14268' } } },
    });
    expect(config.processors).toEqual({ memory_limiter: memoryLimiter(RESOURCES) });
    expect(config.exporters).toEqual({ jaeger_storage_exporter: { trace_storage: 'main' } });
    expect(config.service.pipelines).toEqual({ traces: { receivers: ['otlp', 'jaeger'], processors: ['memory_limiter'], exporters: ['jaeger_storage_exporter'] } });
  });

  test('serves the strategies file on 5778 (HTTP) and 5779 (gRPC), re-read at the interval', () => {
    expect(buildJaegerConfig(ingest(), RESOURCES).extensions.remote_sampling).toEqual({
      file: { path: '/etc/jaeger/sampling/strategies.json', reload_interval: '1m' },
      http: { endpoint: '0.0.0.0:5778' },
      grpc: { endpoint: '0.0.0.0:5779' },
    });
  });

  test('with TLS, OTLP and remote sampling want a client certificate of the CA; the legacy Jaeger receivers stay plaintext', () => {
    const config = buildJaegerConfig(ingest({ tls: tls() }), RESOURCES);
    expect(config.receivers.otlp).toEqual({ protocols: { grpc: { endpoint: '0.0.0.0:4317', tls: MUTUAL }, http: { endpoint: '0.0.0.0:4318', tls: MUTUAL } } });
    expect(config.receivers.jaeger).toEqual({ protocols: { grpc: { endpoint: '0.0.0.0:14250' }, thrift_http: { endpoint: '0.0.0.0:14268' } } });
    expect(config.extensions.remote_sampling).toMatchObject({ http: { tls: MUTUAL }, grpc: { tls: MUTUAL } });
  });
});

describe('the query', () => {
  const query = (spec: Partial<JaegerProcessSpec>) => buildJaegerConfig({ serviceName: 'jaeger', traceBackends: BACKENDS, query: { traceStorage: 'main' }, ...spec }, RESOURCES);

  test('answers HTTP on 16686 and gRPC on 16685 from the trace storage, with the UI config when given', () => {
    expect(query({}).extensions.jaeger_query).toEqual({
      storage: { traces: 'main' }, http: { endpoint: '0.0.0.0:16686' }, grpc: { endpoint: '0.0.0.0:16685' }, enable_tracing: false,
    });
    expect(query({ query: { traceStorage: 'main', uiConfigFile: '/etc/jaeger/ui.json' } }).extensions.jaeger_query.ui).toEqual({ config_file: '/etc/jaeger/ui.json' });
  });

  test('traces its own requests only where a plaintext OTLP receiver listens in the same process', () => {
    expect(query({ ...ingest() }).extensions.jaeger_query).not.toHaveProperty('enable_tracing');
    expect(query({ ...ingest({ tls: tls() }) }).extensions.jaeger_query.enable_tracing).toBe(false);
    expect(query({}).extensions.jaeger_query.enable_tracing).toBe(false);
  });

  test('a query-only process runs the no-op pipeline the collector core needs', () => {
    const config = query({});
    expect(config.receivers).toEqual({ nop: {} });
    expect(config.exporters).toEqual({ nop: {} });
    expect(config.processors).toEqual({});
    expect(config.service.pipelines.traces).toEqual({ receivers: ['nop'], exporters: ['nop'] });
  });
});

test('the remote storage serves 17271 from its storage and takes OTLP gRPC writes, both mutual TLS when given', () => {
  const spec = (withTls: boolean): JaegerProcessSpec => ({ serviceName: 'jaeger-remote-storage', traceBackends: BACKENDS, remoteStorage: { storage: 'main', tls: withTls ? tls() : undefined } });
  const plain = buildJaegerConfig(spec(false), RESOURCES);
  expect(plain.extensions.remote_storage).toEqual({ endpoint: '0.0.0.0:17271', storage: 'main' });
  expect(plain.receivers).toEqual({ otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } });
  expect(plain.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['jaeger_storage_exporter'] });
  const secured = buildJaegerConfig(spec(true), RESOURCES);
  expect(secured.extensions.remote_storage).toEqual({ endpoint: '0.0.0.0:17271', tls: MUTUAL, storage: 'main' });
  expect((secured.receivers.otlp as any).protocols.grpc.tls).toEqual(MUTUAL);
});

describe('roleConfigFile', () => {
  test('without an override: the built config as YAML, with no connectors section', () => {
    const built = buildJaegerConfig(ingest(), RESOURCES);
    expect(parse(roleConfigFile('JaegerStack "j"', 'collector', built))).toEqual(JSON.parse(JSON.stringify(built)));
  });

  test('an override is merged and checked against the binary\'s components, naming the role\'s config prop', () => {
    const built = buildJaegerConfig(ingest(), RESOURCES);
    const merged = parse(roleConfigFile('JaegerStack "j"', 'collector', built, { service: { telemetry: { logs: { level: 'debug' } } } }));
    expect(merged.service.telemetry.logs).toEqual({ level: 'debug' });
    expect(merged).not.toHaveProperty('connectors');
    const withConnector = parse(roleConfigFile('JaegerStack "j"', 'collector', built, { connectors: { forward: {} } }));
    expect(withConnector.connectors).toEqual({ forward: {} });
    expect(() => roleConfigFile('JaegerStack "j"', 'collector', built, { processors: { k8s_attributes: {} } }))
      .toThrow('JaegerStack "j": invalid prop "collector.config" = "k8s_attributes": the collector config uses processor "k8s_attributes", which the image (jaeger');
  });
});
