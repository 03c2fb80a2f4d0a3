/**
 * The service-link warning: a `jaeger-agent` (or `jaeger`) Service with a cluster IP gives every
 * pod of its namespace `JAEGER_AGENT_PORT=udp://<ip>:6831`, which Grafana and jaeger-client-go
 * read as their own setting and fail to start on. The check names the pods that are not the
 * stack's: the output's own, and those its NetworkPolicies admit from that namespace.
 */
import * as fs from 'fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { GitOpsApp, Grafana, JaegerStack, OtelCollector, StackNetworkPolicies, TracingChart } from '../../lib';
import { stackWarnings, validateStack } from '../../lib/internal';
import { buildPlatform, PLATFORM } from '../../main';
import { tempDir, testApp } from '../support/synth';

const GRAFANA = { 'app.kubernetes.io/name': 'grafana' };

function stackIn(namespace: string, extra?: (chart: Chart, jaeger: JaegerStack, otel: OtelCollector) => void): any[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new TracingChart(app, 'tracing');
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace });
  const otel = new OtelCollector(chart, 'otel', { namespace, backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }) });
  extra?.(chart, jaeger, otel);
  return chart.toJson();
}

const serviceLinks = (objects: any[]) => stackWarnings(objects).filter((f) => f.check === 'service-link');

test('a warning, not a refusal: the whole-stack validator has no finding for it', () => {
  const objects = stackIn('monitoring', (chart, jaeger, otel) => new StackNetworkPolicies(chart, 'policies', { jaeger, otel }));
  expect(serviceLinks(objects)).toHaveLength(1);
  expect(validateStack(objects)).toEqual([]);
});

test('the stack alone in its namespace: no finding', () => {
  expect(serviceLinks(stackIn('tracing'))).toEqual([]);
});

test('Grafana admitted from the namespace the jaeger-agent Service is in: the finding names the variable, the pods and the fix', () => {
  const objects = stackIn('monitoring', (chart, jaeger, otel) => new StackNetworkPolicies(chart, 'policies', {
    jaeger, otel, grafana: Grafana.fromExisting({ namespace: 'monitoring', podLabels: GRAFANA }),
  }));
  const findings = serviceLinks(objects);
  expect(findings).toHaveLength(1);
  expect(findings[0].source).toBe('Service monitoring/jaeger-agent');
  expect(findings[0].message).toContain('JAEGER_AGENT_PORT=');
  expect(findings[0].message).toContain('{"app.kubernetes.io/name":"grafana"}');
  expect(findings[0].message).toContain('Run the stack in a namespace of its own');
});

test('the same Grafana in another namespace: no finding', () => {
  const objects = stackIn('tracing', (chart, jaeger, otel) => new StackNetworkPolicies(chart, 'policies', {
    jaeger, otel, grafana: Grafana.fromExisting({ namespace: 'monitoring', podLabels: GRAFANA }),
  }));
  expect(serviceLinks(objects)).toEqual([]);
});

test('a workload of the output beside the Service is named, unless it turns service links off', () => {
  // A team's own Grafana Deployment, in the same chart and namespace as the stack.
  const app = (enableServiceLinks?: boolean) => stackIn('monitoring', (chart) => {
    new ApiObject(chart, 'grafana', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana', namespace: 'monitoring' },
      spec: {
        selector: { matchLabels: GRAFANA },
        template: { metadata: { labels: GRAFANA }, spec: { ...(enableServiceLinks === undefined ? {} : { enableServiceLinks }), containers: [{ name: 'grafana', image: 'grafana/grafana:12.3.0' }] } },
      },
    });
  });
  const findings = serviceLinks(app());
  expect(findings.map((f) => f.source)).toEqual(['Service monitoring/jaeger-agent']);
  expect(findings[0].message).toContain('the pods of Deployment monitoring/grafana');
  expect(serviceLinks(app(false))).toEqual([]);
});

test('the platform\'s output: the stack has a namespace of its own, apart from Grafana\'s', () => {
  expect(PLATFORM.namespace).not.toBe(PLATFORM.grafana.namespace);
  const objects = buildPlatform(testApp()).charts.flatMap((c) => c.toJson());
  const legacy = objects.filter((o) => o.kind === 'Service' && ['jaeger', 'jaeger-agent'].includes(o.metadata.name));
  expect(legacy.map((s) => s.metadata.namespace)).toEqual([PLATFORM.namespace]);
  expect(serviceLinks(objects)).toEqual([]);
});

