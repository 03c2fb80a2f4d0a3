/**
 * Runs promtool (Prometheus's rule checker and unit-test runner). Without promtool, a test that
 * needs it is skipped with a note ({@link testWithPromtool}), and fails with the install command
 * when `CI=true`: a rule that was never checked must not pass in CI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';

export const PROMTOOL_INSTALL_HINT =
  'promtool is required by the alert tests but was not found on PATH. Install it with '
  + '`apt-get install -y prometheus` (Debian/Ubuntu; .ci/run does this) or put the `promtool` binary '
  + 'from a Prometheus release (https://prometheus.io/download/) on PATH.';

export interface PromtoolResult {
  readonly status: number;
  readonly output: string;
}

/** Whether promtool is on PATH. */
export const HAVE_PROMTOOL = spawnSync('promtool', ['--version']).status === 0;

let skipNoted = false;

/**
 * `test` for a test that needs promtool. On a machine without it (a newcomer's, with Node
 * alone) the test is reported as skipped, with one line saying how to enable it; with
 * `CI=true` it runs and fails naming promtool, so CI can never pass without checking the rules.
 */
export function testWithPromtool(name: string, fn: () => void): void {
  if (HAVE_PROMTOOL || process.env.CI === 'true') {
    test(name, fn);
    return;
  }
  if (!skipNoted) {
    skipNoted = true;
    process.stderr.write('skipped: tests that need promtool (install it with `apt-get install -y prometheus`; CI=true makes a missing promtool an error)\n');
  }
  test.skip(`${name} [needs promtool]`, fn);
}

/** Runs `promtool <args>` in `cwd`; throws with the install hint when promtool is missing. */
export function promtool(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): PromtoolResult {
  const res = spawnSync('promtool', args, { cwd, env, encoding: 'utf8' });
  if (res.error) {
    if ((res.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(PROMTOOL_INSTALL_HINT);
    throw res.error;
  }
  return { status: res.status ?? -1, output: `${res.stdout}${res.stderr}` };
}

/** Fails (with promtool's output) unless promtool exits 0. */
export function expectPromtoolOk(args: string[], cwd: string): string {
  const res = promtool(args, cwd);
  if (res.status !== 0) {
    throw new Error(`promtool ${args.join(' ')} failed (exit ${res.status}):\n${res.output}`);
  }
  return res.output;
}

/** Writes a Prometheus rule file (`groups:`) from a PrometheusRule's spec. */
export function writeRuleFile(file: string, groups: unknown[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringify({ groups }));
}

/**
 * Wraps PromQL expressions as recording rules, so `promtool check rules` parses each one
 * (dashboards have no rule file of their own).
 */
export function writeExpressionsAsRules(file: string, exprs: string[]): void {
  writeRuleFile(file, [{
    name: 'expressions-under-test',
    rules: exprs.map((expr, i) => ({ record: `check:expr_${i}`, expr })),
  }]);
}
