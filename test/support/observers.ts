/**
 * The Prometheus and Grafana the tests' watchers are given: kube-prometheus-stack's, in
 * `monitoring` unless a test says otherwise.
 */
import { Grafana, GrafanaAttributes, Prometheus, PrometheusAttributes } from '../../lib/internal';

export function prometheus(attributes: Partial<PrometheusAttributes> = {}): Prometheus {
  return Prometheus.fromExisting({ namespace: 'monitoring', ...attributes });
}

export function grafana(attributes: Partial<GrafanaAttributes> = {}): Grafana {
  return Grafana.fromExisting({ namespace: 'monitoring', ...attributes });
}
