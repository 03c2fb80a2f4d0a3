import { GrafanaDashboards, GrafanaDatasources, JaegerStack } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const ds = rowsFor('GrafanaDatasources', ({ chart, deps }, props) => new GrafanaDatasources(chart, SUBJECT, { jaeger: deps, ...props }),
  { setup: (chart) => new JaegerStack(chart, 'jaeger') });
const db = rowsFor('GrafanaDashboards', ({ chart }, props) => new GrafanaDashboards(chart, SUBJECT, props));

export const GRAFANA_CASES: BadInputCase[] = [
  ds('namespace', 'Monitoring', { namespace: 'Monitoring' }),
  ds('jaeger', undefined, { jaeger: undefined }, 'required'),
  ds('jaeger', 'jaeger-query', { jaeger: 'jaeger-query' }, 'a Service name, not the JaegerStack'),
  ds('jaegerNamespace', 'tracing', { jaegerNamespace: 'tracing' }, 'removed in 0.2: the stack says it'),
  ds('jaegerQueryService', 'jaeger-query', { jaegerQueryService: 'jaeger-query' }, 'removed in 0.2: the stack says it'),
  ds('name', '', { name: '' }),
  ds('name', 5, { name: 5 }),
  ds('uid', 'a'.repeat(41), { uid: 'a'.repeat(41) }, 'too long'),
  ds('uid', '', { uid: '' }),
  ds('prometheusDatasourceUid', 'prom uid', { prometheusDatasourceUid: 'prom uid' }),
  ds('sidecarLabel', 'grafana datasource', { sidecarLabel: 'grafana datasource' }),
  ds('sidecarLabel', '', { sidecarLabel: '' }),
  ds('sidecarLabelValue', '', { sidecarLabelValue: '' }),
  ds('sidecarLabelValue', 1, { sidecarLabelValue: 1 }),

  db('namespace', 'Monitoring', { namespace: 'Monitoring' }),
  db('targetNamespace', 'x'.repeat(64), { targetNamespace: 'x'.repeat(64) }),
  db('prometheusDatasourceUid', 'p/q', { prometheusDatasourceUid: 'p/q' }),
  db('sidecarLabel', ' grafana_dashboard', { sidecarLabel: ' grafana_dashboard' }),
  db('sidecarLabelValue', 'x'.repeat(64), { sidecarLabelValue: 'x'.repeat(64) }),
  db('folder', '', { folder: '' }),
  db('storagePvcRegex', '', { storagePvcRegex: '' }),
  db('storagePvcRegex', 'data-(', { storagePvcRegex: 'data-(' }),
  db('storagePvcRegex', '(?<=data-)jaeger', { storagePvcRegex: '(?<=data-)jaeger' }, 'lookbehind: JavaScript accepts it, RE2 does not'),
  db('storageClaimNames', ['data-jaeger-0'], { storageClaimNames: ['data-jaeger-0'], storagePvcRegex: 'data-.*' }, 'given together with storagePvcRegex'),
  db('storageClaimNames', 'data-jaeger-0', { storageClaimNames: 'data-jaeger-0' as any }, 'not a list'),
  db('storageClaimNames[0]', 'Data_Jaeger', { storageClaimNames: ['Data_Jaeger'] }),
  db('scrapeInterval', '30 s', { scrapeInterval: '30 s' }),
  db('scrapeInterval', -30, { scrapeInterval: -30 as any }),
  db('scrapeInterval', '1.5s', { scrapeInterval: '1.5s' }, 'not a Prometheus duration'),
];
