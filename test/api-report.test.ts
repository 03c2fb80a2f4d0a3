/**
 * The public API is recorded in api/cdk8s-tracing.api.md (API Extractor's report of what
 * lib/index.ts exports, with every signature): a change to it fails here until the report is
 * regenerated with `npm run api:update` and reviewed in the diff, so no API change is accidental.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

test('the public API matches the committed report', () => {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  expect(tsc.status).toBe(0);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', '@microsoft', 'api-extractor', 'bin', 'api-extractor'), 'run'],
    { cwd: ROOT, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    throw new Error(`The public API differs from api/cdk8s-tracing.api.md (or API Extractor found a problem).\n`
      + 'If the change is intended, run `npm run api:update`, review the diff of the report and commit it.\n\n'
      + output.split('\n').filter((l) => /Warning|Error/.test(l)).join('\n'));
  }
  expect(output).toContain('API Extractor completed successfully');
}, 120_000);

test('the public API has no free functions or constants (jsii drops them in other languages)', () => {
  const report = fs.readFileSync(path.join(ROOT, 'api', 'cdk8s-tracing.api.md'), 'utf8');
  const dropped = report.split('\n').filter((line) => /^export (declare )?(function|const|let|var|enum const) /.test(line));
  expect(dropped).toEqual([]);
});

test('the report has no internal types leaking into public signatures', () => {
  const report = fs.readFileSync(path.join(ROOT, 'api', 'cdk8s-tracing.api.md'), 'utf8');
  expect(report.split('\n').filter((line) => /ae-forgotten-export|@internal/.test(line))).toEqual([]);
});

test('the README states the size of the public API the report records', () => {
  const report = fs.readFileSync(path.join(ROOT, 'api', 'cdk8s-tracing.api.md'), 'utf8');
  const kinds = report.split('\n').map((line) => /^export (?:declare )?(class|enum|interface|type) /.exec(line)?.[1]).filter((k) => k !== undefined);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const stated = /exports: (\d+) names \((\d+) classes.*?(\d+) enums; (\d+) props and data interfaces/.exec(readme)?.slice(1).map(Number);
  expect(stated).toEqual([kinds.length, count('class'), count('enum'), count('interface')]);
  expect(count('type')).toBe(0);
});
