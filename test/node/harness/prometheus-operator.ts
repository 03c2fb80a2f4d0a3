/**
 * What the stack relies on of kube-prometheus-stack, on the node: the prometheus-operator (a
 * process of the test, as the cluster's controllers are) and the Prometheus it runs in
 * `monitoring`, which selects monitors and rules by the release label as the chart's does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { moduleDir } from '../../e2e/harness/build-tools';
import { PROMETHEUS_OPERATOR_VERSION } from '../../e2e/harness/controller-binaries';
import { PROMETHEUS_VERSION } from '../../e2e/harness/binaries';
import { eventually } from '../../e2e/harness/traffic';
import { CONFIG_RELOADER_IMAGE, PROMETHEUS_IMAGE } from './images';
import { RealNode } from './node';

/** kube-prometheus-stack's names for a release called kube-prometheus-stack. */
const NAME = 'kube-prometheus-stack-prometheus';
const NAMESPACE = 'monitoring';

export class PrometheusOperator {
  constructor(private readonly node: RealNode) {}

  /**
   * Installs the operator's CRDs at its version (all of them: it watches every kind), starts it,
   * and creates the Prometheus resource with its service account. `selectorLabels` are the labels
   * its monitors and rules must carry (the chart selects by `release`). Scrape and evaluation
   * every 5 s instead of the chart's 30 s, so the test waits less; the rules' `for` are dist/'s.
   */
  start(selectorLabels: Record<string, string>): void {
    const crds = path.join(moduleDir('github.com/prometheus-operator/prometheus-operator', PROMETHEUS_OPERATOR_VERSION), 'example/prometheus-operator-crd');
    for (const f of fs.readdirSync(crds)) this.node.kubectl(['apply', '--server-side', '--force-conflicts', '-f', path.join(crds, f)]);
    this.node.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    // The operator reads a kubeconfig from KUBECONFIG only (it has no flag for one).
    this.node.spawn('prometheus-operator', this.node.binary('prometheus-operator'), [
      `--prometheus-config-reloader=${CONFIG_RELOADER_IMAGE}`, '--web.listen-address=127.0.0.1:0', '--kubelet-service=', '--log-format=logfmt',
    ], { ...process.env, KUBECONFIG: this.node.controlPlane.kubeconfig });
    const selector = { matchLabels: selectorLabels };
    this.node.controlPlane.apply([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NAME, namespace: NAMESPACE } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: NAME },
        rules: [
          { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
          { nonResourceURLs: ['/metrics'], verbs: ['get'] },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: NAME },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
        subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
      },
      {
        apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: NAME, namespace: NAMESPACE },
        spec: {
          image: PROMETHEUS_IMAGE, version: `v${PROMETHEUS_VERSION}`, replicas: 1, serviceAccountName: NAME,
          scrapeInterval: '5s', evaluationInterval: '5s',
          podMonitorSelector: selector, podMonitorNamespaceSelector: {},
          serviceMonitorSelector: selector, serviceMonitorNamespaceSelector: {},
          ruleSelector: selector, ruleNamespaceSelector: {},
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
        },
      },
    ]);
  }

  /** Waits until the operator has made Prometheus's StatefulSet and it has rolled out. */
  async waitReady(timeoutMs = 180_000): Promise<void> {
    await eventually('the operator made the Prometheus StatefulSet', async () => this.node.controlPlane.kubectlResult(['-n', NAMESPACE, 'get', 'statefulset', `prometheus-${NAME}`]).status === 0 || undefined, 60_000, 1_000)
      .catch((e) => { throw new Error(`${(e as Error).message}\n${this.node.log('prometheus-operator').slice(-3000)}`); });
    await this.node.waitAvailable(NAMESPACE, `statefulset/prometheus-${NAME}`, timeoutMs);
  }

  /** A GET on Prometheus's HTTP API (`/api/v1/targets`, …), from the host: its `data`. */
  async api(pathAndQuery: string): Promise<any> {
    const res = await fetch(`http://${this.node.podIp(NAMESPACE, `prometheus-${NAME}-0`)}:9090${pathAndQuery}`);
    if (!res.ok) throw new Error(`Prometheus ${pathAndQuery}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { data: any }).data;
  }

  /** An instant query's samples: each series' labels and value. */
  async query(expr: string): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const data = await this.api(`/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (data.result as any[]).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  /** The alerts Prometheus has firing now. */
  async firing(): Promise<Array<{ labels: Record<string, string>; activeAt: string }>> {
    return ((await this.api('/api/v1/alerts')).alerts as any[]).filter((a) => a.state === 'firing');
  }
}
