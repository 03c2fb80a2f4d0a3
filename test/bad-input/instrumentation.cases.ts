import { k8s } from 'cdk8s-plus-33';
import {
  CollectorMode, instrumentWorkload, JaegerRemoteSamplingProtocol, JaegerStack, OtelCollector, SamplingStrategy, ServiceInstrumentation, TlsLink,
  TraceSampler, TracingTls,
} from '../../lib/internal';
import { BadInputCase, SUBJECT, rowsFor } from './table';

/** Collectors made elsewhere, so that the rows below need no collector of their own. */
const ENDPOINT = 'http://otel-collector.monitoring.svc:4318';
const si = rowsFor('ServiceInstrumentation', ({ chart }, props) =>
  new ServiceInstrumentation(chart, SUBJECT, { serviceName: 'ryot', namespace: 'apps', endpoint: ENDPOINT, ...props }));

/** Rows given an OtelCollector (its TLS links and mode as named) as `deps`. */
const withCollector = (links?: TlsLink[], mode?: CollectorMode) => rowsFor('ServiceInstrumentation', ({ chart, deps }, props) =>
  new ServiceInstrumentation(chart, SUBJECT, { serviceName: 'ryot', namespace: 'apps', collector: deps, ...props }), {
  setup: (chart) => new OtelCollector(chart, 'otel', {
    backend: JaegerStack.fromEndpoints({
      otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317',
      ...(links ? { tls: TracingTls.certManager({ issuer: { name: 'tracing-ca' }, links }) } : {}),
    }),
    ...(mode ? { mode } : {}),
  }),
});
const plainCollector = withCollector();
const appsTlsCollector = withCollector([TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER]);
const mtlsGateways = withCollector([TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER], CollectorMode.GATEWAY_ONLY);

/** A Deployment with two containers; the second may already set variables. */
function deployment(chart: any, secondEnv: k8s.EnvVar[] = [], containers = true) {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: containers ? [
        { name: 'app', image: 'web:1.0' },
        { name: 'sidecar', image: 'proxy:1.0', env: secondEnv },
      ] : [],
    },
  };
  return new k8s.KubeDeployment(chart, 'web', { spec: { selector: { matchLabels: { app: 'web' } }, template } });
}
const WHERE = 'instrumentWorkload(Deployment "web")';
const iw = (setup: (chart: any) => any = (chart) => deployment(chart), where = WHERE) =>
  rowsFor('instrumentWorkload', ({ deps }, options) => instrumentWorkload(deps, { serviceName: 'web', endpoint: ENDPOINT, ...options }), { setup, where });
const plain = iw();

/** Found by the fuzzer (FUZZ_SEED=2): no props at all was a TypeError. */
const noProps = rowsFor('ServiceInstrumentation', ({ chart }) => new ServiceInstrumentation(chart, SUBJECT, undefined as any));

