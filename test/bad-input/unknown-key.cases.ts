/**
 * A key the props struct does not have, from plain JavaScript objects (TypeScript refuses it
 * only in an object literal): at the top level and nested, for every construct and factory.
 * Each was ignored before (the default used without a word, `namepsace` moving the collector to
 * the default namespace); now refused, naming the nearest key when there is one.
 */
import {
  GitOpsApp, Grafana, GrafanaDashboards, GrafanaDatasources, instrumentWorkload, JaegerStack, JaegerStorage, JaegerUiExposure, OtelCollector,
  Prometheus, ServiceInstrumentation, StackNetworkPolicies, TraceSampler, TracingAlerts, TracingChart, TracingMonitors, TracingNamespace,
  TracingNetworkPolicies, TracingSizing, TracingStorageClass, TracingTls, UiAuth, UiRoute,
} from '../../lib/internal';
import { k8s } from 'cdk8s-plus-33';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { jaegerIn, withBackend } from '../support/backend';
import { prometheus } from '../support/observers';

const construct = (kind: string, make: (chart: any, props: any) => unknown) => rowsFor(kind, ({ chart }, props) => make(chart, props));
const factory = (kind: string, where: string, make: (options: any) => unknown) => rowsFor(kind, (_ctx, options) => make(options), { where });

const ns = construct('TracingNamespace', (c, p) => new TracingNamespace(c, SUBJECT, p));
const sc = construct('TracingStorageClass', (c, p) => new TracingStorageClass(c, SUBJECT, p));
const tc = rowsFor('TracingChart', ({ app }, props) => new TracingChart(app, SUBJECT, props));
const gitops = rowsFor('GitOpsApp', (_ctx, props) => new GitOpsApp(props), { where: 'GitOpsApp' });
const j = construct('JaegerStack', (c, p) => new JaegerStack(c, SUBJECT, p));
const o = construct('OtelCollector', (c, p) => new OtelCollector(c, SUBJECT, withBackend(p)));
const tnp = construct('TracingNetworkPolicies', (c, p) => new TracingNetworkPolicies(c, SUBJECT, p));
const snp = rowsFor('StackNetworkPolicies', ({ chart, deps }, props) => new StackNetworkPolicies(chart, SUBJECT, { ...deps, ...props }), {
  setup: (chart) => ({ jaeger: new JaegerStack(chart, 'jaeger'), otel: new OtelCollector(chart, 'otel', { backend: jaegerIn() }) }),
});
const mon = construct('TracingMonitors', (c, p) => new TracingMonitors(c, SUBJECT, p));
const alerts = construct('TracingAlerts', (c, p) => new TracingAlerts(c, SUBJECT, p));
const addAlert = rowsFor('TracingAlerts', ({ deps }, rule) => deps.addAlert('custom', rule), {
  setup: (chart) => {
    const jaeger = new JaegerStack(chart, 'jaeger');
    return new TracingAlerts(chart, SUBJECT, { components: [jaeger, new OtelCollector(chart, 'otel', { backend: jaeger })], prometheus: prometheus() });
  },
});
const ds = construct('GrafanaDatasources', (c, p) => new GrafanaDatasources(c, SUBJECT, p));
const dash = construct('GrafanaDashboards', (c, p) => new GrafanaDashboards(c, SUBJECT, p));
const si = construct('ServiceInstrumentation', (c, p) => new ServiceInstrumentation(c, SUBJECT, { serviceName: 'ryot', endpoint: 'http://otel-collector.monitoring.svc:4318', ...p }));
const iw = rowsFor('instrumentWorkload', ({ deps }, options) => instrumentWorkload(deps, { serviceName: 'web', ...options }), {
  setup: (chart) => new k8s.KubeDeployment(chart, 'web', {
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  }),
  where: 'instrumentWorkload(Deployment "web")',
});
const exposure = rowsFor('JaegerUiExposure', ({ chart, deps }, props) => new JaegerUiExposure(chart, SUBJECT, { jaeger: deps, ...props }), {
  setup: (chart) => new JaegerStack(chart, 'jaeger'),
});
const addExporter = rowsFor('OtelCollector', ({ deps }, options) => deps.gateway.addExporter('debug', {}, options), {
  setup: (chart) => new OtelCollector(chart, SUBJECT, { backend: jaegerIn() }),
});
const certManager = factory('TracingTls', 'TracingTls.certManager()', (o) => TracingTls.certManager(o));
const fromSecrets = factory('TracingTls', 'TracingTls.fromSecrets()', (o) => TracingTls.fromSecrets(o));
const oauth2Proxy = factory('UiAuth', 'UiAuth.oauth2Proxy()', (o) => UiAuth.oauth2Proxy(o));
const externalAuth = factory('UiAuth', 'UiAuth.nginxExternalAuth()', (o) => UiAuth.nginxExternalAuth(o));
const ingress = factory('UiRoute', 'UiRoute.ingress()', (o) => UiRoute.ingress(o));
const httpRoute = factory('UiRoute', 'UiRoute.httpRoute()', (o) => UiRoute.httpRoute(o));
const sizing = factory('TracingSizing', 'TracingSizing', (o) => TracingSizing.forLoad(o));
const fromEndpoints = factory('JaegerStack', 'JaegerStack.fromEndpoints()', (o) => JaegerStack.fromEndpoints(o));
const importPrometheus = factory('Prometheus', 'Prometheus.fromExisting()', (o) => Prometheus.fromExisting(o));
const importGrafana = factory('Grafana', 'Grafana.fromExisting()', (o) => Grafana.fromExisting(o));

