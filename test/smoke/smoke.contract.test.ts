/**
 * Contract test of the `cdk8s-tracing-smoke` command: run as a child process (as a user runs
 * it) against an in-process OTLP/HTTP receiver and a stand-in Jaeger query API on 127.0.0.1.
 * Nothing leaves the loopback interface.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { HELP, parseOptions } from '../../packages/smoke/src/options';
import { StandIn, StandInBehaviour, startStandIn } from './stand-in';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'packages', 'smoke', 'src', 'cli.ts');
const CHECKS = ['otlp-export', 'services-listed', 'traces-queryable', 'trace-structure', 'error-traces-kept', 'end-to-end-latency', 'query-latency'];
const SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'];

interface Run { code: number; stdout: string; stderr: string }

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], {
      cwd: ROOT, timeout: 25_000, env: { ...process.env, NO_COLOR: '1' },
    }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Starts a stand-in and runs the command against it, with fast polling. */
async function smoke(behaviour: StandInBehaviour, extra: string[] = []): Promise<Run> {
  standIn = await startStandIn(behaviour);
  return runCli(['--otlp-url', standIn.otlpUrl, '--query-url', standIn.queryUrl, '--services', SERVICES.join(','),
    '--traces-per-service', '3', '--poll-interval', '200', '--timeout', '5', ...extra]);
}

function statusOf(stdout: string, check: string): string | undefined {
  return new RegExp(`^(PASS|FAIL)\\s+${check}\\s`, 'm').exec(stdout)?.[1];
}

jest.setTimeout(30_000);

test('pass path: every check passes, exit 0, progress on stderr', async () => {
  const run = await smoke({ delayMs: 300 });
  expect(run.stderr).toContain('waiting for traces');
  expect(run.code).toBe(0);
  for (const check of CHECKS) expect({ check, status: statusOf(run.stdout, check) }).toEqual({ check, status: 'PASS' });
  expect(run.stdout).toContain('all checks passed');
  // 3 sample traces × 3 spans + 1 error trace × 2 spans, per service
  expect(standIn!.received()).toBe(SERVICES.length * 11);
  // it searched Jaeger for each service, by this run's tag
  for (const service of SERVICES) expect(standIn!.queries.some((q) => q.startsWith(`/api/traces?service=${service}&tags=`))).toBe(true);
});

test('--json: the report on stdout, nothing else', async () => {
  const run = await smoke({}, ['--json', '--run-id', 'contract-1']);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ ok: true, runId: 'contract-1', endToEndThresholdMs: 60_000, queryThresholdMs: 1000 });
  expect(report.checks.map((c: any) => c.name)).toEqual(CHECKS);
  expect(report.services).toEqual(SERVICES.map((service) => expect.objectContaining({
    service, listed: true, sent: 3, found: 3, errorTraceKept: true,
  })));
  expect(report.endToEndMs).toBeGreaterThanOrEqual(0);
  expect(report.queryLatencyMs).toBeLessThan(1000);
});

test('fail path: the traces never appear → exit 1 after the timeout', async () => {
  const run = await smoke({ dropAll: true }, ['--timeout', '1.5']);
  expect(run.code).toBe(1);
  expect(statusOf(run.stdout, 'otlp-export')).toBe('PASS');
  for (const check of ['services-listed', 'traces-queryable', 'error-traces-kept', 'end-to-end-latency']) {
    expect({ check, status: statusOf(run.stdout, check) }).toEqual({ check, status: 'FAIL' });
  }
  expect(run.stdout).toContain('ryot 0/3, sigmalang 0/3, sigmavault 0/3, agents 0/3 sample traces found');
});

test('fail path: tail sampling drops the error traces → reported, exit 1', async () => {
  const run = await smoke({ dropErrors: true }, ['--json', '--timeout', '1.5']);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout);
  const byName = Object.fromEntries(report.checks.map((c: any) => [c.name, c]));
  expect(byName['error-traces-kept']).toMatchObject({ ok: false, detail: expect.stringContaining('ryot dropped') });
  expect(byName['traces-queryable'].ok).toBe(true);
  expect(report.services.every((s: any) => s.errorTraceKept === false)).toBe(true);
});

test('fail path: slower than the end-to-end threshold', async () => {
  const run = await smoke({ delayMs: 1200 }, ['--e2e-threshold', '0.5']);
  expect(run.code).toBe(1);
  expect(statusOf(run.stdout, 'traces-queryable')).toBe('PASS');
  expect(statusOf(run.stdout, 'end-to-end-latency')).toBe('FAIL');
  expect(run.stdout).toMatch(/threshold 0.5 s/);
});

test('fail path: the OTLP endpoint refuses the spans', async () => {
  const run = await smoke({ otlpStatus: 400 });
  expect(run.code).toBe(1);
  expect(statusOf(run.stdout, 'otlp-export')).toBe('FAIL');
  expect(run.stdout).toMatch(/0\/44 spans accepted/);
});

test.each([
  [['--bogus'], /Unknown option '--bogus'/],
  [['--timeout', 'soon'], /--timeout must be a positive number, got "soon"/],
  [['--traces-per-service', '2.5'], /--traces-per-service must be a positive integer/],
  [['--query-url', 'localhost:16686'], /--query-url must be an http or https URL/],
  [['--services', 'ryot,,agents'], /--services: "" is not a usable service name/],
  [['extra-positional'], /positional/i],
])('bad command line %p → usage, exit 2', async (args, message) => {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toContain('Usage: cdk8s-tracing-smoke');
  expect(run.stdout).toBe('');
});

test('--help documents every option and the exit codes', async () => {
  const run = await runCli(['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(HELP);
  // every option the parser accepts is documented
  const source = fs.readFileSync(path.join(ROOT, 'packages', 'smoke', 'src', 'options.ts'), 'utf8');
  const parsed = [...source.matchAll(/^\s+'([a-z0-9-]+)': \{ type:/gm)].map((m) => m[1]);
  expect(parsed.length).toBeGreaterThanOrEqual(10);
  for (const option of parsed) expect(HELP).toContain(`--${option}`);
  expect(HELP).toMatch(/Exit status: 0 all checks passed, 1 a check failed, 2 bad command line/);
});

test('without --services it impersonates made-up services, never a platform\'s real ones', () => {
  const options = parseOptions([]);
  expect(options !== 'help' && options.services).toEqual(['smoke-frontend', 'smoke-backend']);
});
