import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { JaegerStack } from '../jaeger/jaeger-stack';
import {
  AppNames, Components, ComponentIdentity, Ports, PortSpec, WorkloadRole, checkBoolean, checkDnsSubdomain, checkProps, constructLabel,
  invalidProp, namespacedMeta, rollBack,
} from '../k8s';
import { NetworkPeer } from '../network/peers';
import { addOAuth2Proxy } from './oauth2-proxy';
import { ResolvedUiAuth, resolvedAuth, UiAuth, UiAuthKind } from './ui-auth';
import { CheckedUiRoute, ResolvedUiRoute, resolvedRoute, UiRoute, UiRouteKind } from './ui-route';
import { IssuerKind } from '../tls/tracing-tls';

/** Props for {@link JaegerUiExposure}. */
export interface JaegerUiExposureProps {
  /** The stack whose UI/API (`jaeger-query`) is exposed. */
  readonly jaeger: JaegerStack;
  /** The host name users open, e.g. `jaeger.example.com`. */
  readonly host: string;
  /** How requests get in: `UiRoute.ingress()` or `UiRoute.httpRoute({ gateway })`. */
  readonly route: UiRoute;
  /**
   * Who may in: `UiAuth.oauth2Proxy()` or `UiAuth.nginxExternalAuth()`. Required unless
   * `allowUnauthenticated`: the Jaeger UI has no login of its own, and traces carry request
   * data (URLs, user ids, SQL).
   * @default - none, refused
   */
  readonly auth?: UiAuth;
  /**
   * Expose the UI with no authentication in the route. Only where something in front of it
   * authenticates every request (a VPN, an identity-aware load balancer, the gateway's own
   * policy).
   * @default false
   */
  readonly allowUnauthenticated?: boolean;
}

const NAMES = { PROXY: 'jaeger-ui-proxy', ROUTE: 'jaeger-ui' } as const;

/**
 * The Jaeger UI/API outside the cluster, behind authentication: an Ingress or a Gateway API
 * HTTPRoute for `host`, to an oauth2-proxy the construct emits (which forwards to
 * `jaeger-query`) or straight to `jaeger-query` with the ingress controller's external
 * authentication. Without `auth` it is refused unless `allowUnauthenticated` says otherwise.
 *
 * ```ts
 * new JaegerUiExposure(chart, 'ui', {
 *   jaeger, host: 'jaeger.example.com',
 *   route: UiRoute.ingress({ className: 'nginx', issuer: { name: 'letsencrypt' } }),
 *   auth: UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.example.com', secretName: 'jaeger-ui-oidc', emailDomains: ['example.com'] }),
 * });
 * ```
 */
export class JaegerUiExposure extends Construct {
  /** The URL users open, `https://<host>/`. */
  public readonly url: string;
  /** The namespace of the route (and of the proxy), the stack's. */
  public readonly namespace: string;
  /** The proxy's role (selector, ports), when oauth2-proxy authenticates. */
  public readonly proxyRole?: WorkloadRole;
  /** The Service the route sends to (the proxy's, or `jaeger-query`). */
  public readonly backendService: string;
  /** Its port. */
  public readonly backendPort: PortSpec;
  /** The pods that deliver the route's requests (for NetworkPolicies), when given. */
  public readonly controllerPods?: NetworkPeer;
  /** The identity provider the proxy calls, when given (any address otherwise). */
  public readonly issuerPeer?: NetworkPeer;
  /** The identity provider's port. */
  public readonly issuerPort?: number;
  /** The Jaeger stack exposed. */
  public readonly jaeger: JaegerStack;

  constructor(scope: Construct, id: string, props: JaegerUiExposureProps) {
    super(scope, id);
    try {
      const where = constructLabel('JaegerUiExposure', id);
      checkProps(where, props, 'JaegerUiExposureProps');
      const { jaeger, route, auth } = checkExposure(where, props);
      const host = checkDnsSubdomain(where, 'host', props.host);
      if (host.startsWith('*.')) invalidProp(where, 'host', host, 'a wildcard cannot be the redirect target of a sign-in', 'give the one host name users open');
      this.jaeger = jaeger;
      this.namespace = jaeger.namespace;
      this.url = `https://${host}/`;
      const settings = route.settings;
      this.controllerPods = settings.controllerPods;
      const identity = (component: string): ComponentIdentity => ({ name: AppNames.JAEGER, instance: jaeger.instance, component });

      const proxy = auth?.oauth2Proxy;
      if (proxy) {
        this.proxyRole = addOAuth2Proxy(this, proxy, {
          name: NAMES.PROXY, namespace: this.namespace, identity: identity(Components.JAEGER_UI_PROXY),
          upstream: `${jaeger.queryUrl}/`, redirectUrl: `https://${host}/oauth2/callback`,
        });
        this.backendService = NAMES.PROXY;
        this.backendPort = Ports.UI_PROXY_HTTP;
        this.issuerPeer = proxy.issuerPeer;
        this.issuerPort = Number(proxy.issuerUrl.port || 443);
      } else {
        this.backendService = jaeger.queryServiceName;
        this.backendPort = Ports.QUERY_HTTP;
      }

      const annotations = { ...settings.annotations, ...issuerAnnotation(settings), ...externalAuthAnnotations(auth) };
      const meta = namespacedMeta(NAMES.ROUTE, this.namespace, identity(Components.JAEGER_UI_ROUTE),
        Object.keys(annotations).length ? { annotations } : {});
      if (route.kind === UiRouteKind.INGRESS) this.addIngress(meta, host, settings);
      else this.addHttpRoute(meta, host, settings);
    } catch (error) {
      // A refused construct leaves nothing behind (see rollBack).
      rollBack(this);
      throw error;
    }
  }

