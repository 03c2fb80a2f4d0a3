import { POD_SECURITY_VERSION, RETAIN_ON_PRUNE_ANNOTATIONS, TracingNamespace, TracingStorageClass } from '../../lib/internal';
import { findOne, synthObjects, testChart } from '../support/synth';
import { PodSecurityLevel } from '../../lib/foundation/tracing-namespace';

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
    new TracingNamespace(chart, 'ns', { name: 'tracing', podSecurityEnforce: PodSecurityLevel.RESTRICTED });
    expect(findOne(synthObjects(chart), 'Namespace', 'tracing').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('a shared namespace pins the Pod Security version it warns and audits at', () => {
    const chart = testChart();
    new TracingNamespace(chart, 'ns');
    expect(findOne(synthObjects(chart), 'Namespace', 'monitoring').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/warn-version': POD_SECURITY_VERSION,
      'pod-security.kubernetes.io/audit-version': POD_SECURITY_VERSION,
    });
    expect(POD_SECURITY_VERSION).toMatch(/^v1\.\d+$/);
  });

  test('a dedicated namespace enforces restricted at the pinned version', () => {
    const chart = testChart();
    new TracingNamespace(chart, 'ns', { name: 'tracing', dedicated: true });
    expect(findOne(synthObjects(chart), 'Namespace', 'tracing').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': POD_SECURITY_VERSION,
    });
  });

  test('a GitOps sync never deletes it (Argo CD Prune=false,Delete=false; Flux prune: disabled)', () => {
    const chart = testChart();
    new TracingNamespace(chart, 'ns');
    expect(findOne(synthObjects(chart), 'Namespace', 'monitoring').metadata.annotations).toMatchObject({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
    const disposable = testChart();
    new TracingNamespace(disposable, 'ns', { dedicated: true, retainOnPrune: false });
    expect(findOne(synthObjects(disposable), 'Namespace', 'monitoring').metadata.annotations).toBeUndefined();
  });

  test('an existing namespace is used without being emitted', () => {
    const chart = testChart();
    const ns = new TracingNamespace(chart, 'ns', { name: 'observability', create: false });
    expect([ns.name, ns.created, synthObjects(chart)]).toEqual(['observability', false, []]);
    expect(() => new TracingNamespace(testChart(), 'ns', { create: false, dedicated: true }))
      .toThrow('TracingNamespace "ns": invalid prop "dedicated" = true: has no effect when create is false');
  });

  test('bad names and levels fail with the prop and value', () => {
    expect(() => new TracingNamespace(testChart(), 'ns', { name: 'Monitoring' }))
      .toThrow('TracingNamespace "ns": invalid prop "name" = "Monitoring": not a valid DNS label');
    expect(() => new TracingNamespace(testChart(), 'ns', { podSecurityEnforce: 'strict' as any }))
      .toThrow(/invalid prop "podSecurityEnforce" = "strict".*use one of privileged, baseline, restricted/);
  });
});

describe('TracingStorageClass', () => {
  test('defaults: tracing-ssd on the given provisioner, no parameters, expandable, WaitForFirstConsumer', () => {
    const chart = testChart();
    const sc = new TracingStorageClass(chart, 'sc', { provisioner: 'pd.csi.storage.gke.io' });
    expect(sc.name).toBe('tracing-ssd');
    expect(findOne(synthObjects(chart), 'StorageClass', 'tracing-ssd')).toMatchObject({
      provisioner: 'pd.csi.storage.gke.io',
      parameters: {},
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    });
  });

  test('the library guesses no cloud: a created class needs its provisioner', () => {
    expect(() => new TracingStorageClass(testChart(), 'sc'))
      .toThrow('TracingStorageClass "sc": invalid prop "provisioner" = undefined: is required when the StorageClass is created');
  });

  test('name, provisioner and parameters are taken as given', () => {
    const chart = testChart();
    new TracingStorageClass(chart, 'sc', {
      name: 'fast-ssd', provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', iops: '3000' },
    });
    expect(findOne(synthObjects(chart), 'StorageClass', 'fast-ssd'))
      .toMatchObject({ provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', iops: '3000' } });
  });

  test('a GitOps sync never deletes it unless asked', () => {
    const chart = testChart();
    new TracingStorageClass(chart, 'sc', { provisioner: 'disk.csi.azure.com' });
    expect(findOne(synthObjects(chart), 'StorageClass', 'tracing-ssd').metadata.annotations).toEqual(RETAIN_ON_PRUNE_ANNOTATIONS);
    const chart2 = testChart();
    new TracingStorageClass(chart2, 'sc', { provisioner: 'disk.csi.azure.com', retainOnPrune: false });
    expect(findOne(synthObjects(chart2), 'StorageClass', 'tracing-ssd').metadata.annotations).toBeUndefined();
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
    expect(() => new TracingStorageClass(testChart(), 'sc', { provisioner: 'x', parameters: { iops: 3000 as any } }))
      .toThrow(/invalid prop "parameters.iops" = 3000: StorageClass parameters must be strings/);
    expect(() => new TracingStorageClass(testChart(), 'sc', { provisioner: '' }))
      .toThrow(/invalid prop "provisioner" = ""/);
  });
});
