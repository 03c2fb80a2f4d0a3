/**
 * Feeds every construct an invalid value for every prop it validates (the table in this
 * folder) and asserts, per row: a TracingConfigError whose message names the construct
 * (`Kind "id"`), the prop path and the bad value, and says how to fix it; and no partial
 * output — the app synthesizes exactly what it did before the construct was attempted.
 */
import { App, Chart } from 'cdk8s';
import { fixture } from '../support/fixture';
import { testApp } from '../support/synth';
import { TracingConfigError, describeValue } from '../../lib/internal';
import { BAD_INPUT_CASES } from './cases';
import { BadInputCase } from './table';

function allObjects(app: App): unknown[] {
  return app.charts.flatMap((c) => c.toJson());
}

function run(row: BadInputCase): { error: unknown; before: unknown[]; after: unknown[] } {
  const app = testApp();
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  const deps = row.setup?.(chart, app);
  const before = allObjects(app);
  let error: unknown;
  try {
    row.build({ app, chart, deps });
  } catch (e) {
    error = e;
  }
  return { error, before, after: allObjects(app) };
}

const title = (row: BadInputCase) => `${row.kind} ${row.prop} = ${describeValue(row.shown)}${row.note ? ` (${row.note})` : ''}`;

describe.each(BAD_INPUT_CASES.map((row) => [title(row), row] as const))('%s', (_title, row) => {
  // Run in a test, not at load, so the mutation run credits these tests with the checks (test/support/fixture.ts).
  const result = fixture(() => run(row));

  test('throws a TracingConfigError naming construct, prop and value, with a fix', () => {
    const { error } = result();
    expect(error).toBeInstanceOf(TracingConfigError);
    const message = (error as Error).message;
    const named = `${row.where}: invalid prop "${row.prop}" = ${describeValue(row.shown)}: `;
    expect(message).toContain(named);
    // Then what is wrong (not nothing), then the fix.
    expect(message.slice(message.indexOf(named) + named.length)).toMatch(/^[^.\s][^]*\. Fix: \S/);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace in the message
  });

  test('leaves no partial output', () => {
    const { before, after } = result();
    expect(after).toEqual(before);
  });
});

test('the table has no duplicate rows', () => {
  const keys = BAD_INPUT_CASES.map((r) => `${r.kind}|${r.prop}|${describeValue(r.shown)}|${r.note ?? ''}`);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
});
