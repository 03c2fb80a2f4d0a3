/**
 * (b) The runbook's checks on the committed dist/: traces of the four services sent to a node's
 * agent over OTLP gRPC, OTLP HTTP and legacy Jaeger clients (thrift-binary on UDP 6832 from the npm
 * jaeger-client, thrift-compact on UDP 6831 from the Python Jaeger exporter) come out
 * of Jaeger's query APIs, and an error trace is visible with its error status. The legacy
 * clients' remote samplers (npm and Python jaeger-client), pointed at `jaeger-agent:5778` as the
 * README says, adopt the platform's strategy from the agent on their node.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ensureBinaries } from './harness/binaries';
import { LocalCluster } from './harness/cluster';
import { GATEWAY_IP } from './harness/network';
import { distObjects, platformProbability, startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, postOtlpHttp } from './harness/traffic';
import { PLATFORM } from '../../main';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { initTracer } = require('jaeger-client');

const SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];
/** The Python with the legacy Jaeger clients (test/e2e/legacy). */
const LEGACY_PYTHON = 'legacy-python-clients';

let cluster: LocalCluster;
let jaeger: JaegerApi;
let agentIp: string;

beforeAll(async () => {
  cluster = await startCluster(distObjects());
  agentIp = cluster.pod('otel-agent-node-1').ip;
  jaeger = new JaegerApi(`http://${cluster.serviceAddress(PLATFORM.namespace, 'jaeger-query')}:16686`);
});

afterAll(async () => {
  await cluster?.stop();
});

/** Waits until Jaeger holds every span id of a trace; returns the v1 API's trace. */
async function stored(traceId: string, spanIds: string[]): Promise<void> {
  await eventually(`trace ${traceId} in Jaeger`, async () => {
    const ids = await jaeger.spanIds(traceId);
    return spanIds.every((id) => ids.includes(id)) ? true : undefined;
  }, 90_000);
}

test('OTLP/HTTP: every service\'s error trace is stored whole, with its error status, and readable through /api/v3', async () => {
  const traces = SERVICES.map((s) => makeTrace(s, 'error'));
  await postOtlpHttp(`http://${agentIp}:4318`, traces.flat());
  for (const t of traces) await stored(t[0].traceId, t.map((s) => s.spanId));

  const v3 = await jaeger.get(`/api/v3/traces/${traces[0][0].traceId}`);
  expect(v3.status).toBe(200);
  const spans = v3.body.result.resourceSpans.flatMap((r: any) => r.scopeSpans.flatMap((s: any) => s.spans));
  expect(spans).toHaveLength(3);
  expect(spans.find((s: any) => s.name === 'SELECT orders').status.code).toBe(2); // STATUS_CODE_ERROR
  expect(await jaeger.services()).toEqual(expect.arrayContaining(SERVICES));
});

