/**
 * The component table is what the built Collector really contains: its own `components` report
 * (type names and modules) equals OTEL_CONTRIB_COMPONENTS, kind by kind.
 */
import { execFileSync } from 'child_process';
import { parse } from 'yaml';
import { Images } from '../../lib/k8s';
import { COMPONENT_KINDS, OTEL_CONTRIB_COMPONENTS } from '../../lib/collector/components';
import { JAEGER_COMPONENTS } from '../../lib/jaeger/components';
import { MODULE_TYPES } from './binaries/collector-modules';
import { ensureBinaries } from './harness/binaries';

const report = parse(execFileSync(ensureBinaries([Images.OTEL_COLLECTOR.repository]).get(Images.OTEL_COLLECTOR.repository)!.path, ['components'], { encoding: 'utf8' }));

test('it is the pinned release', () => {
  expect(report.buildinfo.version).toBe(Images.OTEL_COLLECTOR.tag);
});

test.each(COMPONENT_KINDS)('its %ss are the table\'s, under the names the table uses', (kind) => {
  const components: Array<{ name: string; module: string }> = report[`${kind}s`] ?? [];
  expect(components.map((c) => c.name).sort()).toEqual([...OTEL_CONTRIB_COMPONENTS.components[kind]].sort());
  for (const c of components) expect(MODULE_TYPES[c.module.split(' ')[0].split('/').pop()!]).toBe(c.name);
});

describe('the Jaeger binary', () => {
  const binary = ensureBinaries([Images.JAEGER.repository]).get(Images.JAEGER.repository)!.path;
  const jaeger = parse(execFileSync(binary, ['components'], { encoding: 'utf8' }));

  test('it is the pinned release (`jaeger version`)', () => {
    const version = JSON.parse(execFileSync(binary, ['version'], { encoding: 'utf8' }));
    process.stdout.write(`jaeger version: ${JSON.stringify(version)}\n`);
    expect(version.gitVersion).toBe(`v${Images.JAEGER.tag}`);
  });

  test.each(COMPONENT_KINDS)('its %ss are JAEGER_COMPONENTS\'s', (kind) => {
    const components: Array<{ name: string }> = jaeger[`${kind}s`] ?? [];
    expect(components.map((c) => c.name).sort()).toEqual([...JAEGER_COMPONENTS.components[kind]].sort());
  });
});
