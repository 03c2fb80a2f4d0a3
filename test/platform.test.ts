/**
 * The composed platform (main.ts), end to end: the four services export to the node-local
 * agent, the agent feeds the gateway, the gateway feeds Jaeger, and each service has its
 * remote-sampling strategy. Each link is checked on both ends.
 */
import { buildPlatform, PLATFORM, PLATFORM_SERVICES } from '../main';
import { fixture } from './support/fixture';
import { collectorConfigOf, findOne, synthApp, testApp } from './support/synth';

const platform = fixture(() => synthApp(buildPlatform(testApp())));
const ns = PLATFORM.namespace;

function podTemplate(kind: string, name: string): any {
  return findOne(platform(), kind, name).spec.template;
}
function containerPorts(template: any): any[] {
  return template.spec.containers.flatMap((c: any) => c.ports ?? []);
}
function collectorConfig(configMap: string): any {
  return collectorConfigOf(platform(), configMap);
}
/** The Service port an in-cluster `host:port` address lands on, and the Service. */
function resolve(address: string): { service: any; port: any } {
  const m = /^(?:https?:\/\/)?([a-z0-9-]+)\.([a-z0-9-]+)\.svc:(\d+)$/.exec(address);
  if (!m) throw new Error(`not an in-cluster address: ${address}`);
  const service = platform().find((o) => o.kind === 'Service' && o.metadata.name === m[1] && o.metadata.namespace === m[2]);
  if (!service) throw new Error(`no Service ${m[2]}/${m[1]} for ${address}`);
  return { service, port: service.spec.ports.find((p: any) => p.port === Number(m[3])) };
}
function selects(service: any, template: any): boolean {
  return Object.entries(service.spec.selector).every(([k, v]) => template.metadata.labels[k] === v);
}

describe.each(PLATFORM_SERVICES.map((s) => [s]))('service %s', (service) => {
  const envOf = () => findOne(platform(), 'ConfigMap', `${service}-otel`);

  test('has its SDK environment over OTLP, in its own namespace, never the Jaeger exporter', () => {
    const env = envOf();
    expect(env.metadata.namespace).toBe(PLATFORM.servicesNamespace);
    expect(env.data).toMatchObject({
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://otel-collector.${ns}.svc:4318`,
    });
  });

  test('exports to the node-local agent Service, on the OTLP/HTTP port the agent pods serve', () => {
    const env = envOf();
    const { service: agentService, port } = resolve(env.data.OTEL_EXPORTER_OTLP_ENDPOINT);
    expect(agentService.metadata.name).toBe('otel-collector');
    expect(agentService.spec.internalTrafficPolicy).toBe('Local');
    expect(port).toMatchObject({ name: 'otlp-http', protocol: 'TCP', targetPort: 'otlp-http' });
    const agent = podTemplate('DaemonSet', 'otel-agent');
    expect(selects(agentService, agent)).toBe(true);
    expect(containerPorts(agent)).toContainEqual({ name: 'otlp-http', containerPort: 4318, protocol: 'TCP' });
    expect(collectorConfig('otel-agent-config').receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  test('has its remote-sampling strategy in Jaeger', () => {
    const objects = platform();
    const strategies = JSON.parse(Object.values<string>(findOne(objects, 'ConfigMap', 'jaeger-sampling-strategies').data)[0]);
    expect(strategies.service_strategies).toContainEqual({ service, type: 'probabilistic', param: 1 });
  });
});

test('agent → gateway → Jaeger: each exporter lands on a Service port its target pods serve', () => {
  const agent = collectorConfig('otel-agent-config');
  expect(agent.exporters.load_balancing.routing_key).toBe('traceID');
  const { hostname, port } = agent.exporters.load_balancing.resolver.dns;
  const headless = resolve(`${hostname}:${port}`);
  expect(headless.service.spec.clusterIP).toBe('None');
  expect(selects(headless.service, podTemplate('StatefulSet', 'otel-gateway'))).toBe(true);

  const gateway = collectorConfig('otel-gateway-config');
  const jaegerExporter = Object.entries<any>(gateway.exporters).find(([id]) => id.startsWith('otlp_grpc'))![1];
  const jaeger = resolve(jaegerExporter.endpoint);
  expect(jaeger.service.metadata.name).toBe('jaeger-collector');
  expect(jaeger.port).toMatchObject({ name: 'otlp-grpc', port: 4317 });
  const jaegerPods = podTemplate('StatefulSet', 'jaeger');
  expect(selects(jaeger.service, jaegerPods)).toBe(true);
  expect(containerPorts(jaegerPods)).toContainEqual({ name: 'otlp-grpc', containerPort: 4317, protocol: 'TCP' });
});

test('Jaeger keeps 72 h on fast-ssd; the gateway keeps every error trace and cuts the whole volume by 70 %+', () => {
  const objects = platform();
  const jaeger = findOne(objects, 'StatefulSet', 'jaeger');
  expect(jaeger.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('fast-ssd');
  const config = collectorConfig('jaeger-config');
  const badger = Object.values<any>(config.extensions.jaeger_storage.backends)[0].badger;
  expect(badger).toMatchObject({ ephemeral: false, ttl: { spans: '72h' } });

  const policies = collectorConfig('otel-gateway-config').processors.tail_sampling.policies;
  expect(policies).toContainEqual(expect.objectContaining({ type: 'status_code', status_code: { status_codes: ['ERROR'] } }));
  const baseline = policies.find((p: any) => p.type === 'probabilistic');
  // Error and slow traces (here 5 % of all) are kept on top of the baseline share of the rest;
  // the e2e tier measures the same cut on the real gateways (test/e2e/sampling.e2e.ts).
  const share = baseline.probabilistic.sampling_percentage / 100;
  const kept = 0.05 + 0.95 * share;
  expect(1 - kept).toBeGreaterThanOrEqual(0.7);
});
