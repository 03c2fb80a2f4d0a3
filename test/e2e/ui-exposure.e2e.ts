/**
 * The Jaeger UI exposed through `JaegerUiExposure` with `UiAuth.oauth2Proxy()`, on the real
 * oauth2-proxy and Jaeger: the proxy starts on the arguments the library emits and its own probes
 * pass; nothing reaches Jaeger without a session; a full OIDC authorization-code sign-in (the
 * test plays the identity provider, over HTTPS with a test CA's certificate) yields a session
 * with which Jaeger's API answers through the proxy, on either replica; a user outside the allowed
 * e-mail domains is refused. The test stands where the ingress controller would, sending what it
 * forwards (Host, X-Forwarded-*) to the Service the Ingress names.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { JaegerStack, JaegerStorage, JaegerUiExposure, TracingChart, UiAuth, UiRoute } from '../../lib';
import { TestCertificateAuthority } from './harness/certificates';
import { LocalCluster } from './harness/cluster';
import { LocalOidcProvider } from './harness/oidc-provider';
import { startCluster } from './harness/stack';
import { JaegerApi, eventually, makeTrace, postOtlpHttp } from './harness/traffic';

const NS = 'tracing';
const HOST = 'jaeger.example.com';
const ISSUER = 'https://sso.example.com/realms/e2e';
const CALLBACK = `https://${HOST}/oauth2/callback`;
const CLIENT = { id: 'jaeger-ui', secret: randomBytes(24).toString('hex'), redirectUris: [CALLBACK] };
const SERVICE = 'checkout-ui-e2e';

/** The stack and its exposure, as a consumer's app would write them. */
function exposedStack(): any[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new TracingChart(app, 'ui-exposure');
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: NS, storage: JaegerStorage.memory() });
  new JaegerUiExposure(chart, 'ui', {
    jaeger, host: HOST, route: UiRoute.ingress(),
    auth: UiAuth.oauth2Proxy({ issuerUrl: ISSUER, secretName: 'jaeger-ui-oidc', emailDomains: ['example.com'] }),
  });
  return app.charts.flatMap((c) => c.toJson());
}

/** The Secret the user creates: the client registered at the provider, and a 32-byte cookie secret. */
const OIDC_SECRET = {
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'jaeger-ui-oidc', namespace: NS },
  stringData: { 'client-id': CLIENT.id, 'client-secret': CLIENT.secret, 'cookie-secret': randomBytes(16).toString('hex') },
};

let dir: string;
let cluster: LocalCluster;
let idp: LocalOidcProvider;
let objects: any[];
let proxies: string[];
let jaegerServices: unknown;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-ui-'));
  const ca = new TestCertificateAuthority(dir);
  idp = new LocalOidcProvider(ISSUER, ca, CLIENT);
  objects = exposedStack();
  cluster = await startCluster(objects, { external: [OIDC_SECRET], peers: [idp], trustedCaPem: ca.caPem, controlPlane: false, timeoutMs: 60_000 });
  // Where the Ingress sends every path: the proxy's Service, whose ready pods the test addresses.
  const ingress = objects.find((o) => o.kind === 'Ingress');
  const backend = ingress.spec.rules.find((r: any) => r.host === HOST).http.paths.find((p: any) => p.path === '/').backend.service;
  proxies = cluster.podsOf('Deployment', backend.name).map((p) => `${p.ip}:${backend.port.number}`);
  // A span in Jaeger, so its answer to /api/services is recognisably Jaeger's.
  const jaegerIp = cluster.serviceAddress(NS, 'jaeger-collector');
  await postOtlpHttp(`http://${jaegerIp}:4318`, makeTrace(SERVICE, 'ordinary'));
  const jaeger = new JaegerApi(`http://${cluster.serviceAddress(NS, 'jaeger-query')}:16686`);
  jaegerServices = await eventually('the span in Jaeger', async () => {
    const { status, body } = await jaeger.get('/api/services');
    return status === 200 && body.data?.includes(SERVICE) ? body : undefined;
  }, 20_000, 250);
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  readonly status: number;
  readonly location?: string;
  readonly setCookies: string[];
  readonly body: string;
}

/** A request as the ingress controller forwards it: the public host, the client's scheme and address. */
function viaIngress(proxy: string, urlPath: string, jar: CookieJar, accept = 'text/html'): Promise<Reply> {
  const [host, port] = proxy.split(':');
  const headers: Record<string, string> = {
    'host': HOST, 'x-forwarded-host': HOST, 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7', accept,
  };
  if (jar.header()) headers.cookie = jar.header();
  return new Promise((resolve, reject) => {
    http.get({ host, port: Number(port), path: urlPath, headers, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        const setCookies = res.headers['set-cookie'] ?? [];
        jar.store(setCookies);
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookies, body });
      });
    }).on('error', reject).on('timeout', function (this: http.ClientRequest) { this.destroy(new Error('timeout')); });
  });
}

/** The browser's cookies for the host (Secure ones included: the browser is on https). */
class CookieJar {
  readonly cookies = new Map<string, string>();

