/**
 * dist/ on a real node (test a): every workload becomes Ready through the real kubelet, containerd
 * and runc — its probes, its securityContext under runc (non-root, read-only root, no privilege
 * escalation, seccomp), its volumes (claims bound to local PersistentVolumes, ConfigMaps,
 * projected service-account tokens) — in namespaces enforcing the restricted Pod Security
 * Standard, with its NetworkPolicies enforced (the kubelet's probes come from the node). Then
 * watched as kube-prometheus-stack would watch it: the real prometheus-operator turns dist/'s
 * PodMonitors and PrometheusRule into the configuration of a real Prometheus in `monitoring`.
 */
import { PLATFORM } from '../../main';
import { distObjects, nodeWithDist, waitForWorkloads, workloadsOf } from './harness/dist';
import { RealNode } from './harness/node';
import { jaegerApi } from './harness/jaeger-query';
import { runProbe } from './harness/pods';
import { PrometheusOperator } from './harness/prometheus-operator';
import { eventually } from '../e2e/harness/traffic';

let node: RealNode;
let operator: PrometheusOperator;
const objects = distObjects();
const workloads = workloadsOf(objects);

beforeAll(async () => {
  node = await nodeWithDist(objects);
  operator = new PrometheusOperator(node);
  operator.start(PLATFORM.prometheus.selectorLabels);
}, 900_000);

afterAll(async () => {
  await node?.stop();
});

test('dist/ has the workloads this file runs', () => {
  expect(workloads.map((w) => `${w.kind} ${w.metadata.name}`).sort()).toEqual(['DaemonSet otel-agent', 'StatefulSet jaeger', 'StatefulSet otel-gateway']);
});

test.each(workloads.map((w) => [`${w.kind} ${w.metadata.namespace}/${w.metadata.name}`, w] as const))('%s becomes Ready on the real kubelet', async (_, w) => {
  await node.waitAvailable(w.metadata.namespace, `${w.kind.toLowerCase()}/${w.metadata.name}`, 300_000);
  const selector = Object.entries(w.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = JSON.parse(node.kubectl(['-n', w.metadata.namespace, 'get', 'pods', '-l', selector, '-o', 'json'])).items;
  expect(pods.length).toBe(w.kind === 'DaemonSet' ? 1 : w.spec.replicas);
  for (const pod of pods) {
    expect(pod.status.phase).toBe('Running');
    for (const c of pod.status.containerStatuses) {
      expect({ container: c.name, ready: c.ready, restarts: c.restartCount }).toEqual({ container: c.name, ready: true, restarts: 0 });
    }
  }
});

test('the claims are bound to the node\'s volumes and mounted writable by the non-root pods', async () => {
  await node.waitAvailable('tracing', 'statefulset/jaeger', 300_000);
  const claims = JSON.parse(node.kubectl(['-n', 'tracing', 'get', 'pvc', '-o', 'json'])).items;
  expect(claims.map((c: any) => [c.metadata.name, c.status.phase, c.spec.storageClassName]).sort()).toEqual([
    ['data-jaeger-0', 'Bound', 'fast-ssd'], ['queue-otel-gateway-0', 'Bound', 'fast-ssd'], ['queue-otel-gateway-1', 'Bound', 'fast-ssd'],
  ]);
});

describe('watched by the prometheus-operator\'s Prometheus', () => {
  beforeAll(async () => {
    await waitForWorkloads(node, objects);
    await operator.waitReady();
  }, 600_000);

  test('every endpoint of dist/\'s PodMonitors is a target the operator\'s Prometheus scrapes through the enforced policies', async () => {
    const expected = objects.filter((o) => o.kind === 'PodMonitor').flatMap((m) => m.spec.podMetricsEndpoints.map((_: any, i: number) => `podMonitor/${m.metadata.namespace}/${m.metadata.name}/${i}`)).sort();
    const targets = await eventually('every target up', async () => {
      const active = (await operator.api('/api/v1/targets?state=active')).activeTargets as any[];
      const pools = [...new Set(active.map((t) => t.scrapePool))].sort();
      return JSON.stringify(pools) === JSON.stringify(expected) && active.every((t) => t.health === 'up') ? active : undefined;
    }, 120_000, 2_000).catch(async () => (await operator.api('/api/v1/targets?state=active')).activeTargets);
    expect(targets.map((t: any) => [t.scrapePool, t.labels.pod, t.health, t.lastError]).sort()).toEqual([
      ['podMonitor/tracing/jaeger/0', 'jaeger-0', 'up', ''],
      ['podMonitor/tracing/otel-agent/0', expect.stringMatching(/^otel-agent-/), 'up', ''],
      ['podMonitor/tracing/otel-agent/1', expect.stringMatching(/^otel-agent-/), 'up', ''],
      ['podMonitor/tracing/otel-gateway/0', 'otel-gateway-0', 'up', ''],
      ['podMonitor/tracing/otel-gateway/0', 'otel-gateway-1', 'up', ''],
    ]);
  });

  test('the PrometheusRule\'s groups and alerts are loaded as dist/ has them', async () => {
    const rule = objects.find((o) => o.kind === 'PrometheusRule');
    const groups = (await eventually('rules loaded', async () => {
      const loaded = (await operator.api('/api/v1/rules')).groups as any[];
      return loaded.length ? loaded : undefined;
    }, 120_000, 2_000)) as any[];
    const alertsOf = (g: any, key: string) => g.rules.filter((r: any) => r.type === 'alerting' || r.alert).map((r: any) => r[key]);
    // Prometheus lists the groups sorted by name; each group's rules keep their order.
    const byName = (a: any[], b: any[]) => String(a[0]).localeCompare(String(b[0]));
    expect(groups.map((g) => [g.name, alertsOf(g, 'name')]).sort(byName)).toEqual(rule.spec.groups.map((g: any) => [g.name, alertsOf(g, 'alert')]).sort(byName));
    expect(groups.flatMap((g) => g.rules).filter((r: any) => r.health !== 'ok').map((r: any) => [r.name, r.lastError])).toEqual([]);
  });

  test('Jaeger\'s Monitor tab reads span metrics from the operator\'s Prometheus (prometheus-operated.monitoring.svc)', async () => {
    expect((await runProbe(node, { namespace: 'default', name: 'ryot', args: ['spans', '3'], envFrom: ['ryot-otel'], labels: { app: 'ryot' } })).exitCode).toBe(0);
    const jaeger = jaegerApi(node);
    const calls = await eventually('Jaeger shows ryot\'s calls', async () => {
      const res = await fetch(`${jaeger}/metrics/calls?service=ryot&spanKind=server&lookback=600000&step=5000&ratePer=60000`);
      const body = res.ok ? ((await res.json()) as any) : undefined;
      return body?.metrics?.some((m: any) => m.metricPoints?.length) ? body : undefined;
    }, 120_000, 5_000);
    expect(calls.name).toBe('service_call_rate');
  });

  test('a gateway that leaves (its pod deleted) fires TracingGatewayMembershipChanged in the real Prometheus', async () => {
    node.kubectl(['-n', 'tracing', 'delete', 'pod', 'otel-gateway-1']);
    const alert = await eventually('TracingGatewayMembershipChanged firing', async () => {
      const alerts = (await operator.api('/api/v1/alerts')).alerts as any[];
      return alerts.find((a) => a.labels.alertname === 'TracingGatewayMembershipChanged' && a.state === 'firing');
    }, 240_000, 5_000);
    expect(alert.labels).toMatchObject({ namespace: 'tracing', pod: expect.stringMatching(/^otel-agent-/), severity: 'info' });
  });
});
