/**
 * Flux on the node: kustomize-controller as a process of the test, syncing dist/ from an
 * ExternalArtifact (a Flux source API: any producer may publish an artifact and set its status)
 * whose archives the test serves over HTTP on the host, as source-controller serves a Git
 * checkout's. The Kustomization is the one docs/gitops.md shows users, pointed at that source.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { moduleDir } from '../../e2e/harness/build-tools';
import { KUSTOMIZE_CONTROLLER_VERSION, SOURCE_CONTROLLER_VERSION } from '../../e2e/harness/controller-binaries';
import { eventually } from '../../e2e/harness/traffic';
import { RealNode } from './node';

export const FLUX_NAMESPACE = 'flux-system';
const SOURCE = 'tracing-dist';
export const KUSTOMIZATION = 'tracing';

/**
 * Flux's CRDs, as a Flux install has them: the Kustomization, and every source kind (the
 * controller waits for its watches on Buckets, GitRepositories, … before it reconciles anything).
 */
function fluxCrds(): string[] {
  const bases = (dir: string) => fs.readdirSync(path.join(dir, 'config/crd/bases')).map((f) => path.join(dir, 'config/crd/bases', f));
  return [
    ...bases(moduleDir('github.com/fluxcd/kustomize-controller', KUSTOMIZE_CONTROLLER_VERSION)),
    ...bases(moduleDir('github.com/fluxcd/source-controller', SOURCE_CONTROLLER_VERSION)),
  ];
}

export class Flux {
  private server?: http.Server;
  private readonly archives = new Map<string, Buffer>();

  constructor(private readonly node: RealNode) {}

  /** Installs the CRDs, serves archives and starts kustomize-controller with the ExternalArtifact gate on. */
  async start(): Promise<void> {
    for (const crd of fluxCrds()) this.node.kubectl(['apply', '--server-side', '-f', crd]);
    this.node.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    this.node.controlPlane.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: FLUX_NAMESPACE } }]);
    this.server = http.createServer((req, res) => {
      const archive = this.archives.get(req.url ?? '');
      res.writeHead(archive ? 200 : 404).end(archive);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.node.spawn('kustomize-controller', this.node.binary('kustomize-controller'), [
      '--feature-gates=ExternalArtifact=true', '--metrics-addr=0', '--health-addr=127.0.0.1:0', '--log-encoding=console', '--concurrent=1',
    ], { ...process.env, KUBECONFIG: this.node.controlPlane.kubeconfig, RUNTIME_NAMESPACE: FLUX_NAMESPACE });
  }

  /**
   * Publishes a revision: `files` (path → content, e.g. `dist/kustomization.yaml`) as a tar.gz,
   * the ExternalArtifact's status pointing at it, as a source controller would set it.
   */
  publish(name: string, files: Map<string, string>): string {
    const dir = fs.mkdtempSync(path.join(this.node.dir, `artifact-${name}-`));
    for (const [file, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    // Fixed owner and times, so the archive's digest is the content's.
    const archive = execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-czf', '-', '-C', dir, '.']);
    const digest = createHash('sha256').update(archive).digest('hex');
    const url = `/${name}-${digest.slice(0, 12)}.tar.gz`;
    this.archives.set(url, archive);
    const revision = `${name}@sha256:${digest}`;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this.node.controlPlane.apply([{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { name: SOURCE, namespace: FLUX_NAMESPACE }, spec: {} }]);
    const { port } = this.server!.address() as AddressInfo;
    this.node.kubectl(['-n', FLUX_NAMESPACE, 'patch', 'externalartifact', SOURCE, '--subresource=status', '--type=merge', '-p', JSON.stringify({
      status: {
        artifact: { path: `externalartifact/${FLUX_NAMESPACE}/${SOURCE}${url}`, url: `http://127.0.0.1:${port}${url}`, revision, digest: `sha256:${digest}`, lastUpdateTime: now },
        conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${revision}'`, lastTransitionTime: now }],
      },
    })]);
    return revision;
  }

  /** The Kustomization docs/gitops.md shows, with this source. */
  applyKustomization(): void {
    this.node.controlPlane.apply([{
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: KUSTOMIZATION, namespace: FLUX_NAMESPACE },
      spec: { interval: '10m', prune: true, wait: true, timeout: '5m', sourceRef: { kind: 'ExternalArtifact', name: SOURCE }, path: './dist' },
    }]);
  }

  kustomization(): any {
    return JSON.parse(this.node.kubectl(['-n', FLUX_NAMESPACE, 'get', 'kustomization', KUSTOMIZATION, '-o', 'json']));
  }

  /** Waits until the Kustomization is Ready at `revision` (applied, and every object healthy: `wait: true`). */
  async waitApplied(revision: string, timeoutMs = 420_000): Promise<any> {
    try {
      return await eventually(`Flux applied ${revision}`, async () => {
        const k = this.kustomization();
        const ready = k.status?.conditions?.find((c: any) => c.type === 'Ready');
        return k.status?.lastAppliedRevision === revision && ready?.status === 'True' ? k : undefined;
      }, timeoutMs, 2_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nKustomization status: ${JSON.stringify(this.kustomization().status, null, 1)}\n${this.events().join('\n')}\n${this.node.log('kustomize-controller').slice(-3000)}`);
    }
  }

  /** The controller's Events on the Kustomization, oldest first: `reason: message`. */
  events(): string[] {
    const list = JSON.parse(this.node.kubectl(['-n', FLUX_NAMESPACE, 'get', 'events', '--field-selector', `involvedObject.name=${KUSTOMIZATION}`, '-o', 'json'])).items;
    return list.sort((a: any, b: any) => String(a.lastTimestamp ?? a.eventTime).localeCompare(String(b.lastTimestamp ?? b.eventTime)))
      .map((e: any) => `${e.reason}: ${e.message}`);
  }

  stop(): void {
    this.server?.close();
  }
}