test('OTLP/gRPC: an SDK exporting to the agent\'s 4317 gets its error traces stored', async () => {
  const exporter = new OTLPTraceExporter({ url: `http://${agentIp}:4317` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sigmalang' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('e2e');
  const sent: Array<{ traceId: string; spanId: string }> = [];
  for (let i = 0; i < 3; i++) {
    const span = tracer.startSpan(`grpc op ${i}`);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    span.end();
    sent.push({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
  }
  await provider.forceFlush();
  await provider.shutdown();
  for (const s of sent) await stored(s.traceId, [s.spanId]);
});

test('legacy Jaeger client (npm jaeger-client): thrift-binary over UDP 6832 reaches Jaeger', async () => {
  const tracer = initTracer(
    { serviceName: 'agents', sampler: { type: 'const', param: 1 }, reporter: { agentHost: agentIp, agentPort: 6832, flushIntervalMs: 100 } },
    { logger: { info: () => undefined, error: (m: string) => { throw new Error(m); } } },
  );
  const spans = Array.from({ length: 3 }, (_, i) => {
    const span = tracer.startSpan(`legacy binary op ${i}`);
    span.setTag('error', true);
    span.finish();
    return span.context();
  });
  await new Promise<void>((resolve) => tracer.close(resolve));
  for (const ctx of spans) await stored(ctx.traceIdStr.padStart(32, '0'), [ctx.spanIdStr.padStart(16, '0')]);
  expect(await jaeger.services()).toContain('agents');
});

test('legacy Jaeger exporter: thrift-compact over UDP 6831 reaches Jaeger', async () => {
  const python = ensureBinaries([LEGACY_PYTHON]).get(LEGACY_PYTHON)!.path;
  const out = execFileSync(python, ['-W', 'ignore::DeprecationWarning', path.join(__dirname, 'legacy', 'send_thrift_compact.py'), agentIp, '6831', 'ryot', '3'], { encoding: 'utf8' });
  const sent: Array<{ traceId: string; spanId: string }> = JSON.parse(out);
  expect(sent).toHaveLength(3);
  for (const s of sent) await stored(s.traceId, [s.spanId]);
});

test('k8s_attributes names the sending pod, its deployment, namespace and node, with only the stack\'s RBAC', async () => {
  // The harness's pods are not Pod objects; this one is, standing for an app pod of the
  // Deployment "ryot" on node-1 whose address is the harness's own (where the spans come from).
  const plane = cluster.controlPlane!;
  const hash = '5d8f7c9b6';
  const name = `ryot-${hash}-x2v7q`;
  plane.apply([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }]);
  plane.kubectl(['create', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', labels: { 'app.kubernetes.io/name': 'ryot', 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `ryot-${hash}`, uid: '0b6f2c1e-6a7e-4c55-9a43-3f1d2f9a1c01', controller: true }],
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'ryot:1' }] },
  }));
  plane.kubectl(['patch', 'pod', name, '-n', 'default', '--subresource=status', '--type=merge', '-p',
    JSON.stringify({ status: { phase: 'Running', podIP: GATEWAY_IP, podIPs: [{ ip: GATEWAY_IP }] } })]);

  // The agent's pod informer sees the pod within a moment; until then spans pass unlabelled.
  const tags = await eventually('a trace labelled with the pod\'s metadata', async () => {
    const trace = makeTrace('ryot', 'error');
    await postOtlpHttp(`http://${agentIp}:4318`, trace);
    await stored(trace[0].traceId, trace.map((x) => x.spanId));
    const { body } = await jaeger.get(`/api/traces/${trace[0].traceId}`);
    const found: Record<string, string> = Object.fromEntries(Object.values<any>(body.data[0].processes)[0].tags.map((t: any) => [t.key, t.value]));
    return found['k8s.pod.name'] ? found : undefined;
  }, 90_000, 2_000);
  expect(tags).toMatchObject({
    'k8s.pod.name': name, 'k8s.namespace.name': 'default', 'k8s.deployment.name': 'ryot', 'k8s.node.name': 'node-1',
  });
  const agentLog = cluster.pod('otel-agent-node-1').logs();
  expect(agentLog).not.toMatch(/forbidden/i);
});

test('npm jaeger-client\'s remote sampler, pointed at jaeger-agent:5778, adopts the platform\'s strategy: every span sampled, none by its fallback', async () => {
  const service = 'sigmavault';
  expect(platformProbability(service)).toBe(1);
  const host = cluster.serviceAddress(PLATFORM.namespace, 'jaeger-agent');
  const errors: string[] = [];
  // Its initial sampler (`param`) keeps nothing: every sampled span is the served strategy's doing.
  const tracer = initTracer(
    { serviceName: service, sampler: { type: 'remote', param: 0, host, port: 5778, refreshIntervalMs: 250 }, reporter: { agentHost: host, agentPort: 6832 } },
    { logger: { info: () => undefined, error: (m: string) => { errors.push(m); } } },
  );
  try {
    const sampled = await eventually('the served strategy in force', async () => {
      const spans = Array.from({ length: 50 }, (_, i) => tracer.startSpan(`legacy remote-sampled op ${i}`));
      const n = spans.filter((s) => s.context().isSampled()).length;
      for (const s of spans) s.finish();
      return n > 0 ? n : undefined;
    }, 30_000, 250).catch((e) => { throw new Error(`${e.message}; the client logged: ${errors.slice(-3).join(' | ')}`); });
    expect(sampled).toBe(50);
    // What it parsed: Jaeger's format, a probabilistic strategy at the platform's rate.
    expect(tracer._sampler._sampler.constructor.name).toBe('ProbabilisticSampler');
    expect(tracer._sampler._sampler.samplingRate).toBe(1);
    expect(errors).toEqual([]);
  } finally {
    await new Promise<void>((resolve) => tracer.close(resolve));
  }
});

test('Python jaeger-client\'s remote sampler, pointed at jaeger-agent:5778, adopts the platform\'s strategy over its 0.001 fallback', () => {
  const service = 'agents';
  expect(platformProbability(service)).toBe(1);
  const python = ensureBinaries([LEGACY_PYTHON]).get(LEGACY_PYTHON)!.path;
  const host = cluster.serviceAddress(PLATFORM.namespace, 'jaeger-agent');
  const out = execFileSync(python, ['-W', 'ignore::DeprecationWarning', path.join(__dirname, 'legacy', 'remote_sampler.py'), host, service, '50', '20'],
    { encoding: 'utf8', timeout: 60_000 });
  process.stdout.write(`python jaeger-client remote sampler (${service}): ${out}`);
  const r = JSON.parse(out);
  expect(r.initialSampler).toBe('ProbabilisticSampler(0.001)');
  expect(r.adopted).toBe(true);
  expect(r.samplerInForce).toEqual({ type: 'probabilistic', text: 'ProbabilisticSampler(1)' });
  expect(r.sampled).toBe(50);
});