test('GitOpsApp writes the output and prints the warning on stderr', () => {
  const app = new GitOpsApp({ outdir: tempDir('service-links-') });
  const chart = new TracingChart(app, 'tracing');
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'monitoring' });
  const otel = new OtelCollector(chart, 'otel', { namespace: 'monitoring', backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }) });
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    written.push(String(chunk));
    return true;
  });
  try {
    app.synth();
  } finally {
    spy.mockRestore();
  }
  expect(written.filter((w) => w.startsWith('Warning: Service monitoring/jaeger-agent gives every pod of namespace monitoring JAEGER_AGENT_PORT='))).toHaveLength(1);
  expect(fs.readdirSync(app.outdir)).toContain('kustomization.yaml');
});

describe('rule by rule, on hand-made manifests', () => {
  const agentService = (extra: object = {}) => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'jaeger-agent', namespace: 'edge' }, spec: { selector: { app: 'agent' }, ...extra },
  });
  const admitting = (from: object[], ports?: object[]) => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'query', namespace: 'edge' },
    spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from, ...(ports ? { ports } : {}) }] },
  });
  const grafanaPeer = { podSelector: { matchLabels: GRAFANA } };
  const deployment = (labels: object, spec: object = {}) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana', namespace: 'edge' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'grafana', image: 'grafana:1' }], ...spec } } },
  });

  test('the whole finding: the variable, the pods, where to run the stack and where to name them', () => {
    expect(stackWarnings([agentService(), admitting([grafanaPeer], [{ port: 16686 }])])).toEqual([{
      check: 'service-link',
      source: 'Service edge/jaeger-agent',
      message: 'Service edge/jaeger-agent gives every pod of namespace edge JAEGER_AGENT_PORT=<proto>://<ip>:<port>, which Jaeger clients '
        + '(Grafana, jaeger-client-go) read as their own setting and fail to start on; it would reach pods that are not the stack\'s: '
        + 'the pods NetworkPolicy edge/query admits by {"app.kubernetes.io/name":"grafana"}. Run the stack in a namespace of its own '
        + '(TracingNamespace, e.g. "tracing"), or set enableServiceLinks: false on those pods; if no such pods run there, name where '
        + 'they do (StackNetworkPolicies grafana, queryClients)',
    }]);
  });

  test('a rule admits to the query API on its port by number or name, or on every port when it lists none', () => {
    const found = (ports?: object[]) => stackWarnings([agentService(), admitting([grafanaPeer], ports)]).length;
    expect(found()).toBe(1);
    expect(found([])).toBe(1);
    expect(found([{ port: 'query-http' }])).toBe(1);
    expect(found([{ port: 'query-grpc' }])).toBe(0);
    expect(found([{ port: 8888 }])).toBe(0);
    expect(found([{ port: 8888 }, { port: 16686 }])).toBe(1);
  });

  test('peers: an IP range is no pod; pods of another namespace are not these; pods the output runs are judged by their own settings', () => {
    expect(stackWarnings([agentService(), admitting([{ ipBlock: { cidr: '10.0.0.0/8' } }])])).toEqual([]);
    expect(stackWarnings([agentService(), admitting([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, ...grafanaPeer }])])).toEqual([]);
    expect(stackWarnings([agentService(), admitting([{ namespaceSelector: { matchLabels: { name: 'edge' } }, ...grafanaPeer }])])).toHaveLength(1);
    expect(stackWarnings([agentService(), admitting([{ namespaceSelector: {}, ...grafanaPeer }])])).toEqual([]);
    // Grafana in the output with service links off: admitted, but not reached by the variable.
    expect(stackWarnings([agentService(), admitting([grafanaPeer]), deployment(GRAFANA, { enableServiceLinks: false })])).toEqual([]);
    expect(stackWarnings([agentService(), deployment(GRAFANA)]).map((f) => f.message)).toEqual([expect.stringContaining('the pods of Deployment edge/grafana.')]);
    // A selector without matchLabels is shown whole.
    const expressions = { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } };
    expect(stackWarnings([agentService(), admitting([expressions])]).map((f) => f.message))
      .toEqual([expect.stringContaining('admits by {"matchExpressions":[{"key":"app","operator":"Exists"}]}.')]);
  });

  test('a headless Service sets no variable; other Services and Services without a namespace are not judged', () => {
    expect(stackWarnings([agentService({ clusterIP: 'None' }), admitting([grafanaPeer])])).toEqual([]);
    expect(stackWarnings([{ ...agentService(), metadata: { name: 'jaeger', namespace: 'edge' } }, admitting([grafanaPeer])])
      .map((f) => f.message)).toEqual([expect.stringContaining('JAEGER_PORT=')]);
    expect(stackWarnings([{ ...agentService(), metadata: { name: 'jaeger-collector', namespace: 'edge' } }, admitting([grafanaPeer])])).toEqual([]);
    expect(stackWarnings([{ ...agentService(), metadata: { name: 'jaeger-agent' } }, admitting([grafanaPeer])])).toEqual([]);
    expect(stackWarnings([{ kind: 'Service' }, admitting([grafanaPeer])])).toEqual([]);
  });
});
