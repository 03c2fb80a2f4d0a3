/** The sizing model's load, and sizing results given to the constructs. */
import { JaegerStack, OtelCollector } from '../../lib/internal';
import { TracingSizing } from '../../lib/sizing/tracing-sizing';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { withBackend } from '../support/backend';

const load = rowsFor('TracingSizing', (_ctx, props) => TracingSizing.forLoad(props), { where: 'TracingSizing' });
const BASE = { spansPerSecond: 2_000, nodes: 3 };
const sized = TracingSizing.forLoad(BASE);
const otel = rowsFor('OtelCollector', ({ chart }, props) => new OtelCollector(chart, SUBJECT, withBackend(props)));
/** A collector exporting to a JaegerStack that has a sizing of its own. */
const otelOnSized = rowsFor<JaegerStack>('OtelCollector', ({ chart }, props) => new OtelCollector(chart, SUBJECT, props),
  { setup: (chart) => new JaegerStack(chart, 'jaeger', { sizing: TracingSizing.forLoad(BASE) }) });
const jaeger = rowsFor('JaegerStack', ({ chart }, props) => new JaegerStack(chart, SUBJECT, props));

export const SIZING_CASES: BadInputCase[] = [
  load('load', null, null, 'no load'),
  load('load.spansPerSecond', undefined, { nodes: 3 }, 'missing'),
  load('load.spansPerSecond', 0, { ...BASE, spansPerSecond: 0 }, 'no traffic'),
  load('load.spansPerSecond', 10_000_000, { ...BASE, spansPerSecond: 10_000_000 }, 'beyond the measured range'),
  load('load.spansPerSecond', 200_000, { spansPerSecond: 200_000, nodes: 2 }, 'more per node than one agent carries'),
  load('load.nodes', 2.5, { ...BASE, nodes: 2.5 }, 'not whole'),
  load('load.nodes', 0, { ...BASE, nodes: 0 }),
  load('load.spansPerTrace', '5', { ...BASE, spansPerTrace: '5' }, 'a string'),
  load('load.errorShare', 2, { ...BASE, errorShare: 2 }, 'a share over 1'),
  load('load.slowShare', 0.6, { ...BASE, errorShare: 0.5, slowShare: 0.6 }, 'shares over all traces'),
  load('load.baselinePercentage', 150, { ...BASE, baselinePercentage: 150 }),
  load('load.retentionHours', 0, { ...BASE, retentionHours: 0 }),
  load('load.decisionWaitSeconds', 600, { ...BASE, decisionWaitSeconds: 600 }),
  load('load.outageMinutes', -1, { ...BASE, outageMinutes: -1 }),
  otel('sizing', { agent: {} }, { sizing: { agent: {} } }, 'not a TracingSizing'),
  otel('sampling.baselinePercentage', 5, { sizing: sized, sampling: { baselinePercentage: 5 } }, 'contradicts the sizing'),
  otel('sampling.decisionWait', '30s', { sizing: sized, sampling: { decisionWait: '30s' } }, 'contradicts the sizing'),
  otelOnSized('sizing', sized, (stack: JaegerStack) => ({ backend: stack, sizing: sized }), 'given to the JaegerStack too'),
  jaeger('sizing', 'large', { sizing: 'large' }, 'not a TracingSizing'),
];
