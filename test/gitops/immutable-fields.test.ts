/**
 * Fields Kubernetes will not change on an existing object (workload selectors, a StatefulSet's
 * serviceName, volumeClaimTemplates and podManagementPolicy, StorageClass parameters, binding
 * roleRefs) are pinned for the committed platform and every variant app. A change here breaks
 * `kubectl apply` / an Argo CD sync on every cluster that runs an earlier version:
 * - if it is a mistake, undo it;
 * - if it is intended, write the migration into docs/migrations.md ("Changes that need a migration")
 *   and the CHANGELOG, then regenerate the pinned values with
 *   `UPDATE_IMMUTABLE_FIELDS=1 npx jest test/gitops/immutable-fields`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { IMMUTABLE_FIELDS, immutableFields, pinnedApps } from '../support/immutable-fields';
import { readManifests } from '../support/synth';

const PINNED = path.join(__dirname, 'immutable-fields.json');
const apps = pinnedApps(() => readManifests(path.join(__dirname, '..', '..', 'dist')));
const current = Object.fromEntries(Object.entries(apps).map(([name, objects]) => [name, immutableFields(objects)]));

if (process.env.UPDATE_IMMUTABLE_FIELDS) fs.writeFileSync(PINNED, `${JSON.stringify(current, null, 2)}\n`);
const pinned: typeof current = JSON.parse(fs.readFileSync(PINNED, 'utf8'));

test('every pinned app is still built', () => {
  expect(Object.keys(current).sort()).toEqual(Object.keys(pinned).sort());
});

describe.each(Object.keys(pinned))('%s', (app) => {
  test.each(Object.keys(pinned[app]))('%s keeps its immutable fields', (ref) => {
    const kind = ref.split(' ')[0];
    const changed = IMMUTABLE_FIELDS[kind].filter((f) => !isDeepStrictEqual(current[app]?.[ref]?.[f.path], pinned[app][ref][f.path]));
    if (changed.length) {
      throw new Error(changed.map((f) => `${ref}: ${f.path} changed (${f.why}); an existing cluster refuses this update.\n`
        + `  was: ${JSON.stringify(pinned[app][ref][f.path])}\n  now: ${JSON.stringify(current[app]?.[ref]?.[f.path])}`).join('\n')
        + '\nUndo the change, or document the migration and regenerate the pinned values (see the head of this file).');
    }
  });

  test('no object with immutable fields was added without being pinned', () => {
    expect(Object.keys(current[app] ?? {}).filter((ref) => !(ref in pinned[app]))).toEqual([]);
  });
});
