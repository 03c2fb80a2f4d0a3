/**
 * Instrumentation takes the collector by reference: the endpoint follows its namespace, its mode
 * and the TLS of the apps' link, so an app instrumented in another namespace cannot export to
 * a collector that is not there (trap 3 of the composition issue).
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  CollectorMode, JaegerStack, OtelCollector, ServiceInstrumentation, TlsLink, TracingTls,
} from '../../lib/internal';
import { findOne, synthObjects, testApp } from '../support/synth';

function stack(options: { chartNamespace?: string; tls?: TracingTls; mode?: CollectorMode } = {}): { app: ReturnType<typeof testApp>; otel: OtelCollector; jaeger: JaegerStack } {
  const app = testApp();
  const chart = new Chart(app, 'observability', { disableResourceNameHashes: true, namespace: options.chartNamespace ?? 'observability' });
  const jaeger = new JaegerStack(chart, 'jaeger', { ...(options.tls ? { tls: options.tls } : {}) });
  const otel = new OtelCollector(chart, 'otel', { backend: jaeger, ...(options.mode ? { mode: options.mode } : {}) });
  return { app, otel, jaeger };
}

const tlsOn = (links: TlsLink[]) => TracingTls.certManager({ issuer: { name: 'tracing-ca' }, links });

test('an app in namespace shop, given the collector of a stack in the Chart namespace observability, exports to that namespace\'s agents', () => {
  const { app, otel } = stack();
  const shop = new Chart(app, 'shop', { disableResourceNameHashes: true, namespace: 'shop' });
  const deployment = new kplus.Deployment(shop, 'web', { containers: [{ name: 'web', image: 'example/web:1.0', portNumber: 8080 }] });
  const result = ServiceInstrumentation.instrumentWorkload(deployment, { serviceName: 'web', collector: otel });
  expect(result.endpoint).toBe('http://otel-collector.observability.svc:4318');
  const container = findOne(synthObjects(shop), 'Deployment', deployment.name).spec.template.spec.containers[0];
  expect(container.env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability.svc:4318' });
});

test('the ConfigMap of a ServiceInstrumentation goes to its Chart\'s namespace and points at the collector\'s', () => {
  const { app, otel } = stack();
  const shop = new Chart(app, 'shop', { disableResourceNameHashes: true, namespace: 'shop' });
  new ServiceInstrumentation(shop, 'web', { serviceName: 'web', collector: otel });
  const cm = findOne(synthObjects(shop), 'ConfigMap', 'web-otel');
  expect(cm.metadata.namespace).toBe('shop');
  expect(cm.data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector.observability.svc:4318');
});

test('without agents (gateway-only), the SDKs export to the gateway Service', () => {
  const { otel } = stack({ mode: CollectorMode.GATEWAY_ONLY });
  const result = ServiceInstrumentation.instrumentWorkload(new kplus.Deployment(new Chart(testApp(), 'x'), 'web', { containers: [{ image: 'example/web:1.0', portNumber: 8080 }] }),
    { serviceName: 'web', collector: otel });
  expect(result.endpoint).toBe('http://otel-gateway.observability.svc:4318');
});

test('with the apps\' link under TLS, the endpoint is https and the CA path the SDK trusts is required', () => {
  const { otel } = stack({ tls: tlsOn([TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER]) });
  const chart = new Chart(testApp(), 'shop', { namespace: 'shop' });
  expect(() => new ServiceInstrumentation(chart, 'web', { serviceName: 'web', collector: otel })).toThrow(
    'ServiceInstrumentation "web": invalid prop "certificateFile" = undefined: is required: the agents of observability/otel serve the apps over TLS (TlsLink.APPS_TO_AGENT), and the SDK must trust their CA. Fix: mount the CA certificate in the service\'s pods and give its path, e.g. certificateFile: "/etc/otel/ca.crt"');
  const inst = new ServiceInstrumentation(chart, 'web2', { serviceName: 'web', collector: otel, certificateFile: '/etc/otel/ca.crt' });
  const cm = findOne(synthObjects(chart), 'ConfigMap', 'web-otel');
  expect(cm.data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('https://otel-collector.observability.svc:4318');
  expect(cm.data.OTEL_EXPORTER_OTLP_CERTIFICATE).toBe('/etc/otel/ca.crt');
  expect(inst.serviceName).toBe('web');
});

test('TLS on the collectors\' other links only: the apps still send plaintext, and a CA path is refused as having no effect', () => {
  const { otel } = stack({ tls: tlsOn([TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER]) });
  const chart = new Chart(testApp(), 'shop', { namespace: 'shop' });
  const inst = new ServiceInstrumentation(chart, 'web', { serviceName: 'web', collector: otel });
  expect(Object.fromEntries(inst.containerEnv('web').map((v) => [v.name, v.value]))).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability.svc:4318' });
  expect(() => new ServiceInstrumentation(chart, 'web2', { serviceName: 'web', collector: otel, certificateFile: '/ca.crt' }))
    .toThrow('invalid prop "certificateFile" = "/ca.crt": has no effect: the agents of observability/otel serve the apps in plaintext. Fix: remove it, or put TlsLink.APPS_TO_AGENT in the TLS links');
});

test('gateway-only collectors whose gateways require client certificates cannot be sent to by an SDK: refused', () => {
  const { otel } = stack({ mode: CollectorMode.GATEWAY_ONLY, tls: tlsOn([TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER]) });
  expect(() => new ServiceInstrumentation(new Chart(testApp(), 'shop', { namespace: 'shop' }), 'web', { serviceName: 'web', collector: otel }))
    .toThrow(/invalid prop "collector" = "observability\/otel": has no agents, and its gateways accept only clients with a certificate of the CA/);
});
