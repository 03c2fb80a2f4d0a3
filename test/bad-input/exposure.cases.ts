/** JaegerUiExposure, the UiAuth and UiRoute factories, and StackNetworkPolicies' `uiExposure`. */
import { JaegerStack, JaegerUiExposure, StackNetworkPolicies, UiAuth, UiRoute } from '../../lib/internal';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const oidc = rowsFor('UiAuth', (_ctx, options) => UiAuth.oauth2Proxy(options), { where: 'UiAuth.oauth2Proxy()' });
const ext = rowsFor('UiAuth', (_ctx, options) => UiAuth.nginxExternalAuth(options), { where: 'UiAuth.nginxExternalAuth()' });
const ingress = rowsFor('UiRoute', (_ctx, options) => UiRoute.ingress(options), { where: 'UiRoute.ingress()' });
const httpRoute = rowsFor('UiRoute', (_ctx, options) => UiRoute.httpRoute(options), { where: 'UiRoute.httpRoute()' });
const exposure = rowsFor('JaegerUiExposure', ({ chart, deps }, props) => new JaegerUiExposure(chart, SUBJECT, { jaeger: deps, ...props }),
  { setup: (chart) => new JaegerStack(chart, 'jaeger') });
const policies = rowsFor('StackNetworkPolicies', ({ chart, deps }, props) => new StackNetworkPolicies(chart, SUBJECT, { jaeger: deps.jaeger, ...props }), {
  setup: (chart) => {
    const jaeger = new JaegerStack(chart, 'jaeger');
    const other = new JaegerStack(chart, 'other', { namespace: 'other' });
    const auth = UiAuth.nginxExternalAuth({ url: 'https://auth.example.com/oauth2/auth' });
    return {
      jaeger,
      direct: new JaegerUiExposure(chart, 'direct', { jaeger, host: 'jaeger.example.com', route: UiRoute.ingress(), auth }),
      elsewhere: new JaegerUiExposure(chart, 'elsewhere', { jaeger: other, host: 'jaeger.example.com', route: UiRoute.ingress(), auth }),
    };
  },
});

const issuerUrl = 'https://sso.example.com';
const secretName = 'jaeger-ui-oidc';
const OIDC = { issuerUrl, secretName, emailDomains: ['example.com'] };
const route = UiRoute.ingress();
const host = 'jaeger.example.com';

