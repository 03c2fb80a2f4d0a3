/**
 * One autoscaling contract for every collector workload (the gateways, Jaeger's collectors):
 * `minReplicas` defaults to the workload's `replicas` (or its default count), the two may not
 * disagree, and the workload leaves its count to the HPA. A sized stack's count is the HPA's floor.
 */
import { JaegerStack, OtelCollector, TracingSizing, sizedTiers } from '../../lib/internal';
import { findOne, ofKind, synthObjects, testChart } from '../support/synth';
import { JaegerStorage } from '../../lib';
import { jaegerIn } from '../support/backend';

function hpa(objects: any[], name: string) {
  return findOne(objects, 'HorizontalPodAutoscaler', name).spec;
}

test.each([
  ['gateway', (chart: any, a: any) => new OtelCollector(chart, 'otel', { backend: jaegerIn(), gateway: a }), 'otel-gateway', 'StatefulSet', 2],
  ['Jaeger collector', (chart: any, a: any) => new JaegerStack(chart, 'jaeger', { storage: JaegerStorage.badgerShared(), collector: a }), 'jaeger-collector', 'Deployment', 3],
] as const)('%s: minReplicas defaults to replicas, then to the default count; the workload leaves its count to the HPA', (_, make, name, kind, defaultCount) => {
  for (const [given, min] of [[{ autoscaling: { maxReplicas: 6 } }, defaultCount], [{ replicas: 4, autoscaling: { maxReplicas: 6 } }, 4]] as const) {
    const chart = testChart();
    make(chart, given);
    const objects = synthObjects(chart);
    expect(hpa(objects, name)).toMatchObject({ minReplicas: min, maxReplicas: 6, scaleTargetRef: { kind, name } });
    expect(hpa(objects, name).metrics[0].resource.target.averageUtilization).toBe(70);
    expect(findOne(objects, kind, name).spec.replicas).toBeUndefined();
  }
  // the two counts may not disagree: which one would the user mean?
  expect(() => make(testChart(), { replicas: 4, autoscaling: { minReplicas: 2, maxReplicas: 6 } }))
    .toThrow(/replicas" = 4: conflicts with .*autoscaling\.minReplicas \(2\)/);
});

test('only the gateways scale down slowly (each rescale moves trace ids between them)', () => {
  const chart = testChart();
  new OtelCollector(chart, 'otel', { backend: jaegerIn(), gateway: { autoscaling: { maxReplicas: 6 } } });
  new JaegerStack(chart, 'jaeger', { storage: JaegerStorage.badgerShared(), collector: { autoscaling: { maxReplicas: 6 } } });
  const objects = synthObjects(chart);
  expect(hpa(objects, 'otel-gateway').behavior.scaleDown.stabilizationWindowSeconds).toBe(600);
  expect(hpa(objects, 'jaeger-collector').behavior).toBeUndefined();
  expect(ofKind(objects, 'HorizontalPodAutoscaler')).toHaveLength(2);
});

test('a sized stack under an HPA takes the sized count as its floor, and no conflict is invented', () => {
  const sizing = TracingSizing.forLoad({ spansPerSecond: 40_000, nodes: 10 });
  const chart = testChart();
  // The sizing is given once, to the stack: the collectors exporting to it follow it.
  const jaeger = new JaegerStack(chart, 'jaeger', { sizing, storage: JaegerStorage.badgerShared(), collector: { autoscaling: { maxReplicas: 20 } } });
  new OtelCollector(chart, 'otel', { backend: jaeger, gateway: { autoscaling: { maxReplicas: 20 } } });
  const objects = synthObjects(chart);
  expect(hpa(objects, 'otel-gateway').minReplicas).toBe(sizedTiers(sizing).gateway.replicas);
  expect(hpa(objects, 'jaeger-collector').minReplicas).toBe(sizedTiers(sizing).jaeger.collectorReplicas);
});
