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

test('Jaeger and the Collector build their workloads through lib/collector', () => {
  // Jaeger v2 is a Collector build: its ServiceAccounts, config ConfigMaps (annotated for the
  // whole-stack checks), config checksums and volumes come from the one collector layer.
  const fs = require('fs') as typeof import('fs');
  const sources = ['jaeger', 'otel'].flatMap((dir) => fs.readdirSync(path.join(ROOT, 'lib', dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts')).map((f) => path.join('lib', dir, f)));
  const own = sources.flatMap((file) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')
    .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
    .filter(({ line }) => /new k8s\.KubeServiceAccount|COLLECTOR_CONFIG_ANNOTATION|CONFIG_CHECKSUM_ANNOTATION|configChecksum/.test(line)));
  expect(own.map(({ where, line }) => `${where} ${line.trim()}`)).toEqual([]);
});
