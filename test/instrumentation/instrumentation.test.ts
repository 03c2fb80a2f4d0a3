import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { k8s } from 'cdk8s-plus-33';
import {
  instrumentWorkload, JaegerStack, OtelCollector, OtelEnv, otelEnvironment, Ports, SamplingStrategy, ServiceInstrumentation, ServiceNames,
} from '../../lib/internal';
import { schemaValidator } from '../support/schema';
import { findOne, synthObjects, testChart } from '../support/synth';
import { OtlpProtocol } from '../../lib/instrumentation/otel-environment';
import { JaegerRemoteSamplingProtocol, TraceSampler } from '../../lib/instrumentation/trace-sampler';
import { strategySpecOf } from '../../lib/jaeger/sampling-strategies';
import { ExistingVariablePolicy } from '../../lib/instrumentation/instrument-workload';

const PLATFORM_SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];
const AGENT_HTTP = `http://${ServiceNames.OTEL_AGENT}.monitoring.svc:${Ports.OTLP_HTTP.port}`;

/** A collector of the default shape in a chart of its own (agents in `namespace`), for the SDKs to send to. */
function collectorIn(namespace = 'monitoring', chart: Chart = testChart()): OtelCollector {
  return new OtelCollector(chart, 'otel', { namespace, backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: `jaeger-collector.${namespace}.svc:4317` }) });
}

function expectValid(objects: any[]): void {
  const validator = schemaValidator();
  for (const obj of objects) expect({ obj: `${obj.kind}/${obj.metadata?.name}`, errors: validator.validate(obj) }).toEqual({ obj: `${obj.kind}/${obj.metadata?.name}`, errors: [] });
}

/** name → env entry, failing on a duplicate name. */
function envByName(container: any): Record<string, any> {
  const names = (container.env ?? []).map((v: any) => v.name);
  expect(names).toEqual([...new Set(names)]);
  return Object.fromEntries((container.env ?? []).map((v: any) => [v.name, v]));
}

