import { Chart } from 'cdk8s';
import { ITracingComponent, JaegerStack, OtelCollector, OtelCollectorProps, TracingAlerts, TracingMonitors } from '../../lib';
import { prometheus } from '../support/observers';
import { BadInputCase, SUBJECT, rowsFor } from './table';

/** The stack the watchers are given (not under test): a JaegerStack and an OtelCollector exporting to it. */
const stack = (otel: Omit<OtelCollectorProps, 'backend'> = {}) => (chart: Chart): ITracingComponent[] => {
  const jaeger = new JaegerStack(chart, 'jaeger');
  return [jaeger, new OtelCollector(chart, 'otel', { backend: jaeger, ...otel })];
};
/** The row's props over `components: [jaeger, otel]` and kube-prometheus-stack's Prometheus. */
const watching = (components: ITracingComponent[], props: object) => ({ components, prometheus: prometheus(), ...props });

const m = rowsFor('TracingMonitors', ({ chart, deps }, props) => new TracingMonitors(chart, SUBJECT, watching(deps, props)), { setup: stack() });
const a = rowsFor('TracingAlerts', ({ chart, deps }, props) => new TracingAlerts(chart, SUBJECT, watching(deps, props)), { setup: stack() });
// Gateways keeping 95 % of the traces: little room for the sampling alert's margin.
const aKeeping95 = rowsFor('TracingAlerts', ({ chart, deps }, props) => new TracingAlerts(chart, SUBJECT, watching(deps, props)),
  { setup: stack({ sampling: { baselinePercentage: 95 } }) });
const add = rowsFor('TracingAlerts', ({ deps }, rule) => deps.addAlert(rule.group ?? 'custom', { ...RULE, ...rule, group: undefined }),
  { setup: (chart) => new TracingAlerts(chart, SUBJECT, { components: stack()(chart), prometheus: prometheus() }) });
const addAgain = rowsFor('TracingAlerts', ({ deps }, rule) => deps.addAlert('custom', { ...RULE, ...rule }), {
  setup: (chart) => {
    const alerts = new TracingAlerts(chart, SUBJECT, { components: stack()(chart), prometheus: prometheus() });
    alerts.addAlert('custom', RULE as any);
    return alerts;
  },
});
const RULE = { alert: 'CustomAlert', expr: 'up == 0', for: '5m', severity: 'warning', summary: 'Down.', description: 'It is down.' };

/** A Prometheus-duration prop: each kind of bad value. */
const durations = (prop: string) => [
  a(prop, '5 minutes', { [prop]: '5 minutes' }),
  a(prop, '0m', { [prop]: '0m' }),
  a(prop, '300y', { [prop]: '300y' }, 'beyond int64 nanoseconds: Prometheus refuses the rule file'),
];
const ratios = (prop: string) => [
  a(prop, 1.5, { [prop]: 1.5 }),
  a(prop, Number.NaN, { [prop]: Number.NaN }),
];

