import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { k8s } from 'cdk8s-plus-33';
import { GitOpsApp, SYNC_WAVE_ANNOTATION, TracingChart } from '../../lib/internal';
import { tempDir } from '../support/synth';

function configMap(chart: TracingChart, name: string): void {
  new k8s.KubeConfigMap(chart, name, { metadata: { name, namespace: 'x', labels: { 'app.kubernetes.io/name': name } } });
}

describe('TracingChart', () => {
  test('names have no hash suffix; the sync wave annotates every object', () => {
    const app = new GitOpsApp({ outdir: tempDir() });
    const chart = new TracingChart(app, 'c', { syncWave: -1 });
    configMap(chart, 'plain-name');
    const [obj] = chart.toJson();
    expect(obj.metadata.name).toBe('plain-name');
    expect(obj.metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('-1');
  });

  test('no wave, no annotation; a fractional wave is refused', () => {
    const app = new GitOpsApp({ outdir: tempDir() });
    const chart = new TracingChart(app, 'c');
    configMap(chart, 'a');
    expect(chart.toJson()[0].metadata.annotations).toBeUndefined();
    expect(() => new TracingChart(app, 'd', { syncWave: 0.5 })).toThrow(/TracingChart "d": invalid prop "syncWave" = 0.5: expected an integer/);
  });
});

describe('GitOpsApp', () => {
  test('writes ordered files and a kustomization listing them; removes stale manifests', () => {
    const outdir = tempDir();
    fs.writeFileSync(path.join(outdir, 'stale.k8s.yaml'), 'kind: Old\n');
    const app = new GitOpsApp({ outdir });
    const first = new TracingChart(app, 'first');
    const second = new TracingChart(app, 'second');
    second.addDependency(first);
    configMap(first, 'a');
    configMap(second, 'b');
    app.synth();

    const files = fs.readdirSync(outdir).sort();
    expect(files).toEqual(['0000-first.k8s.yaml', '0001-second.k8s.yaml', 'kustomization.yaml']);
    const kustomization = parse(fs.readFileSync(path.join(outdir, 'kustomization.yaml'), 'utf8'));
    expect(kustomization).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['0000-first.k8s.yaml', '0001-second.k8s.yaml'],
    });
  });
});
