/**
 * The agents serve a JaegerStack's strategies themselves (`backend: jaeger`): a Jaeger
 * remote-sampling server in every agent pod, reading a copy of the strategies in the agents'
 * namespace, in the format every client parses. For a Jaeger imported with
 * `JaegerStack.fromEndpoints()` the agents proxy its gRPC endpoint through the Collector's
 * jaegerremotesampling.
 */
import { Chart } from 'cdk8s';
import { parse } from 'yaml';
import { JaegerStack, JaegerStackProps, OtelCollector, OtelCollectorProps, SamplingStrategy, StackNetworkPolicies } from '../../lib/internal';
import { fixture } from '../support/fixture';
import { isAllowed } from '../support/netpol';
import { findOne, synthObjects, testChart } from '../support/synth';

function build(jaegerProps: JaegerStackProps = {}, otelProps: (jaeger: JaegerStack) => OtelCollectorProps = (jaeger) => ({
  namespace: 'otel', backend: jaeger,
})): { chart: Chart; jaeger: JaegerStack; otel: OtelCollector } {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', ...jaegerProps });
  const otel = new OtelCollector(chart, 'otel', otelProps(jaeger));
  return { chart, jaeger, otel };
}

const podSpec = (objects: any[]) => findOne(objects, 'DaemonSet', 'otel-agent').spec.template.spec;
const container = (objects: any[], name: string) => podSpec(objects).containers.find((c: any) => c.name === name);
const agentConfig = (objects: any[]) => parse(findOne(objects, 'ConfigMap', 'otel-agent-config').data['config.yaml']);
const serverConfig = (objects: any[]) => parse(findOne(objects, 'ConfigMap', 'otel-agent-sampling-config').data['config.yaml']);
const checksum = (objects: any[]) => findOne(objects, 'DaemonSet', 'otel-agent').spec.template.metadata.annotations['checksum/config'];

describe('given the JaegerStack\'s strategies', () => {
  // Built in the tests that read it (test/support/fixture.ts), so the mutation run credits them.
  const given = fixture(() => {
    const { chart, jaeger } = build();
    jaeger.addServiceStrategy('legacy-py', SamplingStrategy.rateLimiting(5));
    return synthObjects(chart);
  });

  test('a Jaeger process of the stack\'s image serves 5778 and 5779 beside the Collector, which no longer does', () => {
    const server = container(given(), 'sampling');
    expect(server.image).toBe('jaegertracing/jaeger:2.20.0');
    expect(server.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['sampling-http', 5778], ['sampling-grpc', 5779], ['sampling-health', 13134]]);
    expect(container(given(), 'otelcol').ports.map((p: any) => p.containerPort)).not.toEqual(expect.arrayContaining([5778]));
    expect(container(given(), 'otelcol').ports.map((p: any) => p.containerPort)).not.toEqual(expect.arrayContaining([5779]));
    expect(agentConfig(given()).extensions.jaegerremotesampling).toBeUndefined();
    expect(agentConfig(given()).service.extensions).not.toContain('jaegerremotesampling');
  });

  test('the server reads the copy of the strategies where it is mounted, listening on every address', () => {
    const cfg = serverConfig(given());
    expect(cfg.service.extensions).toEqual(expect.arrayContaining(['remote_sampling', 'jaeger_storage', 'healthcheckv2']));
    expect(cfg.extensions.remote_sampling.http.endpoint).toBe('0.0.0.0:5778');
    expect(cfg.extensions.remote_sampling.grpc.endpoint).toBe('0.0.0.0:5779');
    const server = container(given(), 'sampling');
    const mount = server.volumeMounts.find((m: any) => cfg.extensions.remote_sampling.file.path.startsWith(`${m.mountPath}/`));
    const volume = podSpec(given()).volumes.find((v: any) => v.name === mount.name);
    expect(volume.configMap.name).toBe('otel-agent-sampling-strategies');
    const key = cfg.extensions.remote_sampling.file.path.slice(mount.mountPath.length + 1);
    expect(Object.keys(findOne(given(), 'ConfigMap', 'otel-agent-sampling-strategies').data)).toEqual([key]);
    // Its config is the one its arguments name, in the volume of its own ConfigMap.
    const configMount = server.volumeMounts.find((m: any) => server.args[1].startsWith(`${m.mountPath}/`));
    expect(podSpec(given()).volumes.find((v: any) => v.name === configMount.name).configMap.name).toBe('otel-agent-sampling-config');
  });

  test('the copy, in the agents\' namespace, is what Jaeger serves, additions made after the collector included', () => {
    const copy = findOne(given(), 'ConfigMap', 'otel-agent-sampling-strategies');
    expect(copy.metadata.namespace).toBe('otel');
    const own = findOne(given(), 'ConfigMap', 'jaeger-sampling-strategies');
    expect(own.metadata.namespace).toBe('tracing');
    expect(copy.data['strategies.json']).toBe(own.data['strategies.json']);
    expect(JSON.parse(copy.data['strategies.json']).service_strategies).toEqual([{ service: 'legacy-py', type: 'ratelimiting', param: 5 }]);
  });

  test('the server is probed on its own health port and restricted like every container', () => {
    const server = container(given(), 'sampling');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(server[probe].httpGet).toMatchObject({ path: '/status', port: 'sampling-health' });
    expect(serverConfig(given()).extensions.healthcheckv2.http.endpoint).toBe('0.0.0.0:13134');
    expect(server.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(server.resources.limits.memory).toBeDefined();
    // No metrics server: the Collector in the same pod owns 8888.
    expect(serverConfig(given()).service.telemetry.metrics).toEqual({ level: 'none' });
    expect(serverConfig(given()).service.telemetry.resource).toEqual({ attributes: [{ name: 'service.name', value: 'otel-agent-sampling' }] });
  });

  test('no egress from the agents to Jaeger\'s sampling port: nothing asks it', () => {
    const { chart: c, jaeger: j, otel } = build();
    new StackNetworkPolicies(c, 'policies', { jaeger: j, otel });
    const all = synthObjects(c);
    const agent = { namespace: 'otel', labels: findOne(all, 'DaemonSet', 'otel-agent').spec.template.metadata.labels };
    const collector = { namespace: 'tracing', labels: findOne(all, 'StatefulSet', 'jaeger').spec.template.metadata.labels };
    expect(isAllowed(all, agent, collector, { port: 5779, protocol: 'TCP' })).toBe(false);
    expect(isAllowed(all, { namespace: 'apps', labels: { app: 'x' } }, agent, { port: 5778, protocol: 'TCP' })).toBe(true);
  });
});

