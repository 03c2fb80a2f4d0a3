/**
 * The sizing model's constants are the benchmark run they cite: every figure is recomputed from
 * the committed run's results and must match, so a figure cannot be edited by hand away from
 * what was measured, and a new run is adopted by committing it and updating them together.
 */
import * as fs from 'fs';
import * as path from 'path';
import { sizingConstants } from '../../bench/report';
import * as M from '../../lib/sizing/measurements';

const run = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', M.MEASURED_IN), 'utf8'));

test('every measured constant is what the cited run gives', () => {
  const derived = sizingConstants(run);
  const stated = Object.fromEntries(Object.keys(derived).map((k) => [k, (M as Record<string, unknown>)[k]]));
  expect(stated).toEqual(derived);
});

test('the cited run measured at the resources dist/ gave every tier, with nothing lost at the paced rates', () => {
  expect(run.plan.repeats).toBeGreaterThanOrEqual(3);
  for (const phase of run.ours.phases) {
    expect({ rate: phase.askedRate, refused: phase.refusedAtSender, dropped: phase.droppedTooEarly }).toEqual({ rate: phase.askedRate, refused: 0, dropped: 0 });
  }
});
