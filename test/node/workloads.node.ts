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
import { Resolver } from 'dns/promises';
import { DNS_IP, NODE_NAME } from './harness/addresses';
import { RealNode } from './harness/node';
import { jaegerApi, waitForTraces } from './harness/jaeger-query';
import { runProbe } from './harness/pods';
import { PrometheusOperator } from './harness/prometheus-operator';
import { eventually } from '../e2e/harness/traffic';

let node: RealNode;
let operator: PrometheusOperator;
const objects = distObjects();
const workloads = workloadsOf(objects);
const MEMBERSHIP_ALERT = 'TracingGatewayMembershipChanged';
const RESTART_ALERT = 'TracingComponentRestarted';

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

test('the claims are provisioned for their StorageClass when their pod is scheduled, and mounted writable by the non-root pods', async () => {
  await node.waitAvailable('tracing', 'statefulset/jaeger', 300_000);
  const claims = JSON.parse(node.kubectl(['-n', 'tracing', 'get', 'pvc', '-o', 'json'])).items;
  expect(claims.map((c: any) => [c.metadata.name, c.status.phase, c.spec.storageClassName]).sort()).toEqual([
    ['data-jaeger-0', 'Bound', 'fast-ssd'], ['queue-otel-gateway-0', 'Bound', 'fast-ssd'], ['queue-otel-gateway-1', 'Bound', 'fast-ssd'],
  ]);
  const storageClass = objects.find((o) => o.kind === 'StorageClass' && o.metadata.name === 'fast-ssd');
  for (const claim of claims) {
    const volume = JSON.parse(node.kubectl(['get', 'pv', claim.spec.volumeName, '-o', 'json']));
    expect({ claim: claim.metadata.name, provisionedBy: volume.metadata.annotations['pv.kubernetes.io/provisioned-by'], reclaim: volume.spec.persistentVolumeReclaimPolicy })
      .toEqual({ claim: claim.metadata.name, provisionedBy: storageClass.provisioner, reclaim: storageClass.reclaimPolicy });
    // WaitForFirstConsumer: the scheduler chose the node, the provisioner made the volume there.
    expect(claim.metadata.annotations['volume.kubernetes.io/selected-node']).toBe(NODE_NAME);
  }
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
    const alert = await eventually('TracingGatewayMembershipChanged firing', async () => (await operator.firing()).find((a) => a.labels.alertname === MEMBERSHIP_ALERT), 240_000, 5_000);
    expect(alert.labels).toMatchObject({ namespace: 'tracing', pod: expect.stringMatching(/^otel-agent-/), severity: 'info' });
  });

  describe('e: a gateway undersized in the cluster', () => {
    const podsOf = (component: string): any[] => JSON.parse(node.kubectl(['-n', 'tracing', 'get', 'pods', '-l', `app.kubernetes.io/component=${component}`, '-o', 'json'])).items;
    const gatewayPods = (): any[] => podsOf('gateway');
    const setGatewayMemory = (memory: { limits: string; requests: string }): void => {
      node.kubectl(['-n', 'tracing', 'patch', 'statefulset', 'otel-gateway', '--type=json', '-p', JSON.stringify(Object.entries(memory).map(([k, value]) => (
        { op: 'replace', path: `/spec/template/spec/containers/0/resources/${k}/memory`, value })))]);
    };
    /** Spans waiting in each gateway's sending queue to Jaeger (file_storage on its claim), by pod. */
    const queuedByGateway = async (): Promise<Record<string, number>> => Object.fromEntries((await operator.query(
      // max: a replaced pod's series, under the same pod name, lingers a while at its last value.
      'max by (pod) (otelcol_exporter_queue_size{namespace="tracing",pod=~"otel-gateway-[0-9]+",exporter="otlp_grpc/jaeger"})',
    )).map((s) => [s.labels.pod, s.value]));

    test('is OOM-killed at its memory limit by a heavy burst; every trace it held in its persistent queue reaches Jaeger; TracingComponentRestarted fires', async () => {
      // Request and limit 128Mi, as an overlay or an autoscaler might set them (a limit under the
      // 256Mi request is refused at pod creation). GOMEMLIMIT and the memory_limiter still follow
      // dist/'s 512Mi, so nothing in the process holds it back before the kernel does.
      setGatewayMemory({ limits: '128Mi', requests: '128Mi' });
      await node.waitAvailable('tracing', 'statefulset/otel-gateway', 300_000);
      // An agent that sees both new gateways from its first lookup: CoreDNS caches an answer for
      // 30 s, and an agent on a stale one routes the traces below to one gateway only.
      const gatewayIps = gatewayPods().map((p) => p.status.podIP).sort();
      const resolver = new Resolver();
      resolver.setServers([DNS_IP]);
      await eventually('the cluster DNS answers with both new gateways', async () => JSON.stringify(
        (await resolver.resolve4('otel-gateway-headless.tracing.svc.cluster.local').catch(() => [])).sort()) === JSON.stringify(gatewayIps) || undefined, 60_000, 2_000);
      node.kubectl(['-n', 'tracing', 'rollout', 'restart', 'daemonset/otel-agent']);
      await node.waitAvailable('tracing', 'daemonset/otel-agent', 180_000);
      const agent = podsOf('agent').find((p) => !p.metadata.deletionTimestamp).metadata.name;
      await eventually('the fresh agent balances over both gateways', async () => (await operator.query(
        `otelcol_loadbalancer_num_backends{namespace="tracing",pod="${agent}"}`))[0]?.value === 2 || undefined, 60_000, 2_000);

      // Jaeger stopped: what the gateways keep from now on waits in their persistent queues.
      node.kubectl(['-n', 'tracing', 'scale', 'statefulset/jaeger', '--replicas=0']);
      node.kubectl(['-n', 'tracing', 'wait', '--for=delete', 'pod/jaeger-0', '--timeout=120s']);
      const held = `node-tier-held-${Date.now()}`;
      const sent = await runProbe(node, { namespace: 'default', name: 'held', args: ['load', '30', '10', held], envFrom: ['ryot-otel'], labels: { app: 'ryot' } }, 120_000);
      expect(sent.message).toMatch(/^accepted=300 givenUp=0 /);
      // Decided (10 s decision wait) and queued: each gateway holds its share of the 300 one-span traces (trace-ID routing).
      const queued = await eventually('the 300 error traces queued for Jaeger', async () => {
        const now = await queuedByGateway();
        return Object.values(now).reduce((a, b) => a + b, 0) >= 300 ? now : undefined;
      }, 120_000, 5_000);
      expect(Object.entries(queued).filter(([, n]) => n > 0).map(([pod]) => pod).sort()).toEqual(['otel-gateway-0', 'otel-gateway-1']);

      // The gateways are new pods (new series): no restart is on record before the burst.
      expect((await operator.api('/api/v1/alerts')).alerts.filter((a: any) => a.labels.alertname === RESTART_ALERT)).toEqual([]);
      // 250 error traces a second of 20 KB spans (5 MB/s) for 40 s, every one kept: the tail sampler
      // holds each for its decision wait, then the exporter's consumers hold their batches while
      // Jaeger is away. (Traces without an error, only a fifth kept, took a gateway to its limit
      // without killing it; a request of 10 MB, halved between the gateways, is over their
      // receivers' 4 MiB gRPC message limit and never gets that far.)
      const burst = runProbe(node, { namespace: 'default', name: 'burst', args: ['load', '--pad=20000', '250', '40', `node-tier-burst-${Date.now()}`],
        envFrom: ['ryot-otel'], labels: { app: 'ryot' }, memoryLimit: '512Mi' }, 300_000)
        .catch((e) => ({ exitCode: -1, message: String(e) }));
      const killed = await eventually('a gateway OOMKilled', async () => gatewayPods().find((p) => p.status.containerStatuses?.[0]?.lastState?.terminated?.reason === 'OOMKilled'), 120_000, 1_000)
        .catch(async (e) => { throw new Error(`${(e as Error).message}; burst: ${(await burst).message}\n${node.describePods('tracing')}`); });
      const kill = killed.status.containerStatuses[0].lastState.terminated;
      process.stderr.write(`[node e] ${killed.metadata.name} OOMKilled at ${kill.finishedAt} (exit ${kill.exitCode}); its queue held ${queued[killed.metadata.name]} of the 300 traces (queues: ${JSON.stringify(queued)})\n`);
      expect(kill.exitCode).toBe(137);
      expect(queued[killed.metadata.name]).toBeGreaterThan(0);
      process.stderr.write(`[node e] burst: ${(await burst).message}\n`);

      // The agents may not even notice: a gateway back within CoreDNS's 30 s cache keeps its address in their lists.
      const alert = await eventually(`${RESTART_ALERT} firing for ${killed.metadata.name}`, async () => (await operator.firing())
        .find((a) => a.labels.alertname === RESTART_ALERT && a.labels.pod === killed.metadata.name), 240_000, 5_000);
      expect(alert.labels).toMatchObject({ namespace: 'tracing', app_kubernetes_io_component: 'gateway', severity: 'warning' });

      // Then what the alerts ask for: dist/'s memory back. At 128Mi a restarted gateway replays the
      // burst's batches of 20 KB spans from its queue and is killed again (CrashLoopBackOff, both
      // gateways, seen here); with dist/'s limit it drains what its claim kept.
      const restarts = gatewayPods().map((p) => `${p.metadata.name}: ${p.status.containerStatuses[0].restartCount}`);
      process.stderr.write(`[node e] restarts before the fix: ${restarts.join(', ')}\n`);
      const distMemory = workloads.find((w) => w.metadata.name === 'otel-gateway').spec.template.spec.containers[0].resources;
      setGatewayMemory({ limits: distMemory.limits.memory, requests: distMemory.requests.memory });
      await node.waitAvailable('tracing', 'statefulset/otel-gateway', 300_000);
      node.kubectl(['-n', 'tracing', 'scale', 'statefulset/jaeger', '--replicas=1']);
      await node.waitAvailable('tracing', 'statefulset/jaeger', 180_000);
      // A gateway still up reconnects within gRPC's backoff (up to 2 min after a long outage), then drains.
      expect(await waitForTraces(node, 'ryot', held, 300, 300_000)).toBe(300);
    }, 900_000);
  });
});