test('the server follows the stack\'s reload interval and image; a changed interval rolls the agents, a changed strategy does not', () => {
  const base = synthObjects(build().chart);
  const reload = synthObjects(build({ sampling: { reloadInterval: '20s' } }).chart);
  const image = { repository: 'registry.example.com/jaegertracing/jaeger', tag: '2.20.0' };
  const mirrored = synthObjects(build({ image }).chart);
  const strategy = synthObjects(build({ sampling: { services: { ryot: SamplingStrategy.probabilistic(0.5) } } }).chart);
  expect(serverConfig(reload).extensions.remote_sampling.file.reload_interval).toBe('20s');
  expect(serverConfig(base).extensions.remote_sampling.file.reload_interval).toBe('1m');
  expect(container(mirrored, 'sampling').image).toBe('registry.example.com/jaegertracing/jaeger:2.20.0');
  expect(checksum(reload)).not.toBe(checksum(base));
  expect(checksum(strategy)).toBe(checksum(base));
  expect(findOne(strategy, 'ConfigMap', 'otel-agent-sampling-strategies').data).not.toEqual(findOne(base, 'ConfigMap', 'otel-agent-sampling-strategies').data);
});

test('without the strategies the agents proxy Jaeger\'s gRPC endpoint, and may ask it', () => {
  const { chart, jaeger, otel } = build({}, (j) => ({ namespace: 'otel', backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: j.otlpGrpcEndpoint, samplingGrpcEndpoint: j.samplingGrpcEndpoint }) }));
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
  const objects = synthObjects(chart);
  expect(podSpec(objects).containers.map((c: any) => c.name)).toEqual(['otelcol']);
  expect(agentConfig(objects).extensions.jaegerremotesampling.source.remote.endpoint).toBe('jaeger-collector.tracing.svc:5779');
  expect(otel.agentSamplingUpstream).toBe('jaeger-collector.tracing.svc:5779');
  const agent = { namespace: 'otel', labels: findOne(objects, 'DaemonSet', 'otel-agent').spec.template.metadata.labels };
  const collector = { namespace: 'tracing', labels: findOne(objects, 'StatefulSet', 'jaeger').spec.template.metadata.labels };
  expect(isAllowed(objects, agent, collector, { port: 5779, protocol: 'TCP' })).toBe(true);
});
