import {
  ResolvedResources, ContainerResources, ImageSpec, PodPlacement, checkDnsSubdomain, checkDuration, checkHttpUrl, checkImage, checkNonEmpty, checkPlacement, checkReplicas,
  checkResources, checkSecretKey, invalidProp,
} from '../k8s';
import { FactorySpecs } from '../k8s/factory-specs';
import { checkProps, isObjectMap } from '../k8s/props';
import { NetworkPeer, checkPeer } from '../network/peers';

/** How users are authenticated before they reach the Jaeger UI/API. */
export enum UiAuthKind {
  /** oauth2-proxy in front of `jaeger-query`: an OIDC sign-in, then a session cookie. */
  OAUTH2_PROXY = 'oauth2-proxy',
  /** The ingress controller asks an authentication service about every request (ingress-nginx `auth-url`). */
  NGINX_EXTERNAL_AUTH = 'nginx-external-auth',
}

/** An oauth2-proxy Deployment in front of the Jaeger UI/API, signing users in with OIDC. */
export interface OAuth2ProxyOptions {
  /**
   * The OIDC issuer (its `/.well-known/openid-configuration` is read at start: oauth2-proxy
   * exits when the issuer cannot be reached), e.g. `https://keycloak.example.com/realms/platform`.
   */
  readonly issuerUrl: string;
  /**
   * The existing Secret (in the stack's namespace) with the OIDC client id, client secret and
   * cookie secret; never written into the output.
   */
  readonly secretName: string;
  /**
   * Key of the OIDC client id in the Secret.
   * @default 'client-id'
   */
  readonly clientIdKey?: string;
  /**
   * Key of the OIDC client secret in the Secret.
   * @default 'client-secret'
   */
  readonly clientSecretKey?: string;
  /**
   * Key of the cookie secret in the Secret: 16, 24 or 32 bytes (e.g. `openssl rand -base64 32 | head -c 32`).
   * @default 'cookie-secret'
   */
  readonly cookieSecretKey?: string;
  /**
   * E-mail domains whose users may in (`['*']`: anyone the issuer signs in). At least one of
   * `emailDomains` and `allowedGroups` is required: there is no default audience.
   * @default - none
   */
  readonly emailDomains?: string[];
  /**
   * Groups (the ID token's `groups` claim) whose members may in. With `emailDomains` too, a user
   * needs both; without, any domain (the group decides).
   * @default - none
   */
  readonly allowedGroups?: string[];
  /**
   * How long a sign-in lasts (the session cookie's lifetime). oauth2-proxy does not re-check the
   * user with the provider within it: a user removed there keeps access until it ends.
   * @default '12h'
   */
  readonly sessionDuration?: string;
  /**
   * Proxy replicas (a PodDisruptionBudget keeps one up from two on).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Requests and limits over the defaults (50m CPU, 64Mi memory requested, 128Mi limit).
   * @default - the defaults
   */
  readonly resources?: ContainerResources;
  /**
   * The image.
   * @default Images.OAUTH2_PROXY
   */
  readonly image?: ImageSpec;
  /**
   * Where the identity provider is, for the proxy's egress NetworkPolicy.
   * @default - any address, on the issuer URL's port
   */
  readonly issuerPeer?: NetworkPeer;
  /**
   * Where the proxy's pods run (node selector, tolerations, affinity, spread, ...).
   * @default - the library's spread over zones and nodes
   */
  readonly placement?: PodPlacement;
}

/** ingress-nginx's external authentication: the controller asks `url` about each request. */
export interface NginxExternalAuthOptions {
  /**
   * The URL the controller calls for every request; a 2xx lets it through, 401/403 stop it
   * (e.g. an oauth2-proxy's `https://auth.example.com/oauth2/auth`).
   */
  readonly url: string;
  /**
   * Where a 401 sends the browser to sign in (e.g. `https://auth.example.com/oauth2/start?rd=$escaped_request_uri`).
   * @default - no redirect: a 401 is shown
   */
  readonly signinUrl?: string;
  /**
   * Headers of the auth service's answer passed on to Jaeger (e.g. `X-Auth-Request-Email`).
   * @default - none
   */
  readonly responseHeaders?: string[];
}

