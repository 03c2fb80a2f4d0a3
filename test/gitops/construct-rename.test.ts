/**
 * Workload selectors are immutable in a cluster: an output whose selector labels followed the
 * construct id would fail to apply after a rename. The id must not reach the output at all.
 */
import { Chart } from 'cdk8s';
import { testChart } from '../support/synth';
import { JaegerStack, OtelCollector } from '../../lib';
import { jaegerIn } from '../support/backend';

function synth(build: (chart: Chart) => void): unknown[] {
  const chart = testChart();
  build(chart);
  return chart.toJson();
}

test.each([
  ['JaegerStack', (id: string) => (chart: any) => new JaegerStack(chart, id)],
  ['OtelCollector', (id: string) => (chart: any) => new OtelCollector(chart, id, { backend: jaegerIn() })],
])('renaming a %s construct changes nothing in the output', (_, make) => {
  expect(synth(make('renamed-by-a-refactor'))).toEqual(synth(make('original')));
});

test('the instance label is the fixed default, not the id', () => {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'backend');
  const otel = new OtelCollector(chart, 'pipeline', { backend: jaeger });
  expect([jaeger.instance, otel.instance]).toEqual(['jaeger', 'otel']);
});
