import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-33';
import { GitOpsApp, GitOpsAppProps, Ports, StackValidationError, TracingChart, TracingStorageClass, containerPort, servicePort } from '../../lib/internal';
import { tempDir } from '../support/synth';
import { container, podSpec } from './fixtures';

const LABELS = { app: 'echo' };

/** Two charts: the Service in one, its Deployment in the other (validation spans charts). */
function buildApp(outdir: string, opts: { targetPort?: string; secret?: string } & GitOpsAppProps = {}): GitOpsApp {
  const { targetPort, secret, ...props } = opts;
  const app = new GitOpsApp({ outdir, ...props });
  const workloads = new TracingChart(app, 'workloads');
  const services = new TracingChart(app, 'services');
  const env = secret ? [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: secret, key: 'token' } } }] : undefined;
  new k8s.KubeDeployment(workloads, 'echo', {
    metadata: { name: 'echo', namespace: 'apps' },
    spec: {
      selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS }, spec: podSpec([container('echo', [], { ports: [containerPort(Ports.OTLP_GRPC)], env })]) as any },
    },
  });
  const port = servicePort(Ports.OTLP_GRPC);
  new k8s.KubeService(services, 'echo-svc', {
    metadata: { name: 'echo', namespace: 'apps' },
    spec: { selector: LABELS, ports: [targetPort ? { ...port, targetPort: k8s.IntOrString.fromString(targetPort) } : port] },
  });
  return app;
}

function listDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

test('a consistent app is written', () => {
  const outdir = tempDir();
  const app = buildApp(outdir);
  expect(app.checkStack()).toEqual([]);
  app.synth();
  expect(Object.keys(listDir(outdir))).toEqual(['kustomization.yaml', 'services.k8s.yaml', 'workloads.k8s.yaml']);
});

test('a broken link fails synth with the finding, and the output directory is untouched', () => {
  const outdir = tempDir();
  fs.writeFileSync(path.join(outdir, 'previous.k8s.yaml'), 'kind: LastGoodRun\n');
  fs.writeFileSync(path.join(outdir, 'kustomization.yaml'), 'resources: [previous.k8s.yaml]\n');
  const before = listDir(outdir);
  const app = buildApp(outdir, { targetPort: 'otlp' });
  expect(() => app.synth()).toThrow(StackValidationError);
  expect(() => app.synth()).toThrow(
    'the synthesized stack has 1 broken link:\n'
    + '  - Service apps/echo port "otlp-grpc" (4317/TCP) → no container port "otlp" with protocol TCP on the pods it selects (Deployment apps/echo)');
  expect(listDir(outdir)).toEqual(before);
});

test('validation.external accepts a Secret made by another tool; without it synth fails', () => {
  expect(() => buildApp(tempDir(), { secret: 'echo-token' }).synth())
    .toThrow(/Deployment apps\/echo env TOKEN of container "echo" → Secret apps\/echo-token is not in the output/);
  const outdir = tempDir();
  buildApp(outdir, { secret: 'echo-token', validation: { external: [{ kind: 'Secret', namespace: 'apps', name: 'echo-token' }] } }).synth();
  expect(fs.existsSync(path.join(outdir, 'workloads.k8s.yaml'))).toBe(true);
});

test('validation.enabled: false writes even a broken stack', () => {
  const outdir = tempDir();
  buildApp(outdir, { targetPort: 'otlp', validation: { enabled: false } }).synth();
  expect(fs.readFileSync(path.join(outdir, 'services.k8s.yaml'), 'utf8')).toContain('targetPort: otlp');
});

test('a malformed external declaration is refused when the app is created', () => {
  expect(() => new GitOpsApp({ outdir: tempDir(), validation: { external: [{ kind: 'Secrets' as any, name: 'x' }] } }))
    .toThrow('GitOpsApp: invalid prop "validation.external[0].kind" = "Secrets": not a kind that can be declared external. '
      + 'Fix: use one of ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim, Service');
  expect(() => new GitOpsApp({ outdir: tempDir(), validation: { external: [{ kind: 'Secret', name: '' }] } }))
    .toThrow(/validation.external\[0\].name/);
});

test('a StorageClass the cluster already has (TracingStorageClass create: false) needs no external declaration', () => {
  const withClaim = (create: boolean) => {
    const app = new GitOpsApp({ outdir: tempDir() });
    const chart = new TracingChart(app, 'c');
    const sc = new TracingStorageClass(chart, 'sc', create ? { name: 'premium-rwo', provisioner: 'pd.csi.storage.gke.io' } : { name: 'premium-rwo', create });
    new k8s.KubePersistentVolumeClaim(chart, 'pvc', {
      metadata: { name: 'scratch', namespace: 'apps' },
      spec: { storageClassName: sc.name, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('1Gi') } } },
    });
    return app;
  };
  expect(withClaim(false).checkStack()).toEqual([]);
  expect(withClaim(true).checkStack()).toEqual([]);
  const bare = new GitOpsApp({ outdir: tempDir() });
  new k8s.KubePersistentVolumeClaim(new TracingChart(bare, 'c'), 'pvc', { metadata: { name: 'scratch', namespace: 'apps' }, spec: { storageClassName: 'premium-rwo' } });
  expect(bare.checkStack().map((f) => f.check)).toEqual(['storage-class']);
});
