/** Strategies reaching Jaeger through the stack: JaegerStack.addServiceStrategy and ServiceInstrumentation's `jaeger`. */
import { JaegerStack, JaegerStorage, SamplingStrategy, ServiceInstrumentation } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';

/** Collectors made elsewhere: these rows are about strategies. */
const ENDPOINT = 'http://otel-collector.monitoring.svc:4318';
const withStack = (chart: any) => new JaegerStack(chart, SUBJECT, { sampling: { services: { checkout: SamplingStrategy.probabilistic(1) } } });
const add = rowsFor<JaegerStack>('JaegerStack', ({ deps }, [service, strategy]) => deps.addServiceStrategy(service, strategy), { setup: withStack });
const si = rowsFor('ServiceInstrumentation', ({ chart }, props) =>
  new ServiceInstrumentation(chart, SUBJECT, { serviceName: 'checkout', namespace: 'apps', endpoint: ENDPOINT, ...props }));
const siOnStack = rowsFor<JaegerStack>('JaegerStack', ({ chart, deps }, props) =>
  new ServiceInstrumentation(chart, 'checkout', { serviceName: 'checkout', namespace: 'apps', endpoint: ENDPOINT, jaeger: deps, ...props }), { setup: withStack });

export const STRATEGIES_CASES: BadInputCase[] = [
  add('addServiceStrategy', '', ['', SamplingStrategy.probabilistic(1)], 'no service name'),
  add('addServiceStrategy("checkout")', SamplingStrategy.probabilistic(0.5), ['checkout', SamplingStrategy.probabilistic(0.5)], 'the service has one'),
  add('addServiceStrategy("cart")', { type: 'random' }, ['cart', { type: 'random' }], 'not a SamplingStrategy'),
  add('addServiceStrategy("cart").probability', 2, ['cart', SamplingStrategy.probabilistic(2)]),
  si('jaeger', {}, { jaeger: {} }, 'not a stack'),
  siOnStack('addServiceStrategy("checkout")', SamplingStrategy.probabilistic(1), {}, 'a second strategy for the service, from its instrumentation'),
];

const j = rowsFor('JaegerStack', ({ chart }, props) => new JaegerStack(chart, SUBJECT, props));
const SHARED = JaegerStorage.badgerShared();

/** A role's Jaeger config override: merged, then checked against the Jaeger binary's components. */
export const JAEGER_OVERRIDE_CASES: BadInputCase[] = [
  j('allInOne.config', 'batch', { allInOne: { config: 'batch' } }, 'not a map'),
  j('allInOne.config.processor', {}, { allInOne: { config: { processor: {} } } }, 'misspelt section'),
  j('allInOne.config', 'redact', { allInOne: { config: { service: { pipelines: { traces: { processors: ['redact'] } } } } } },
    'a pipeline names a processor nobody defined'),
  j('collector.config', 'transform/x', { storage: SHARED, collector: { config: { processors: { 'transform/x': {} } } } }, 'not in the Jaeger binary'),
  j('query.config', 'jaeger_query', { storage: SHARED, query: { config: { extensions: { jaeger_query: null } } } }, 'removes an enabled extension'),
  j('remoteStorage.config.receivers.otlp', 'on', { storage: SHARED, remoteStorage: { config: { receivers: { otlp: 'on' } } } }),
];
