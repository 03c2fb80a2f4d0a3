import { COLLECTOR_CONFIG_ANNOTATION, JaegerStack, SamplingStrategiesProps, SamplingStrategy } from '../../lib/internal';
import { findOne, synthObjects, testChart } from '../support/synth';

function strategies(sampling?: SamplingStrategiesProps): any {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', { sampling });
  const cm = findOne(synthObjects(chart), 'ConfigMap', 'jaeger-sampling-strategies');
  expect(cm.metadata.annotations?.[COLLECTOR_CONFIG_ANNOTATION]).toBeUndefined();
  return JSON.parse(cm.data['strategies.json']);
}

describe('remote sampling strategies', () => {
  test('defaults: every service at probabilistic 1.0, no service named (the library knows no platform)', () => {
    const doc = strategies();
    expect(doc.default_strategy).toEqual({ type: 'probabilistic', param: 1 });
    expect(doc.service_strategies).toEqual([]);
  });

  test('per-service and per-operation overrides, rate limiting, sorted output', () => {
    const doc = strategies({
      defaultStrategy: SamplingStrategy.probabilistic(0.5),
      services: {
        ryot: SamplingStrategy.probabilistic(1, { 'GET /healthz': 0, 'GET /api': 0.25 }),
        billing: SamplingStrategy.rateLimiting(20),
      },
    });
    expect(doc.default_strategy).toEqual({ type: 'probabilistic', param: 0.5 });
    expect(doc.service_strategies.map((s: any) => s.service)).toEqual(['billing', 'ryot']);
    expect(doc.service_strategies[0]).toEqual({ service: 'billing', type: 'ratelimiting', param: 20 });
    expect(doc.service_strategies[1].operation_strategies).toEqual([
      { operation: 'GET /api', type: 'probabilistic', param: 0.25 },
      { operation: 'GET /healthz', type: 'probabilistic', param: 0 },
    ]);
  });

  test('probabilities outside [0, 1] and negative rates fail synth clearly', () => {
    expect(() => strategies({ services: { ryot: SamplingStrategy.probabilistic(1.5) } }))
      .toThrow(/JaegerStack "jaeger": invalid prop "sampling.services.ryot.probability" = 1.5: must be at most 1/);
    expect(() => strategies({ defaultStrategy: SamplingStrategy.probabilistic(-0.1) }))
      .toThrow(/invalid prop "sampling.defaultStrategy.probability" = -0.1: must be at least 0/);
    expect(() => strategies({ services: { ryot: SamplingStrategy.probabilistic(1, { op: 2 }) } }))
      .toThrow(/invalid prop "sampling.services.ryot.operations.op" = 2/);
    expect(() => strategies({ services: { ryot: SamplingStrategy.rateLimiting(-1) } }))
      .toThrow(/invalid prop "sampling.services.ryot.maxTracesPerSecond" = -1: must be at least 0/);
    expect(() => strategies({ services: { ryot: { type: 'adaptive' } as any } }))
      .toThrow(/invalid prop "sampling.services.ryot" = {"type":"adaptive"}: is not a SamplingStrategy/);
    expect(() => strategies({ defaultStrategy: SamplingStrategy.probabilistic(1, { 'GET /healthz': 0 }) }))
      .toThrow(/invalid prop "sampling.defaultStrategy.operations" = {"GET \/healthz":0}: per-operation probabilities are served only with a service's strategy/);
  });
});