export const INSTRUMENTATION_CASES: BadInputCase[] = [
  noProps('props', undefined, {}, 'no props'),
  si('serviceName', '', { serviceName: '' }),
  si('serviceName', 'my service', { serviceName: 'my service' }),
  si('serviceName', 'x'.repeat(256), { serviceName: 'x'.repeat(256) }),
  si('serviceName', 'x'.repeat(64), { serviceName: 'x'.repeat(64) }, 'longer than a label value'),
  si('serviceName', 'ryot-', { serviceName: 'ryot-' }, 'label value ending in "-"'),
  si('serviceName', 'billing_api', { serviceName: 'billing_api' }, 'cannot name the default ConfigMap'),
  si('namespace', 'Apps', { namespace: 'Apps' }),
  si('namespace', undefined, { namespace: undefined }),
  si('configMapName', 'My_ConfigMap', { configMapName: 'My_ConfigMap' }),
  si('samplingStrategy', { type: 'const' }, { samplingStrategy: { type: 'const' } as any }, 'a plain object, not a factory\'s'),
  si('samplingStrategy.probability', 2, { samplingStrategy: SamplingStrategy.probabilistic(2) }),
  si('samplingStrategy.maxTracesPerSecond', 0.5, { samplingStrategy: SamplingStrategy.rateLimiting(0.5) }),
  si('samplingStrategy.operations.GET /healthz', -1, { samplingStrategy: SamplingStrategy.probabilistic(1, { 'GET /healthz': -1 }) }),
  si('resourceAttributes', '🙂', { resourceAttributes: '🙂' }, 'a string (was a URIError)'),
  si('resourceAttributes.team', '\ud83d', { resourceAttributes: { team: '\ud83d' } }, 'a lone surrogate (was a URIError)'),
  si('protocol', 'grpc-web', { protocol: 'grpc-web' }),
  si('agentService', 'otel-collector', { agentService: 'otel-collector' }, 'removed in 0.2: the collector says it'),
  si('agentNamespace', 'monitoring', { agentNamespace: 'monitoring' }, 'removed in 0.2: the collector says it'),
  si('collector', undefined, { endpoint: undefined }, 'neither collector nor endpoint'),
  si('collector', 'otel', { endpoint: undefined, collector: 'otel' }, 'a name, not the OtelCollector'),
  si('certificateFile', '', { certificateFile: '' }),
  plainCollector('endpoint', 'http://otel:4318', { endpoint: 'http://otel:4318' }, 'beside collector, whose endpoint it would replace'),
  plainCollector('certificateFile', '/etc/otel/ca.crt', { certificateFile: '/etc/otel/ca.crt' }, 'plaintext apps\' link'),
  appsTlsCollector('certificateFile', undefined, {}, 'the apps\' link under TLS, no CA to trust'),
  mtlsGateways('collector', 'test/otel', {}, 'gateways that require client certificates'),
  si('endpoint', 'otel:4318', { endpoint: 'otel:4318' }, 'no http scheme'),
  si('endpoint', 'not a url', { endpoint: 'not a url' }),
  si('endpoint', '', { endpoint: '' }),
  si('endpoint', 'http://otel-collector.monitoring.svc:4318/v1/traces', { endpoint: 'http://otel-collector.monitoring.svc:4318/v1/traces' }),
  si('endpoint', 'http://otel-collector.monitoring.svc:4317', { endpoint: 'http://otel-collector.monitoring.svc:4317' }, 'gRPC port with http/protobuf'),
  si('sampler', { type: 'probabilistic' }, { sampler: { type: 'probabilistic' } as any }, 'a plain object, not a factory\'s'),
  si('sampler', 'always_on', { sampler: 'always_on' as any }, 'a sampler name'),
  si('sampler.ratio', 1.5, { sampler: TraceSampler.traceIdRatio(1.5) }),
  si('sampler.ratio', undefined, { sampler: TraceSampler.parentBasedTraceIdRatio(undefined as any) }),
  si('sampler.ratio', 0.5, { sampler: TraceSampler.jaegerRemote({ ratio: 0.5 } as any) }, 'no effect on jaeger_remote'),
  si('sampler.endpoint', 'http://otel:5779/sampling', { sampler: TraceSampler.jaegerRemote({ endpoint: 'http://otel:5779/sampling' }) }),
  si('sampler.endpoint', '', { sampler: TraceSampler.jaegerRemote({ endpoint: '' }) }),
  si('sampler.endpoint', 'http://otel:5778', { sampler: TraceSampler.jaegerRemote({ endpoint: 'http://otel:5778' }) }, 'serves remote sampling over HTTP'),
  si('sampler.endpoint', 'http://otel:5778/sampling?service=a', { sampler: TraceSampler.jaegerRemote({ protocol: JaegerRemoteSamplingProtocol.HTTP, endpoint: 'http://otel:5778/sampling?service=a' }) }, 'query or fragment'),
  si('sampler.protocol', 'thrift', { sampler: TraceSampler.jaegerRemote({ protocol: 'thrift' as any }) }),
  si('sampler.pollingIntervalMs', 100, { sampler: TraceSampler.parentBasedJaegerRemote({ pollingIntervalMs: 100 }) }),
  si('sampler.initialSamplingRate', -1, { sampler: TraceSampler.jaegerRemote({ initialSamplingRate: -1 }) }),
  si('propagators', [], { propagators: [] }),
  si('propagators[0]', 'w3c', { propagators: ['w3c'] }),
  si('propagators', ['baggage', 'baggage'], { propagators: ['baggage', 'baggage'] }),
  si('resourceAttributes.bad key', 'bad key', { resourceAttributes: { 'bad key': 'x' } }),
  si('resourceAttributes.service.name', 'other', { resourceAttributes: { 'service.name': 'other' } }, 'reserved'),
  si('resourceAttributes.team', '', { resourceAttributes: { team: '' } }),
  si('exportMetricsAndLogs', 'yes', { exportMetricsAndLogs: 'yes' }),

  plain('serviceName', '', { serviceName: '' }),
  plain('existing', 'overwrite', { existing: 'overwrite' }),
  plain('containers', [], { containers: [] }),
  plain('containers', 'nope', { containers: ['nope'] }),
  plain('containers', ['app', 'app'], { containers: ['app', 'app'] }),
  iw((chart) => deployment(chart, [], false))('workload', `test/web`, {}, 'no containers'),
  iw((chart) => new k8s.KubeService(chart, 'web', { spec: { ports: [{ port: 80 }] } }), 'instrumentWorkload(Service "web")')(
    'workload', 'v1/Service', {}, 'not a pod-bearing kind'),
  iw((chart) => deployment(chart, [{ name: 'OTEL_TRACES_EXPORTER', value: 'jaeger' }]))(
    'container "sidecar" env OTEL_TRACES_EXPORTER', 'jaeger', {}, 'second container uses the removed Jaeger exporter'),
  iw((chart) => deployment(chart, [{ name: 'OTEL_SERVICE_NAME', value: 'proxy' }]))(
    'container "sidecar" env OTEL_SERVICE_NAME', 'proxy', { existing: 'error' }, 'clash with existing: error'),
];
