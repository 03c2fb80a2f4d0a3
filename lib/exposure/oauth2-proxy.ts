/**
 * The oauth2-proxy Deployment in front of the Jaeger UI/API. Flags and variables as oauth2-proxy
 * v7.15 reads them (pkg/apis/options: legacy_options.go, options.go, cookie.go); it refuses to
 * start without a provider, client id and secret, a 16/24/32-byte cookie secret and an audience
 * (email domains or groups), and it reads the issuer's discovery document at start.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { CollectorServiceAccount } from '../collector/service-account';
import {
  addDisruptionBudget, ComponentIdentity, ImageSpec, Images, Ports, WorkloadRole, containerPort, httpProbe, imageRef, namespacedMeta, placedPodSpec,
  placementTemplateMeta, recommendedLabels, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext,
  secretKeyEnv, selectorLabels, servicePort, spreadConstraints,
} from '../k8s';
import { ResolvedOAuth2Proxy } from './ui-auth';

/** The distroless `nonroot` user the image runs as. */
const PROXY_UID = 65532;

/** What the proxy needs to know besides its own settings. */
export interface OAuth2ProxySpec {
  /** Name of the Deployment, Service and ServiceAccount. */
  readonly name: string;
  readonly namespace: string;
  readonly identity: ComponentIdentity;
  /** The Jaeger UI/API it forwards to, e.g. `http://jaeger-query.monitoring.svc:16686/`. */
  readonly upstream: string;
  /** The public URL of the callback, `https://<host>/oauth2/callback`. */
  readonly redirectUrl: string;
}

/** The proxy's container arguments: everything but the secrets, which come from the Secret as variables. */
export function oauth2ProxyArgs(settings: ResolvedOAuth2Proxy, spec: OAuth2ProxySpec): string[] {
  return [
    `--http-address=0.0.0.0:${Ports.UI_PROXY_HTTP.port}`,
    `--upstream=${spec.upstream}`,
    '--provider=oidc',
    `--oidc-issuer-url=${settings.issuerUrl.href.replace(/\/$/, '')}`,
    `--redirect-url=${spec.redirectUrl}`,
    // oauth2-proxy lets a user in when the e-mail domain matches and, with groups, the group too;
    // with no domain it refuses to start, so groups alone mean any domain (the group decides).
    ...(settings.emailDomains.length > 0 ? settings.emailDomains : ['*']).map((d) => `--email-domain=${d}`),
    ...settings.allowedGroups.map((g) => `--allowed-group=${g}`),
    // Behind an Ingress or a Gateway: the client's address and scheme come from X-Forwarded-*.
    '--reverse-proxy=true',
    '--skip-provider-button=true',
    '--cookie-secure=true',
    // Sessions are not re-checked with the provider (no refresh without --cookie-refresh and
    // refresh tokens): the cookie's lifetime bounds how long a removed user keeps access.
    `--cookie-expire=${settings.sessionDuration}`,
    // PKCE: a stolen authorization code is useless without the verifier (providers that do
    // not support it ignore the parameters, RFC 7636 section 5).
    '--code-challenge-method=S256',
    '--silence-ping-logging=true',
  ];
}

/** Adds the proxy (ServiceAccount, Deployment, Service, PDB) and returns its role. */
export function addOAuth2Proxy(scope: Construct, settings: ResolvedOAuth2Proxy, spec: OAuth2ProxySpec): WorkloadRole {
  const image: ImageSpec = settings.image ?? Images.OAUTH2_PROXY;
  const id = { ...spec.identity, version: image.tag };
  const selector = selectorLabels(id);
  const meta = namespacedMeta(spec.name, spec.namespace, id);
  const { placement } = settings;
  new CollectorServiceAccount(scope, 'proxy-service-account', {
    name: spec.name, namespace: spec.namespace, identity: id, annotations: placement.serviceAccountAnnotations,
  });
  const container: k8s.Container = {
    name: 'oauth2-proxy',
    image: imageRef(image),
    args: oauth2ProxyArgs(settings, spec),
    env: [
      secretKeyEnv('OAUTH2_PROXY_CLIENT_ID', settings.secret.name, settings.secret.clientIdKey),
      secretKeyEnv('OAUTH2_PROXY_CLIENT_SECRET', settings.secret.name, settings.secret.clientSecretKey),
      secretKeyEnv('OAUTH2_PROXY_COOKIE_SECRET', settings.secret.name, settings.secret.cookieSecretKey),
    ],
    ports: [containerPort(Ports.UI_PROXY_HTTP)],
    // /ping answers while the process serves; /ready also checks its session store.
    livenessProbe: httpProbe(Ports.UI_PROXY_HTTP, '/ping', { periodSeconds: 15, failureThreshold: 4 }),
    readinessProbe: httpProbe(Ports.UI_PROXY_HTTP, '/ready', { periodSeconds: 5 }),
    resources: resourceRequirements(settings.resources),
    securityContext: restrictedContainerSecurityContext(),
  };
  new k8s.KubeDeployment(scope, 'proxy', {
    metadata: meta,
    spec: {
      replicas: settings.replicas,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
      template: {
        metadata: placementTemplateMeta({ labels: recommendedLabels(id) }, placement),
        spec: placedPodSpec('UiAuth.oauth2Proxy()', 'placement', {
          serviceAccountName: spec.name,
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurityContext({ runAsUser: PROXY_UID }),
          containers: [container],
        }, placement, selector, settings.replicas > 1 ? { topologySpreadConstraints: spreadConstraints(selector) } : {}),
      },
    },
  });
  new k8s.KubeService(scope, 'proxy-service', {
    metadata: meta,
    spec: { type: 'ClusterIP', selector, ports: [servicePort(Ports.UI_PROXY_HTTP)] },
  });
  if (settings.replicas > 1) {
    addDisruptionBudget(scope, 'proxy-pdb', meta, selector);
  }
  return { component: id.component, namespace: spec.namespace, selector, ports: [Ports.UI_PROXY_HTTP], serviceAccountName: spec.name };
}
