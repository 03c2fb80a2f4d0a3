/**
 * Pods the node tier runs beside dist/: the probe (test/node/probe) as an app, a neighbour or a
 * look-alike, each a bare Pod under the restricted Pod Security Standard. A one-shot probe's result
 * is its exit status and the line it wrote to its termination-message file, read from the Pod's
 * status (no kubectl logs: the API server has no kubelet client certificate here).
 */
import { eventually } from '../../e2e/harness/traffic';
import { PROBE_IMAGE } from './images';
import { RealNode } from './node';

export interface ProbeResult {
  readonly exitCode: number;
  readonly message: string;
}

export interface ProbePod {
  readonly namespace: string;
  readonly name: string;
  /** The probe's arguments (`connect host:port`, `spans 6`, …). */
  readonly args: string[];
  readonly labels?: Record<string, string>;
  /** ConfigMaps whose keys become the container's environment (as an app mounts the SDK's). */
  readonly envFrom?: string[];
  /** A readiness probe on this HTTP port (for `serve`). */
  readonly readyOnPort?: number;
  /** @default true, as for any pod */
  readonly enableServiceLinks?: boolean;
  /** The container's memory limit (a heavy `load` builds large requests). @default 32Mi */
  readonly memoryLimit?: string;
}

/**
 * A controller reference for the namespace's probes: a look-alike carrying a workload's labels is
 * then no orphan, which that workload's controller would adopt (a DaemonSet deletes the extra pod).
 */
function probeOwner(node: RealNode, namespace: string): any {
  node.controlPlane.apply([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'node-tier-probes', namespace } }]);
  const uid = JSON.parse(node.kubectl(['-n', namespace, 'get', 'configmap', 'node-tier-probes', '-o', 'json'])).metadata.uid;
  return { apiVersion: 'v1', kind: 'ConfigMap', name: 'node-tier-probes', uid, controller: true };
}

function podManifest(node: RealNode, p: ProbePod, restartPolicy: 'Never' | 'Always'): any {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace, labels: { 'node-tier': 'probe', ...p.labels }, ownerReferences: [probeOwner(node, p.namespace)] },
    spec: {
      restartPolicy,
      automountServiceAccountToken: false,
      ...(p.enableServiceLinks === false ? { enableServiceLinks: false } : {}),
      securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'probe',
        image: PROBE_IMAGE,
        args: p.args,
        envFrom: (p.envFrom ?? []).map((name) => ({ configMapRef: { name } })),
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: p.memoryLimit ?? '32Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
        ...(p.readyOnPort ? { readinessProbe: { httpGet: { path: '/', port: p.readyOnPort }, periodSeconds: 1 } } : {}),
      }],
    },
  };
}

/**
 * How long a one-shot probe waits before it acts: the enforcer installs a new pod's policies
 * within a second of the API server's event (kube-router's sync took 50 ms here); see --after.
 */
const POLICY_SETTLE = '4s';

/** Runs a one-shot probe to its end and returns its result; the Pod is deleted. */
export async function runProbe(node: RealNode, p: ProbePod, timeoutMs = 60_000): Promise<ProbeResult> {
  return (await runProbePod(node, p, timeoutMs)).result;
}

/** As runProbe, with the Pod's uid and IP (what k8s_attributes should label its spans with). */
export async function runProbePod(node: RealNode, p: ProbePod, timeoutMs = 60_000): Promise<{ result: ProbeResult; uid: string; ip: string }> {
  node.controlPlane.apply([podManifest(node, { ...p, args: [`--after=${POLICY_SETTLE}`, ...p.args] }, 'Never')]);
  try {
    return await eventually(`probe ${p.namespace}/${p.name} finished`, async () => {
      const pod = JSON.parse(node.kubectl(['-n', p.namespace, 'get', 'pod', p.name, '-o', 'json']));
      const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
      if (!terminated) return undefined;
      return { result: { exitCode: terminated.exitCode, message: (terminated.message ?? '').trim() }, uid: pod.metadata.uid, ip: pod.status.podIP };
    }, timeoutMs, 500);
  } catch (e) {
    throw new Error(`${(e as Error).message}:\n${node.describePods(p.namespace)}`);
  } finally {
    node.kubectl(['-n', p.namespace, 'delete', 'pod', p.name, '--grace-period=0', '--wait=false']);
  }
}

/** Starts a long-running probe (`serve`) and waits until it is Ready; returns its pod IP. */
export async function startProbe(node: RealNode, p: ProbePod): Promise<string> {
  node.controlPlane.apply([podManifest(node, p, 'Always')]);
  node.kubectl(['-n', p.namespace, 'wait', '--for=condition=Ready', `pod/${p.name}`, '--timeout=60s']);
  return node.podIp(p.namespace, p.name);
}
