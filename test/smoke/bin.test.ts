/**
 * The smoke-test command ships in the package: package.json's `bin` points into the compiled
 * output that `files` ships, the compiled script has a shebang, and `--help` runs from it with
 * only the package's runtime dependencies.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/synth';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

test('bin cdk8s-tracing-smoke is compiled, shipped and runs --help', () => {
  const bin: string = pkg.bin['cdk8s-tracing-smoke'];
  expect(bin).toBe('build/lib/smoke/cli.js');
  expect(pkg.files.some((f: string) => bin.startsWith(`${f}/`))).toBe(true);
  for (const dep of ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http']) {
    expect(pkg.dependencies[dep]).toBeDefined();
  }
  const pkgDir = path.join(tempDir(), 'node_modules', pkg.name);
  execFileSync(process.execPath, [TSC, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(pkgDir, 'build')]);
  const script = path.join(pkgDir, bin);
  expect(fs.readFileSync(script, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkgDir, 'node_modules'));
  const help = execFileSync(process.execPath, [script, '--help'], { cwd: pkgDir }).toString();
  expect(help).toMatch(/^Usage: cdk8s-tracing-smoke \[options\]/);
  expect(help).toContain('--query-url');
}, 60_000);
