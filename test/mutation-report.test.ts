/**
 * The mutation gate's report: the per-module scores committed in reports/mutation/README.md are
 * those of the committed results, and a module under the threshold or never run fails the gate.
 */
import * as fs from 'fs';
import * as path from 'path';
import { committedScores, failing, listedModules, moduleScores } from './support/mutation-report';

const mutant = (status: string) => ({ id: String(Math.random()), mutatorName: 'm', replacement: 'x', status, location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } });
const report = (files: Record<string, string[]>) => ({
  schemaVersion: '2', thresholds: { high: 95, low: 90 },
  files: Object.fromEntries(Object.entries(files).map(([f, statuses]) => [f, { language: 'typescript', source: 'x', mutants: statuses.map(mutant) }])),
});

test('a module\'s score counts killed and timed-out mutants over the valid ones', () => {
  const [a] = moduleScores(report({ 'lib/a.ts': ['Killed', 'Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored'] }), ['lib/a.ts']);
  expect(a).toEqual({ module: 'lib/a.ts', killed: 3, survived: 1, noCoverage: 1, invalid: 1, ignored: 1, score: 60 });
});

test('the gate fails a module under the threshold and a module never run, not one at it', () => {
  const scores = moduleScores(report({
    'lib/a.ts': [...Array(9).fill('Killed'), 'Survived'],
    'lib/b.ts': [...Array(8).fill('Killed'), 'Survived', 'NoCoverage'],
  }), ['lib/a.ts', 'lib/b.ts', 'lib/c.ts']);
  expect(failing(scores, 90)).toEqual(['lib/b.ts: 80.0 % < 90 %', 'lib/c.ts: not run']);
});

test('the committed score table is the one the committed results give', () => {
  const { readme } = committedScores();
  expect(fs.readFileSync(path.join(__dirname, '..', 'reports', 'mutation', 'README.md'), 'utf8')).toBe(readme);
});

test('the listed modules: a directory\'s files but its index, less those a "!" pattern takes out', () => {
  const validators = listedModules(['lib/validation/*.ts', '!lib/validation/component-tables.ts', 'lib/k8s/placement.ts']);
  expect(validators).toContain('lib/validation/egress-checks.ts');
  expect(validators).toContain('lib/k8s/placement.ts');
  expect(validators).not.toContain('lib/validation/index.ts');
  expect(validators).not.toContain('lib/validation/component-tables.ts');
  expect(listedModules(['lib/validation/*.ts'])).toContain('lib/validation/component-tables.ts');
});
