/**
 * Property-based tests: random *valid* props for the constructs, composed the way main.ts
 * composes them (a GitOpsApp with one chart per concern), always synthesize output that
 * (a) the strict schema accepts, (b) has no finding from the whole-stack validator and the pod
 * checks, and (c) is the same on every build.
 */
import * as fc from 'fast-check';
import {
  ExternalRef, GitOpsApp, GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStackProps, OtelCollector,
  OtelCollectorProps, ServiceInstrumentation, ServiceSamplingStrategy, StackNetworkPolicies, TracingAlerts,
  TracingAlertsProps, TracingChart, TracingMonitors, TracingNamespace, TracingStorageClass, TracingTarget,
  checkOperationalRules, checkPodSecurity, validateStack,
} from '../../lib';
import { parse } from 'yaml';
import { schemaValidator } from '../support/schema';
import { synthApp } from '../support/synth';

const RUNS = { numRuns: 40 };

// ---- arbitraries of valid props ------------------------------------------------------------

const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const serviceName = fc.constantFrom('ryot', 'sigmalang', 'sigmavault', 'agents', 'checkout', 'payments');
const probability = fc.double({ min: 0, max: 1, noNaN: true });
const goDuration = (minMs: number, maxMs: number) => fc.integer({ min: minMs, max: maxMs }).map((ms) =>
  (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`));
const quantityGi = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}Gi`);

const serviceStrategy: fc.Arbitrary<ServiceSamplingStrategy> = fc.oneof(
  fc.record({
    type: fc.constant('probabilistic' as const),
    probability,
    operations: fc.option(fc.dictionary(fc.constantFrom('GET /healthz', 'GET /metrics', 'POST /api'), probability, { minKeys: 1 }), { nil: undefined }),
  }, { requiredKeys: ['type', 'probability'] }),
  fc.record({ type: fc.constant('ratelimiting' as const), maxTracesPerSecond: fc.integer({ min: 0, max: 32767 }) }),
);

const searchStorage = fc.record({
  type: fc.constantFrom('elasticsearch' as const, 'opensearch' as const),
  serverUrls: fc.uniqueArray(fc.constantFrom('https://search.example.com:9200', 'http://search-2.example.com:9200', 'https://search-3.example.com'), { minLength: 1, maxLength: 2 }),
  indexPrefix: fc.option(dnsLabel, { nil: undefined }),
  shards: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  credentials: fc.option(fc.record({ secretName: fc.constant('search-credentials') }), { nil: undefined }),
  indexCleanerSchedule: fc.option(fc.constantFrom('55 23 * * *', '0 1 * * 0'), { nil: undefined }),
}, { requiredKeys: ['type', 'serverUrls'] });

const splitRoles = fc.record({
  collector: fc.option(fc.oneof(
    fc.record({ replicas: fc.integer({ min: 1, max: 5 }) }),
    fc.integer({ min: 1, max: 4 }).chain((min) => fc.record({
      autoscaling: fc.record({ minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: 10 }), targetCpuUtilization: fc.integer({ min: 1, max: 100 }) }),
    })),
  ), { nil: undefined }),
  query: fc.option(fc.record({ replicas: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
}, { requiredKeys: [] });

const jaegerProps: fc.Arbitrary<JaegerStackProps> = fc.record({
  topology: fc.oneof(
    fc.constant({ storage: { type: 'badger' as const } }),
    fc.record({ storage: fc.constant({ type: 'memory' as const, maxTraces: 50_000 }) }),
    fc.tuple(splitRoles, fc.constant({ type: 'badger-shared' as const })).map(([roles, storage]) => ({ ...roles, storage })),
    fc.tuple(splitRoles, searchStorage).map(([roles, storage]) => ({ ...roles, storage })),
  ),
  retention: fc.constantFrom('1h', '24h', '72h', '168h', '90m', '36h30m'),
  volumeSize: quantityGi(1, 500),
  sampling: fc.record({
    defaultStrategy: fc.option(serviceStrategy, { nil: undefined }),
    services: fc.dictionary(serviceName, serviceStrategy, { maxKeys: 4 }),
    reloadInterval: fc.option(fc.constantFrom('30s', '1m', '5m'), { nil: undefined }),
  }, { requiredKeys: ['services'] }),
  monitor: fc.option(fc.record({ prometheusUrl: fc.constantFrom('http://prometheus-operated.monitoring.svc:9090', 'https://prometheus.example.com') }), { nil: undefined }),
}).map(({ topology, ...rest }) => ({ ...topology, ...rest }) as JaegerStackProps);

const otelProps: fc.Arbitrary<OtelCollectorProps> = fc.constantFrom('agent-and-gateway', 'agent-only', 'gateway-only').chain((mode) => {
  const gateway = fc.record({
    scaling: fc.oneof(
      fc.record({ replicas: fc.integer({ min: 1, max: 5 }) }),
      fc.integer({ min: 1, max: 4 }).chain((min) => fc.record({
        autoscaling: fc.record({ minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: 8 }) }),
      })),
    ),
    queueSize: fc.integer({ min: 1, max: 50_000 }),
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
  }, { requiredKeys: ['mode'] }) as fc.Arbitrary<OtelCollectorProps>;
});

