import { TracingNamespace, TracingStorageClass } from '../../lib';
import { findOne, synthObjects, testChart } from '../support/synth';

describe('TracingNamespace', () => {
  test('defaults to "monitoring" with the name label and restricted warn/audit', () => {
    const chart = testChart();
    const ns = new TracingNamespace(chart, 'ns');
    expect(ns.name).toBe('monitoring');
    const obj = findOne(synthObjects(chart), 'Namespace', 'monitoring');
    expect(obj.metadata.labels).toMatchObject({
      'name': 'monitoring',
      'app.kubernetes.io/name': 'tracing-foundation',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(obj.metadata.labels).not.toHaveProperty(['pod-security.kubernetes.io/enforce']);
    expect(obj.metadata).not.toHaveProperty('namespace');
  });

  test('enforcement is opt-in', () => {
    const chart = testChart();
    new TracingNamespace(chart, 'ns', { name: 'tracing', podSecurityEnforce: 'restricted' });
    expect(findOne(synthObjects(chart), 'Namespace', 'tracing').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('bad names and levels fail with the prop and value', () => {
    expect(() => new TracingNamespace(testChart(), 'ns', { name: 'Monitoring' }))
      .toThrow('TracingNamespace "ns": invalid prop "name" = "Monitoring": not a valid DNS label');
    expect(() => new TracingNamespace(testChart(), 'ns', { podSecurityEnforce: 'strict' as any }))
      .toThrow(/invalid prop "podSecurityEnforce" = "strict".*use one of privileged, baseline, restricted/);
  });
});

describe('TracingStorageClass', () => {
  test('defaults: fast-ssd on EBS gp3, expandable, WaitForFirstConsumer', () => {
    const chart = testChart();
    const sc = new TracingStorageClass(chart, 'sc');
    expect(sc.name).toBe('fast-ssd');
    const obj = findOne(synthObjects(chart), 'StorageClass', 'fast-ssd');
    expect(obj).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', iops: '3000', throughput: '125' },
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    });
  });

  test('another provisioner does not inherit EBS parameters', () => {
    const chart = testChart();
    new TracingStorageClass(chart, 'sc', { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' } });
    expect(findOne(synthObjects(chart), 'StorageClass', 'fast-ssd').parameters).toEqual({ type: 'pd-ssd' });
    const chart2 = testChart();
    new TracingStorageClass(chart2, 'sc', { provisioner: 'disk.csi.azure.com' });
    expect(findOne(synthObjects(chart2), 'StorageClass', 'fast-ssd').parameters).toEqual({});
  });

  test('opting out emits nothing and keeps the existing name', () => {
    const chart = testChart();
    const sc = new TracingStorageClass(chart, 'sc', { create: false, name: 'premium-rwo' });
    expect(sc.name).toBe('premium-rwo');
    expect(sc.created).toBe(false);
    expect(synthObjects(chart)).toEqual([]);
  });

  test('bad props fail clearly', () => {
    expect(() => new TracingStorageClass(testChart(), 'sc', { create: false, provisioner: 'x' }))
      .toThrow(/invalid prop "provisioner" = "x": has no effect when create is false/);
    expect(() => new TracingStorageClass(testChart(), 'sc', { parameters: { iops: 3000 as any } }))
      .toThrow(/invalid prop "parameters.iops" = 3000: StorageClass parameters must be strings/);
    expect(() => new TracingStorageClass(testChart(), 'sc', { provisioner: '' }))
      .toThrow(/invalid prop "provisioner" = ""/);
  });
});
