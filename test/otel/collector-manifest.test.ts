/**
 * The Collector the e2e tier builds (test/e2e/binaries/otelcol-manifest.yaml) holds exactly the
 * modules of the component table, at the release of the pinned image. The e2e tier then checks
 * the built binary's own `components` report against the table (test/e2e/components.e2e.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { Images } from '../../lib/k8s';
import { COMPONENT_KINDS, OTEL_CONTRIB_COMPONENTS } from '../../lib/collector/components';
import { MODULE_TYPES } from '../e2e/binaries/collector-modules';

const MANIFEST = parse(fs.readFileSync(path.join(__dirname, '..', 'e2e', 'binaries', 'otelcol-manifest.yaml'), 'utf8'));

const entries = (kind: string): Array<{ module: string; version: string }> =>
  (MANIFEST[kind] ?? []).map((e: { gomod: string }) => {
    const [module, version] = e.gomod.split(' ');
    return { module, version };
  });

test('the manifest builds the release of the pinned image', () => {
  expect(MANIFEST.dist.version).toBe(Images.OTEL_COLLECTOR.tag);
  for (const kind of COMPONENT_KINDS) {
    for (const { module, version } of entries(`${kind}s`)) expect(`${module} ${version}`).toBe(`${module} v${Images.OTEL_COLLECTOR.tag}`);
  }
});

test.each(COMPONENT_KINDS)('the manifest\'s %s modules are exactly the component table\'s', (kind) => {
  const built = entries(`${kind}s`).map(({ module }) => MODULE_TYPES[module.split('/').pop()!] ?? `unmapped module ${module}`);
  expect([...built].sort()).toEqual([...OTEL_CONTRIB_COMPONENTS.components[kind]].sort());
});

test('the config providers are the ones the Collector needs to read a mounted file and ${env:…}', () => {
  const providers = entries('providers').map(({ module }) => module.split('/').pop());
  expect(providers).toEqual(expect.arrayContaining(['envprovider', 'fileprovider']));
});
