/**
 * The `components` prop of the watchers: the stack's constructs, required, the one place they find
 * what they watch. The props it replaced are refused as unknown keys.
 */
import { Chart } from 'cdk8s';
import { GrafanaDashboards, JaegerStack, OtelCollector, TracingAlerts, TracingMonitors } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { jaegerIn } from '../support/backend';
import { grafana, prometheus } from '../support/observers';

interface Stack { jaeger: JaegerStack; otel: OtelCollector; other: JaegerStack }
const setup = (chart: Chart): Stack => ({
  jaeger: new JaegerStack(chart, 'jaeger'),
  otel: new OtelCollector(chart, 'otel', { backend: jaegerIn() }),
  other: new JaegerStack(chart, 'other', { namespace: 'team-b' }),
});
const m = rowsFor<Stack>('TracingMonitors', ({ chart }, props) => new TracingMonitors(chart, SUBJECT, { prometheus: prometheus(), ...props }), { setup });
const a = rowsFor<Stack>('TracingAlerts', ({ chart }, props) => new TracingAlerts(chart, SUBJECT, { prometheus: prometheus(), ...props }), { setup });
const db = rowsFor<Stack>('GrafanaDashboards', ({ chart }, props) => new GrafanaDashboards(chart, SUBJECT, { grafana: grafana(), ...props }), { setup });

export const COMPONENTS_CASES: BadInputCase[] = [
  m('components', undefined, { components: undefined }, 'required'),
  m('components', [], { components: [] }, 'empty'),
  m('components', 'jaeger', { components: 'jaeger' }, 'not a list'),
  m('components[1]', { namespace: 'monitoring' }, (s: Stack) => ({ components: [s.jaeger, { namespace: 'monitoring' }] }), 'not a construct of the stack'),
  m('components', ['monitoring', 'team-b'], (s: Stack) => ({ components: [s.jaeger, s.other] }), 'two namespaces'),
  m('components', 'jaeger', (s: Stack) => ({ components: [s.jaeger, s.jaeger] }), 'a part twice'),
  // The props components replaced: removed, refused as unknown keys (also next to components).
  m('jaegerInstance', 'jaeger', (s: Stack) => ({ components: [s.jaeger, s.otel], jaegerInstance: 'jaeger' }), 'removed: components say it'),
  m('targets', ['jaeger'], (s: Stack) => ({ components: [s.jaeger], targets: ['jaeger'] }), 'removed: components say it'),
  a('samplingKeepRatio', 0.3, (s: Stack) => ({ components: [s.jaeger, s.otel], samplingKeepRatio: 0.3 }), 'removed: components say it'),
  a('storageClaimNames', ['data-jaeger-0'], (s: Stack) => ({ components: [s.jaeger], storageClaimNames: ['data-jaeger-0'] }), 'removed: components say it'),
  a('targetNamespace', 'monitoring', (s: Stack) => ({ components: [s.otel], targetNamespace: 'monitoring' }), 'removed: components say it'),
  a('components', undefined, { components: undefined }, 'required'),
  a('components', [], { components: [] }, 'empty'),
  db('storagePvcRegex', 'data-.*', (s: Stack) => ({ components: [s.jaeger], storagePvcRegex: 'data-.*' }), 'removed: components say it'),
  db('components', undefined, { components: undefined }, 'required'),
  db('components[0]', 'x', { components: ['x'] }, 'not a construct of the stack'),
];
