/**
 * An OpenID Connect identity provider played by the test, for oauth2-proxy to sign users in with:
 * HTTPS on the bridge with a certificate from the test CA for the issuer's host name (which
 * cluster DNS resolves to it), the discovery document, a JWKS with an RSA key, the authorization
 * endpoint (authorization-code flow, PKCE when asked) and the token endpoint, which checks the
 * client's credentials and returns an RS256 ID token. Who signs in is the `login_hint` the test
 * adds to the authorization URL, standing for a user typing their name at the sign-in page.
 */
import { KeyObject, createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';
import { TestCertificateAuthority } from './certificates';
import { LocalCluster, Peer } from './cluster';
import { GATEWAY_IP } from './network';

/** A registered OIDC client (the Secret oauth2-proxy reads holds the same id and secret). */
export interface OidcClient {
  readonly id: string;
  readonly secret: string;
  /** The exact redirect URIs the client may use. */
  readonly redirectUris: string[];
}

/** A request the provider answered, for the test to check what the proxy asked. */
export interface OidcRequest {
  readonly method: string;
  /** The endpoint's path under the issuer (e.g. `/.well-known/openid-configuration`). */
  readonly endpoint: string;
  readonly status: number;
}

interface Grant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly email: string;
  readonly nonce?: string;
  readonly challenge?: { value: string; method: string };
  readonly expiresAt: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class LocalOidcProvider implements Peer {
  /** Every request answered, in order. */
  readonly requests: OidcRequest[] = [];
  private readonly issuerUrl: URL;
  private readonly key: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private readonly kid = b64url(randomBytes(8));
  private readonly grants = new Map<string, Grant>();
  private server?: https.Server;

  /** `issuer` is the issuer URL exactly as the proxy is given it (https, no trailing slash). */
  constructor(readonly issuer: string, private readonly ca: TestCertificateAuthority, private readonly client: OidcClient) {
    this.issuerUrl = new URL(issuer);
    if (this.issuerUrl.protocol !== 'https:' || issuer.endsWith('/')) throw new Error(`issuer ${issuer}: give an https URL without a trailing slash`);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.key = privateKey;
    this.publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' };
  }

  get host(): string {
    return this.issuerUrl.hostname;
  }

  get port(): number {
    return Number(this.issuerUrl.port || 443);
  }

  /** The authorization endpoint's URL, as the discovery document gives it. */
  get authorizationEndpoint(): string {
    return `${this.issuer}/protocol/openid-connect/auth`;
  }

  async start(cluster: LocalCluster): Promise<void> {
    const { cert, key } = this.ca.issue('oidc-provider', [this.host], ['server auth']);
    this.server = https.createServer({ cert, key }, (req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, GATEWAY_IP, () => resolve());
    });
    cluster.addHostRecord(this.host, GATEWAY_IP);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * What a browser does at the authorization URL the proxy redirected it to, with `email` signing
   * in: the provider's answer (a redirect to the client with a code, or an error). The request
   * goes over HTTPS to the provider's address with the issuer's host name, trusting the test CA.
   */
  signIn(authorizationUrl: string, email: string): Promise<{ status: number; location?: string; body: string }> {
    const url = new URL(authorizationUrl);
    if (`${url.origin}${url.pathname}` !== this.authorizationEndpoint) throw new Error(`${authorizationUrl} is not ${this.authorizationEndpoint}`);
    url.searchParams.set('login_hint', email);
    return new Promise((resolve, reject) => {
      https.get({
        host: (this.server!.address() as AddressInfo).address, port: this.port, path: `${url.pathname}${url.search}`,
        servername: this.host, headers: { host: url.host }, ca: this.ca.caPem, timeout: 10_000,
      }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      }).on('error', reject).on('timeout', function (this: http.ClientRequest) { this.destroy(new Error('timeout')); });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.issuer);
    // The issuer's path without its trailing slash ('' for an issuer at the host's root).
    const base = this.issuerUrl.pathname.replace(/\/$/, '');
    const endpoint = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : url.pathname;
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ method: req.method ?? '', endpoint, status });
        const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
        res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json', 'cache-control': 'no-store', ...headers });
        res.end(text);
      };
      try {
        if (req.method === 'GET' && endpoint === '/.well-known/openid-configuration') return reply(200, this.discovery());
        if (req.method === 'GET' && endpoint === '/protocol/openid-connect/certs') return reply(200, { keys: [this.publicJwk] });
        if (req.method === 'GET' && endpoint === '/protocol/openid-connect/auth') {
          const location = this.authorize(url.searchParams);
          return reply(302, '', { location });
        }
        if (req.method === 'POST' && endpoint === '/protocol/openid-connect/token') return reply(200, this.token(req, new URLSearchParams(body)));
        return reply(404, `no ${req.method} ${endpoint}`);
      } catch (e) {
        if (e instanceof OidcError) return reply(e.status, { error: e.code, error_description: e.message });
        return reply(500, String(e));
      }
    });
  }

  /** The discovery document (OpenID Connect Discovery 1.0 §3), with the endpoints a Keycloak realm has. */
  private discovery(): Record<string, unknown> {
    const base = `${this.issuer}/protocol/openid-connect`;
    return {
      issuer: this.issuer,
      authorization_endpoint: `${base}/auth`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/certs`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified'],
      code_challenge_methods_supported: ['S256'],
    };
  }

  /** Checks an authorization request (RFC 6749 §4.1.1) and sends the browser back with a code. */
  private authorize(q: URLSearchParams): string {
    // An unknown client or redirect URI is not redirected to (RFC 6749 §4.1.2.1).
    if (q.get('client_id') !== this.client.id) throw new OidcError(400, 'invalid_client', `unknown client ${q.get('client_id')}`);
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!this.client.redirectUris.includes(redirectUri)) throw new OidcError(400, 'invalid_request', `redirect_uri ${redirectUri} is not registered`);
    if (q.get('response_type') !== 'code') throw new OidcError(400, 'unsupported_response_type', `response_type ${q.get('response_type')}`);
    if (!(q.get('scope') ?? '').split(' ').includes('openid')) throw new OidcError(400, 'invalid_scope', 'scope lacks openid');
    const email = q.get('login_hint');
    if (!email) throw new OidcError(400, 'login_required', 'nobody signed in');
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method') ?? 'plain';
    if (challenge && method !== 'S256') throw new OidcError(400, 'invalid_request', `code_challenge_method ${method}`);
    const code = b64url(randomBytes(24));
    this.grants.set(code, {
      clientId: this.client.id, redirectUri, email, nonce: q.get('nonce') ?? undefined,
      challenge: challenge ? { value: challenge, method } : undefined, expiresAt: Date.now() + 60_000,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!);
    return back.toString();
  }

  /** Redeems a code (RFC 6749 §4.1.3, OIDC Core §3.1.3) for an access token and an ID token. */
  private token(req: http.IncomingMessage, form: URLSearchParams): Record<string, unknown> {
    const [id, secret] = clientCredentials(req, form);
    if (id !== this.client.id || !same(secret, this.client.secret)) throw new OidcError(401, 'invalid_client', 'bad client credentials');
    if (form.get('grant_type') !== 'authorization_code') throw new OidcError(400, 'unsupported_grant_type', `grant_type ${form.get('grant_type')}`);
    const code = form.get('code') ?? '';
    const grant = this.grants.get(code);
    this.grants.delete(code); // one use only
    if (!grant || grant.expiresAt < Date.now() || grant.clientId !== id) throw new OidcError(400, 'invalid_grant', 'unknown, used or expired code');
    if (form.get('redirect_uri') !== grant.redirectUri) throw new OidcError(400, 'invalid_grant', 'redirect_uri differs from the authorization request\'s');
    if (grant.challenge) {
      const verifier = form.get('code_verifier') ?? '';
      if (b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge.value) throw new OidcError(400, 'invalid_grant', 'PKCE verifier does not match');
    }
    const now = Math.floor(Date.now() / 1000);
    const idToken = this.jwt({
      iss: this.issuer, aud: id, sub: createHash('sha256').update(grant.email).digest('hex').slice(0, 24), email: grant.email, email_verified: true,
      iat: now, exp: now + 3600, ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
    return { access_token: b64url(randomBytes(32)), token_type: 'Bearer', expires_in: 3600, id_token: idToken, scope: 'openid email profile' };
  }

  private jwt(claims: Record<string, unknown>): string {
    const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), this.key))}`;
  }
}

class OidcError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** client_secret_basic (RFC 6749 §2.3.1: form-encoded, then Base64) or client_secret_post. */
function clientCredentials(req: http.IncomingMessage, form: URLSearchParams): [string, string] {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return [decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' ')), decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, ' '))];
  }
  return [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