/** The checked oauth2-proxy settings, defaults applied. */
export interface ResolvedOAuth2Proxy {
  readonly issuerUrl: URL;
  readonly secret: { readonly name: string; readonly clientIdKey: string; readonly clientSecretKey: string; readonly cookieSecretKey: string };
  readonly emailDomains: string[];
  readonly allowedGroups: string[];
  readonly sessionDuration: string;
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly image?: ImageSpec;
  readonly issuerPeer?: NetworkPeer;
  readonly placement: PodPlacement;
}

/** The checked external-auth settings. */
export interface ResolvedNginxExternalAuth {
  readonly url: string;
  readonly signinUrl?: string;
  readonly responseHeaders: string[];
}

const HEADER = /^[A-Za-z0-9-]+$/;
/** A proxy holding cookie sessions: a few MiB per thousand users, a little CPU per request. */
/** Under five minutes users sign in over and over; over a week a removed user keeps access too long. */
const SESSION_RANGE = { min: '5m', max: '168h', why: 'a removed user keeps access until the session ends' };
const PROXY_RESOURCES: ResolvedResources = { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' };

/**
 * Who may open the Jaeger UI/API when it is exposed (`JaegerUiExposure`): made by one of the
 * static factories, checked there.
 */
export class UiAuth {
  /** An oauth2-proxy Deployment the exposure emits and routes to; it proxies to `jaeger-query`. */
  public static oauth2Proxy(options: OAuth2ProxyOptions): UiAuth {
    const where = 'UiAuth.oauth2Proxy()';
    if (!isObjectMap(options)) invalidProp(where, 'options', options, 'expected { issuerUrl, secretName, emailDomains?, allowedGroups? }', "use e.g. { issuerUrl: 'https://sso.example.com', secretName: 'jaeger-ui-oidc', emailDomains: ['example.com'] }");
    checkProps(where, options, 'OAuth2ProxyOptions');
    const issuerUrl = checkHttpUrl(where, 'issuerUrl', options.issuerUrl, 'give the OIDC issuer as an https:// URL');
    if (issuerUrl.protocol !== 'https:') {
      invalidProp(where, 'issuerUrl', options.issuerUrl, 'is not https: the ID tokens and the client secret would cross the network in clear', 'give the issuer\'s https:// URL');
    }
    const secret = checkSecret(where, options);
    const emailDomains = checkList(where, 'emailDomains', options.emailDomains);
    const allowedGroups = checkList(where, 'allowedGroups', options.allowedGroups);
    if (emailDomains.length === 0 && allowedGroups.length === 0) {
      invalidProp(where, 'emailDomains', options.emailDomains, 'with no allowedGroups either, nobody is let in (oauth2-proxy refuses to start)',
        "name who may in: emailDomains: ['example.com'] (or ['*'] for anyone the issuer signs in), or allowedGroups");
    }
    const sessionDuration = checkDuration(where, 'sessionDuration', options.sessionDuration ?? '12h', { range: SESSION_RANGE });
    const replicas = checkReplicas(where, 'replicas', options.replicas ?? 2);
    const resources = checkResources(where, 'resources', { ...PROXY_RESOURCES, ...options.resources });
    const image = options.image === undefined ? undefined : checkImage(where, 'image', options.image);
    const issuerPeer = options.issuerPeer === undefined ? undefined : checkPeer(where, 'issuerPeer', options.issuerPeer);
    const placement = options.placement === undefined ? {} : checkPlacement(where, 'placement', options.placement);
    return new UiAuth(UiAuthKind.OAUTH2_PROXY, {
      issuerUrl, secret, emailDomains, allowedGroups, sessionDuration, replicas, resources, image, issuerPeer, placement,
    }, undefined);
  }

  /** ingress-nginx's external authentication (Ingress only: the Gateway API's standard channel has no such filter). */
  public static nginxExternalAuth(options: NginxExternalAuthOptions): UiAuth {
    const where = 'UiAuth.nginxExternalAuth()';
    if (!isObjectMap(options)) invalidProp(where, 'options', options, 'expected { url, signinUrl?, responseHeaders? }', "use e.g. { url: 'https://auth.example.com/oauth2/auth' }");
    checkProps(where, options, 'NginxExternalAuthOptions');
    checkHttpUrl(where, 'url', options.url, 'give the authentication service\'s URL, e.g. "https://auth.example.com/oauth2/auth"');
    // The sign-in URL may carry nginx variables ($escaped_request_uri), which URL parsing keeps.
    if (options.signinUrl !== undefined) checkHttpUrl(where, 'signinUrl', options.signinUrl, 'give the sign-in page\'s URL, or leave signinUrl out');
    const responseHeaders = checkList(where, 'responseHeaders', options.responseHeaders);
    responseHeaders.forEach((h, i) => {
      if (!HEADER.test(h)) invalidProp(where, `responseHeaders[${i}]`, h, 'not an HTTP header name', 'give names such as "X-Auth-Request-Email"');
    });
    return new UiAuth(UiAuthKind.NGINX_EXTERNAL_AUTH, undefined, { url: options.url, signinUrl: options.signinUrl, responseHeaders });
  }

  private constructor(kind: UiAuthKind, oauth2Proxy: ResolvedOAuth2Proxy | undefined, externalAuth: ResolvedNginxExternalAuth | undefined) {
    RESOLVED_AUTH.set(this, { kind, oauth2Proxy, externalAuth });
  }
}

/** What a UiAuth factory checked: the exposure builds from it. */
export interface ResolvedUiAuth {
  readonly kind: UiAuthKind;
  readonly oauth2Proxy?: ResolvedOAuth2Proxy;
  readonly externalAuth?: ResolvedNginxExternalAuth;
}

const RESOLVED_AUTH = new FactorySpecs<UiAuth, ResolvedUiAuth>('UiAuth',
  'make one with UiAuth.oauth2Proxy({ ... }) or UiAuth.nginxExternalAuth({ ... })');

/** The checked settings of a UiAuth a factory made; anything else fails naming the prop. */
export function resolvedAuth(where: string, prop: string, auth: unknown): ResolvedUiAuth {
  return RESOLVED_AUTH.of(where, prop, auth);
}

function checkSecret(where: string, options: OAuth2ProxyOptions): ResolvedOAuth2Proxy['secret'] {
  if (options.secretName === undefined) {
    invalidProp(where, 'secretName', options.secretName, 'the Secret with the OIDC client and cookie secrets is required',
      "name the Secret holding client-id, client-secret and cookie-secret: secretName: 'jaeger-ui-oidc'");
  }
  // Keys as the API server validates a secretKeyRef (a key it would refuse fails here, at synth).
  return {
    name: checkDnsSubdomain(where, 'secretName', options.secretName),
    clientIdKey: checkSecretKey(where, 'clientIdKey', options.clientIdKey ?? 'client-id', 'client-id'),
    clientSecretKey: checkSecretKey(where, 'clientSecretKey', options.clientSecretKey ?? 'client-secret', 'client-secret'),
    cookieSecretKey: checkSecretKey(where, 'cookieSecretKey', options.cookieSecretKey ?? 'cookie-secret', 'cookie-secret'),
  };
}

function checkList(where: string, prop: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalidProp(where, prop, value, 'expected a list of strings', `give ${prop} as a list, e.g. ["example.com"]`);
  (value as unknown[]).forEach((v, i) => checkNonEmpty(where, `${prop}[${i}]`, v, 'give a non-empty string'));
  if (new Set(value).size !== value.length) invalidProp(where, prop, value, 'lists an entry twice', 'list each once');
  return [...value as string[]];
}