export const EXPOSURE_CASES: BadInputCase[] = [
  oidc('options', 'https://sso.example.com', issuerUrl),
  oidc('issuerUrl', 'sso.example.com', { ...OIDC, issuerUrl: 'sso.example.com' }, 'no scheme'),
  oidc('issuerUrl', 'http://sso.example.com', { ...OIDC, issuerUrl: 'http://sso.example.com' }, 'plain http'),
  oidc('secretName', undefined, { issuerUrl, emailDomains: ['example.com'] }, 'missing'),
  oidc('secretName', 'Jaeger UI', { ...OIDC, secretName: 'Jaeger UI' }),
  oidc('clientSecretKey', '', { ...OIDC, clientSecretKey: '' }),
  oidc('clientIdKey', '..id', { ...OIDC, clientIdKey: '..id' }, 'starts with ".."'),
  oidc('cookieSecretKey', 'cookie secret', { ...OIDC, cookieSecretKey: 'cookie secret' }, 'a key the API server refuses'),
  oidc('emailDomains', undefined, { issuerUrl, secretName }, 'nobody allowed'),
  oidc('emailDomains', 'example.com', { ...OIDC, emailDomains: 'example.com' }, 'a string'),
  oidc('allowedGroups[0]', '', { ...OIDC, allowedGroups: [''] }),
  oidc('emailDomains', ['a.com', 'a.com'], { ...OIDC, emailDomains: ['a.com', 'a.com'] }, 'twice'),
  oidc('sessionDuration', '30d', { ...OIDC, sessionDuration: '30d' }, 'days are no Go unit'),
  oidc('sessionDuration', '720h', { ...OIDC, sessionDuration: '720h' }, 'over a week'),
  oidc('replicas', 0, { ...OIDC, replicas: 0 }),
  oidc('resources', '64Mi', { ...OIDC, resources: '64Mi' }),
  oidc('resources.memoryLimit', '16Mi', { ...OIDC, resources: { memoryLimit: '16Mi', memoryRequest: '16Mi' } }),
  oidc('image.tag', 'latest version', { ...OIDC, image: { repository: 'oauth2-proxy', tag: 'latest version' } }),
  oidc('issuerPeer', 'sso', { ...OIDC, issuerPeer: 'sso' }),
  oidc('placement.nodeName', 'node-1', { ...OIDC, placement: { nodeName: 'node-1' } }),
  ext('options', 'https://auth.example.com', 'https://auth.example.com'),
  ext('url', '/oauth2/auth', { url: '/oauth2/auth' }, 'relative'),
  ext('signinUrl', 'ftp://auth.example.com', { url: 'https://auth.example.com/oauth2/auth', signinUrl: 'ftp://auth.example.com' }),
  ext('responseHeaders[0]', 'X-Auth Email', { url: 'https://auth.example.com/oauth2/auth', responseHeaders: ['X-Auth Email'] }),
  ingress('options', 'nginx', 'nginx'),
  ingress('className', 'NGINX', { className: 'NGINX' }),
  ingress('terminateTls', false, { terminateTls: false, tlsSecretName: 'ui-tls' }, 'contradicts tlsSecretName'),
  ingress('terminateTls', 'no', { terminateTls: 'no' }),
  ingress('tlsSecretName', 'UI TLS', { tlsSecretName: 'UI TLS' }),
  ingress('issuer', 'letsencrypt', { issuer: 'letsencrypt' }),
  ingress('issuer.kind', 'AcmeIssuer', { issuer: { name: 'le', kind: 'AcmeIssuer' } }),
  ingress('issuer.name', 'Lets Encrypt', { issuer: { name: 'Lets Encrypt' } }),
  ingress('issuer.group', 'AWS PCA', { issuer: { name: 'pca', group: 'AWS PCA' } }),
  ingress('annotations', 'timeout=60', { annotations: 'timeout=60' }),
  ingress('annotations.proxy timeout', 'proxy timeout', { annotations: { 'proxy timeout': '60' } }, 'a bad key'),
  ingress('annotations.example.com/timeout', 60, { annotations: { 'example.com/timeout': 60 } }, 'a number'),
  ingress('controllerPods', 'ingress-nginx', { controllerPods: 'ingress-nginx' }),
  httpRoute('gateway', undefined, {}, 'no gateway'),
  httpRoute('gateway.name', 'Public', { gateway: { name: 'Public' } }),
  httpRoute('gateway.namespace', 'Gateways', { gateway: { name: 'public', namespace: 'Gateways' } }),
  httpRoute('gateway.sectionName', 'https listener', { gateway: { name: 'public', sectionName: 'https listener' } }),
  httpRoute('controllerPods.name', 'Envoy', { gateway: { name: 'public' }, controllerPods: { name: 'Envoy' } }),
  exposure('jaeger', 'jaeger', { jaeger: 'jaeger', host, route, allowUnauthenticated: true }),
  exposure('route', 'ingress', { host, route: 'ingress', allowUnauthenticated: true }),
  exposure('auth', 'oidc', { host, route, auth: 'oidc' }),
  exposure('auth', undefined, { host, route }, 'no authentication'),
  exposure('allowUnauthenticated', 'yes', { host, route, allowUnauthenticated: 'yes' }),
  exposure('allowUnauthenticated', true, { host, route, allowUnauthenticated: true, auth: UiAuth.oauth2Proxy(OIDC) }, 'beside auth'),
  exposure('auth', 'UiAuth.nginxExternalAuth()', {
    host, route: UiRoute.httpRoute({ gateway: { name: 'public' } }), auth: UiAuth.nginxExternalAuth({ url: 'https://auth.example.com/oauth2/auth' }),
  }, 'external auth on an HTTPRoute'),
  exposure('host', 'Jaeger.Example.com', { host: 'Jaeger.Example.com', route, allowUnauthenticated: true }),
  exposure('host', '*.example.com', { host: '*.example.com', route, allowUnauthenticated: true }, 'a wildcard'),
  policies('uiExposure', 'ui', { uiExposure: 'ui' }),
  policies('uiExposure', 'test/direct', (d: any) => ({ uiExposure: d.direct }), 'straight to jaeger-query, controller not named'),
  policies('uiExposure', 'test/elsewhere', (d: any) => ({ uiExposure: d.elsewhere }), 'another stack\'s UI'),
];
