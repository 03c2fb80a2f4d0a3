/**
 * What each TLS end gets, property by property: the names a Certificate covers (a client may dial
 * a Service by any of its DNS forms), its key and usages, the read-only Secret mount, the servers'
 * CA reload and the one client that needs a name override.
 */
import { parse } from 'yaml';
import { JaegerStack, OtelCollector, TlsLink, TracingTls } from '../../lib';
import { findOne, ofKind, synthObjects, testChart } from '../support/synth';

const ALL = [TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER];

function stack(): any[] {
  const chart = testChart();
  const tls = TracingTls.certManager({ issuer: { name: 'tracing-ca' }, links: ALL });
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', tls });
  // Imported with its TLS, so the agents proxy its sampling (a TLS client of Jaeger too).
  const backend = JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint, samplingGrpcEndpoint: jaeger.samplingGrpcEndpoint, tls });
  new OtelCollector(chart, 'otel', { namespace: 'tracing', backend });
  return synthObjects(chart);
}
// Each test builds its own stack: objects built when the file loads count, for the mutation run's
// per-test coverage, as nobody's, so no mutant would be tested against these assertions.
const config = (objects: any[], name: string): any => parse(findOne(objects, 'ConfigMap', `${name}-config`).data['config.yaml']);
const dnsForms = (service: string) => [service, `${service}.tracing`, `${service}.tracing.svc`, `${service}.tracing.svc.cluster.local`];

test('a Certificate names each of its Services in every DNS form a client may dial, and nothing else', () => {
  const objects = stack();
  expect(findOne(objects, 'Certificate', 'otel-agent-tls').spec.dnsNames).toEqual(dnsForms('otel-collector'));
  expect(findOne(objects, 'Certificate', 'otel-gateway-tls').spec.dnsNames).toEqual([...dnsForms('otel-gateway-headless'), ...dnsForms('otel-gateway')]);
  expect(findOne(objects, 'Certificate', 'jaeger-collector-tls').spec.dnsNames).toEqual(dnsForms('jaeger-collector'));
});

test('every Certificate: a new ECDSA P-256 key at each renewal, for server, client and signing use', () => {
  const objects = stack();
  const certificates = ofKind(objects, 'Certificate');
  expect(certificates.length).toBe(3);
  for (const c of certificates) {
    expect(c.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
    expect(c.spec.usages).toEqual(['server auth', 'client auth', 'digital signature']);
  }
});

test('every workload mounts its Secret read-only', () => {
  const objects = stack();
  const workloads = ['DaemonSet', 'StatefulSet', 'Deployment'].flatMap((kind) => ofKind(objects, kind));
  const mounts = workloads.flatMap((w) => w.spec.template.spec.containers.flatMap((c: any) => c.volumeMounts ?? [])).filter((m: any) => m.name === 'tls');
  expect(mounts.length).toBe(3);
  for (const m of mounts) expect(m).toEqual({ name: 'tls', mountPath: '/etc/tracing-tls', readOnly: true });
});

test('servers that require client certificates re-read the CA when it changes; the agents\' (no client certificates) name none', () => {
  const objects = stack();
  const gatewayGrpc = config(objects, 'otel-gateway').receivers.otlp.protocols.grpc.tls;
  expect(gatewayGrpc).toEqual({
    cert_file: '/etc/tracing-tls/tls.crt', key_file: '/etc/tracing-tls/tls.key', reload_interval: expect.any(String),
    client_ca_file: '/etc/tracing-tls/ca.crt', client_ca_file_reload: true,
  });
  const agentGrpc = config(objects, 'otel-agent').receivers.otlp.protocols.grpc.tls;
  expect(agentGrpc).toEqual({ cert_file: '/etc/tracing-tls/tls.crt', key_file: '/etc/tracing-tls/tls.key', reload_interval: expect.any(String) });
});

test('only the client that dials pod IPs (the agents\' load-balancing exporter) overrides the server name', () => {
  const objects = stack();
  const lb = config(objects, 'otel-agent').exporters.load_balancing.protocol.otlp.tls;
  expect(lb.server_name_override).toBe('otel-gateway-headless.tracing.svc');
  const toJaeger = config(objects, 'otel-gateway').exporters['otlp_grpc/jaeger'].tls;
  expect(toJaeger).toEqual({
    ca_file: '/etc/tracing-tls/ca.crt', cert_file: '/etc/tracing-tls/tls.crt', key_file: '/etc/tracing-tls/tls.key', reload_interval: expect.any(String),
  });
});
