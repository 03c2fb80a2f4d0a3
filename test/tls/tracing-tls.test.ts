/** TLS between the tiers: both ends of each link switch together, with names that match. */
import { parse } from 'yaml';
import { CollectorMode, JaegerStack, JaegerStorage, OtelCollector, StackValidator, TlsLink, TracingTls } from '../../lib';
import { fixture } from '../support/fixture';
import { findOne, synthObjects, testChart } from '../support/synth';

const ISSUER = { name: 'tracing-ca' };

function stack(tls: TracingTls | undefined, mode = CollectorMode.AGENT_AND_GATEWAY): any[] {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', tls });
  // Imported with its TLS, so the agents proxy its sampling (a TLS client of Jaeger too).
  const backend = JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint, samplingGrpcEndpoint: jaeger.samplingGrpcEndpoint, tls });
  new OtelCollector(chart, 'otel', { namespace: 'tracing', mode, backend });
  return synthObjects(chart);
}
const configText = (objects: any[], name: string): string => findOne(objects, 'ConfigMap', `${name}-config`).data['config.yaml'];
const config = (objects: any[], name: string): any => parse(configText(objects, name));
const certificate = (objects: any[], secret: string): any => findOne(objects, 'Certificate', secret);
const podSpec = (objects: any[], kind: string, name: string): any => findOne(objects, kind, name).spec.template.spec;
const host = (endpoint: string) => endpoint.replace(/:\d+$/, '');

const ALL = [TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER];

test('by default the links between collectors are protected, the apps\' link to the agents is not', () => {
  expect(TracingTls.certManager({ issuer: ISSUER }).links).toEqual([TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE]);
  const objects = stack(TracingTls.fromSecrets());
  expect(config(objects, 'otel-agent').receivers.otlp.protocols.grpc).not.toHaveProperty('tls');
  expect(config(objects, 'otel-agent').exporters.load_balancing.protocol.otlp.tls).toHaveProperty('cert_file');
});

describe('TLS on every link (cert-manager)', () => {
  const everyLink = fixture(() => {
    const objects = stack(TracingTls.certManager({ issuer: ISSUER, links: ALL }));
    return { objects, agent: config(objects, 'otel-agent'), gateway: config(objects, 'otel-gateway'), jaeger: config(objects, 'jaeger') };
  });

  test('each workload has a Certificate for the names its clients dial', () => {
    const { objects, agent, gateway } = everyLink();
    const lb = agent.exporters.load_balancing.protocol.otlp.tls;
    expect(certificate(objects, 'otel-gateway-tls').spec.dnsNames).toContain(lb.server_name_override);
    expect(certificate(objects, 'jaeger-collector-tls').spec.dnsNames).toContain(host(gateway.exporters['otlp_grpc/jaeger'].endpoint));
    expect(certificate(objects, 'jaeger-collector-tls').spec.dnsNames).toContain(host(agent.extensions.jaegerremotesampling.source.remote.endpoint));
    expect(certificate(objects, 'otel-agent-tls').spec.dnsNames).toContain('otel-collector.tracing.svc');
    for (const name of ['otel-agent-tls', 'otel-gateway-tls', 'jaeger-collector-tls']) {
      const spec = certificate(objects, name).spec;
      expect(spec).toMatchObject({ secretName: name, issuerRef: { name: 'tracing-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' } });
      expect(spec.usages).toEqual(expect.arrayContaining(['server auth', 'client auth']));
    }
  });

  test('servers: the gateways and Jaeger require client certificates, the agents (apps have none) do not', () => {
    const { agent, gateway, jaeger } = everyLink();
    for (const p of ['grpc', 'http']) {
      expect(gateway.receivers.otlp.protocols[p].tls).toMatchObject({ cert_file: expect.any(String), key_file: expect.any(String), client_ca_file: expect.any(String), client_ca_file_reload: true });
      expect(jaeger.receivers.otlp.protocols[p].tls).toMatchObject({ client_ca_file: expect.any(String) });
      expect(jaeger.extensions.remote_sampling[p].tls).toMatchObject({ client_ca_file: expect.any(String) });
      expect(agent.receivers.otlp.protocols[p].tls).toMatchObject({ cert_file: expect.any(String), reload_interval: '5m' });
      expect(agent.receivers.otlp.protocols[p].tls).not.toHaveProperty('client_ca_file');
    }
  });

  test('clients verify the server and present their own certificate; none is left insecure', () => {
    const { agent, gateway } = everyLink();
    for (const client of [agent.exporters.load_balancing.protocol.otlp.tls, agent.extensions.jaegerremotesampling.source.remote.tls, gateway.exporters['otlp_grpc/jaeger'].tls]) {
      expect(client).toMatchObject({ ca_file: expect.any(String), cert_file: expect.any(String), key_file: expect.any(String) });
      expect(client).not.toHaveProperty('insecure');
    }
  });

  test('every file a config names is in the mounted Secret of the Certificate', () => {
    const { objects, agent, gateway, jaeger } = everyLink();
    for (const [kind, name, cfg, secret] of [['DaemonSet', 'otel-agent', agent, 'otel-agent-tls'], ['StatefulSet', 'otel-gateway', gateway, 'otel-gateway-tls'], ['StatefulSet', 'jaeger', jaeger, 'jaeger-collector-tls']] as const) {
      const spec = podSpec(objects, kind, name);
      const volume = spec.volumes.find((v: any) => v.secret?.secretName === secret);
      const mount = spec.containers[0].volumeMounts.find((m: any) => m.name === volume.name);
      const files = JSON.stringify(cfg).match(/"(?:cert|key|ca|client_ca)_file":"[^"]+"/g)!.map((f) => f.split('":"')[1].slice(0, -1));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect([`${mount.mountPath}/tls.crt`, `${mount.mountPath}/tls.key`, `${mount.mountPath}/ca.crt`]).toContain(f);
    }
  });

  test('Jaeger does not trace itself into a receiver that wants a client certificate', () => {
    const { jaeger } = everyLink();
    expect(jaeger.extensions.jaeger_query.enable_tracing).toBe(false);
  });

  test('configs are written without YAML anchors (each server has its own tls block)', () => {
    const { objects } = everyLink();
    for (const name of ['otel-agent', 'otel-gateway', 'jaeger']) expect(configText(objects, name)).not.toMatch(/[&*]a\d/);
  });

  test('the whole-stack checks pass: each Certificate stands for its Secret', () => {
    const { objects } = everyLink();
    expect(StackValidator.validate(objects)).toEqual([]);
  });
});