const alertProps: fc.Arbitrary<TracingAlertsProps> = fc.record({
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

const platformArb = fc.record({
  namespace: fc.constantFrom('monitoring', 'tracing', 'observability'),
  jaeger: jaegerProps,
  otel: otelProps,
  alerts: alertProps,
  interval: fc.constantFrom('15s', '30s', '1m'),
  grafanaUid: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,40}$/),
});
type Platform = typeof platformArb extends fc.Arbitrary<infer T> ? T : never;

// ---- the composition (as main.ts) ----------------------------------------------------------

function externalsOf(p: Platform): ExternalRef[] {
  const storage = p.jaeger.storage as { credentials?: { secretName: string } } | undefined;
  return storage?.credentials ? [{ kind: 'Secret', namespace: p.namespace, name: storage.credentials.secretName }] : [];
}

function build(p: Platform): { app: GitOpsApp; objects: any[] } {
  const app = new GitOpsApp({ outdir: 'unused-never-synthesized', validation: { external: externalsOf(p) } });
  const foundation = new TracingChart(app, 'tracing-foundation', { syncWave: -1 });
  const namespace = new TracingNamespace(foundation, 'namespace', { name: p.namespace });
  const storageClass = new TracingStorageClass(foundation, 'storage-class');

  const jaegerChart = new TracingChart(app, 'jaeger');
  jaegerChart.addDependency(foundation);
  const jaeger = new JaegerStack(jaegerChart, 'jaeger', { ...p.jaeger, namespace: namespace.name, storageClassName: storageClass.name });

  const otelChart = new TracingChart(app, 'otel-collector');
  otelChart.addDependency(jaegerChart);
  const otel = new OtelCollector(otelChart, 'otel', {
    ...p.otel,
    namespace: namespace.name,
    jaeger: {
      otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint,
      ...(p.otel.agent?.remoteSampling === false || p.otel.mode === 'gateway-only' ? {} : { samplingGrpcEndpoint: jaeger.samplingGrpcEndpoint }),
    },
  });

  const networkChart = new TracingChart(app, 'network-policies');
  networkChart.addDependency(otelChart);
  new StackNetworkPolicies(networkChart, 'tracing', { jaeger, otel });

  const monitoringChart = new TracingChart(app, 'monitoring', { syncWave: 1 });
  monitoringChart.addDependency(networkChart);
  const targets: TracingTarget[] = ['jaeger', ...otel.roles.map((r) => r.component as TracingTarget)];
  const monitored = { namespace: namespace.name, labels: { release: 'kube-prometheus-stack' } };
  new TracingMonitors(monitoringChart, 'monitors', { ...monitored, jaegerInstance: jaeger.instance, otelInstance: otel.instance, targets, interval: p.interval });
  const pvcRegex = jaeger.dataClaimNames.length ? jaeger.dataClaimNames.join('|').replace(/[.-]/g, (c) => (c === '.' ? '\\.' : c)) : 'data-jaeger.*';
  new TracingAlerts(monitoringChart, 'alerts', {
    ...monitored, ...p.alerts, targets, storagePvcRegex: pvcRegex, samplingKeepRatio: otel.baselinePercentage / 100,
  });
  new GrafanaDatasources(monitoringChart, 'grafana-datasources', { namespace: namespace.name, prometheusDatasourceUid: p.grafanaUid });
  new GrafanaDashboards(monitoringChart, 'grafana-dashboards', { namespace: namespace.name, prometheusDatasourceUid: p.grafanaUid, storagePvcRegex: pvcRegex });

  if (otel.agent) {
    const instrumentation = new TracingChart(app, 'instrumentation', { syncWave: 1 });
    instrumentation.addDependency(monitoringChart);
    for (const [service, samplingStrategy] of Object.entries(p.jaeger.sampling?.services ?? {})) {
      new ServiceInstrumentation(instrumentation, service, { serviceName: service, namespace: 'default', agentNamespace: namespace.name, samplingStrategy });
    }
  }
  return { app, objects: synthApp(app) };
}

