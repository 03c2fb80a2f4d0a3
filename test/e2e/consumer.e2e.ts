/**
 * The second team's app (test/consumer/app/main.ts, the consumer tier's) on the real programs: its
 * output exactly as it synthesizes, the library resolved to this checkout's lib/ instead of the
 * packed tarball. Everything the app references and does not make is made as that team would:
 * certificates from its CA for the names its Certificates ask for, OpenSearch over HTTPS with the
 * credentials its Secret holds, its identity provider, its egress proxy's ConfigMap. Spans sent
 * where its shop's pods send them travel agent → gateway → Jaeger over mutual TLS into OpenSearch
 * and come back through query. The shop's own Deployment is not run (its image is the team's
 * app): the test sends what it would, to the address its environment names.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { ensureBinaries } from './harness/binaries';
import { TestCertificateAuthority } from './harness/certificates';
import { LocalCluster } from './harness/cluster';
import { LocalOidcProvider } from './harness/oidc-provider';
import { LocalOpenSearch } from './harness/opensearch';
import { startCluster, waitForGateways } from './harness/stack';
import { JaegerApi, eventually, makeTrace, postOtlpHttp } from './harness/traffic';
import { readManifests } from '../support/synth';
import { synthesizeTypeScriptApp } from '../consumer/support';

/** The Chart's namespace in the app: the only place it is said. */
const NS = 'team-b-obs';
const HOST = 'jaeger.team-b.example.com';
const CLIENT = { id: 'jaeger-ui', secret: randomBytes(24).toString('hex'), redirectUris: [`https://${HOST}/oauth2/callback`] };
const OPENSEARCH_USER = { username: 'jaeger', password: randomBytes(12).toString('hex') };

let dir: string;
let objects: any[];
let shop: any;
let cluster: LocalCluster;
let opensearch: LocalOpenSearch;
let idp: LocalOidcProvider;

/** What the team makes beside the app: the Secrets and the ConfigMap its objects reference. */
function teamObjects(ca: TestCertificateAuthority): any[] {
  const secret = (name: string, stringData: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, stringData });
  return [
    ...ca.secretsFor(objects),
    secret('jaeger-opensearch', OPENSEARCH_USER),
    secret('jaeger-ui-oidc', { 'client-id': CLIENT.id, 'client-secret': CLIENT.secret, 'cookie-secret': randomBytes(16).toString('hex') }),
    // The team's proxy for the internet; nothing of the stack's may go through it.
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'egress-proxy', namespace: NS }, data: { url: 'http://egress-proxy.team-b-infra.svc:3128' } },
  ];
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-consumer-e2e-'));
  synthesizeTypeScriptApp(path.join(dir, 'dist'));
  const all = readManifests(path.join(dir, 'dist'));
  shop = all.find((o) => o.kind === 'Deployment' && o.metadata.namespace === 'shop');
  objects = all.filter((o) => o !== shop);
  const ca = new TestCertificateAuthority(dir);
  idp = new LocalOidcProvider('https://sso.team-b.example.com', ca, CLIENT);
  opensearch = new LocalOpenSearch(ensureBinaries(['opensearch']).get('opensearch')!, 'logging', 'opensearch', { ca, ...OPENSEARCH_USER });
  cluster = await startCluster(objects, {
    external: teamObjects(ca), peers: [opensearch, idp], trustedCaPem: ca.caPem,
    standIns: { 'registry.team-b.example.com/ops/log-shipper': 'health-stand-in' },
  });
  await waitForGateways(cluster, cluster.podsOf('StatefulSet', 'otel-gateway').length);
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('every pod of the team\'s output is Ready, the gateways\' log-shipper sidecar included, none restarted', () => {
  const gateways = cluster.podsOf('StatefulSet', 'otel-gateway');
  expect(gateways.length).toBeGreaterThan(0);
  for (const pod of gateways) expect(pod.plan.spec.containers.map((c: any) => c.name)).toEqual(['otelcol', 'log-shipper']);
  for (const pod of cluster.pods) expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
});

test('spans sent where the shop\'s pods send them reach Jaeger over TLS, are stored in OpenSearch with the Secret\'s credentials, and come back through query', async () => {
  const endpoint = new URL(shop.spec.template.spec.containers[0].env.find((e: any) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT').value);
  const [service, namespace] = endpoint.hostname.split('.');
  expect(namespace).toBe(NS);
  const trace = makeTrace('shop-web', 'error');
  await postOtlpHttp(`http://${cluster.serviceAddress(namespace, service)}:${endpoint.port}`, trace);
  const jaeger = new JaegerApi(`http://${cluster.serviceAddress(NS, 'jaeger-query')}:16686`);
  await eventually(`the shop's error trace ${trace[0].traceId} through query`, async () => {
    const ids = await jaeger.spanIds(trace[0].traceId).catch(() => [] as string[]);
    return trace.every((s) => ids.includes(s.spanId)) ? true : undefined;
  }, 90_000).catch((e) => {
    const logs = cluster.pods.filter((p) => /otel-|jaeger-collector/.test(p.plan.name)).map((p) => `--- ${p.plan.name}\n${p.logs().split('\n').slice(-15).join('\n')}`);
    throw new Error(`${e.message}\n${logs.join('\n')}`);
  });
  expect(await opensearch.indices()).toContainEqual(expect.stringMatching(/^jaeger-span-\d{4}-\d{2}-\d{2}$/));
  expect(opensearch.frontRequests.authenticated).toBeGreaterThan(0);
  expect(opensearch.frontRequests.refused).toBe(0);
  for (const pod of cluster.pods) {
    expect([pod.plan.name, pod.logs()]).not.toEqual([pod.plan.name, expect.stringMatching(/handshake|bad certificate|unknown authority|proxyconnect|egress-proxy/i)]);
  }
});

test('the UI is only behind the team\'s sign-in: the proxy sends a browser to the identity provider and answers an API client 401', async () => {
  const ingress = objects.find((o) => o.kind === 'Ingress');
  const backend = ingress.spec.rules.find((r: any) => r.host === HOST).http.paths.find((p: any) => p.path === '/').backend.service;
  const proxies = cluster.podsOf('Deployment', backend.name);
  expect(proxies.length).toBeGreaterThan(0);
  for (const pod of proxies) {
    const ask = (accept: string) => new Promise<{ status: number; location?: string }>((resolve, reject) => {
      http.get({
        host: pod.ip, port: backend.port.number, path: '/api/services', timeout: 10_000,
        headers: { 'host': HOST, 'x-forwarded-host': HOST, 'x-forwarded-proto': 'https', accept },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      }).on('error', reject);
    });
    const browser = await ask('text/html');
    expect(browser.status).toBe(302);
    expect(new URL(browser.location!).origin + new URL(browser.location!).pathname).toBe(idp.authorizationEndpoint);
    expect((await ask('application/json')).status).toBe(401);
  }
});
