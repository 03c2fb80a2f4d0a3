/**
 * The smoke-test command ships in its own package (packages/smoke), so the library's consumers
 * do not install the OpenTelemetry SDK: its `bin` points into the compiled output that `files`
 * ships, the compiled script has a shebang, and `--help` runs from it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/synth';

const ROOT = path.join(__dirname, '..', '..');
const SMOKE = path.join(ROOT, 'packages', 'smoke');
const pkg = JSON.parse(fs.readFileSync(path.join(SMOKE, 'package.json'), 'utf8'));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

test('bin cdk8s-tracing-smoke is compiled, shipped and runs --help', () => {
  const bin: string = pkg.bin['cdk8s-tracing-smoke'];
  expect(bin).toBe('build/cli.js');
  expect(pkg.files.some((f: string) => bin.startsWith(`${f}/`))).toBe(true);
  for (const dep of ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http']) {
    expect(pkg.dependencies[dep]).toBeDefined();
  }
  const pkgDir = path.join(tempDir(), 'node_modules', pkg.name);
  execFileSync(process.execPath, [TSC, '-p', path.join(SMOKE, 'tsconfig.json'), '--outDir', path.join(pkgDir, 'build')]);
  const script = path.join(pkgDir, bin);
  expect(fs.readFileSync(script, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkgDir, 'node_modules'));
  const help = execFileSync(process.execPath, [script, '--help'], { cwd: pkgDir }).toString();
  expect(help).toMatch(/^Usage: cdk8s-tracing-smoke \[options\]/);
  expect(help).toContain('--query-url');
}, 60_000);

test('the smoke package is a workspace of the repository and lists its own licence', () => {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(root.workspaces).toEqual(['packages/smoke']);
  expect(pkg.license).toBe(root.license);
  expect(pkg.version).toBe(root.version);
});
