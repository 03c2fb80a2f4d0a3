/**
 * A Jaeger role's `config` override: merged over the built config like the Collector Helm chart's
 * `config`, checked against the Jaeger binary's components, and rolled out (the pods' checksum).
 */
import { parse } from 'yaml';
import { CONFIG_CHECKSUM_ANNOTATION, JaegerStack, JaegerStackProps } from '../../lib/internal';
import { findOne, synthObjects, testChart } from '../support/synth';
import { JaegerStorage } from '../../lib';

function synth(props: JaegerStackProps): any[] {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', props);
  return synthObjects(chart);
}
const configOf = (objects: any[], name: string) => parse(findOne(objects, 'ConfigMap', `${name}-config`).data['config.yaml']);
const checksumOf = (objects: any[], kind: string, name: string) => findOne(objects, kind, name).spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];

test('the override reaches only its role; lists replace, maps merge', () => {
  const plain = synth({ storage: JaegerStorage.badgerShared() });
  const objects = synth({
    storage: JaegerStorage.badgerShared(),
    collector: {
      config: {
        processors: { batch: { timeout: '2s' }, 'attributes/env': { actions: [{ key: 'env', value: 'prod', action: 'upsert' }] } },
        service: { pipelines: { traces: { processors: ['memory_limiter', 'attributes/env', 'batch'] } } },
      },
    },
  });
  const collector = configOf(objects, 'jaeger-collector');
  expect(collector.processors.batch).toEqual({ timeout: '2s' });
  expect(collector.service.pipelines.traces.processors).toEqual(['memory_limiter', 'attributes/env', 'batch']);
  expect(collector.service.pipelines.traces.exporters).toEqual(['jaeger_storage_exporter']);
  expect(collector).not.toHaveProperty('connectors');
  expect(configOf(objects, 'jaeger-query')).toEqual(configOf(plain, 'jaeger-query'));
  expect(checksumOf(objects, 'Deployment', 'jaeger-collector')).not.toEqual(checksumOf(plain, 'Deployment', 'jaeger-collector'));
  expect(checksumOf(objects, 'Deployment', 'jaeger-query')).toEqual(checksumOf(plain, 'Deployment', 'jaeger-query'));
});

test('a component the Jaeger binary lacks is refused, naming it and the prop', () => {
  expect(() => synth({ allInOne: { config: { processors: { 'k8s_attributes/x': {} } } } }))
    .toThrow('JaegerStack "jaeger": invalid prop "allInOne.config" = "k8s_attributes/x": the allInOne config uses processor "k8s_attributes", which the image (jaeger 2.20.0) does not contain');
});