/** Checks the downward-API variables and that each `$(NAME)` refers to a variable defined earlier. */
function expectDownwardApi(container: any, containerName: string): void {
  const env: any[] = container.env;
  const byName = envByName(container);
  expect(byName[OtelEnv.POD_NAME].valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  expect(byName[OtelEnv.NAMESPACE_NAME].valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
  expect(byName[OtelEnv.NODE_NAME].valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
  const attrs = byName[OtelEnv.RESOURCE_ATTRIBUTES].value as string;
  expect(attrs.split(',')).toEqual(expect.arrayContaining([
    `k8s.pod.name=$(${OtelEnv.POD_NAME})`,
    `k8s.namespace.name=$(${OtelEnv.NAMESPACE_NAME})`,
    `k8s.node.name=$(${OtelEnv.NODE_NAME})`,
    `k8s.container.name=${containerName}`,
  ]));
  const at = (name: string) => env.findIndex((v) => v.name === name);
  for (const [, ref] of attrs.matchAll(/\$\(([A-Z_]+)\)/g)) {
    expect(at(ref)).toBeGreaterThanOrEqual(0);
    expect(at(ref)).toBeLessThan(at(OtelEnv.RESOURCE_ATTRIBUTES));
  }
}

function expectOtlpHttpToAgent(container: any, serviceName: string): void {
  const byName = envByName(container);
  expect(byName[OtelEnv.SERVICE_NAME].value).toBe(serviceName);
  expect(byName[OtelEnv.ENDPOINT].value).toBe(AGENT_HTTP);
  expect(byName[OtelEnv.PROTOCOL].value).toBe('http/protobuf');
  expect(byName[OtelEnv.TRACES_EXPORTER].value).toBe('otlp');
  expect(byName[OtelEnv.SAMPLER].value).toBe('parentbased_always_on');
  expect(byName[OtelEnv.PROPAGATORS].value).toBe('tracecontext,baggage');
}

function plusDeployment(chart: Chart, kind: 'Deployment' | 'StatefulSet' = 'Deployment'): kplus.Deployment | kplus.StatefulSet {
  const common = {
    metadata: { name: 'api', namespace: 'ryot' },
    containers: [
      { name: 'app', image: 'example/app:1.0', envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('info') }, portNumber: 8080 },
      { name: 'worker', image: 'example/worker:1.0', portNumber: 8081 },
    ],
    initContainers: [{ name: 'migrate', image: 'example/migrate:1.0' }],
  };
  if (kind === 'Deployment') return new kplus.Deployment(chart, 'api', common);
  const service = new kplus.Service(chart, 'headless', { metadata: { name: 'api', namespace: 'ryot' }, clusterIP: 'None', ports: [{ port: 8080 }] });
  return new kplus.StatefulSet(chart, 'api', { ...common, service });
}

describe('otelEnvironment', () => {
  test('defaults: OTLP/HTTP to the node-local agent on 4318, never the Jaeger exporter', () => {
    const env = otelEnvironment('test', { collector: collectorIn(), serviceName: 'ryot' });
    expect(env.endpoint).toBe('http://otel-collector.monitoring.svc:4318');
    expect(Object.fromEntries(env.staticVars)).toEqual({
      OTEL_SERVICE_NAME: 'ryot',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.monitoring.svc:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_PROPAGATORS: 'tracecontext,baggage',
    });
  });

  test('endpoint port and protocol always agree', () => {
    const grpc = otelEnvironment('test', { serviceName: 'ryot', protocol: OtlpProtocol.GRPC, collector: collectorIn('observability') });
    expect(grpc.endpoint).toBe(`http://otel-collector.observability.svc:${Ports.OTLP_GRPC.port}`);
    expect(Object.fromEntries(grpc.staticVars)[OtelEnv.PROTOCOL]).toBe('grpc');
    expect(() => otelEnvironment('T "x"', { serviceName: 'ryot', endpoint: 'http://agent:4317' }))
      .toThrow('T "x": invalid prop "endpoint" = "http://agent:4317": port 4317 serves OTLP grpc, but protocol is http/protobuf');
    expect(() => otelEnvironment('T "x"', { serviceName: 'ryot', protocol: OtlpProtocol.GRPC, endpoint: 'http://agent:4318' }))
      .toThrow(/port 4318 serves OTLP http\/protobuf, but protocol is grpc/);
    expect(() => otelEnvironment('T "x"', { serviceName: 'ryot', endpoint: 'http://agent:4318/v1/traces' }))
      .toThrow(/the SDK appends \/v1\/traces itself/);
  });

  test('samplers: ratio and Jaeger remote arguments', () => {
    const ratio = Object.fromEntries(otelEnvironment('t', { collector: collectorIn(), serviceName: 's', sampler: TraceSampler.parentBasedTraceIdRatio(0.25) }).staticVars);
    expect(ratio).toMatchObject({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' });
    const remote = Object.fromEntries(otelEnvironment('t', { collector: collectorIn(), serviceName: 's', sampler: TraceSampler.parentBasedJaegerRemote() }).staticVars);
    expect(remote).toMatchObject({
      OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: `endpoint=http://otel-collector.monitoring.svc:${Ports.SAMPLING_GRPC.port},pollingIntervalMs=60000,initialSamplingRate=1`,
    });
  });

  test('the default Jaeger remote-sampling endpoint is a port the agent Service really serves', () => {
    const env = Object.fromEntries(otelEnvironment('t', { collector: collectorIn(), serviceName: 's', sampler: TraceSampler.jaegerRemote() }).staticVars);
    const endpoint = new URL(/endpoint=([^,]+)/.exec(env.OTEL_TRACES_SAMPLER_ARG)![1]);
    const chart = testChart();
    collectorIn('monitoring', chart);
    const objects = synthObjects(chart);
    const [service, namespace] = endpoint.hostname.split('.');
    const svc = findOne(objects, 'Service', service);
    expect(svc.metadata.namespace).toBe(namespace);
    expect(svc.spec.ports).toContainEqual(expect.objectContaining({ port: Number(endpoint.port), protocol: 'TCP', targetPort: Ports.SAMPLING_GRPC.name }));
  });

  test('Go\'s jaegerremote polls HTTP: protocol "http" renders the agent\'s strategies URL, a port the agent serves over HTTP', () => {
    const env = Object.fromEntries(otelEnvironment('t', { collector: collectorIn(), serviceName: 's', sampler: TraceSampler.parentBasedJaegerRemote({ protocol: JaegerRemoteSamplingProtocol.HTTP }) }).staticVars);
    expect(env.OTEL_TRACES_SAMPLER_ARG).toBe(`endpoint=http://otel-collector.monitoring.svc:${Ports.SAMPLING_HTTP.port}/sampling,pollingIntervalMs=60000,initialSamplingRate=1`);
    const endpoint = new URL(/endpoint=([^,]+)/.exec(env.OTEL_TRACES_SAMPLER_ARG)![1]);
    const chart = testChart();
    collectorIn('monitoring', chart);
    const svc = findOne(synthObjects(chart), 'Service', endpoint.hostname.split('.')[0]);
    expect(svc.spec.ports).toContainEqual(expect.objectContaining({ port: Number(endpoint.port), protocol: 'TCP', targetPort: Ports.SAMPLING_HTTP.name }));
    // A base URL gets the path; an explicit strategies URL is kept.
    const arg = (endpointProp: string) => Object.fromEntries(otelEnvironment('t', {
      collector: collectorIn(), serviceName: 's', sampler: TraceSampler.jaegerRemote({ protocol: JaegerRemoteSamplingProtocol.HTTP, endpoint: endpointProp }),
    }).staticVars).OTEL_TRACES_SAMPLER_ARG;
    expect(arg('http://jaeger-collector.monitoring.svc:5778')).toMatch(/^endpoint=http:\/\/jaeger-collector\.monitoring\.svc:5778\/sampling,/);
    expect(arg('http://sampling.example:8080/api/sampling')).toMatch(/^endpoint=http:\/\/sampling\.example:8080\/api\/sampling,/);
  });

  test('a remote sampler on the other protocol\'s port is refused (the SDK would silently keep its initial rate)', () => {
    const t = (sampler: any) => () => otelEnvironment('T "x"', { collector: collectorIn(), serviceName: 'ryot', sampler });
    expect(t(TraceSampler.jaegerRemote({ endpoint: 'http://otel-collector.monitoring.svc:5778' })))
      .toThrow(/"sampler.endpoint" = "http:\/\/otel-collector.monitoring.svc:5778": port 5778 serves remote sampling over HTTP, but protocol is grpc. Fix: use port 5779, or set protocol: "http"/);
    expect(t(TraceSampler.jaegerRemote({ protocol: JaegerRemoteSamplingProtocol.HTTP, endpoint: 'http://otel-collector.monitoring.svc:5779/sampling' })))
      .toThrow(/port 5779 serves remote sampling over gRPC, but protocol is http/);
    expect(t(TraceSampler.jaegerRemote({ protocol: 'thrift' as any }))).toThrow(/"sampler.protocol" = "thrift": not a remote-sampling protocol/);
    expect(t(TraceSampler.jaegerRemote({ protocol: JaegerRemoteSamplingProtocol.HTTP, endpoint: 'http://a:5778/sampling?service=x' }))).toThrow(/has a query or fragment/);
  });

  test('bad values fail with the prop, the value and a fix', () => {
    const t = (opts: any) => () => otelEnvironment('T "x"', { ...(opts.endpoint === undefined ? { collector: collectorIn() } : {}), serviceName: 'ryot', ...opts });
    expect(t({ serviceName: 'has space' })).toThrow(/invalid prop "serviceName" = "has space": not a usable service name/);
    expect(t({ serviceName: '' })).toThrow(/invalid prop "serviceName" = ""/);
    expect(t({ sampler: TraceSampler.traceIdRatio(1.5) })).toThrow(/invalid prop "sampler.ratio" = 1.5: must be at most 1/);
    expect(t({ sampler: TraceSampler.traceIdRatio(-0.1) })).toThrow(/"sampler.ratio" = -0.1: must be at least 0/);
    expect(t({ sampler: { type: 'probabilistic' } })).toThrow(/"sampler" = {"type":"probabilistic"}: is not a TraceSampler. Fix: make it with a factory: TraceSampler.parentBasedAlwaysOn\(\)/);
    expect(t({ sampler: TraceSampler.jaegerRemote({ initialSamplingRate: 2 }) })).toThrow(/"sampler.initialSamplingRate" = 2/);
    expect(t({ sampler: TraceSampler.jaegerRemote({ endpoint: 'agent:5779' }) })).toThrow(/"sampler.endpoint" = "agent:5779"/);
    expect(t({ sampler: TraceSampler.jaegerRemote({ pollingIntervalMs: 10 }) })).toThrow(/"sampler.pollingIntervalMs" = 10: must be at least 1000/);
    expect(t({ endpoint: 'otel-collector:4318' })).toThrow(/"endpoint" = "otel-collector:4318"/);
    expect(t({ endpoint: 'ftp://agent:4318' })).toThrow(/scheme "ftp:" is not http or https/);
    expect(t({ endpoint: 'http://a:4318', collector: collectorIn() })).toThrow(/"endpoint" = "http:\/\/a:4318": is given together with collector, whose endpoint it would replace. Fix: give collector for an OtelCollector of this app, endpoint only for collectors made elsewhere/);
    expect(t({ collector: undefined })).toThrow('T "x": invalid prop "collector" = undefined: is required: the SDK must know where to send its spans. Fix: pass the OtelCollector ({ collector: otel }), or endpoint for collectors made elsewhere');
    expect(t({ collector: { namespace: 'tracing', agentServiceName: 'otel-collector' } })).toThrow(/"collector" = .*: is not an OtelCollector. Fix: pass the OtelCollector construct/);
    expect(t({ protocol: 'http/json' })).toThrow(/"protocol" = "http\/json": not an OTLP protocol the agent serves/);
    expect(t({ propagators: ['w3c'] })).toThrow(/"propagators\[0\]" = "w3c"/);
    expect(t({ resourceAttributes: { 'k8s.pod.name': 'x' } })).toThrow(/"resourceAttributes.k8s.pod.name" = "x": is set by the instrumentation itself/);
  });

  test('resource attribute values are percent-encoded', () => {
    const env = otelEnvironment('t', { collector: collectorIn(), serviceName: 's', resourceAttributes: { 'deployment.environment.name': 'prod,eu=1' } });
    expect(env.staticResourceAttributes).toBe('deployment.environment.name=prod%2Ceu%3D1');
  });
});

describe('instrumentWorkload', () => {
  test.each(['Deployment', 'StatefulSet'] as const)('cdk8s-plus %s: every container and init container, no duplicates', (kind) => {
    const chart = testChart();
    const workload = plusDeployment(chart, kind);
    const result = instrumentWorkload(workload, { collector: collectorIn(), serviceName: 'ryot' });
    expect(result.containers.map((c) => [c.name, c.init])).toEqual([['app', false], ['worker', false], ['migrate', true]]);
    const objects = synthObjects(chart);
    expectValid(objects);
    const spec = findOne(objects, kind, 'api').spec.template.spec;
    for (const container of [...spec.containers, ...spec.initContainers]) {
      expectOtlpHttpToAgent(container, 'ryot');
      expectDownwardApi(container, container.name);
    }
    // the container's own variable is still there, first
    expect(spec.containers[0].env[0]).toEqual({ name: 'LOG_LEVEL', value: 'info' });
  });

  test('raw ApiObject Deployment: patched at synth, existing variables win and are never duplicated', () => {
    const chart = testChart();
    const deployment = new k8s.KubeDeployment(chart, 'raw', {
      metadata: { name: 'sigmavault', namespace: 'vault' },
      spec: {
        selector: { matchLabels: { app: 'sigmavault' } },
        template: {
          metadata: { labels: { app: 'sigmavault' } },
          spec: {
            containers: [
              {
                name: 'vault',
                image: 'example/vault:1.0',
                env: [
                  { name: 'OTEL_SERVICE_NAME', value: 'sigmavault-api' },
                  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://localhost:4317' },
                  { name: 'OTEL_TRACES_SAMPLER', value: 'traceidratio' },
                  { name: 'OTEL_TRACES_SAMPLER_ARG', value: '0.5' },
                ],
              },
              { name: 'sidecar', image: 'example/sidecar:1.0' },
            ],
          },
        },
      },
    });
    const result = instrumentWorkload(deployment, { collector: collectorIn(), serviceName: 'sigmavault' });
    expect(result.containers[0].kept).toEqual(['OTEL_SERVICE_NAME', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_SAMPLER']);
    const objects = synthObjects(chart);
    expectValid(objects);
    const [vault, sidecar] = findOne(objects, 'Deployment', 'sigmavault').spec.template.spec.containers;
    const env = envByName(vault);
    expect(env.OTEL_SERVICE_NAME.value).toBe('sigmavault-api');
    // its own gRPC endpoint keeps the pair consistent: no http/protobuf protocol added next to it
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT.value).toBe('http://localhost:4317');
    expect(env).not.toHaveProperty(OtelEnv.PROTOCOL);
    expect(env.OTEL_TRACES_SAMPLER_ARG.value).toBe('0.5');
    expect(env.OTEL_PROPAGATORS.value).toBe('tracecontext,baggage');
    expectDownwardApi(vault, 'vault');
    expectOtlpHttpToAgent(sidecar, 'sigmavault');
    expectDownwardApi(sidecar, 'sidecar');
  });

  test('existing: "error" refuses to touch a variable the container sets', () => {
    const chart = testChart();
    const deployment = new kplus.Deployment(chart, 'api', {
      containers: [{ name: 'app', image: 'x:1', envVariables: { OTEL_PROPAGATORS: kplus.EnvValue.fromValue('b3') } }],
    });
    expect(() => instrumentWorkload(deployment, { collector: collectorIn(), serviceName: 'ryot', existing: ExistingVariablePolicy.ERROR }))
      .toThrow('instrumentWorkload(Deployment "api"): invalid prop "container "app" env OTEL_PROPAGATORS" = "b3": the container already sets this variable');
  });

  test('OTEL_TRACES_EXPORTER=jaeger is always an error', () => {
    const chart = testChart();
    const deployment = new kplus.Deployment(chart, 'api', {
      containers: [{ name: 'app', image: 'x:1', envVariables: { OTEL_TRACES_EXPORTER: kplus.EnvValue.fromValue('jaeger') } }],
    });
    expect(() => instrumentWorkload(deployment, { collector: collectorIn(), serviceName: 'ryot' })).toThrow(/removed from the OpenTelemetry specification/);
  });

  test('containers restricts the instrumentation; unknown names and kinds fail clearly', () => {
    const chart = testChart();
    const workload = plusDeployment(chart);
    const result = instrumentWorkload(workload, { collector: collectorIn(), serviceName: 'ryot', containers: ['app'] });
    expect(result.containers.map((c) => c.name)).toEqual(['app']);
    const spec = findOne(synthObjects(chart), 'Deployment', 'api').spec.template.spec;
    expect(envByName(spec.containers[1])).not.toHaveProperty(OtelEnv.SERVICE_NAME);
    expect(() => instrumentWorkload(plusDeployment(testChart()), { collector: collectorIn(), serviceName: 'ryot', containers: ['nope'] }))
      .toThrow(/invalid prop "containers" = "nope": no container or init container has this name. Fix: use some of app, worker, migrate/);
    const cm = new k8s.KubeConfigMap(testChart(), 'cm', { metadata: { name: 'x' } });
    expect(() => instrumentWorkload(cm, { collector: collectorIn(), serviceName: 'ryot' })).toThrow(/"v1\/ConfigMap": not a pod-bearing kind/);
  });

  test('raw CronJob: the pod spec under the job template', () => {
    const chart = testChart();
    const cron = new k8s.KubeCronJob(chart, 'cron', {
      metadata: { name: 'report', namespace: 'agents' },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'x:1' }] } } } } },
    });
    instrumentWorkload(cron, { collector: collectorIn(), serviceName: 'agents' });
    const objects = synthObjects(chart);
    expectValid(objects);
    const container = findOne(objects, 'CronJob', 'report').spec.jobTemplate.spec.template.spec.containers[0];
    expectOtlpHttpToAgent(container, 'agents');
  });
});

