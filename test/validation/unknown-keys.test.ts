/**
 * A key the props do not have is refused with the nearest valid one (the typos a second team
 * made from plain JavaScript objects, each of which used to be ignored). The rows of every
 * construct and factory are in test/bad-input/unknown-key.cases.ts; this file pins the advice.
 */
import { Chart } from 'cdk8s';
import { JaegerStack, OtelCollector, TracingAlerts } from '../../lib/internal';
import { testApp } from '../support/synth';
import { jaegerIn } from '../support/backend';

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
/** OtelCollector props: its required backend beside the keys under test. */
const otelProps = (p: object) => ({ backend: jaegerIn(), ...p }) as any;

test.each([
  ['JaegerStack', 'retentoin', 'retention', () => new JaegerStack(chart(), 'jaeger', props({ retentoin: '96h' }))],
  ['OtelCollector', 'sampeling', 'sampling', () => new OtelCollector(chart(), 'otel', otelProps({ sampeling: {} }))],
  ['OtelCollector', 'namepsace', 'namespace', () => new OtelCollector(chart(), 'otel', otelProps({ namepsace: 'observability' }))],
  ['OtelCollector', 'sampling.baselinePercentag', 'baselinePercentage', () => new OtelCollector(chart(), 'otel', otelProps({ sampling: { baselinePercentag: 20 } }))],
  ['OtelCollector', 'agent.placement.tolerations[0].effekt', 'effect', () => new OtelCollector(chart(), 'otel', otelProps({ agent: { placement: { tolerations: [{ key: 'k', effekt: 'NoSchedule' }] } } }))],
  ['TracingAlerts', 'runbookURL', 'runbookUrl', () => new TracingAlerts(chart(), 'alerts', props({ runbookURL: 'https://runbooks.example.com' }))],
])('%s refuses "%s", suggesting "%s"', (kind, key, nearest, build) => {
  const message = refusal(build);
  expect(message).toContain(`invalid prop "${key}"`);
  expect(message).toMatch(new RegExp(`has no prop "${key.split('.').pop()!.replace(/\[.*$/, '')}"`));
  expect(message).toContain(`Fix: did you mean "${nearest}"?`);
  expect(message.startsWith(`${kind} "`)).toBe(true);
});

test('a key near none of the props is refused with the list of the props there', () => {
  const message = refusal(() => new OtelCollector(chart(), 'otel', otelProps({ sampling: { colour: 'blue' } })));
  expect(message).toContain('invalid prop "sampling.colour" = "blue": SamplingPolicyProps has no prop "colour". Fix: remove it; the props here are ');
  expect(message).toContain('"baselinePercentage"');
});

test('null inside a config override is kept (it removes a key there), null elsewhere is refused', () => {
  expect(() => new OtelCollector(chart(), 'otel', otelProps({ backend: jaegerIn(), gateway: { config: { processors: { batch: { send_batch_max_size: null } } } } }))).not.toThrow();
  expect(refusal(() => new OtelCollector(chart(), 'otel', otelProps({ gateway: { resources: null } }))))
    .toContain('invalid prop "gateway.resources" = null: null is not a value here');
});

test('the props 0.2 removed are refused with where what they said is said now', () => {
  const moved: Array<[string, unknown, string]> = [
    ['tls', { issuer: { name: 'tracing-ca' } }, 'give tls to the JaegerStack: the collectors take it from their backend'],
    ['jaeger', { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' }, 'pass the JaegerStack as backend: { backend: jaeger } (for a Jaeger made elsewhere, backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint }))'],
  ];
  for (const [key, value, fix] of moved) {
    const message = refusal(() => new OtelCollector(chart(), 'otel', otelProps({ [key]: value })));
    expect(message).toBe(`OtelCollector "otel": invalid prop "${key}" = ${JSON.stringify(value)}: OtelCollectorProps has no prop "${key}". Fix: ${fix}`);
  }
  expect(refusal(() => new OtelCollector(chart(), 'otel', otelProps({ agent: { priorityClassName: 'system-node-critical' } }))))
    .toContain('invalid prop "agent.priorityClassName" = "system-node-critical": AgentProps has no prop "priorityClassName". Fix: give it as agent.placement.priorityClassName');
});