// ---- the properties ------------------------------------------------------------------------

const schema = schemaValidator();

function schemaErrors(objects: any[]): string[] {
  return objects.flatMap((o) => schema.validate(o).map((e) => `${o.kind}/${o.metadata?.name}: ${e}`));
}

test('random valid platforms are schema-valid, have no stack or pod finding, and build deterministically', () => {
  fc.assert(fc.property(platformArb, (p) => {
    const { app, objects } = build(p);
    expect(schemaErrors(objects)).toEqual([]);
    expect(validateStack(objects, { external: externalsOf(p) }).map((f) => f.message)).toEqual([]);
    expect(app.checkStack()).toEqual([]);
    expect(checkPodSecurity(objects).map((f) => f.message)).toEqual([]);
    expect(checkOperationalRules(objects).map((f) => f.message)).toEqual([]);
    expect(JSON.stringify(build(p).objects)).toBe(JSON.stringify(objects));

    // The output is what the props asked for: the topology, and the gateway's sampling policy.
    const kinds = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
    const split = !['badger', 'memory'].includes(p.jaeger.storage!.type);
    expect(kinds('Deployment')).toEqual(split ? ['jaeger-collector', 'jaeger-query'] : []);
    expect(kinds('DaemonSet')).toEqual(p.otel.mode === 'gateway-only' ? [] : ['otel-agent']);
    const gatewayConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-gateway-config');
    expect(gatewayConfig === undefined).toBe(p.otel.mode === 'agent-only');
    if (gatewayConfig) {
      const policies = parse(gatewayConfig.data['config.yaml']).processors.tail_sampling.policies;
      const baseline = policies.find((x: any) => x.name === 'baseline');
      const percentage = baseline.probabilistic?.sampling_percentage ?? baseline.and.and_sub_policy[1].probabilistic.sampling_percentage;
      expect(percentage).toBe(p.otel.sampling?.baselinePercentage ?? 30);
      expect(policies.some((x: any) => x.name === 'keep-errors')).toBe(p.otel.sampling?.keepErrors ?? true);
    }
  }), RUNS);
});

test('a JaegerStack alone, in any storage mode, is schema-valid and self-consistent', () => {
  fc.assert(fc.property(jaegerProps, (props) => {
    const p = { namespace: 'monitoring', jaeger: props } as Platform;
    const app = new GitOpsApp({ outdir: 'unused-never-synthesized', validation: { external: externalsOf(p) } });
    new JaegerStack(new TracingChart(app, 'jaeger'), 'jaeger', props);
    const objects = synthApp(app);
    expect(schemaErrors(objects)).toEqual([]);
    expect(validateStack(objects, { external: externalsOf(p) }).map((f) => f.message)).toEqual([]);
    expect(checkPodSecurity(objects)).toEqual([]);
    expect(checkOperationalRules(objects)).toEqual([]);
  }), RUNS);
});