  private addIngress(metadata: k8s.ObjectMeta, host: string, settings: ResolvedUiRoute): void {
    new k8s.KubeIngress(this, 'ingress', {
      metadata,
      spec: {
        ...(settings.className ? { ingressClassName: settings.className } : {}),
        ...(settings.tlsSecretName ? { tls: [{ hosts: [host], secretName: settings.tlsSecretName }] } : {}),
        rules: [{
          host,
          http: {
            paths: [{
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: this.backendService, port: { number: this.backendPort.port } } },
            }],
          },
        }],
      },
    });
  }

  private addHttpRoute(metadata: k8s.ObjectMeta, host: string, settings: ResolvedUiRoute): void {
    const parent = settings.gateway!;
    new gw.HttpRoute(this, 'http-route', {
      metadata,
      spec: {
        parentRefs: [{
          name: parent.name,
          ...(parent.namespace ? { namespace: parent.namespace } : {}),
          ...(parent.sectionName ? { sectionName: parent.sectionName } : {}),
        }],
        hostnames: [host],
        rules: [{
          matches: [{ path: { type: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
          backendRefs: [{ name: this.backendService, port: this.backendPort.port }],
        }],
      },
    });
  }
}

/** The props that decide what is emitted, checked together before any object is added. */
function checkExposure(where: string, props: JaegerUiExposureProps): { jaeger: JaegerStack; route: CheckedUiRoute; auth?: ResolvedUiAuth } {
  if (!(props?.jaeger instanceof JaegerStack)) {
    invalidProp(where, 'jaeger', props?.jaeger, 'expected the JaegerStack whose UI to expose', 'pass the JaegerStack construct: { jaeger }');
  }
  const route = resolvedRoute(where, 'route', props.route);
  const auth = props.auth === undefined ? undefined : resolvedAuth(where, 'auth', props.auth);
  const open = props.allowUnauthenticated === undefined ? false : checkBoolean(where, 'allowUnauthenticated', props.allowUnauthenticated);
  if (!props.auth && !open) {
    invalidProp(where, 'auth', undefined, 'the Jaeger UI has no login of its own: anyone who reaches the host would read every trace',
      'add auth: UiAuth.oauth2Proxy({ issuerUrl, secretName, emailDomains }), or set allowUnauthenticated: true if something in front authenticates every request');
  }
  if (props.auth && open) {
    invalidProp(where, 'allowUnauthenticated', true, 'contradicts auth', 'keep one of them');
  }
  if (auth?.kind === UiAuthKind.NGINX_EXTERNAL_AUTH && route.kind !== UiRouteKind.INGRESS) {
    invalidProp(where, 'auth', 'UiAuth.nginxExternalAuth()', 'is an ingress-nginx annotation; the Gateway API standard channel has no external-auth filter',
      "use UiAuth.oauth2Proxy() with the HTTPRoute, or attach your gateway's own auth policy and set allowUnauthenticated: true");
  }
  return { jaeger: props.jaeger, route, auth };
}

/** cert-manager's ingress-shim annotations (cert-manager pkg/apis/certmanager/v1/types.go). */
function issuerAnnotation(settings: ResolvedUiRoute): Record<string, string> {
  const issuer = settings.issuer;
  if (!issuer) return {};
  if (issuer.group !== 'cert-manager.io') {
    // An external issuer (e.g. awspca.cert-manager.io) is named with its kind and group.
    return { 'cert-manager.io/issuer': issuer.name, 'cert-manager.io/issuer-kind': issuer.kind, 'cert-manager.io/issuer-group': issuer.group };
  }
  return { [issuer.kind === IssuerKind.CLUSTER_ISSUER ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer']: issuer.name };
}

/** ingress-nginx's external-auth annotations (docs: user-guide/nginx-configuration/annotations.md). */
function externalAuthAnnotations(auth: ResolvedUiAuth | undefined): Record<string, string> {
  const ext = auth?.externalAuth;
  if (!ext) return {};
  return {
    'nginx.ingress.kubernetes.io/auth-url': ext.url,
    ...(ext.signinUrl ? { 'nginx.ingress.kubernetes.io/auth-signin': ext.signinUrl } : {}),
    ...(ext.responseHeaders.length ? { 'nginx.ingress.kubernetes.io/auth-response-headers': ext.responseHeaders.join(',') } : {}),
  };
}
