/**
 * The Jaeger UI exposed through an Ingress or an HTTPRoute, never without authentication unless
 * asked: what each combination emits, what the NetworkPolicies then let through, and what is
 * refused.
 */
import {
  JaegerStack, JaegerUiExposureProps, JaegerUiExposure, Peers, StackNetworkPolicies, StackValidator, UiAuth, UiRoute,
} from '../../lib';
import { fixture } from '../support/fixture';
import { isAllowed, PodRef } from '../support/netpol';
import { schemaValidator } from '../support/schema';
import { findOne, ofKind, synthObjects, testChart } from '../support/synth';

const oidc = () => UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.example.com/realms/platform', secretName: 'jaeger-ui-oidc', emailDomains: ['example.com'] });
const nginxPods = () => Peers.podsInNamespace('ingress-nginx', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
const tcp = (port: number) => ({ port, protocol: 'TCP' as const });

function expose(props: Omit<JaegerUiExposureProps, 'jaeger'>, policies = false) {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing' });
  const ui = new JaegerUiExposure(chart, 'ui', { jaeger, ...props });
  if (policies) new StackNetworkPolicies(chart, 'np', { jaeger, uiExposure: ui });
  return { ui, objects: synthObjects(chart) };
}
const podOf = (objects: any[], kind: string, name: string): PodRef => {
  const w = findOne(objects, kind, name);
  return { namespace: w.metadata.namespace, labels: w.spec.template.metadata.labels };
};

describe('Ingress with oauth2-proxy', () => {
  const viaIngress = fixture(() => {
    const { ui, objects } = expose({ host: 'jaeger.example.com', route: UiRoute.ingress({ className: 'nginx', issuer: { name: 'letsencrypt' } }), auth: oidc() });
    const proxy = findOne(objects, 'Deployment', 'jaeger-ui-proxy');
    return { ui, objects, ingress: findOne(objects, 'Ingress', 'jaeger-ui'), proxy, container: proxy.spec.template.spec.containers[0] };
  });

  test('every object is schema-valid and the stack has no broken link', () => {
    const { objects } = viaIngress();
    for (const o of objects) expect([o.kind, schemaValidator().validate(o)]).toEqual([o.kind, []]);
    const external = [{ kind: 'Secret' as const, namespace: 'tracing', name: 'jaeger-ui-oidc' }];
    expect(StackValidator.validate(objects, { external })).toEqual([]);
    expect(StackValidator.checkPodSecurity(objects)).toEqual([]);
    expect(StackValidator.checkOperationalRules(objects)).toEqual([]);
  });

  test('the Ingress serves the host over TLS and sends every path to the proxy\'s Service port', () => {
    const { ui, objects, ingress, proxy } = viaIngress();
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['jaeger.example.com'], secretName: 'jaeger-ui-tls' }]);
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const service = findOne(objects, 'Service', backend.name);
    expect(service.spec.ports.map((p: any) => p.port)).toContain(backend.port.number);
    expect(service.spec.selector).toEqual(proxy.spec.selector.matchLabels);
    expect(ingress.spec.rules[0]).toMatchObject({ host: 'jaeger.example.com', http: { paths: [{ path: '/', pathType: 'Prefix' }] } });
    expect(ui.url).toBe('https://jaeger.example.com/');
  });

  test('the proxy forwards to jaeger-query, calls back to the host, and reads its secrets from the Secret', () => {
    const { objects, container } = viaIngress();
    expect(container.args).toEqual(expect.arrayContaining([
      '--upstream=http://jaeger-query.tracing.svc:16686/',
      '--provider=oidc',
      '--oidc-issuer-url=https://sso.example.com/realms/platform',
      '--redirect-url=https://jaeger.example.com/oauth2/callback',
      '--email-domain=example.com',
      '--http-address=0.0.0.0:4180',
      '--cookie-secure=true',
      '--cookie-expire=12h',
      '--code-challenge-method=S256',
    ]));
    expect(container.env).toEqual([
      { name: 'OAUTH2_PROXY_CLIENT_ID', valueFrom: { secretKeyRef: { name: 'jaeger-ui-oidc', key: 'client-id', optional: false } } },
      { name: 'OAUTH2_PROXY_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'jaeger-ui-oidc', key: 'client-secret', optional: false } } },
      { name: 'OAUTH2_PROXY_COOKIE_SECRET', valueFrom: { secretKeyRef: { name: 'jaeger-ui-oidc', key: 'cookie-secret', optional: false } } },
    ]);
    expect(JSON.stringify(objects)).not.toMatch(/undefined/);
  });

  test('the proxy runs restricted, with probes, resources, two replicas and a PDB', () => {
    const { objects, proxy, container } = viaIngress();
    expect(proxy.spec.replicas).toBe(2);
    expect(proxy.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/ping', port: 'proxy-http' });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 'proxy-http' });
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(findOne(objects, 'PodDisruptionBudget', 'jaeger-ui-proxy').spec.selector).toEqual(proxy.spec.selector);
    expect(proxy.spec.template.spec.automountServiceAccountToken).toBe(false);
  });
});

