/**
 * Two stacks in two namespaces of one cluster, sharing one Prometheus and one Grafana (their
 * monitors, rules and Grafana ConfigMaps in a common `monitoring`): no object, cluster-scoped
 * name or Grafana uid collides.
 */
import { isClusterScoped } from '../../lib/validation/manifest';
import { twoStacks } from '../support/two-stacks';

const duplicates = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);

test('no two objects share kind, namespace and name', () => {
  const objects = twoStacks();
  const keys = objects.map((o) => `${o.kind} ${isClusterScoped(o.kind) ? '' : o.metadata.namespace}/${o.metadata.name}`);
  expect(duplicates(keys)).toEqual([]);
});

test('the cluster-scoped objects (ClusterRole, ClusterRoleBinding, PriorityClass) are named per stack', () => {
  const objects = twoStacks().filter((o) => isClusterScoped(o.kind));
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'ClusterRole/team-a-otel-agent', 'ClusterRole/team-b-otel-agent',
    'ClusterRoleBinding/team-a-otel-agent', 'ClusterRoleBinding/team-b-otel-agent',
    'PriorityClass/team-a-otel-agent', 'PriorityClass/team-b-otel-agent',
  ]);
});

test('the monitors and rules in the shared namespace carry their stack\'s namespace in their names', () => {
  const shared = twoStacks().filter((o) => o.metadata.namespace === 'monitoring');
  expect(shared.filter((o) => o.kind === 'PodMonitor').map((o) => o.metadata.name).sort()).toEqual([
    'jaeger-team-a', 'jaeger-team-b', 'otel-agent-team-a', 'otel-agent-team-b', 'otel-gateway-team-a', 'otel-gateway-team-b',
  ]);
  expect(shared.filter((o) => o.kind === 'PrometheusRule').map((o) => o.metadata.name)).toEqual(['tracing-alerts-team-a', 'tracing-alerts-team-b']);
});

test('Grafana gets distinct dashboard uids and titles, and distinct datasource uids and names', () => {
  const cms = twoStacks().filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'monitoring');
  const dashboards = cms.filter((c) => c.metadata.labels.grafana_dashboard).flatMap((c) => Object.values(c.data).map((json: any) => JSON.parse(json)));
  expect(dashboards).toHaveLength(4);
  expect(duplicates(dashboards.map((d) => d.uid))).toEqual([]);
  expect(duplicates(dashboards.map((d) => d.title))).toEqual([]);
  const datasources = cms.filter((c) => c.metadata.labels.grafana_datasource).map((c) => c.data['tracing-datasources.yaml']);
  expect(datasources).toHaveLength(2);
  expect(datasources.join('\n')).toMatch(/uid: jaeger-team-a[\s\S]*uid: jaeger-team-b/);
});
