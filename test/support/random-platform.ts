/**
 * Random *valid* props for the constructs, and their composition the way main.ts composes them
 * (a GitOpsApp with one chart per concern). The property tests check the output offline; the
 * cluster tier has a real API server judge a sample of the same platforms.
 */
import * as fc from 'fast-check';
import { ExternalRef, GitOpsApp, Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStackProps, JaegerStorage, OtelCollector, OtelCollectorProps, Prometheus, ServiceInstrumentation, SamplingStrategy, StackNetworkPolicies, TracingAlerts, TracingAlertsProps, TracingChart, TracingMonitors, TracingNamespace, TracingStorageClass } from '../../lib';
import { synthApp } from './synth';
import { storageSpecOf } from '../../lib/jaeger/jaeger-storage';

// ---- arbitraries of valid props ------------------------------------------------------------

const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const serviceName = fc.constantFrom('ryot', 'sigmalang', 'sigmavault', 'agents', 'checkout', 'payments');
const probability = fc.double({ min: 0, max: 1, noNaN: true });
const goDuration = (minMs: number, maxMs: number) => fc.integer({ min: minMs, max: maxMs }).map((ms) =>
  (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`));
const quantityGi = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}Gi`);

const operations = fc.option(fc.dictionary(fc.constantFrom('GET /healthz', 'GET /metrics', 'POST /api'), probability, { minKeys: 1 }), { nil: undefined });
const rateLimiting = fc.integer({ min: 0, max: 32767 }).map((n) => SamplingStrategy.rateLimiting(n));
const serviceStrategy: fc.Arbitrary<SamplingStrategy> = fc.oneof(
  fc.tuple(probability, operations).map(([p, ops]) => SamplingStrategy.probabilistic(p, ops)),
  rateLimiting,
);
/** The default strategy takes no per-operation probabilities. */
const defaultStrategy: fc.Arbitrary<SamplingStrategy> = fc.oneof(probability.map((p) => SamplingStrategy.probabilistic(p)), rateLimiting);

const searchStorage = fc.tuple(fc.constantFrom('elasticsearch' as const, 'opensearch' as const), fc.record({
  serverUrls: fc.uniqueArray(fc.constantFrom('https://search.example.com:9200', 'http://search-2.example.com:9200', 'https://search-3.example.com'), { minLength: 1, maxLength: 2 }),
  indexPrefix: fc.option(dnsLabel, { nil: undefined }),
  shards: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  credentials: fc.option(fc.record({ secretName: fc.constant('search-credentials') }), { nil: undefined }),
  indexCleanerSchedule: fc.option(fc.constantFrom('55 23 * * *', '0 1 * * 0'), { nil: undefined }),
}, { requiredKeys: ['serverUrls'] })).map(([type, options]) => JaegerStorage[type](options));

const cassandraStorage = fc.record({
  servers: fc.uniqueArray(fc.constantFrom('cassandra.db.svc', 'cassandra-1.cassandra.db.svc', '10.30.0.12'), { minLength: 1, maxLength: 2 }),
  port: fc.option(fc.constantFrom(9042, 9142), { nil: undefined }),
  datacenter: fc.option(fc.constantFrom('dc1', 'eu_west'), { nil: undefined }),
  credentials: fc.option(fc.record({ secretName: fc.constant('cassandra-credentials') }), { nil: undefined }),
  tls: fc.option(fc.constantFrom({}, { caSecret: { name: 'cassandra-ca' } }), { nil: undefined }),
}, { requiredKeys: ['servers'] }).chain((options) => fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined })
  .map((replicationFactor) => JaegerStorage.cassandra(replicationFactor === undefined ? options : { ...options, datacenter: options.datacenter ?? 'dc1', createSchema: true, replicationFactor })));

