/**
 * TLS between the tiers on the real Collector and Jaeger: one `TracingTls` given to both
 * constructs, certificates issued by a test CA for exactly the names the output's cert-manager
 * Certificates ask for. Spans sent over HTTPS to an agent travel agent → gateway → Jaeger over
 * mutual TLS and are stored; the agents' remote-sampling proxy reads Jaeger's strategies over
 * mutual TLS; plaintext and certificate-less clients are refused; a renewed certificate is served
 * without a restart.
 */
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { JaegerStorage, SamplingStrategy, TlsLink, TracingTls } from '../../lib';
import { TestCertificateAuthority } from './harness/certificates';
import { LocalCluster } from './harness/cluster';
import { startCluster, waitForGateways } from './harness/stack';
import { JaegerApi, eventually, makeTrace, otlpJson } from './harness/traffic';
import { stackObjects } from './harness/variants';

const NS = 'tracing';
const TLS = TracingTls.certManager({
  issuer: { name: 'tracing-ca' }, reloadInterval: '10s', links: [TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER],
});
let cluster: LocalCluster;
let jaeger: JaegerApi;
let ca: TestCertificateAuthority;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-tls-'));
  ca = new TestCertificateAuthority(dir);
  const objects = stackObjects({ storage: JaegerStorage.memory(), tls: TLS, sampling: { services: { checkout: SamplingStrategy.probabilistic(0.25) } } }, {});
  cluster = await startCluster(objects, { external: ca.secretsFor(objects) });
  await waitForGateways(cluster, 2);
  jaeger = new JaegerApi(`http://${cluster.serviceAddress(NS, 'jaeger-query')}:16686`);
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** POSTs OTLP/JSON over HTTPS, trusting the test CA, to a pod IP under a Service's name. */
function postHttps(ip: string, port: number, serverName: string, body: unknown, client?: { cert: string; key: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: ip, port, path: '/v1/traces', method: 'POST', servername: serverName, ca: ca.caPem, ...client,
      headers: { 'content-type': 'application/json' }, timeout: 10_000,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(JSON.stringify(body));
  });
}

/** GETs JSON over HTTPS with a client certificate, trusting the test CA. */
function getHttpsJson(ip: string, port: number, serverName: string, urlPath: string, client: { cert: string; key: string }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https.get({ host: ip, port, path: urlPath, servername: serverName, ca: ca.caPem, ...client, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode}: ${text}`))));
    }).on('error', reject);
  });
}

/** The serial number of the certificate a server presents. */
function servedSerial(ip: string, port: number, serverName: string, client: { cert: string; key: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: ip, port, servername: serverName, ca: ca.caPem, ...client, ALPNProtocols: ['h2'] }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(serial.replace(/^0+/, '').toLowerCase());
    });
    socket.on('error', reject);
  });
}

test('every pod is Ready on the TLS config, none restarted', () => {
  for (const pod of cluster.pods) expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
});

test('spans sent over HTTPS to an agent reach Jaeger through mutual TLS to the gateways and to Jaeger', async () => {
  const agentIp = cluster.pod('otel-agent-node-1').ip;
  const traces = [makeTrace('checkout', 'error'), makeTrace('payments', 'error')];
  expect(await postHttps(agentIp, 4318, `otel-collector.${NS}.svc`, otlpJson(traces.flat()))).toBe(200);
  for (const trace of traces) {
    await eventually(`trace ${trace[0].traceId} in Jaeger`, async () => {
      const ids = await jaeger.spanIds(trace[0].traceId);
      return trace.every((s) => ids.includes(s.spanId)) ? true : undefined;
    }, 90_000);
  }
});

test('the agents read Jaeger\'s sampling strategies over mutual TLS', async () => {
  const agentIp = cluster.pod('otel-agent-node-1').ip;
  const body = await eventually('a strategy from the agent\'s proxy', async () => {
    const res = await fetch(`http://${agentIp}:5778/sampling?service=checkout`, { signal: AbortSignal.timeout(5_000) });
    return res.ok ? res.json() : undefined;
  }, 60_000);
  // The proxy's answer is Jaeger's own, which only a client with a certificate may ask for.
  const jaegerIp = cluster.pods.find((p) => p.plan.name.startsWith('jaeger'))!.ip;
  const client = ca.issue('test-sampling-client', ['test-sampling-client'], ['client auth']);
  const direct: any = await getHttpsJson(jaegerIp, 5778, `jaeger-collector.${NS}.svc`, '/sampling?service=checkout', client);
  expect(direct.probabilisticSampling).toEqual({ samplingRate: 0.25 });
  expect((body as any).probabilisticSampling).toEqual(direct.probabilisticSampling);
  for (const pod of cluster.podsOf('DaemonSet', 'otel-agent')) expect(pod.logs()).not.toMatch(/certificate|handshake/i);
});

test('a plaintext client of the agent, and a client without a certificate of the gateway or Jaeger, are refused', async () => {
  const agentIp = cluster.pod('otel-agent-node-1').ip;
  await expect(fetch(`http://${agentIp}:4318/v1/traces`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5_000) }).then((r) => r.status))
    .resolves.toBe(400); // Go's HTTPS server answers plaintext with 400 "client sent an HTTP request to an HTTPS server"
  const gatewayIp = cluster.pod('otel-gateway-0').ip;
  await expect(postHttps(gatewayIp, 4318, `otel-gateway-headless.${NS}.svc`, otlpJson(makeTrace('x', 'error')))).rejects.toThrow();
  const jaegerIp = cluster.pods.find((p) => p.plan.name.startsWith('jaeger'))!.ip;
  await expect(postHttps(jaegerIp, 4318, `jaeger-collector.${NS}.svc`, otlpJson(makeTrace('x', 'error')))).rejects.toThrow();
  // With a certificate of the CA the same request is accepted.
  const client = ca.issue('test-client', ['test-client'], ['client auth']);
  expect(await postHttps(gatewayIp, 4318, `otel-gateway-headless.${NS}.svc`, otlpJson(makeTrace('x', 'error')), client)).toBe(200);
});

test('a renewed gateway certificate is served within the reload interval, without a restart', async () => {
  const gateway = cluster.pod('otel-gateway-0');
  const client = ca.issue('test-client-2', ['test-client-2'], ['client auth']);
  const name = `otel-gateway-headless.${NS}.svc`;
  const before = await servedSerial(gateway.ip, 4317, name, client);
  const cert = fs.readFileSync(path.join(dir, 'otel-gateway-tls.crt'), 'utf8');
  const renewed = ca.issue('otel-gateway-tls-renewed', new X509Certificate(cert).subjectAltName!.split(', ').map((n: string) => n.replace(/^DNS:/, '')), ['server auth', 'client auth']);
  // What the kubelet does when cert-manager updates the Secret: the mounted files change in place.
  const mounted = path.join(gateway.plan.dir, 'volumes', 'tls');
  for (const [file, text] of [['tls.key', renewed.key], ['tls.crt', renewed.cert]]) {
    fs.writeFileSync(path.join(mounted, `.${file}.new`), text, { mode: 0o644 });
    fs.renameSync(path.join(mounted, `.${file}.new`), path.join(mounted, file));
  }
  const after = await eventually('the renewed certificate served', async () => {
    const serial = await servedSerial(gateway.ip, 4317, name, client);
    return serial !== before ? serial : undefined;
  }, 60_000, 2_000);
  expect(after).toBe(renewed.serial.replace(/^0+/, ''));
  expect(gateway.restarts).toBe(0);
});
