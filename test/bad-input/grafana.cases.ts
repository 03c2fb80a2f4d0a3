import { GrafanaDashboards, GrafanaDatasources, JaegerStack, OtelCollector } from '../../lib';
import { grafana } from '../support/observers';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const ds = rowsFor('GrafanaDatasources', ({ chart, deps }, props) => new GrafanaDatasources(chart, SUBJECT, { jaeger: deps, grafana: grafana(), ...props }),
  { setup: (chart) => new JaegerStack(chart, 'jaeger') });
const db = rowsFor('GrafanaDashboards', ({ chart, deps }, props) => new GrafanaDashboards(chart, SUBJECT, { components: deps, grafana: grafana(), ...props }), {
  setup: (chart) => {
    const jaeger = new JaegerStack(chart, 'jaeger');
    return [jaeger, new OtelCollector(chart, 'otel', { backend: jaeger })];
  },
});

export const GRAFANA_CASES: BadInputCase[] = [
  ds('grafana', undefined, { grafana: undefined }, 'required'),
  ds('grafana', 'monitoring', { grafana: 'monitoring' }, 'a namespace, not the Grafana'),
  ds('namespace', 'monitoring', { namespace: 'monitoring' }, 'removed in 0.2: the Grafana says it'),
  ds('jaeger', undefined, { jaeger: undefined }, 'required'),
  ds('jaeger', 'jaeger-query', { jaeger: 'jaeger-query' }, 'a Service name, not the JaegerStack'),
  ds('jaegerNamespace', 'tracing', { jaegerNamespace: 'tracing' }, 'removed in 0.2: the stack says it'),
  ds('jaegerQueryService', 'jaeger-query', { jaegerQueryService: 'jaeger-query' }, 'removed in 0.2: the stack says it'),
  ds('name', '', { name: '' }),
  ds('name', 5, { name: 5 }),
  ds('uid', 'a'.repeat(41), { uid: 'a'.repeat(41) }, 'too long'),
  ds('uid', '', { uid: '' }),
  ds('sidecarLabel', 'grafana datasource', { sidecarLabel: 'grafana datasource' }),
  ds('sidecarLabel', '', { sidecarLabel: '' }),
  ds('sidecarLabelValue', '', { sidecarLabelValue: '' }),
  ds('sidecarLabelValue', 1, { sidecarLabelValue: 1 }),

  db('grafana', undefined, { grafana: undefined }, 'required'),
  db('grafana', { namespace: 'monitoring' }, { grafana: { namespace: 'monitoring' } }, 'the attributes, not the Grafana'),
  db('namespace', 'monitoring', { namespace: 'monitoring' }, 'removed in 0.2: the Grafana says it'),
  // Removed: the stack's namespace and claims are its constructs' (components).
  db('targetNamespace', 'tracing', { targetNamespace: 'tracing' }, 'removed: components say it'),
  db('sidecarLabel', ' grafana_dashboard', { sidecarLabel: ' grafana_dashboard' }),
  db('sidecarLabelValue', 'x'.repeat(64), { sidecarLabelValue: 'x'.repeat(64) }),
  db('folder', '', { folder: '' }),
  db('storageClaimNames', ['data-jaeger-0'], { storageClaimNames: ['data-jaeger-0'] }, 'removed: components say it'),
  db('scrapeInterval', '30 s', { scrapeInterval: '30 s' }),
  db('scrapeInterval', -30, { scrapeInterval: -30 as any }),
  db('scrapeInterval', '1.5s', { scrapeInterval: '1.5s' }, 'not a Prometheus duration'),
];
