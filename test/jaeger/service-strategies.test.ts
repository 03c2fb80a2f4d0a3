/**
 * Strategies reach Jaeger through the stack: each ServiceInstrumentation given the stack adds
 * its service's strategy, and strategies added after construction are in the file Jaeger reads.
 */
import { JaegerStack, SamplingStrategy, ServiceInstrumentation } from '../../lib';
import { findOne, synthObjects, testChart } from '../support/synth';

/** Collectors made elsewhere: these tests are about strategies. */
const ENDPOINT = 'http://otel-collector.monitoring.svc:4318';
const strategiesOf = (objects: any[]) => JSON.parse(findOne(objects, 'ConfigMap', 'jaeger-sampling-strategies').data['strategies.json']);

test('instrumentations given the stack add their strategies; the file lists every service once, sorted', () => {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { sampling: { services: { payments: SamplingStrategy.rateLimiting(50) } } });
  new ServiceInstrumentation(chart, 'checkout', { serviceName: 'checkout', namespace: 'apps', endpoint: ENDPOINT, jaeger });
  new ServiceInstrumentation(chart, 'cart', { serviceName: 'cart', namespace: 'apps', endpoint: ENDPOINT, jaeger, samplingStrategy: SamplingStrategy.probabilistic(0.5) });
  jaeger.addServiceStrategy('search', SamplingStrategy.probabilistic(1, { 'GET /healthz': 0 }));
  expect(strategiesOf(synthObjects(chart)).service_strategies).toEqual([
    { service: 'cart', type: 'probabilistic', param: 0.5 },
    { service: 'checkout', type: 'probabilistic', param: 1 },
    { service: 'payments', type: 'ratelimiting', param: 50 },
    { service: 'search', type: 'probabilistic', param: 1, operation_strategies: [{ operation: 'GET /healthz', type: 'probabilistic', param: 0 }] },
  ]);
});

test('without the stack, an instrumentation only exposes its strategy', () => {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger');
  const svc = new ServiceInstrumentation(chart, 'checkout', { serviceName: 'checkout', namespace: 'apps', endpoint: ENDPOINT });
  expect(svc.samplingStrategy).toEqual(SamplingStrategy.probabilistic(1));
  expect(strategiesOf(synthObjects(chart)).service_strategies).toEqual([]);
});