test('who may in: groups alone let any e-mail domain of the group in (oauth2-proxy refuses to start without a domain); domains and groups together need both', () => {
  const args = (auth: Partial<Record<'emailDomains' | 'allowedGroups', string[]>>) => {
    const { objects } = expose({
      host: 'jaeger.example.com', route: UiRoute.ingress({ className: 'nginx', issuer: { name: 'letsencrypt' } }),
      auth: UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.example.com/realms/platform', secretName: 'jaeger-ui-oidc', ...auth }),
    });
    return findOne(objects, 'Deployment', 'jaeger-ui-proxy').spec.template.spec.containers[0].args
      .filter((a: string) => /^--(email-domain|allowed-group)=/.test(a));
  };
  expect(args({ allowedGroups: ['team-b'] })).toEqual(['--email-domain=*', '--allowed-group=team-b']);
  expect(args({ emailDomains: ['example.com'] })).toEqual(['--email-domain=example.com']);
  expect(args({ emailDomains: ['example.com', 'example.org'], allowedGroups: ['sre', 'dev'] }))
    .toEqual(['--email-domain=example.com', '--email-domain=example.org', '--allowed-group=sre', '--allowed-group=dev']);
});

test('an HTTPRoute attaches to the named Gateway and sends the host to the proxy', () => {
  const { objects } = expose({
    host: 'jaeger.example.com', auth: oidc(),
    route: UiRoute.httpRoute({ gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' } }),
  });
  const route = findOne(objects, 'HTTPRoute', 'jaeger-ui');
  expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
  expect(schemaValidator().validate(route)).toEqual([]);
  expect(route.spec).toEqual({
    parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
    hostnames: ['jaeger.example.com'],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'jaeger-ui-proxy', port: 4180 }] }],
  });
  expect(ofKind(objects, 'Ingress')).toEqual([]);
  // The backend resolves: the whole-stack validator follows HTTPRoute backendRefs.
  expect(StackValidator.validate(objects, { external: [{ kind: 'Secret', namespace: 'tracing', name: 'jaeger-ui-oidc' }] })).toEqual([]);
});

test('ingress-nginx external auth: the Ingress goes straight to jaeger-query and carries the auth annotations', () => {
  const { objects } = expose({
    host: 'jaeger.example.com', route: UiRoute.ingress({ className: 'nginx', controllerPods: nginxPods() }),
    auth: UiAuth.nginxExternalAuth({
      url: 'https://auth.example.com/oauth2/auth', signinUrl: 'https://auth.example.com/oauth2/start?rd=$escaped_request_uri',
      responseHeaders: ['X-Auth-Request-Email', 'X-Auth-Request-User'],
    }),
  });
  const ingress = findOne(objects, 'Ingress', 'jaeger-ui');
  expect(ingress.metadata.annotations).toEqual({
    'nginx.ingress.kubernetes.io/auth-url': 'https://auth.example.com/oauth2/auth',
    'nginx.ingress.kubernetes.io/auth-signin': 'https://auth.example.com/oauth2/start?rd=$escaped_request_uri',
    'nginx.ingress.kubernetes.io/auth-response-headers': 'X-Auth-Request-Email,X-Auth-Request-User',
  });
  expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'jaeger-query', port: { number: 16686 } });
  expect(ofKind(objects, 'Deployment')).toEqual([]);
});