test('without tls every link is plaintext and no Certificate is made', () => {
  const objects = stack(undefined);
  expect(objects.filter((o) => o.kind === 'Certificate')).toEqual([]);
  expect(config(objects, 'otel-agent').exporters.load_balancing.protocol.otlp.tls).toEqual({ insecure: true });
  expect(config(objects, 'otel-gateway').receivers.otlp.protocols.grpc).not.toHaveProperty('tls');
});

test('links are chosen one by one: agent → gateway only leaves Jaeger plaintext', () => {
  const objects = stack(TracingTls.certManager({ issuer: ISSUER, links: [TlsLink.AGENT_TO_GATEWAY] }));
  expect(objects.filter((o) => o.kind === 'Certificate').map((c) => c.metadata.name).sort()).toEqual(['otel-agent-tls', 'otel-gateway-tls']);
  expect(config(objects, 'otel-gateway').exporters['otlp_grpc/jaeger'].tls).toEqual({ insecure: true });
  expect(config(objects, 'otel-agent').receivers.otlp.protocols.grpc).not.toHaveProperty('tls');
  expect(config(objects, 'jaeger').receivers.otlp.protocols.grpc).not.toHaveProperty('tls');
});

describe('Jaeger\'s collectors and query ↔ the Badger remote storage (badger-shared)', () => {
  const sharedStack = (tls: TracingTls): any[] => {
    const chart = testChart();
    new JaegerStack(chart, 'jaeger', { namespace: 'tracing', storage: JaegerStorage.badgerShared(), tls });
    return synthObjects(chart);
  };
  const storageOnly = fixture(() => {
    const objects = sharedStack(TracingTls.certManager({ issuer: ISSUER, links: [TlsLink.JAEGER_STORAGE] }));
    return { objects, remote: config(objects, 'jaeger-remote-storage') };
  });

  test('the remote storage requires client certificates on its gRPC API and its OTLP receiver', () => {
    const { remote } = storageOnly();
    for (const server of [remote.extensions.remote_storage, remote.receivers.otlp.protocols.grpc]) {
      expect(server.tls).toMatchObject({ cert_file: expect.any(String), key_file: expect.any(String), client_ca_file: expect.any(String), client_ca_file_reload: true });
    }
  });

  test('collectors and query verify it under the name they dial and present their own certificate', () => {
    const { objects } = storageOnly();
    for (const client of ['jaeger-collector', 'jaeger-query']) {
      const grpc = config(objects, client).extensions.jaeger_storage.backends.trace_store.grpc;
      for (const side of [grpc.tls, grpc.writer.tls]) expect(side).toMatchObject({ ca_file: expect.any(String), cert_file: expect.any(String), key_file: expect.any(String) });
      expect(certificate(objects, 'jaeger-remote-storage-tls').spec.dnsNames).toContain(host(grpc.endpoint));
      expect(certificate(objects, 'jaeger-remote-storage-tls').spec.dnsNames).toContain(host(grpc.writer.endpoint));
    }
    expect(podSpec(objects, 'Deployment', 'jaeger-query').volumes).toContainEqual({ name: 'tls', secret: { secretName: 'jaeger-query-tls' } });
    expect(podSpec(objects, 'Deployment', 'jaeger-collector').volumes).toContainEqual({ name: 'tls', secret: { secretName: 'jaeger-collector-tls' } });
    expect(podSpec(objects, 'StatefulSet', 'jaeger-remote-storage').volumes).toContainEqual({ name: 'tls', secret: { secretName: 'jaeger-remote-storage-tls' } });
    // Only this link: the collectors' ingest stays plaintext.
    expect(config(objects, 'jaeger-collector').receivers.otlp.protocols.grpc).not.toHaveProperty('tls');
  });

  test('with the ingest link too, the collectors use one certificate for both; without the link, plain gRPC', () => {
    const both = sharedStack(TracingTls.certManager({ issuer: ISSUER, links: [TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE] }));
    expect(both.filter((o) => o.kind === 'Certificate').map((c) => c.metadata.name).sort())
      .toEqual(['jaeger-collector-tls', 'jaeger-query-tls', 'jaeger-remote-storage-tls']);
    expect(config(both, 'jaeger-collector').receivers.otlp.protocols.grpc.tls).toHaveProperty('client_ca_file');
    const plain = sharedStack(TracingTls.certManager({ issuer: ISSUER, links: [TlsLink.TO_JAEGER] }));
    expect(config(plain, 'jaeger-query').extensions.jaeger_storage.backends.trace_store.grpc.tls).toEqual({ insecure: true });
    expect(config(plain, 'jaeger-remote-storage').extensions.remote_storage).not.toHaveProperty('tls');
    expect(plain.filter((o) => o.kind === 'Certificate').map((c) => c.metadata.name)).toEqual(['jaeger-collector-tls']);
  });

  test('the whole-stack checks pass with each Certificate standing for its Secret', () => {
    const { objects } = storageOnly();
    expect(StackValidator.validate(objects)).toEqual([]);
  });

  test('the remote storage does not trace itself into its own receiver (it cannot be told otherwise)', () => {
    const { objects } = storageOnly();
    const env = podSpec(objects, 'StatefulSet', 'jaeger-remote-storage').containers[0].env;
    expect(env).toContainEqual({ name: 'OTEL_TRACES_SAMPLER', value: 'always_off' });
  });
});

