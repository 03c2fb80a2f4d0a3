/**
 * A key the props do not have is refused with the nearest valid one (the typos a second team
 * made from plain JavaScript objects, each of which used to be ignored). The rows of every
 * construct and factory are in test/bad-input/unknown-key.cases.ts; this file pins the advice.
 */
import { Chart } from 'cdk8s';
import { JaegerStack, OtelCollector, TracingAlerts } from '../../lib/internal';
import { testApp } from '../support/synth';

const chart = () => new Chart(testApp(), 'test');
const refusal = (build: () => unknown): string => {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('not refused');
};
const props = (p: object) => p as any;

test.each([
  ['JaegerStack', 'retentoin', 'retention', () => new JaegerStack(chart(), 'jaeger', props({ retentoin: '96h' }))],
  ['OtelCollector', 'sampeling', 'sampling', () => new OtelCollector(chart(), 'otel', props({ sampeling: {} }))],
  ['OtelCollector', 'namepsace', 'namespace', () => new OtelCollector(chart(), 'otel', props({ namepsace: 'observability' }))],
  ['OtelCollector', 'sampling.baselinePercentag', 'baselinePercentage', () => new OtelCollector(chart(), 'otel', props({ sampling: { baselinePercentag: 20 } }))],
  ['OtelCollector', 'agent.tolerations[0].effekt', 'effect', () => new OtelCollector(chart(), 'otel', props({ agent: { tolerations: [{ key: 'k', effekt: 'NoSchedule' }] } }))],
  ['TracingAlerts', 'runbookURL', 'runbookUrl', () => new TracingAlerts(chart(), 'alerts', props({ runbookURL: 'https://runbooks.example.com' }))],
])('%s refuses "%s", suggesting "%s"', (kind, key, nearest, build) => {
  const message = refusal(build);
  expect(message).toContain(`invalid prop "${key}"`);
  expect(message).toMatch(new RegExp(`has no prop "${key.split('.').pop()!.replace(/\[.*$/, '')}"`));
  expect(message).toContain(`Fix: did you mean "${nearest}"?`);
  expect(message.startsWith(`${kind} "`)).toBe(true);
});

test('a key near none of the props is refused with the list of the props there', () => {
  const message = refusal(() => new OtelCollector(chart(), 'otel', props({ sampling: { colour: 'blue' } })));
  expect(message).toContain('invalid prop "sampling.colour" = "blue": SamplingPolicyProps has no prop "colour". Fix: remove it; the props here are ');
  expect(message).toContain('"baselinePercentage"');
});

test('null inside a config override is kept (it removes a key there), null elsewhere is refused', () => {
  expect(() => new OtelCollector(chart(), 'otel', props({ gateway: { config: { processors: { batch: { send_batch_max_size: null } } } } }))).not.toThrow();
  expect(refusal(() => new OtelCollector(chart(), 'otel', props({ gateway: { resources: null } }))))
    .toContain('invalid prop "gateway.resources" = null: null is not a value here');
});
