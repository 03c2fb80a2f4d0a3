/**
 * Checks on the whole output: dist/ is what a fresh synth writes, synth is deterministic, and
 * every object is schema-valid (unknown fields rejected), labelled, and named without hashes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GitOpsApp, checkOperationalRules, checkPodSecurity, podTemplates } from '../lib/internal';
import { buildPlatform } from '../main';
import { schemaValidator } from './support/schema';
import { readManifests, tempDir } from './support/synth';

const DIST = path.join(__dirname, '..', 'dist');

function synthTo(dir: string): void {
  buildPlatform(new GitOpsApp({ outdir: dir })).synth();
}

function readDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const fresh = tempDir();
synthTo(fresh);
const objects = readManifests(fresh);

test('two synths are byte-identical', () => {
  const again = tempDir();
  synthTo(again);
  expect(readDir(again)).toEqual(readDir(fresh));
});

test('committed dist/ is what a fresh synth writes (run `npm run synth` and commit dist/)', () => {
  expect(readDir(DIST)).toEqual(readDir(fresh));
});

test('the output is not empty', () => {
  expect(objects.length).toBeGreaterThan(0);
});

test('zero restricted Pod Security Standard violations across the committed dist/', () => {
  const committed = readManifests(DIST);
  // jaeger, otel-gateway, otel-agent: the checks must see every one of them
  expect(podTemplates(committed).map((t) => t.owner).sort()).toEqual([
    'DaemonSet tracing/otel-agent', 'StatefulSet tracing/jaeger', 'StatefulSet tracing/otel-gateway',
  ]);
  expect(checkPodSecurity(committed).map((f) => f.message)).toEqual([]);
  expect(checkOperationalRules(committed).map((f) => f.message)).toEqual([]);
});

describe.each(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`, o]))('%s', (_, obj) => {
  test('validates against its schema, unknown fields rejected', () => {
    expect(schemaValidator().validate(obj)).toEqual([]);
  });

  test('carries the recommended labels', () => {
    expect(obj.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': expect.any(String),
      'app.kubernetes.io/instance': expect.any(String),
      'app.kubernetes.io/component': expect.any(String),
      'app.kubernetes.io/part-of': expect.any(String),
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  test('has no cdk8s hash suffix in its name and no undefined anywhere', () => {
    expect(obj.metadata.name).not.toMatch(/-c8[0-9a-f]{8}$/);
    expect(JSON.stringify(obj)).not.toMatch(/undefined|\[object Object\]/);
  });
});

test('the schema validator rejects an unknown field (it can fail)', () => {
  const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labelz: {} }, data: {} };
  expect(schemaValidator().validate(bad).join()).toMatch(/labelz/);
  const badCr = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' }, spec: { endpoint: [] } };
  expect(schemaValidator().validate(badCr).join()).toMatch(/endpoint/);
});
