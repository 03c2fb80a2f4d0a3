/**
 * The Collector config every collector construct writes goes through checkConfig (each component
 * a pipeline or service.extensions names is defined, each is in the image), renderConfig and
 * configChecksum: what each says and writes, on small hand-made configs.
 */
import { createHash } from 'crypto';
import { parse } from 'yaml';
import { ComponentTable } from '../../lib/collector/components';
import { checkConfig, configChecksum, CollectorConfig, emptyConfig, renderConfig } from '../../lib/collector/config';
import { TracingConfigError } from '../../lib/internal';

const TABLE: ComponentTable = {
  distribution: 'otelcol-test 1.0',
  components: { receiver: ['otlp'], processor: ['batch'], exporter: ['otlp_grpc', 'debug'], connector: [], extension: ['health_check'] },
  deprecatedAliases: { otlp_legacy: 'otlp_grpc' },
};

function config(change: (c: any) => void = () => undefined): CollectorConfig {
  const c: any = emptyConfig({});
  c.receivers.otlp = {};
  c.processors.batch = {};
  c.exporters.debug = {};
  c.service.pipelines.traces = { receivers: ['otlp'], processors: ['batch'], exporters: ['debug'] };
  change(c);
  return c;
}

const thrown = (f: () => void): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('checkConfig', () => {
  test('a config whose components are all defined and in the image passes', () => {
    expect(() => checkConfig(config(), TABLE, 'X "x"', 'agent')).not.toThrow();
  });

  test('the library\'s own dangling reference is reported as a bug of the library, not a user error', () => {
    const e = thrown(() => checkConfig(config((c) => c.service.pipelines.traces.processors.push('memory_limiter')), TABLE, 'X "x"', 'agent'));
    expect(e).not.toBeInstanceOf(TracingConfigError);
    expect(e.message).toBe('X "x": the agent pipeline "traces" names processor "memory_limiter", which the config does not define (a bug in this library)');
  });

  test('a user\'s dangling reference names the prop it came from and how to fix it', () => {
    const e = thrown(() => checkConfig(config((c) => c.service.pipelines.traces.exporters.push('otlp_grpc/archive')), TABLE, 'X "x"', 'gateway', 'gateway.config'));
    expect(e.message).toBe('X "x": invalid prop "gateway.config" = "otlp_grpc/archive": the gateway pipeline "traces" names exporter "otlp_grpc/archive", which the config does not define. '
      + 'Fix: define "otlp_grpc/archive" under exporters, or remove it from the pipeline');
  });

  test('an extension enabled but not defined is refused', () => {
    const e = thrown(() => checkConfig(config((c) => c.service.extensions.push('health_check')), TABLE, 'X "x"', 'agent', 'agent.config'));
    expect(e.message).toBe('X "x": invalid prop "agent.config" = "health_check": the agent enables extension "health_check", which the config does not define. '
      + 'Fix: define "health_check" under extensions, or remove it from service.extensions');
  });

  test('a component missing from the image, in the library\'s config: the table is named, with the way to a richer image', () => {
    const e = thrown(() => checkConfig(config((c) => { c.exporters['otlp_legacy/x'] = {}; }), TABLE, 'X "x"', 'gateway'));
    expect(e.message).toBe('X "x": invalid prop "componentTable" = "otelcol-test 1.0": the gateway config uses exporter "otlp_legacy", which the image (otelcol-test 1.0) does not contain'
      + ' (it is a deprecated alias of "otlp_grpc"). Fix: use an image whose distribution has this component (the contrib distribution does) and list it in componentTable, or change the props that need it');
  });

  test('a component missing from the image, in the user\'s config: the component is named, with its current name when it is an alias', () => {
    const alias = thrown(() => checkConfig(config((c) => { c.exporters['otlp_legacy/x'] = {}; }), TABLE, 'X "x"', 'gateway', 'gateway.addExporter'));
    expect(alias.message).toBe('X "x": invalid prop "gateway.addExporter" = "otlp_legacy/x": the gateway config uses exporter "otlp_legacy", which the image (otelcol-test 1.0) does not contain'
      + ' (it is a deprecated alias of "otlp_grpc"). Fix: write "otlp_grpc"');
    const unknown = thrown(() => checkConfig(config((c) => { c.processors.filter = {}; }), TABLE, 'X "x"', 'gateway', 'gateway.config'));
    expect(unknown.message).toBe('X "x": invalid prop "gateway.config" = "filter": the gateway config uses processor "filter", which the image (otelcol-test 1.0) does not contain. '
      + 'Fix: use a component the image has, or an image that has it (listed in componentTable)');
  });
});

test('renderConfig leaves out the empty component sections and keeps service', () => {
  const rendered = parse(renderConfig(config()));
  expect(Object.keys(rendered)).toEqual(['receivers', 'processors', 'exporters', 'service']);
  expect(rendered.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['batch'], exporters: ['debug'] });
});

test('configChecksum is the sha256 of the config and each other file, NUL-separated', () => {
  expect(configChecksum('a')).toBe(createHash('sha256').update('a').digest('hex'));
  expect(configChecksum('a', 'bc')).toBe(createHash('sha256').update('a\0bc').digest('hex'));
  expect(configChecksum('a', 'bc')).not.toBe(configChecksum('ab', 'c'));
});
