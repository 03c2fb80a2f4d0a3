/**
 * The extension points on the real Collector: a consumer adds a redaction processor and a second
 * exporter to the gateways. The real otelcol starts with the extended config (every pod Ready, no
 * restarts), the processor removes the attribute before Jaeger stores the spans, and the extra
 * exporter receives the same spans.
 */
import { LocalCluster } from './harness/cluster';
import { startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, postOtlpHttp } from './harness/traffic';
import { stackObjects } from './harness/variants';
import { JaegerStorage } from '../../lib';

const SECRET = 'jane@example.com';
let cluster: LocalCluster;
let jaeger: JaegerApi;

beforeAll(async () => {
  const objects = stackObjects({ storage: JaegerStorage.memory() }, {}, (otel) => {
    otel.gateway!.addProcessor('attributes/redact', { actions: [{ key: 'user.email', action: 'delete' }] });
    otel.gateway!.addExporter('debug/copy', { verbosity: 'detailed' });
  });
  cluster = await startCluster(objects);
  jaeger = new JaegerApi(`http://${cluster.serviceAddress('tracing', 'jaeger-query')}:16686`);
});

afterAll(async () => {
  await cluster?.stop();
});

test('the real Collector runs the extended config: every pod Ready, none restarted', () => {
  for (const pod of cluster.pods) expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
});

test('the added processor redacts before Jaeger stores; the added exporter gets the spans', async () => {
  const trace = makeTrace('checkout', 'error', { 'user.email': SECRET, 'http.route': '/orders' });
  await postOtlpHttp(`http://${cluster.pod('otel-agent-node-1').ip}:4318`, trace);
  const traceId = trace[0].traceId;
  const stored = await eventually(`trace ${traceId} in Jaeger`, async () => {
    const { status, body } = await jaeger.get(`/api/traces/${traceId}`);
    const spans = status === 200 ? body.data?.[0]?.spans ?? [] : [];
    return spans.length === trace.length ? spans : undefined;
  }, 90_000);
  for (const span of stored) {
    const tags = Object.fromEntries(span.tags.map((t: any) => [t.key, t.value]));
    expect(tags).toMatchObject({ 'http.route': '/orders' });
    expect(tags).not.toHaveProperty(['user.email']);
  }
  const gatewayLogs = () => cluster.pods.filter((p) => p.plan.name.startsWith('otel-gateway-')).map((p) => p.logs()).join('\n');
  await eventually('the debug exporter printing the trace', async () => (gatewayLogs().includes(traceId) ? true : undefined), 30_000);
  expect(gatewayLogs()).not.toContain(SECRET);
});
