/**
 * Mutual TLS between Jaeger's collectors and query and the Badger remote storage
 * (`TlsLink.JAEGER_STORAGE`, storage `badger-shared`) on the real Jaeger: certificates issued by a
 * test CA for exactly the names the output's Certificates ask for. Spans written through the
 * collectors (over the remote storage's OTLP receiver) are read back through query (over its
 * remote-storage API); a client without a certificate of the CA is refused on both.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { JaegerStorage, TlsLink, TracingTls } from '../../lib';
import { TestCertificateAuthority } from './harness/certificates';
import { LocalCluster } from './harness/cluster';
import { startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, postOtlpHttp } from './harness/traffic';
import { stackObjects } from './harness/variants';

const NS = 'tracing';
const TLS = TracingTls.certManager({ issuer: { name: 'tracing-ca' }, links: [TlsLink.JAEGER_STORAGE] });
const REMOTE_STORAGE_NAME = `jaeger-remote-storage-headless.${NS}.svc`;
let cluster: LocalCluster;
let ca: TestCertificateAuthority;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-tls-storage-'));
  ca = new TestCertificateAuthority(dir);
  const objects = stackObjects({ storage: JaegerStorage.badgerShared(), tls: TLS, collector: { replicas: 1 }, query: { replicas: 1 } });
  cluster = await startCluster(objects, { external: ca.secretsFor(objects) });
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * What a gRPC server over TLS says to a client: `ok` once it speaks HTTP/2 (its SETTINGS frame),
 * or the error that ended the connection. Under TLS 1.3 the server's verdict on the client's
 * certificate comes after the client's side of the handshake, so the first read tells.
 */
function greet(ip: string, port: number, client?: { cert: string; key: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: ip, port, servername: REMOTE_STORAGE_NAME, ca: ca.caPem, ALPNProtocols: ['h2'], ...client });
    const done = (verdict: string) => { socket.destroy(); resolve(verdict); };
    socket.once('data', () => done('ok'));
    socket.once('error', (e) => done(e.message));
    socket.once('close', () => done('closed'));
    socket.setTimeout(10_000, () => done('timeout'));
  });
}

test('every pod is Ready with TLS between Jaeger\'s processes, none restarted', () => {
  for (const pod of cluster.pods) expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
});

test('spans written through the collectors are read back through query, both over mutual TLS to the remote storage', async () => {
  const jaeger = new JaegerApi(`http://${cluster.serviceAddress(NS, 'jaeger-query')}:16686`);
  // A trace per attempt: a collector that dialled the remote storage before it was Ready is in
  // gRPC's reconnect back-off for a while, and drops what it cannot store (Jaeger's storage
  // exporter does not retry); the gateways' queue would send again, this test sends anew.
  await eventually('a trace written through the collectors, read through query', async () => {
    const trace = makeTrace('checkout-tls-storage', 'error');
    await postOtlpHttp(`http://${cluster.serviceAddress(NS, 'jaeger-collector')}:4318`, trace);
    for (let i = 0; i < 10; i++) {
      const ids = await jaeger.spanIds(trace[0].traceId).catch(() => [] as string[]);
      if (trace.every((s) => ids.includes(s.spanId))) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return undefined;
  }, 90_000, 0);
  for (const pod of cluster.pods) expect([pod.plan.name, pod.logs()]).not.toEqual([pod.plan.name, expect.stringMatching(/handshake|bad certificate|certificate required|unknown authority/i)]);
});

test('the remote storage refuses a client without a certificate of the CA, on its API and its OTLP receiver', async () => {
  const remote = cluster.pod('jaeger-remote-storage-0');
  const client = ca.issue('test-storage-client', ['test-storage-client'], ['client auth']);
  for (const port of [17271, 4317]) {
    expect([port, await greet(remote.ip, port, client)]).toEqual([port, 'ok']);
    expect([port, await greet(remote.ip, port)]).not.toEqual([port, 'ok']);
  }
});
