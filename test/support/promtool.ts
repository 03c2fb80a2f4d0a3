/**
 * Runs promtool (Prometheus's rule checker and unit-test runner). Missing promtool fails the test
 * with the install command: a rule that was never checked must not pass silently.
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
