/** Starting a synthesized stack on the harness, for the e2e tests. */
import * as path from 'path';
import { readManifests } from '../../support/synth';
import { ensureBinaries } from './binaries';
import { LocalCluster, Peer } from './cluster';
import { eventually, scrape } from './traffic';
import { PLATFORM } from '../../../main';
import { strategySpecOf } from '../../../lib/jaeger/sampling-strategies';

/** The probability the platform gives a service (its entry in PLATFORM.sampling). */
export function platformProbability(service: string): number {
  const spec = strategySpecOf('PLATFORM', `sampling.${service}`, (PLATFORM.sampling as Record<string, unknown>)[service]);
  if (spec.type !== 'probabilistic') throw new Error(`${service}: the platform's strategy is ${spec.type}, this test expects a probabilistic one`);
  return spec.probability;
}

/** The committed dist/, as Argo CD or Flux would apply it. */
export function distObjects(): any[] {
  return readManifests(path.join(__dirname, '..', '..', '..', 'dist'));
}

export interface StartOptions {
  readonly nodes?: string[];
  readonly external?: any[];
  readonly timeoutMs?: number;
  readonly controlPlane?: boolean;
  readonly peers?: Peer[];
  readonly trustedCaPem?: string;
  /**
   * A user's own images (repository → the harness binary playing it, e.g. 'health-stand-in'):
   * the pods keep the image reference as written (see SUBSTITUTIONS).
   */
  readonly standIns?: Record<string, string>;
}

/** Starts a cluster from objects and waits until every pod is Ready. */
export async function startCluster(objects: any[], opts: StartOptions = {}): Promise<LocalCluster> {
  if (process.getuid?.() !== 0) throw new Error('the e2e harness needs root (network namespaces, bwrap, setpriv)');
  const templates = objects.map((o) => o.spec?.template ?? o.spec?.jobTemplate?.spec?.template);
  const images = templates.flatMap((t) => t?.spec?.containers ?? []).map((c: any) => c.image.replace(/@sha256:.*$/, '').replace(/:[^/:]+$/, ''));
  const standIns = opts.standIns ?? {};
  const controlPlane = opts.controlPlane === false ? [] : ['etcd', 'kube-apiserver', 'kubectl'];
  const binaries = ensureBinaries([...new Set([...images.map((i) => standIns[i] ?? i), ...controlPlane])]);
  for (const [image, standIn] of Object.entries(standIns)) binaries.set(image, binaries.get(standIn)!);
  const cluster = new LocalCluster({ objects, binaries, ...opts });
  try {
    await cluster.start();
    await cluster.waitReady(cluster.pods, opts.timeoutMs ?? 120_000);
  } catch (e) {
    await cluster.stop({ keepDir: !!process.env.E2E_KEEP });
    throw e;
  }
  return cluster;
}

/**
 * Waits until every agent's load_balancing exporter routes to `count` gateways. Agents resolve the
 * headless Service every 5 s; until they agree, spans of one trace sent through two agents can
 * land on two gateways (the split that TracingGatewayMembershipChanged warns about).
 */
export async function waitForGateways(cluster: LocalCluster, count: number): Promise<void> {
  for (const agent of cluster.podsOf('DaemonSet', 'otel-agent')) {
    await eventually(`${agent.plan.name} routes to ${count} gateways`, async () => {
      const m = await scrape(`http://${agent.ip}:8888/metrics`);
      return m.get('otelcol_loadbalancer_num_backends') === count ? true : undefined;
    }, 60_000);
  }
}
