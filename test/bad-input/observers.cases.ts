/** The Prometheus and Grafana imports: each attribute's bad values, from plain JavaScript objects. */
import { Grafana, Prometheus } from '../../lib';
import { BadInputCase, rowsFor } from './table';

const prom = rowsFor('Prometheus', (_ctx, attrs) => Prometheus.fromExisting({ namespace: 'monitoring', ...attrs }), { where: 'Prometheus.fromExisting()' });
const graf = rowsFor('Grafana', (_ctx, attrs) => Grafana.fromExisting({ namespace: 'monitoring', ...attrs }), { where: 'Grafana.fromExisting()' });
const promAttributes = rowsFor('Prometheus', (_ctx, attrs) => Prometheus.fromExisting(attrs), { where: 'Prometheus.fromExisting()' });
const grafAttributes = rowsFor('Grafana', (_ctx, attrs) => Grafana.fromExisting(attrs), { where: 'Grafana.fromExisting()' });

export const OBSERVERS_CASES: BadInputCase[] = [
  promAttributes('attributes', 'monitoring', 'monitoring', 'a namespace, not the attributes'),
  prom('namespace', undefined, { namespace: undefined }, 'required'),
  prom('namespace', 'Monitoring', { namespace: 'Monitoring' }),
  prom('podLabels', {}, { podLabels: {} }, 'every pod of the namespace'),
  prom('podLabels.app', 'prom etheus', { podLabels: { app: 'prom etheus' } }),
  prom('selectorLabels.release', 'kube prometheus', { selectorLabels: { release: 'kube prometheus' } }),
  prom('watchesAllNamespaces', 'yes', { watchesAllNamespaces: 'yes' }),
  prom('url', 'prometheus:9090', { url: 'prometheus:9090' }, 'no scheme'),
  prom('url', 'http://[prometheus', { url: 'http://[prometheus' }),
  prom('podPort', 0, { podPort: 0 }),
  grafAttributes('attributes', undefined, undefined, 'nothing'),
  graf('namespace', 'grafana_ns', { namespace: 'grafana_ns' }),
  graf('podLabels', {}, { podLabels: {} }, 'every pod of the namespace'),
  graf('podLabels.app', '-grafana', { podLabels: { app: '-grafana' } }),
  graf('sidecarNamespace', 'Grafana', { sidecarNamespace: 'Grafana' }),
  graf('prometheusDatasourceUid', 'prom uid', { prometheusDatasourceUid: 'prom uid' }),
];