export const ALERTS_CASES: BadInputCase[] = [
  // Removed: the stack's namespace and instances are its constructs' (components).
  m('targetNamespace', 'tracing', { targetNamespace: 'tracing' }, 'removed: components say it'),
  m('otelInstance', 'otel', { otelInstance: 'otel' }, 'removed: components say it'),
  m('interval', '1.5s', { interval: '1.5s' }, 'Go duration, not Prometheus'),
  m('interval', '30', { interval: '30' }),
  m('interval', 30, { interval: 30 }),
  m('prometheus', undefined, { prometheus: undefined }, 'required'),
  m('prometheus', 'monitoring', { prometheus: 'monitoring' }, 'a namespace, not the Prometheus'),
  m('labels', { release: 'kube-prometheus-stack' }, { labels: { release: 'kube-prometheus-stack' } }, 'removed in 0.2: the Prometheus says it'),

  a('name', 'Tracing_Alerts', { name: 'Tracing_Alerts' }),
  a('name', 'a'.repeat(64), { name: 'a'.repeat(64) }, 'longer than a label value (the instance label)'),
  a('runbookUrl', '', { runbookUrl: '' }),
  a('runbookUrl', 'https://git.example.com/alerts.md#top', { runbookUrl: 'https://git.example.com/alerts.md#top' }),
  a('runbookUrl', 'git.example.com/alerts.md', { runbookUrl: 'git.example.com/alerts.md' }),
  a('targets', ['jaeger', 'agent'], { targets: ['jaeger', 'agent'] }, 'removed: components say it'),
  a('prometheus', undefined, { prometheus: undefined }, 'required'),
  a('namespace', 'monitoring', { namespace: 'monitoring' }, 'removed in 0.2: the Prometheus says it'),
  a('alertLabels.team-name', 'team-name', { alertLabels: { 'team-name': 'x' } }),
  a('alertLabels.team', '', { alertLabels: { team: '' } }),
  a('alertLabels', 'team', { alertLabels: 'team' }),
  a('alertLabels.team', '{{ .team }}', { alertLabels: { team: '{{ .team }}' } }, 'a Go template'),
  a('runbookUrl', 'https://wiki.example.com/{{alert}}', { runbookUrl: 'https://wiki.example.com/{{alert}}' }, 'a Go template'),
  ...ratios('pipelineErrorRatio'),
  ...ratios('queueFillRatio'),
  a('storageWarningRatio', -0.1, { storageWarningRatio: -0.1 }),
  a('storageCriticalRatio', Number.POSITIVE_INFINITY, { storageCriticalRatio: Number.POSITIVE_INFINITY }),
  a('storageWarningRatio', 0.95, { storageWarningRatio: 0.95 }, 'not below critical'),
  ...ratios('memoryLimitRatio'),
  a('serviceErrorRatio', '5%', { serviceErrorRatio: '5%' }),
  aKeeping95('samplingMargin', 0.1, { samplingMargin: 0.1 }, 'the gateways\' keep ratio + margin >= 1'),
  a('samplingMargin', -1, { samplingMargin: -1 }),
  ...durations('pipelineErrorFor'),
  ...durations('droppedSpansFor'),
  a('queueFillFor', '1.5h', { queueFillFor: '1.5h' }),
  a('storageFor', '', { storageFor: '' }),
  a('memoryFor', 5, { memoryFor: 5 }),
  a('targetDownFor', '-5m', { targetDownFor: '-5m' }),
  a('targetAbsentFor', '10', { targetAbsentFor: '10' }),
  a('queryLatencyFor', '1h30', { queryLatencyFor: '1h30' }),
  a('serviceErrorFor', '90us', { serviceErrorFor: '90us' }),
  a('samplingFor', 'PT30M', { samplingFor: 'PT30M' }),
  a('droppedSpansPerSecond', -1, { droppedSpansPerSecond: -1 }),
  a('queryLatencySeconds', Number.NaN, { queryLatencySeconds: Number.NaN }),
  a('serviceMinRequestRate', Number.POSITIVE_INFINITY, { serviceMinRequestRate: Number.POSITIVE_INFINITY }),
  a('storagePvcRegex', 'data-jaeger.*', { storagePvcRegex: 'data-jaeger.*' }, 'removed: components say it'),
  a('memoryBytes', 0, { memoryBytes: 0 }),
  a('memoryBytes', 1.5, { memoryBytes: 1.5 }),

  add('addAlert.group', '', { group: '' }),
  add('addAlert.alert', '1Bad', { alert: '1Bad' }),
  addAgain('addAlert.alert', 'CustomAlert', {}, 'added twice'),
  add('addAlert.expr', '', { expr: '' }),
  add('addAlert.summary', 'Queue {{ $value is high', { summary: 'Queue {{ $value is high' }, 'unclosed template'),
  add('addAlert.description', 'ratio }} 5%', { description: 'ratio }} 5%' }, 'stray closing braces'),
  add('addAlert.labels.route', '{{ $labels.team }}', { labels: { route: '{{ $labels.team }}' } }, 'a Go template in a label'),
  add('addAlert.for', '5', { for: '5' }),
  add('addAlert.severity', 'page', { severity: 'page' }),
  add('addAlert.summary', '', { summary: '' }),
  add('addAlert.description', ' ', { description: ' ' }),
  add('addAlert.labels.__name__', '__name__', { labels: { __name__: 'x' } }),
];
