#!/usr/bin/env node
/**
 * `cdk8s-tracing-size`: prints the sizing of every tier for an expected load, as YAML, so a
 * platform team can read what `TracingSizing.forLoad` would give its charts before using it.
 * Exit status 0, or 2 for a bad command line or a load outside the model's range.
 */
import { parseArgs } from 'util';
import { stringify } from 'yaml';
import { TracingConfigError } from '../k8s/errors';
import { TracingLoad } from './tracing-load';
import { TracingSizing } from './tracing-sizing';

export const HELP = `Usage: cdk8s-tracing-size --spans-per-second N --nodes N [options]

Sizes the tracing stack (agents, gateways, Jaeger) for an expected load, from the benchmark's
measurements, with 50 % headroom. Options (defaults in brackets):
  --spans-per-second N      spans/s all applications send at the busy hour (required)
  --nodes N                 nodes running applications, one agent each (required)
  --spans-per-trace N       [5]
  --error-share X           share of traces with an error, 0-1 [0.02]
  --slow-share X            share of traces over the latency threshold, 0-1 [0.03]
  --baseline-percentage N   percent of the other traces kept [20]
  --retention-hours N       [72]
  --decision-wait-seconds N [10]
  --outage-minutes N        Jaeger outage the gateway queues absorb [30]
  -h, --help
`;

const NUMERIC: Record<string, keyof TracingLoad> = {
  'spans-per-second': 'spansPerSecond', 'nodes': 'nodes', 'spans-per-trace': 'spansPerTrace', 'error-share': 'errorShare',
  'slow-share': 'slowShare', 'baseline-percentage': 'baselinePercentage', 'retention-hours': 'retentionHours',
  'decision-wait-seconds': 'decisionWaitSeconds', 'outage-minutes': 'outageMinutes',
};

/** Runs the command; returns the exit status. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...Object.fromEntries(Object.keys(NUMERIC).map((k) => [k, { type: 'string' as const }])), help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    err(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  const load: Record<string, number> = {};
  for (const [flag, key] of Object.entries(NUMERIC)) {
    if (values[flag] === undefined) continue;
    const n = Number(values[flag]);
    if (!Number.isFinite(n)) {
      err(`--${flag}: "${values[flag]}" is not a number\n`);
      return 2;
    }
    load[key] = n;
  }
  try {
    const s = TracingSizing.forLoad(load as unknown as TracingLoad);
    out(stringify(s.toJson()));
    return 0;
  } catch (e) {
    if (!(e instanceof TracingConfigError)) throw e;
    err(`${e.message}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
