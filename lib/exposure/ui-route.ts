import { checkAnnotations, checkBoolean, checkDnsLabel, checkDnsSubdomain, checkProps, FactorySpecs, invalidProp } from '../k8s';
import { isObjectMap } from '../k8s/props';
import { NetworkPeer, checkPeer } from '../network/peers';
import { CertIssuerRef, checkIssuer } from '../tls/tracing-tls';

/** How requests reach the cluster. */
export enum UiRouteKind {
  /** A `networking.k8s.io/v1` Ingress. */
  INGRESS = 'Ingress',
  /** A Gateway API `HTTPRoute` attached to an existing Gateway. */
  HTTP_ROUTE = 'HTTPRoute',
}

/** An Ingress for the UI. */
export interface IngressRouteOptions {
  /**
   * The IngressClass.
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * The Secret (`kubernetes.io/tls`) with the certificate for the host, in the stack's namespace.
   * With `issuer`, cert-manager's ingress-shim creates and renews it.
   * @default 'jaeger-ui-tls'
   */
  readonly tlsSecretName?: string;
  /**
   * A cert-manager issuer for the host's certificate: cert-manager's ingress-shim reads its
   * annotations on the Ingress and keeps `tlsSecretName` issued.
   * @default - none: the Secret is made elsewhere
   */
  readonly issuer?: CertIssuerRef;
  /**
   * Whether the Ingress terminates TLS. Turn off only when TLS ends in front of the controller
   * (a cloud load balancer): the UI's session cookie is then still sent over HTTPS only.
   * @default true
   */
  readonly terminateTls?: boolean;
  /**
   * More annotations (controller settings such as timeouts).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * The ingress controller's pods, let in by `StackNetworkPolicies`. Required with policies
   * unless oauth2-proxy authenticates: otherwise any pod could skip the controller's check.
   * @default - any pod (with oauth2-proxy, which authenticates every request itself)
   */
  readonly controllerPods?: NetworkPeer;
}

/** The Gateway an HTTPRoute attaches to. */
export interface GatewayParent {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * Its namespace (its listener's `allowedRoutes` must admit routes from the stack's namespace).
   * @default - the stack's namespace
   */
  readonly namespace?: string;
  /**
   * The listener (an HTTPS one: the UI's session cookie is sent over HTTPS only).
   * @default - every listener that admits the route
   */
  readonly sectionName?: string;
}

/** An HTTPRoute for the UI. */
export interface HttpRouteOptions {
  /** The Gateway (TLS is its listener's). */
  readonly gateway: GatewayParent;
  /**
   * The gateway's data-plane pods, let in by `StackNetworkPolicies`.
   * @default - any pod (oauth2-proxy authenticates every request itself)
   */
  readonly controllerPods?: NetworkPeer;
}

/** The checked route settings. */
export interface ResolvedUiRoute {
  readonly className?: string;
  readonly tlsSecretName?: string;
  readonly issuer?: Required<CertIssuerRef>;
  readonly annotations: Record<string, string>;
  readonly gateway?: GatewayParent;
  readonly controllerPods?: NetworkPeer;
}

/** How the exposed UI is reached: made by one of the static factories, checked there. */
export class UiRoute {
  /** An Ingress: the controller of `className` serves the host, with TLS by default. */
  public static ingress(options: IngressRouteOptions = {}): UiRoute {
    const where = 'UiRoute.ingress()';
    if (!isObjectMap(options)) invalidProp(where, 'options', options, 'expected { className?, tlsSecretName?, issuer?, ... }', "use e.g. { className: 'nginx' }");
    checkProps(where, options, 'IngressRouteOptions');
    const className = options.className === undefined ? undefined : checkDnsSubdomain(where, 'className', options.className);
    const terminateTls = options.terminateTls === undefined ? true : checkBoolean(where, 'terminateTls', options.terminateTls);
    if (!terminateTls && (options.tlsSecretName !== undefined || options.issuer !== undefined)) {
      invalidProp(where, 'terminateTls', false, 'contradicts tlsSecretName/issuer, which only serve a terminating Ingress', 'drop tlsSecretName and issuer, or terminateTls');
    }
    const tlsSecretName = terminateTls ? checkDnsSubdomain(where, 'tlsSecretName', options.tlsSecretName ?? 'jaeger-ui-tls') : undefined;
    const annotations = options.annotations === undefined ? {} : { ...checkAnnotations(where, 'annotations', options.annotations, []) };
    return new UiRoute(UiRouteKind.INGRESS, {
      className, tlsSecretName, annotations,
      ...(options.issuer !== undefined ? { issuer: checkIssuer(where, options.issuer) } : {}),
      ...(options.controllerPods !== undefined ? { controllerPods: checkPeer(where, 'controllerPods', options.controllerPods) } : {}),
    });
  }

  /** A Gateway API HTTPRoute on an existing Gateway (`gateway.networking.k8s.io/v1`). */
  public static httpRoute(options: HttpRouteOptions): UiRoute {
    const where = 'UiRoute.httpRoute()';
    if (!isObjectMap(options) || !isObjectMap(options.gateway)) {
      invalidProp(where, 'gateway', options?.gateway, 'expected the Gateway to attach to: { name, namespace?, sectionName? }', "use e.g. { gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' } }");
    }
    checkProps(where, options, 'HttpRouteOptions');
    const g = options.gateway;
    const gateway: GatewayParent = {
      name: checkDnsSubdomain(where, 'gateway.name', g.name),
      ...(g.namespace !== undefined ? { namespace: checkDnsLabel(where, 'gateway.namespace', g.namespace) } : {}),
      ...(g.sectionName !== undefined ? { sectionName: checkDnsSubdomain(where, 'gateway.sectionName', g.sectionName) } : {}),
    };
    return new UiRoute(UiRouteKind.HTTP_ROUTE, {
      gateway, annotations: {},
      ...(options.controllerPods !== undefined ? { controllerPods: checkPeer(where, 'controllerPods', options.controllerPods) } : {}),
    });
  }

  private constructor(kind: UiRouteKind, settings: ResolvedUiRoute) {
    RESOLVED_ROUTES.set(this, { kind, settings });
  }
}

/** What a UiRoute factory made: the kind of route and its checked settings. */
export interface CheckedUiRoute {
  readonly kind: UiRouteKind;
  readonly settings: ResolvedUiRoute;
}

const RESOLVED_ROUTES = new FactorySpecs<UiRoute, CheckedUiRoute>('UiRoute',
  "make one with UiRoute.ingress({ className: 'nginx' }) or UiRoute.httpRoute({ gateway: { name: 'public' } })");

/** The kind and checked settings of a UiRoute a factory made; anything else fails naming the prop. */
export function resolvedRoute(where: string, prop: string, route: unknown): CheckedUiRoute {
  return RESOLVED_ROUTES.of(where, prop, route);
}
