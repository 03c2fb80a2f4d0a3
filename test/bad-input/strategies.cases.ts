/** Strategies reaching Jaeger through the stack: JaegerStack.addServiceStrategy and ServiceInstrumentation's `jaeger`. */
import { JaegerStack, ServiceInstrumentation } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const withStack = (chart: any) => new JaegerStack(chart, SUBJECT, { sampling: { services: { checkout: { type: 'probabilistic', probability: 1 } } } });
const add = rowsFor<JaegerStack>('JaegerStack', ({ deps }, [service, strategy]) => deps.addServiceStrategy(service, strategy), { setup: withStack });
const si = rowsFor('ServiceInstrumentation', ({ chart }, props) =>
  new ServiceInstrumentation(chart, SUBJECT, { serviceName: 'checkout', namespace: 'apps', ...props }));
const siOnStack = rowsFor<JaegerStack>('JaegerStack', ({ chart, deps }, props) =>
  new ServiceInstrumentation(chart, 'checkout', { serviceName: 'checkout', namespace: 'apps', jaeger: deps, ...props }), { setup: withStack });

export const STRATEGIES_CASES: BadInputCase[] = [
  add('addServiceStrategy', '', ['', { type: 'probabilistic', probability: 1 }], 'no service name'),
  add('addServiceStrategy("checkout")', { type: 'probabilistic', probability: 0.5 }, ['checkout', { type: 'probabilistic', probability: 0.5 }], 'the service has one'),
  add('addServiceStrategy("cart").type', 'random', ['cart', { type: 'random' }], 'not a strategy type'),
  add('addServiceStrategy("cart").probability', 2, ['cart', { type: 'probabilistic', probability: 2 }]),
  si('jaeger', {}, { jaeger: {} }, 'not a stack'),
  siOnStack('addServiceStrategy("checkout")', { type: 'probabilistic', probability: 1 }, {}, 'a second strategy for the service, from its instrumentation'),
];