describe('ServiceInstrumentation (ConfigMap for envFrom)', () => {
  test('the four platform services, each exporting OTLP/HTTP to the node-local agent', () => {
    const chart = testChart();
    const instrumented = PLATFORM_SERVICES.map((service) =>
      new ServiceInstrumentation(chart, service, { collector: collectorIn(), serviceName: service, namespace: 'platform' }));
    const objects = synthObjects(chart);
    expectValid(objects);
    for (const inst of instrumented) {
      const cm = findOne(objects, 'ConfigMap', `${inst.serviceName}-otel`);
      expect(cm.metadata.namespace).toBe('platform');
      expect(cm.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'opentelemetry-instrumentation', 'app.kubernetes.io/instance': inst.serviceName });
      expect(cm.data).toMatchObject({
        OTEL_SERVICE_NAME: inst.serviceName,
        OTEL_EXPORTER_OTLP_ENDPOINT: AGENT_HTTP,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_EXPORTER: 'otlp',
      });
      // the endpoint's port is the agent's OTLP/HTTP port, matching the protocol
      expect(new URL(cm.data.OTEL_EXPORTER_OTLP_ENDPOINT).port).toBe(String(Ports.OTLP_HTTP.port));
      expect(new URL(cm.data.OTEL_EXPORTER_OTLP_ENDPOINT).hostname).toBe(`${ServiceNames.OTEL_AGENT}.monitoring.svc`);
      // a ConfigMap cannot hold downward-API references: none leak in
      expect(JSON.stringify(cm.data)).not.toContain('$(');
      expect(inst.envFrom).toEqual({ configMapRef: { name: cm.metadata.name } });
      expect(strategySpecOf('test', 'samplingStrategy', inst.samplingStrategy)).toEqual({ type: 'probabilistic', probability: 1 });
    }
  });

  test('podEnv carries the downward API, and static attributes because env overrides envFrom', () => {
    const chart = testChart();
    const inst = new ServiceInstrumentation(chart, 'ryot', {
      collector: collectorIn(), serviceName: 'ryot', namespace: 'ryot', resourceAttributes: { 'deployment.environment.name': 'production' },
      samplingStrategy: SamplingStrategy.rateLimiting(5),
    });
    const cm = findOne(synthObjects(chart), 'ConfigMap', 'ryot-otel');
    expect(cm.data.OTEL_RESOURCE_ATTRIBUTES).toBe('deployment.environment.name=production');
    const container = { env: inst.podEnv };
    expect(envByName(container)[OtelEnv.RESOURCE_ATTRIBUTES].value).toContain('deployment.environment.name=production');
    expect(inst.podEnv.map((v) => v.name)).toEqual([OtelEnv.POD_NAME, OtelEnv.NAMESPACE_NAME, OtelEnv.NODE_NAME, OtelEnv.RESOURCE_ATTRIBUTES]);
    expect(strategySpecOf('test', 'samplingStrategy', inst.samplingStrategy)).toEqual({ type: 'ratelimiting', maxTracesPerSecond: 5 });
    // the inline form has everything, downward API first
    const inline = inst.containerEnv('app');
    expectDownwardApi({ env: inline }, 'app');
    expectOtlpHttpToAgent({ env: inline }, 'ryot');
  });

  test('bad props fail clearly', () => {
    expect(() => new ServiceInstrumentation(testChart(), 'x', { collector: collectorIn(), serviceName: 'ryot', namespace: 'Platform' }))
      .toThrow('ServiceInstrumentation "x": invalid prop "namespace" = "Platform": not a valid DNS label');
    expect(() => new ServiceInstrumentation(testChart(), 'x', { collector: collectorIn(), serviceName: 'ryot', namespace: undefined as any }))
      .toThrow(/invalid prop "namespace" = undefined: is required outside a Chart with a namespace/);
    expect(() => new ServiceInstrumentation(testChart(), 'x', { collector: collectorIn(), serviceName: 'my_svc', namespace: 'a' }))
      .toThrow(/invalid prop "serviceName" = "my_svc": cannot name the ConfigMap/);
    expect(() => new ServiceInstrumentation(testChart(), 'x', { collector: collectorIn(), serviceName: 'ryot', namespace: 'a', samplingStrategy: SamplingStrategy.probabilistic(3) }))
      .toThrow(/invalid prop "samplingStrategy.probability" = 3: must be at most 1/);
    expect(() => new ServiceInstrumentation(testChart(), 'x', { collector: collectorIn(), serviceName: 'ryot', namespace: 'a', samplingStrategy: { type: 'const', probability: 1 } as any }))
      .toThrow(/invalid prop "samplingStrategy" = {"type":"const","probability":1}: is not a SamplingStrategy. Fix: make it with SamplingStrategy.probabilistic\(probability\)/);
  });
});
