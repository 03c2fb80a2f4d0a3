/**
 * Upgrade: the dist/ of the last release tag (or, before the first release, the dist/ before
 * the last commit that changed it) is applied for real, then the current dist/ on top, both
 * client-side (Argo CD's default) and server-side (Flux, Argo CD with ServerSideApply). No
 * error, no warning; the objects a pruning sync would delete are listed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { distObjects } from '../e2e/harness/stack';
import { parseManifests } from '../support/synth';
import { ApiServer, objectRef } from './support/api-server';

const ROOT = path.join(__dirname, '..', '..');

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).trim();
}

/** The revision whose dist/ users run today: the last release tag, else the dist/ before the last change. */
function previousRevision(): { rev: string; why: string } {
  // To try an upgrade from any revision: CLUSTER_UPGRADE_FROM=<rev> npm run test:cluster
  const from = process.env.CLUSTER_UPGRADE_FROM;
  if (from) return { rev: from, why: `${from} (CLUSTER_UPGRADE_FROM)` };
  const tag = git(['tag', '--list', 'v*', '--sort=-v:refname']).split('\n').filter(Boolean)[0];
  if (tag) return { rev: tag, why: `release ${tag}` };
  const last = git(['log', '-1', '--format=%H', '--', 'dist']);
  if (!last) throw new Error('no commit has changed dist/; is this a git clone with history?');
  try {
    git(['rev-parse', '--verify', `${last}^`]);
  } catch {
    throw new Error(`the parent of ${last.slice(0, 10)} is not in this clone: clone with full history (not --depth) to run the upgrade test`);
  }
  return { rev: `${last}^`, why: `dist/ before ${last.slice(0, 10)} (${git(['log', '-1', '--format=%s', last]).slice(0, 80)})` };
}

function distAt(rev: string): any[] {
  return parseManifests(git(['ls-tree', '--name-only', rev, 'dist/']).split('\n').filter((f) => f.endsWith('.k8s.yaml')).sort()
    .map((f) => git(['show', `${rev}:${f}`])));
}

const previous = previousRevision();
const before = distAt(previous.rev);
const after = distObjects();

/** StatefulSet fields a cluster never updates in place (everything else in `spec` may change). */
const STATEFULSET_IMMUTABLE = ['selector', 'serviceName', 'volumeClaimTemplates', 'podManagementPolicy'] as const;

/**
 * StatefulSets whose immutable fields changed since the previous dist/: an upgrade needs the
 * migration the CHANGELOG documents for them (delete with --cascade=orphan, then sync).
 */
function needingMigration(): string[] {
  const old = new Map(before.filter((o) => o.kind === 'StatefulSet').map((o) => [objectRef(o), o]));
  return after.filter((o) => o.kind === 'StatefulSet' && old.has(objectRef(o)))
    .filter((o) => STATEFULSET_IMMUTABLE.some((f) => !isDeepStrictEqual(o.spec[f], old.get(objectRef(o))!.spec[f])))
    .map(objectRef);
}
const migrations = needingMigration();

test('every StatefulSet an upgrade must recreate has its migration in the CHANGELOG', () => {
  const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const start = changelog.indexOf('## Unreleased');
  const end = changelog.indexOf('\n## ', start + 1);
  const unreleased = changelog.slice(start, end < 0 ? undefined : end);
  for (const ref of migrations) {
    const name = ref.split('/').pop()!;
    expect([ref, unreleased.includes('--cascade=orphan') && unreleased.includes(name)]).toEqual([ref, true]);
  }
  process.stdout.write(`StatefulSets recreated by the documented migration: ${migrations.length ? migrations.join(', ') : 'none'}\n`);
});

beforeAll(() => {
  process.stdout.write(`upgrade from ${previous.why}\n`);
});

test('the objects a pruning sync would delete are listed', () => {
  const now = new Set(after.map(objectRef));
  const pruned = before.map(objectRef).filter((r) => !now.has(r));
  process.stdout.write(`objects pruned by the upgrade: ${pruned.length ? pruned.join(', ') : 'none'}\n`);
  expect(before.length).toBeGreaterThan(0);
});

describe.each([
  ['client-side apply (Argo CD default)', { clientSide: true }],
  ['server-side apply (Flux, Argo CD ServerSideApply=true)', { clientSide: false }],
])('%s', (_name, opts) => {
  // A cluster of its own: without a namespace controller, nothing can be cleaned up between them.
  let server: ApiServer;
  beforeAll(async () => {
    server = await ApiServer.start();
  });
  afterAll(async () => server?.stop());

  test('the previous dist/ applies, then the current one on top of it', () => {
    server.restrictedNamespaces(ApiServer.namespacesOf([...before, ...after]), opts);
    const first = server.apply(before, opts);
    expect({ errors: first.errors, warnings: first.warnings }).toEqual({ errors: [], warnings: [] });
    for (const ref of migrations) {
      // The CHANGELOG's migration: the pods and claims stay, the new StatefulSet adopts them.
      const sts = after.find((o) => objectRef(o) === ref)!;
      server.plane.kubectl(['delete', 'statefulset', sts.metadata.name, '-n', sts.metadata.namespace, '--cascade=orphan', '--wait=false']);
      // No garbage collector runs here to drop the orphan finalizer (there are no dependents).
      server.plane.kubectl(['patch', 'statefulset', sts.metadata.name, '-n', sts.metadata.namespace, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    }
    const second = server.apply(after, opts);
    expect({ errors: second.errors, warnings: second.warnings }).toEqual({ errors: [], warnings: [] });
    expect(second.applied).toHaveLength(after.length);
  });
});
