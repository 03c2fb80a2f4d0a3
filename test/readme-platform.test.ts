/**
 * The README's "What gets deployed" restates the platform's choices: each figure there is read
 * from the README and compared with `PLATFORM` and with what `main.ts` synthesizes, so the prose
 * cannot drift from the output (it once said 30 % where the platform keeps 20 %).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { PLATFORM, buildPlatform } from '../main';
import { fixture } from './support/fixture';
import { testApp } from './support/synth';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## What gets deployed'), readme.indexOf('## Layout'));
const platform = fixture(() => {
  const objects = buildPlatform(testApp()).charts.flatMap((c) => c.toJson());
  const gatewayConfig = parse(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-gateway-config').data['config.yaml']);
  const policies: any[] = gatewayConfig.processors.tail_sampling.policies;
  return { objects, policies };
});

/** The one match of `re` in the section (its first group), or a failure naming the pattern. */
function figure(re: RegExp): string {
  const m = re.exec(section);
  if (!m) throw new Error(`README "What gets deployed" has no ${re}`);
  return m[1];
}

test('the share of ordinary traces kept is the platform\'s baseline, and the gateway\'s policy', () => {
  const { policies } = platform();
  expect(Number(figure(/every trace > [\d.]+ s, (\d+) % of the rest/))).toBe(PLATFORM.baselinePercentage);
  expect(policies.find((p) => p.type === 'probabilistic').probabilistic.sampling_percentage).toBe(PLATFORM.baselinePercentage);
});

test('the slow-trace threshold is the gateway\'s latency policy', () => {
  const { policies } = platform();
  const seconds = Number(figure(/every trace > ([\d.]+) s/));
  expect(policies.find((p) => p.type === 'latency').latency.threshold_ms).toBe(seconds * 1000);
  expect(PLATFORM.slowTraceThreshold).toBe(`${seconds}s`);
});

test('the gateway replicas are the StatefulSet\'s', () => {
  const { objects } = platform();
  const gateway = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'otel-gateway');
  expect(Number(figure(/otel-gateway\s+StatefulSet ×(\d+)/))).toBe(gateway.spec.replicas);
});

test('Badger\'s StorageClass and retention are the platform\'s', () => {
  expect(figure(/Badger on ([\w-]+) \(/)).toBe(PLATFORM.storageClass.name);
  expect(Number(figure(/Badger on [\w-]+ \((\d+) h\)/))).toBe(PLATFORM.expectedLoad.retentionHours);
});

test('the namespace and StorageClass of the foundation file are the platform\'s', () => {
  expect(figure(/`0000-tracing-foundation` \(namespace\s+`([\w-]+)`/)).toBe(PLATFORM.namespace);
  expect(figure(/StorageClass `([\w-]+)`\)/)).toBe(PLATFORM.storageClass.name);
});