const splitRoles = fc.record({
  collector: fc.option(fc.oneof(
    fc.record({ replicas: fc.integer({ min: 1, max: 5 }) }),
    fc.integer({ min: 1, max: 4 }).chain((min) => fc.record({
      autoscaling: fc.record({ minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: 10 }), targetCpuUtilization: fc.integer({ min: 1, max: 100 }) }),
    })),
  ), { nil: undefined }),
  query: fc.option(fc.record({ replicas: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
}, { requiredKeys: [] });

export const jaegerProps: fc.Arbitrary<JaegerStackProps> = fc.record({
  topology: fc.oneof(
    fc.constant({ storage: JaegerStorage.badger() }),
    fc.constant({ storage: JaegerStorage.memory(50_000) }),
    splitRoles.map((roles) => ({ ...roles, storage: JaegerStorage.badgerShared() })),
    fc.tuple(splitRoles, searchStorage).map(([roles, storage]) => ({ ...roles, storage })),
    fc.tuple(splitRoles, cassandraStorage).map(([roles, storage]) => ({ ...roles, storage })),
  ),
  retention: fc.constantFrom('1h', '24h', '72h', '168h', '90m', '36h30m'),
  volumeSize: quantityGi(1, 500),
  sampling: fc.record({
    defaultStrategy: fc.option(defaultStrategy, { nil: undefined }),
    services: fc.dictionary(serviceName, serviceStrategy, { maxKeys: 4 }),
    reloadInterval: fc.option(fc.constantFrom('30s', '1m', '5m'), { nil: undefined }),
  }, { requiredKeys: ['services'] }),
  monitor: fc.option(fc.constantFrom('http://prometheus-operated.monitoring.svc:9090', 'https://prometheus.example.com')
    .map((url) => ({ prometheus: Prometheus.fromExisting({ namespace: 'monitoring', url }) })), { nil: undefined }),
}).map(({ topology, ...rest }) => ({ ...topology, ...rest }) as JaegerStackProps);

const otelProps: fc.Arbitrary<Omit<OtelCollectorProps, 'backend'>> = fc.constantFrom('agent-and-gateway', 'agent-only', 'gateway-only').chain((mode) => {
  const gateway = fc.record({
    scaling: fc.oneof(
      fc.record({ replicas: fc.integer({ min: 1, max: 5 }) }),
      fc.integer({ min: 1, max: 4 }).chain((min) => fc.record({
        autoscaling: fc.record({ minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: 8 }) }),
      })),
    ),
    queueSize: fc.integer({ min: 16_384, max: 20_000_000 }),
    queueStorageSize: quantityGi(1, 50),
  }).map(({ scaling, ...rest }) => ({ ...scaling, ...rest }));
  const sampling = fc.record({
    keepErrors: fc.boolean(),
    // At most 90 %: the alerts need room above the baseline to tell that sampling cuts volume.
    baselinePercentage: fc.double({ min: 0, max: 90, noNaN: true }),
    latencyThreshold: goDuration(1, 10_000),
    decisionWait: fc.constantFrom('5s', '10s', '30s'),
    numTraces: fc.integer({ min: 1, max: 500_000 }),
    services: fc.dictionary(serviceName, fc.record({
      baselinePercentage: fc.double({ min: 0, max: 100, noNaN: true }),
      latencyThreshold: goDuration(1, 5000),
    }, { requiredKeys: ['baselinePercentage'] }), { maxKeys: 3 }),
  }, { requiredKeys: [] });
  const agent = fc.record({
    remoteSampling: fc.boolean(),
    spanMetrics: fc.record({
      dimensions: fc.uniqueArray(fc.constantFrom('http.route', 'http.request.method', 'rpc.method'), { minLength: 1, maxLength: 3 }),
    }, { requiredKeys: [] }),
  }, { requiredKeys: [] });
  return fc.record({
    mode: fc.constant(mode as OtelCollectorProps['mode']),
    ...(mode !== 'agent-only' ? { sampling: fc.option(sampling, { nil: undefined }), gateway: fc.option(gateway, { nil: undefined }) } : {}),
    ...(mode !== 'gateway-only' ? { agent: fc.option(agent, { nil: undefined }) } : {}),
  }, { requiredKeys: ['mode'] }) as fc.Arbitrary<Omit<OtelCollectorProps, 'backend'>>;
});

const alertProps: fc.Arbitrary<Omit<TracingAlertsProps, 'components' | 'prometheus'>> = fc.record({
  pipelineErrorRatio: probability,
  queueFillRatio: probability,
  storage: fc.tuple(fc.double({ min: 0, max: 0.98, noNaN: true }), fc.double({ min: 0.001, max: 0.02, noNaN: true }))
    .map(([warning, gap]) => ({ storageWarningRatio: warning, storageCriticalRatio: Math.min(1, warning + gap) })),
  memoryLimitRatio: probability,
  memoryBytes: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }),
  queryLatencySeconds: fc.double({ min: 0, max: 60, noNaN: true }),
  serviceErrorRatio: probability,
  pipelineErrorFor: fc.constantFrom('1m', '5m', '1h30m', '2d'),
  targetDownFor: fc.constantFrom('30s', '5m', '15m'),
}).map(({ storage, ...rest }) => ({ ...storage, ...rest }));