describe('no exposure without authentication unless asked', () => {
  test('no auth is refused, naming allowUnauthenticated', () => {
    expect(() => expose({ host: 'jaeger.example.com', route: UiRoute.ingress() }))
      .toThrow(/JaegerUiExposure "ui": invalid prop "auth" = undefined: the Jaeger UI has no login of its own.*Fix: add auth: UiAuth.oauth2Proxy.*or set allowUnauthenticated: true/);
  });

  test('allowUnauthenticated routes straight to jaeger-query', () => {
    const { objects } = expose({ host: 'jaeger.internal', route: UiRoute.ingress({ terminateTls: false }), allowUnauthenticated: true });
    const ingress = findOne(objects, 'Ingress', 'jaeger-ui');
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('jaeger-query');
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.metadata.annotations).toBeUndefined();
  });

  test('external auth on an HTTPRoute is refused: the standard channel has no such filter', () => {
    expect(() => expose({
      host: 'jaeger.example.com', route: UiRoute.httpRoute({ gateway: { name: 'public' } }),
      auth: UiAuth.nginxExternalAuth({ url: 'https://auth.example.com/oauth2/auth' }),
    })).toThrow(/invalid prop "auth" = "UiAuth.nginxExternalAuth\(\)": is an ingress-nginx annotation.*Fix: use UiAuth.oauth2Proxy\(\) with the HTTPRoute/);
  });
});

describe('NetworkPolicies of the exposed UI', () => {
  test('with oauth2-proxy: the controller reaches the proxy, the proxy jaeger-query and the issuer; nothing else reaches jaeger-query', () => {
    const { objects } = expose({ host: 'jaeger.example.com', route: UiRoute.ingress({ controllerPods: nginxPods() }), auth: oidc() }, true);
    const proxy = podOf(objects, 'Deployment', 'jaeger-ui-proxy');
    const jaeger = podOf(objects, 'StatefulSet', 'jaeger');
    const controller: PodRef = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
    const stranger: PodRef = { namespace: 'default', labels: { app: 'curious' } };
    expect(isAllowed(objects, controller, proxy, tcp(4180))).toBe(true);
    expect(isAllowed(objects, stranger, proxy, tcp(4180))).toBe(false);
    expect(isAllowed(objects, proxy, jaeger, tcp(16686))).toBe(true);
    expect(isAllowed(objects, controller, jaeger, tcp(16686))).toBe(false);
    expect(isAllowed(objects, proxy, jaeger, tcp(4317))).toBe(false);
    const issuer = findOne(objects, 'NetworkPolicy', 'jaeger-ui-proxy-egress-to-identity-provider');
    expect(issuer.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });

  test('without a proxy, only the named controller reaches jaeger-query; not naming it is refused', () => {
    const auth = UiAuth.nginxExternalAuth({ url: 'https://auth.example.com/oauth2/auth' });
    const { objects } = expose({ host: 'jaeger.example.com', route: UiRoute.ingress({ controllerPods: nginxPods() }), auth }, true);
    const jaeger = podOf(objects, 'StatefulSet', 'jaeger');
    expect(isAllowed(objects, { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }, jaeger, tcp(16686))).toBe(true);
    expect(isAllowed(objects, { namespace: 'default', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }, jaeger, tcp(16686))).toBe(false);
    expect(() => expose({ host: 'jaeger.example.com', route: UiRoute.ingress(), auth }, true))
      .toThrow(/StackNetworkPolicies "np": invalid prop "uiExposure" = "test\/ui": routes straight to jaeger-query.*Fix: name them in the route/);
  });
});