  store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const maxAge = attrs.find((a) => /^max-age=/i.test(a));
      const expires = attrs.find((a) => /^expires=/i.test(a));
      const gone = (maxAge && Number(maxAge.split('=')[1]) <= 0) || (expires && Date.parse(expires.slice(8)) <= Date.now()) || value === '';
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** What a browser does from the proxy's sign-in start to the callback, with `email` signing in. */
async function signIn(email: string, jar: CookieJar, start: string, callback: string): Promise<Reply> {
  const started = await viaIngress(start, `/oauth2/start?rd=${encodeURIComponent('/api/services')}`, jar);
  expect(started.status).toBe(302);
  const authorization = new URL(started.location!);
  expect(`${authorization.origin}${authorization.pathname}`).toBe(idp.authorizationEndpoint);
  const answer = await idp.signIn(started.location!, email);
  expect(answer).toMatchObject({ status: 302 });
  const back = new URL(answer.location!);
  expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
  expect(back.searchParams.get('state')).toBe(authorization.searchParams.get('state'));
  return viaIngress(callback, `${back.pathname}${back.search}`, jar);
}

/** The statuses of the token endpoint's answers so far. */
const redemptions = (): number[] => idp.requests.filter((r) => r.endpoint.endsWith('/token')).map((r) => r.status);

const isJaegerJson = (body: string): boolean => {
  try {
    return Array.isArray(JSON.parse(body).data);
  } catch {
    return false;
  }
};

test('the proxy pods are Ready by their own /ping and /ready probes, on the arguments the library emits, after reading the issuer', async () => {
  expect(proxies).toHaveLength(2);
  for (const pod of cluster.podsOf('Deployment', 'jaeger-ui-proxy')) {
    expect({ pod: pod.plan.name, ready: pod.ready, restarts: pod.restarts }).toEqual({ pod: pod.plan.name, ready: true, restarts: 0 });
    const container = pod.plan.spec.containers[0];
    expect([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]).toEqual(['/ping', '/ready']);
    expect(container.args).toContain(`--oidc-issuer-url=${ISSUER}`);
    expect(pod.logs()).not.toMatch(/ERROR|certificate signed by unknown authority/);
  }
  for (const proxy of proxies) {
    for (const probe of ['/ping', '/ready']) expect([probe, (await fetch(`http://${proxy}${probe}`)).status]).toEqual([probe, 200]);
  }
  // Each replica read the discovery document over HTTPS (its certificate verified) before serving.
  expect(idp.requests.filter((r) => r.endpoint === '/.well-known/openid-configuration' && r.status === 200).length).toBeGreaterThanOrEqual(2);
});

test('an unauthenticated request never reaches Jaeger: a browser is sent to the identity provider, an API client gets 401', async () => {
  for (const proxy of proxies) {
    const page = await viaIngress(proxy, '/api/services', new CookieJar());
    expect(page.status).toBe(302);
    expect(isJaegerJson(page.body)).toBe(false);
    const to = new URL(page.location!);
    expect(`${to.origin}${to.pathname}`).toBe(idp.authorizationEndpoint);
    expect(Object.fromEntries(['client_id', 'redirect_uri', 'response_type'].map((k) => [k, to.searchParams.get(k)])))
      .toEqual({ client_id: CLIENT.id, redirect_uri: CALLBACK, response_type: 'code' });
    expect(to.searchParams.get('scope')?.split(' ')).toContain('openid');
    // PKCE (the provider checks the verifier at the token endpoint).
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');

    const api = await viaIngress(proxy, '/api/services', new CookieJar(), 'application/json');
    expect([api.status, isJaegerJson(api.body)]).toEqual([401, false]);

    // A made-up session cookie is no session.
    const forged = new CookieJar();
    forged.store([`_oauth2_proxy=${Buffer.from('{"Email":"alice@example.com"}').toString('base64')}|1|abc`]);
    const withForged = await viaIngress(proxy, '/api/services', forged, 'application/json');
    expect([withForged.status, isJaegerJson(withForged.body)]).toEqual([401, false]);
  }
  expect(redemptions()).toEqual([]);
});

test('an OIDC sign-in (authorization code) gives a session with which Jaeger answers through either replica', async () => {
  const jar = new CookieJar();
  const tokens = redemptions();
  // Started on one replica, called back on the other: the CSRF cookie, not the pod, carries the state.
  const callback = await signIn('alice@example.com', jar, proxies[0], proxies[1]);
  expect({ status: callback.status, location: callback.location }).toEqual({ status: 302, location: '/api/services' });
  expect([...jar.cookies.keys()].some((k) => k.startsWith('_oauth2_proxy') && !k.endsWith('csrf'))).toBe(true);
  expect(callback.setCookies.every((c) => /;\s*Secure/i.test(c) && /;\s*HttpOnly/i.test(c))).toBe(true);
  // The code was redeemed at the token endpoint with the client's credentials from the Secret.
  expect(redemptions().slice(tokens.length)).toEqual([200]);
  for (const proxy of proxies) {
    const res = await viaIngress(proxy, '/api/services', jar, 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual(jaegerServices);
  }
});

test('a user outside the allowed e-mail domains is refused after signing in, and gets no session', async () => {
  const jar = new CookieJar();
  const tokens = redemptions();
  const callback = await signIn('mallory@example.org', jar, proxies[0], proxies[0]);
  expect(callback.status).toBe(403);
  expect(isJaegerJson(callback.body)).toBe(false);
  expect([...jar.cookies.keys()].filter((k) => k.startsWith('_oauth2_proxy') && !k.endsWith('csrf'))).toEqual([]);
  for (const proxy of proxies) {
    const res = await viaIngress(proxy, '/api/services', jar, 'application/json');
    expect([res.status, isJaegerJson(res.body)]).toEqual([401, false]);
  }
  // The provider did sign them in: the proxy's e-mail domain check refused them.
  expect(redemptions().slice(tokens.length)).toEqual([200]);
});
