/** Annotations on the front doors (a mesh's, topology-aware routing's, a cloud's), each on its own Service. */
import { JaegerStack, JaegerStorage, OtelCollector } from '../../lib/internal';
import { findOne, synthObjects, testChart } from '../support/synth';

const TOPOLOGY = { 'service.kubernetes.io/topology-mode': 'Auto' };
const MESH = { 'mesh.example.com/skip': 'true' };

test('each front door carries its own annotations and no other Service does', () => {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', {
    storage: JaegerStorage.badgerShared(), collectorServiceAnnotations: TOPOLOGY, queryServiceAnnotations: MESH,
  });
  new OtelCollector(chart, 'otel', {
    backend: jaeger, gateway: { serviceAnnotations: TOPOLOGY }, agent: { serviceAnnotations: { ...MESH, 'x.example.com/agent': '1' } },
  });
  const objects = synthObjects(chart);
  const annotations = (name: string) => findOne(objects, 'Service', name).metadata.annotations;
  expect(annotations('jaeger-collector')).toEqual(TOPOLOGY);
  expect(annotations('jaeger-query')).toEqual(MESH);
  expect(annotations('otel-gateway')).toEqual(TOPOLOGY);
  expect(annotations('otel-collector')).toEqual({ ...MESH, 'x.example.com/agent': '1' });
  expect(annotations('jaeger-agent')).toEqual({ ...MESH, 'x.example.com/agent': '1' });
  const others = objects.filter((o) => o.kind === 'Service'
    && !['jaeger-collector', 'jaeger-query', 'otel-gateway', 'otel-collector', 'jaeger-agent'].includes(o.metadata.name));
  expect(others.length).toBeGreaterThan(0);
  expect(others.filter((o) => o.metadata.annotations).map((o) => o.metadata.name)).toEqual([]);
});
