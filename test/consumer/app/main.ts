/**
 * A second team's tracing stack, written as that team would from the README: the library from
 * its packed tarball, everything in the Chart's namespace `team-b-obs` (given once, to the Chart),
 * the constructs handed to each other by reference, and a cdk8s-plus Deployment of their shop
 * instrumented. No namespace, endpoint or Service name of the stack is written here.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStorage, JaegerUiExposure, OtelCollector, Prometheus,
  ServiceInstrumentation, StackNetworkPolicies, TracingAlerts, TracingMonitors, TracingTls, UiAuth, UiRoute,
} from 'cdk8s-tracing';

const app = new App({ outdir: process.argv[2] ?? 'dist' });

const observability = new Chart(app, 'observability', { namespace: 'team-b-obs', disableResourceNameHashes: true });
const jaeger = new JaegerStack(observability, 'jaeger', {
  storage: JaegerStorage.opensearch({
    serverUrls: ['https://opensearch.logging.svc:9200'],
    credentials: { secretName: 'jaeger-opensearch', usernameKey: 'username', passwordKey: 'password' },
  }),
  tls: TracingTls.certManager({ issuer: { name: 'team-b-ca' } }),
});
// The gateways reach the internet through the team's proxy (the stack's own Services bypass it)
// and ship their logs with a sidecar (the pod escape hatch: restricted Pod Security still holds,
// the API server below enforces it).
const { Quantity, IntOrString } = kplus.k8s;
const otel = new OtelCollector(observability, 'otel', {
  backend: jaeger,
  gateway: {
    placement: {
      extraEnv: [
        { name: 'HTTPS_PROXY', valueFrom: { configMapKeyRef: { name: 'egress-proxy', key: 'url' } } },
        { name: 'NO_PROXY', value: '.svc,.cluster.local' },
      ],
      sidecars: [{
        name: 'log-shipper',
        image: 'registry.team-b.example.com/ops/log-shipper:2.1.0',
        resources: { requests: { cpu: Quantity.fromString('20m'), memory: Quantity.fromString('32Mi') }, limits: { memory: Quantity.fromString('64Mi') } },
        readinessProbe: { httpGet: { path: '/healthz', port: IntOrString.fromNumber(2020) } },
        livenessProbe: { httpGet: { path: '/healthz', port: IntOrString.fromNumber(2020) } },
      }],
    },
  },
});
const ui = new JaegerUiExposure(observability, 'ui', {
  jaeger,
  host: 'jaeger.team-b.example.com',
  route: UiRoute.ingress({ className: 'nginx', issuer: { name: 'letsencrypt' } }),
  auth: UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.team-b.example.com', secretName: 'jaeger-ui-oidc', allowedGroups: ['team-b'] }),
});
// The team's own Prometheus and Grafana run beside the stack (said once; the watchers and policies follow).
const prometheus = Prometheus.fromExisting({ namespace: jaeger.namespace, selectorLabels: { release: 'team-b-monitoring' } });
const grafana = Grafana.fromExisting({ namespace: jaeger.namespace });
new StackNetworkPolicies(observability, 'policies', { jaeger, otel, uiExposure: ui, prometheus, grafana });
const components = [jaeger, otel];
new TracingMonitors(observability, 'monitors', { prometheus, components });
new TracingAlerts(observability, 'alerts', { prometheus, components });
new GrafanaDashboards(observability, 'dashboards', { grafana, components });
new GrafanaDatasources(observability, 'datasources', { grafana, jaeger });

const shop = new Chart(app, 'shop', { namespace: 'shop', disableResourceNameHashes: true });
const web = new kplus.Deployment(shop, 'web', {
  containers: [{ name: 'web', image: 'registry.team-b.example.com/shop/web:1.4.2', portNumber: 8080 }],
});
ServiceInstrumentation.instrumentWorkload(web, { serviceName: 'shop-web', collector: otel });

app.synth();