test('given the JaegerStack as backend, the collectors take its TLS: the same Certificates and client settings as the import given that TLS', () => {
  const tls = TracingTls.certManager({ issuer: ISSUER, links: ALL });
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', tls });
  new OtelCollector(chart, 'otel', { namespace: 'tracing', backend: jaeger });
  const objects = synthObjects(chart);
  const imported = stack(tls);
  const names = (all: any[]) => all.filter((o) => o.kind === 'Certificate').map((c) => c.metadata.name).sort();
  expect(names(objects)).toEqual(names(imported));
  expect(config(objects, 'otel-gateway').exporters['otlp_grpc/jaeger']).toEqual(config(imported, 'otel-gateway').exporters['otlp_grpc/jaeger']);
  expect(config(objects, 'otel-agent').exporters.load_balancing).toEqual(config(imported, 'otel-agent').exporters.load_balancing);
  expect(config(objects, 'otel-agent').receivers.otlp).toEqual(config(imported, 'otel-agent').receivers.otlp);
});

test('agent-only: the agents are Jaeger\'s clients', () => {
  const objects = stack(TracingTls.certManager({ issuer: ISSUER, links: [TlsLink.TO_JAEGER] }), CollectorMode.AGENT_ONLY);
  expect(config(objects, 'otel-agent').exporters['otlp_grpc/jaeger'].tls).toMatchObject({ cert_file: expect.any(String) });
});

test('existing Secrets: mounted by name, no Certificate, and a missing one is reported', () => {
  const tls = TracingTls.fromSecrets({ secretNames: { gateway: 'team-gateway-tls' } });
  const objects = stack(tls);
  expect(objects.filter((o) => o.kind === 'Certificate')).toEqual([]);
  expect(podSpec(objects, 'StatefulSet', 'otel-gateway').volumes).toContainEqual({ name: 'tls', secret: { secretName: 'team-gateway-tls' } });
  const messages = StackValidator.validate(objects).map((f) => f.message).join('\n');
  expect(messages).toContain('Secret tracing/team-gateway-tls is not in the output');
  const external = ['team-gateway-tls', 'otel-agent-tls', 'jaeger-collector-tls'].map((name) => ({ kind: 'Secret' as const, namespace: 'tracing', name }));
  expect(StackValidator.validate(objects, { external })).toEqual([]);
});