const oidc = { issuerUrl: 'https://sso.example.com', secretName: 'oidc', emailDomains: ['example.com'] };
const search = { serverUrls: ['https://search.example.com:9200'] };

export const UNKNOWN_KEY_CASES: BadInputCase[] = [
  ns('nmae', 'tracing', { nmae: 'tracing' }, 'unknown key'),
  sc('reclaimPolcy', 'Retain', { reclaimPolcy: 'Retain' }, 'unknown key'),
  tc('namepsace', 'observability', { namepsace: 'observability' }, 'unknown key'),
  gitops('outDir', 'dist', { outDir: 'dist' }, 'unknown key'),
  gitops('validation.externl', [], { validation: { externl: [] } }, 'unknown nested key'),
  j('retentoin', '96h', { retentoin: '96h' }, 'unknown key'),
  j('collector.replica', 3, () => ({ storage: JaegerStorage.opensearch(search), collector: { replica: 3 } }), 'unknown nested key'),
  j('storage.credentials.usernameKy', 'user', () => ({
    storage: JaegerStorage.opensearch({ ...search, credentials: { secretName: 'search', usernameKy: 'user' } as any }),
  }), 'unknown key in a factory\'s options'),
  o('namepsace', 'observability', { namepsace: 'observability' }, 'unknown key'),
  o('sampeling', { baselinePercentage: 20 }, { sampeling: { baselinePercentage: 20 } }, 'unknown key'),
  o('sampling.baselinePercentag', 20, { sampling: { baselinePercentag: 20 } }, 'unknown nested key'),
  o('agent.placement.tolerations[0].effekt', 'NoSchedule', { agent: { placement: { tolerations: [{ key: 'dedicated', operator: 'Exists', effekt: 'NoSchedule' }] } } }, 'unknown key in a list'),
  // The props the backend replaced: its TLS and its endpoints are the backend's now.
  o('tls', { issuer: { name: 'tracing-ca' } }, { tls: { issuer: { name: 'tracing-ca' } } }, 'removed: the TLS is the backend\'s'),
  o('jaeger', { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' }, { jaeger: { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' } }, 'removed: give backend'),
  addExporter('gateway.addExporter("debug").pipeline', ['traces'], { pipeline: ['traces'] }, 'unknown key'),
  tnp('kubeApiCidr', ['10.0.0.1/32'], { kubeApiCidr: ['10.0.0.1/32'] }, 'unknown key'),
  tnp('dns.podLabel', { 'k8s-app': 'kube-dns' }, { dns: { name: 'dns', podLabel: { 'k8s-app': 'kube-dns' } } }, 'unknown nested key'),
  snp('prometheusPrt', 9090, { prometheusPrt: 9090 }, 'unknown key'),
  snp('prometheusPort', 9090, { prometheusPort: 9090 }, 'removed: the Prometheus\'s podPort'),
  mon('intervl', '30s', { intervl: '30s' }, 'unknown key'),
  // What the Prometheus and Grafana say once, removed from the watchers.
  mon('namespace', 'monitoring', { namespace: 'monitoring' }, 'removed: the Prometheus\'s'),
  alerts('labels', { release: 'kube-prometheus-stack' }, { labels: { release: 'kube-prometheus-stack' } }, 'removed: the Prometheus\'s'),
  dash('prometheusDatasourceUid', 'mimir', { prometheusDatasourceUid: 'mimir' }, 'removed: the Grafana\'s'),
  j('monitor.prometheusUrl', 'http://prometheus-operated.monitoring.svc:9090', { monitor: { prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090' } }, 'removed: give monitor.prometheus'),
  importPrometheus('selectorLabel', { release: 'x' }, { namespace: 'monitoring', selectorLabel: { release: 'x' } }, 'unknown key'),
  importPrometheus('watchAllNamespaces', false, { namespace: 'monitoring', watchAllNamespaces: false }, 'unknown key'),
  importGrafana('sidecarNamespce', 'grafana', { namespace: 'monitoring', sidecarNamespce: 'grafana' }, 'unknown key'),
  alerts('runbookURL', 'https://runbooks.example.com', { runbookURL: 'https://runbooks.example.com' }, 'unknown key'),
  addAlert('addAlert.sumary', 'x', { alert: 'X', expr: 'up == 0', for: '5m', severity: 'warning', summary: 's', description: 'd', sumary: 'x' }, 'unknown key'),
  ds('uuid', 'jaeger', { uuid: 'jaeger' }, 'unknown key'),
  dash('folderName', 'Tracing', { folderName: 'Tracing' }, 'unknown key'),
  si('servicName', 'ryot', { servicName: 'ryot' }, 'unknown key'),
  iw('container', ['web'], { container: ['web'] }, 'unknown key'),
  exposure('hostname', 'jaeger.example.com', { hostname: 'jaeger.example.com' }, 'unknown key'),
  certManager('isuer', { name: 'ca' }, { issuer: { name: 'ca' }, isuer: { name: 'ca' } }, 'unknown key'),
  certManager('issuer.nmae', 'ca', { issuer: { name: 'ca', nmae: 'ca' } }, 'unknown nested key'),
  fromSecrets('secretName', 'tls', { secretName: 'tls' }, 'unknown key'),
  oauth2Proxy('allowedGroup', ['sre'], { ...oidc, allowedGroup: ['sre'] }, 'unknown key'),
  oauth2Proxy('resources.memoryLimt', '1Gi', { ...oidc, resources: { memoryLimt: '1Gi' } }, 'unknown nested key'),
  externalAuth('signInUrl', 'https://auth.example.com/start', { url: 'https://auth.example.com/auth', signInUrl: 'https://auth.example.com/start' }, 'unknown key'),
  ingress('classname', 'nginx', { classname: 'nginx' }, 'unknown key'),
  httpRoute('gateway.section', 'https', { gateway: { name: 'public', section: 'https' } }, 'unknown nested key'),
  fromEndpoints('otlpEndpoint', 'jaeger-collector.tracing.svc:4317', { otlpEndpoint: 'jaeger-collector.tracing.svc:4317' }, 'unknown key'),
  sizing('load.spansPerSec', 2000, { spansPerSecond: 2000, nodes: 3, spansPerSec: 2000 }, 'unknown key'),
  // A sampler's options are checked by the construct the sampler reaches.
  si('sampler.pollingInterval', 5000, () => ({ sampler: TraceSampler.jaegerRemote({ pollingInterval: 5000 } as any) }), 'unknown key in a factory\'s options'),
];