export const platformArb = fc.record({
  namespace: fc.constantFrom('monitoring', 'tracing', 'observability'),
  jaeger: jaegerProps,
  otel: otelProps,
  /** The agents serve a copy of Jaeger's strategies, or proxy Jaeger's gRPC endpoint. */
  agentsServeStrategies: fc.boolean(),
  alerts: alertProps,
  interval: fc.constantFrom('15s', '30s', '1m'),
  grafanaUid: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,40}$/),
});
export type Platform = typeof platformArb extends fc.Arbitrary<infer T> ? T : never;

// ---- the composition (as main.ts) ----------------------------------------------------------

export function externalsOf(p: Platform): ExternalRef[] {
  const storage = p.jaeger.storage && storageSpecOf('random platform', p.jaeger.storage) as { credentials?: { secretName: string }; tls?: { caSecret?: { name: string } } };
  return [storage?.credentials?.secretName, storage?.tls?.caSecret?.name]
    .filter((name): name is string => name !== undefined)
    .map((name) => ({ kind: 'Secret', namespace: p.namespace, name }));
}

export function build(p: Platform): { app: GitOpsApp; objects: any[] } {
  const app = new GitOpsApp({ outdir: 'unused-never-synthesized', validation: { external: externalsOf(p) } });
  const foundation = new TracingChart(app, 'tracing-foundation', { syncWave: -1 });
  const namespace = new TracingNamespace(foundation, 'namespace', { name: p.namespace });
  const storageClass = new TracingStorageClass(foundation, 'storage-class', { provisioner: 'ebs.csi.aws.com' });

  const jaegerChart = new TracingChart(app, 'jaeger');
  jaegerChart.addDependency(foundation);
  const jaeger = new JaegerStack(jaegerChart, 'jaeger', { ...p.jaeger, namespace: namespace.name, storageClassName: storageClass.name });

  const otelChart = new TracingChart(app, 'otel-collector');
  otelChart.addDependency(jaegerChart);
  const otel = new OtelCollector(otelChart, 'otel', {
    ...p.otel,
    namespace: namespace.name,
    // The agents serve a copy of the stack's strategies, or proxy its gRPC endpoint (the stack
    // imported): both paths stay exercised.
    backend: p.agentsServeStrategies ? jaeger
      : JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint, samplingGrpcEndpoint: jaeger.samplingGrpcEndpoint }),
  });

  const networkChart = new TracingChart(app, 'network-policies');
  networkChart.addDependency(otelChart);
  new StackNetworkPolicies(networkChart, 'tracing', { jaeger, otel });

  const monitoringChart = new TracingChart(app, 'monitoring', { syncWave: 1 });
  monitoringChart.addDependency(networkChart);
  // The watchers take the stack's namespace, parts, claims and keep ratio from its constructs.
  const components = [jaeger, otel];
  const prometheus = Prometheus.fromExisting({ namespace: namespace.name, selectorLabels: { release: 'kube-prometheus-stack' } });
  const grafana = Grafana.fromExisting({ namespace: namespace.name, prometheusDatasourceUid: p.grafanaUid });
  new TracingMonitors(monitoringChart, 'monitors', { prometheus, components, interval: p.interval });
  new TracingAlerts(monitoringChart, 'alerts', { prometheus, components, ...p.alerts });
  new GrafanaDatasources(monitoringChart, 'grafana-datasources', { grafana, jaeger });
  new GrafanaDashboards(monitoringChart, 'grafana-dashboards', { grafana, components });

  if (otel.agent) {
    const instrumentation = new TracingChart(app, 'instrumentation', { syncWave: 1 });
    instrumentation.addDependency(monitoringChart);
    for (const [service, samplingStrategy] of Object.entries(p.jaeger.sampling?.services ?? {})) {
      new ServiceInstrumentation(instrumentation, service, { serviceName: service, namespace: 'default', collector: otel, samplingStrategy });
    }
  }
  return { app, objects: synthApp(app) };
}
