/**
 * The library's layers (.dependency-cruiser.cjs says each rule and why): no import cycle, grafana
 * and alerts meet only through lib/monitoring, lib/k8s knows no construct.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

test('lib/ keeps its layers', () => {
  const run = spawnSync(process.execPath,
    [path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'lib', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: ROOT, encoding: 'utf8' });
  expect({ status: run.status, report: `${run.stdout}${run.stderr}`.trim() })
    .toEqual({ status: 0, report: expect.stringContaining('no dependency violations found') });
}, 60_000);
