/**
 * dist/ applied to a real node as a GitOps engine would apply it: the CRDs it needs installed
 * first, the namespaces it leaves to the platform made as their admins would (restricted Pod
 * Security), a volume provisioner for its StorageClasses, then every object in kustomization order.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { nodeTierBinaries } from './build';
import { buildImages } from './images';
import { provisionersOf, startLocalPathProvisioners } from './local-path-provisioner';
import { RealNode } from './node';

const ROOT = path.join(__dirname, '..', '..', '..');
const CRDS = path.join(ROOT, 'crds', 'prometheus-operator-crds.yaml');

/** dist/'s objects in kustomization order (the order Argo CD's waves and Flux's sort give them). */
export function distObjects(dist = path.join(ROOT, 'dist')): any[] {
  return objectsOf(distFiles(dist));
}

/**
 * A started node ready for `objects` (dist/'s by default): the CRDs they need, the namespaces
 * they leave to the platform, a provisioner for their StorageClasses; with `apply`, the objects applied too
 * (their workloads not yet waited for).
 */
export async function nodeWithDist(objects = distObjects(), apply = true): Promise<RealNode> {
  const binaries = nodeTierBinaries();
  const node = new RealNode(binaries);
  try {
    await node.start(buildImages(binaries));
    node.kubectl(['apply', '--server-side', '-f', CRDS]);
    node.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
    const created = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const platformNamespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((ns) => ns && !created.has(ns)))];
    node.controlPlane.apply(platformNamespaces.map((name) => ({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    })));
    startLocalPathProvisioners(node, provisionersOf(objects));
    if (apply) node.controlPlane.apply(objects);
  } catch (e) {
    await node.stop();
    throw e;
  }
  return node;
}

/** The files of an output directory as a GitOps source holds them: `dist/<file>` → content. */
export function distFiles(dir = path.join(ROOT, 'dist')): Map<string, string> {
  return new Map(fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => [`dist/${f}`, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** The objects of a source's files, in their kustomization's order. */
export function objectsOf(files: Map<string, string>): any[] {
  const kustomization = parseAllDocuments(files.get('dist/kustomization.yaml')!)[0].toJS();
  return (kustomization.resources as string[]).flatMap((file) => parseAllDocuments(files.get(`dist/${file}`)!).map((d) => d.toJS()).filter((o) => o));
}

/**
 * The dist/ a cluster runs before an upgrade to this checkout's: the newest commit whose dist/
 * differs from the working tree's and satisfies `wanted` (e.g. holds an object the working tree
 * no longer has, for an upgrade that must prune), with that commit's id. The candidates are HEAD
 * (when dist/ has uncommitted changes) and the parent of each commit that changed dist/.
 */
export function previousDist(wanted: (files: Map<string, string>) => boolean = () => true): { commit: string; files: Map<string, string> } {
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
  const candidates = ['HEAD', ...git(['log', '--format=%H', '--', 'dist/']).split('\n').filter(Boolean).map((c) => `${c}^`)];
  for (const candidate of candidates) {
    if (spawnSync('git', ['diff', '--quiet', candidate, '--', 'dist/'], { cwd: ROOT }).status !== 1) continue;
    const commit = git(['rev-parse', candidate]);
    const names = git(['ls-tree', '--name-only', `${commit}:dist`]).split('\n').filter((f) => /\.ya?ml$/.test(f));
    if (!names.includes('kustomization.yaml')) break; // older than the kustomization: not a revision a GitOps engine synced
    const files = new Map(names.map((f) => [`dist/${f}`, git(['show', `${commit}:dist/${f}`]) + '\n']));
    if (wanted(files)) return { commit, files };
  }
  throw new Error('node: no earlier dist/ in this clone\'s history that the upgrade test can use (a shallow clone?)');
}

/** The Deployments, StatefulSets and DaemonSets of `objects`. */
export function workloadsOf(objects: any[]): any[] {
  return objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
}

/** Waits for every workload's rollout. */
export async function waitForWorkloads(node: RealNode, objects: any[], timeoutMs = 300_000): Promise<void> {
  for (const w of workloadsOf(objects)) await node.waitAvailable(w.metadata.namespace, `${w.kind.toLowerCase()}/${w.metadata.name}`, timeoutMs);
}
