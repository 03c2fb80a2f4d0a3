/**
 * A second team's app (test/consumer/app/main.ts) on the packed library: `npm pack`, the tarball
 * installed into a fresh cdk8s app beside cdk8s, cdk8s-plus-33, constructs and TypeScript, the app
 * type-checked with `tsc --strict` and synthesized. Every namespaced object must land in the
 * namespace its Chart says, and no cluster-scoped object may carry one.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { isClusterScoped } from '../../lib/validation/manifest';
import { ApiServer } from '../cluster/support/api-server';

const ROOT = path.join(__dirname, '..', '..');
const ownVersion = (pkg: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;

let work: string;
let objects: any[];
let quickStartObjects: any[];

/** The TypeScript of the README's quick start (the first `ts` block after its heading). */
function readmeQuickStart(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1];
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-consumer-'));
  // The package's prepack (the jsii compile), run on its own so that its output stays out of
  // `npm pack --json`'s.
  execFileSync('npm', ['run', 'jsii'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const tarball = path.join(work, packed[0].filename);
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.copyFileSync(path.join(__dirname, 'app', 'main.ts'), path.join(app, 'main.ts'));
  fs.writeFileSync(path.join(app, 'quickstart.ts'), readmeQuickStart());
  // The versions this repository is tested with; npm finds them in its cache after `npm ci`.
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({
    name: 'team-b-tracing', private: true, version: '1.0.0',
    dependencies: {
      'cdk8s-tracing': `file:${tarball}`,
      'cdk8s': ownVersion('cdk8s'), 'cdk8s-plus-33': ownVersion('cdk8s-plus-33'), 'constructs': ownVersion('constructs'),
      'typescript': ownVersion('typescript'), '@types/node': ownVersion('@types/node'), 'tsx': ownVersion('tsx'),
    },
  }, null, 2));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'out', types: ['node'] },
    files: ['main.ts', 'quickstart.ts'],
  }, null, 2));
  execFileSync(path.join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
  const outdir = path.join(app, 'team-b-dist');
  execFileSync(process.execPath, ['out/main.js', outdir], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
  // The README's quick start, run the way its cdk8s.yaml says (`app: node --require tsx/cjs main.ts`).
  execFileSync(process.execPath, ['--require', 'tsx/cjs', 'quickstart.ts'], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
  quickStartObjects = fs.readdirSync(path.join(app, 'dist')).filter((f) => f.startsWith('tracing'))
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(app, 'dist', f), 'utf8')).map((d) => d.toJS()));
  objects = fs.readdirSync(outdir).sort().flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')).map((d) => d.toJS()));
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const describeObject = (o: any) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`;

test('the stack synthesizes: Jaeger on OpenSearch, collectors, TLS, the UI behind oauth2-proxy, policies, monitors, alerts, Grafana', () => {
  const kinds = new Set(objects.map((o) => o.kind));
  for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet', 'CronJob', 'Certificate', 'Ingress', 'NetworkPolicy', 'PodMonitor', 'PrometheusRule', 'ConfigMap']) {
    expect({ kind, present: kinds.has(kind) }).toEqual({ kind, present: true });
  }
  expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'jaeger-ui-proxy')).toBeDefined();
});

test('every namespaced object of the stack is in team-b-obs, the shop\'s Deployment in shop, and nothing anywhere else', () => {
  const namespaced = objects.filter((o) => !isClusterScoped(o.kind));
  expect(namespaced.length).toBeGreaterThan(40);
  expect(namespaced.filter((o) => o.metadata.namespace === 'shop').map((o) => o.kind)).toEqual(['Deployment']);
  expect(namespaced.filter((o) => o.metadata.namespace !== 'team-b-obs' && o.metadata.namespace !== 'shop').map(describeObject)).toEqual([]);
});

test('no cluster-scoped object carries a namespace', () => {
  const clusterWide = objects.filter((o) => isClusterScoped(o.kind));
  expect(clusterWide.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);
  expect(clusterWide.filter((o) => 'namespace' in o.metadata).map(describeObject)).toEqual([]);
});

test('the shop\'s pods send to the agents in team-b-obs (in plaintext: the default TLS links leave the apps\' link out)', () => {
  const web = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === 'shop');
  const env = Object.fromEntries(web.spec.template.spec.containers[0].env.map((v: any) => [v.name, v.value]));
  expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector.team-b-obs.svc:4318');
  expect(env.OTEL_SERVICE_NAME).toBe('shop-web');
});

test('the collectors export to Jaeger over TLS: the TLS given once, to the JaegerStack, reached both ends', () => {
  const gatewayConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-gateway-config').data['config.yaml'];
  expect(gatewayConfig).toMatch(/jaeger-collector\.team-b-obs\.svc:4317/);
  expect(gatewayConfig).toMatch(/ca_file:/);
  const jaegerConfig = objects.find((o) => o.kind === 'ConfigMap' && /^jaeger-collector.*config/.test(o.metadata.name)).data;
  expect(JSON.stringify(jaegerConfig)).toMatch(/client_ca_file/);
});

test('the gateways carry the team\'s pod extras: the proxy variable and the log shipper, under the restricted context', () => {
  const gateway = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'otel-gateway').spec.template.spec;
  expect(gateway.containers.map((c: any) => c.name)).toEqual(['otelcol', 'log-shipper']);
  expect(gateway.containers[0].env).toContainEqual({ name: 'HTTPS_PROXY', valueFrom: { configMapKeyRef: { name: 'egress-proxy', key: 'url' } } });
  expect(gateway.containers[0].env).toContainEqual({ name: 'NO_PROXY', value: '.svc,.cluster.local' });
  expect(gateway.containers[1].securityContext).toEqual(gateway.containers[0].securityContext);
  expect(gateway.containers[1].resources.limits).toEqual({ memory: '64Mi' });
});

test('the README\'s quick start type-checks strictly, runs as its cdk8s.yaml says, puts the stack in the Chart\'s namespace and Grafana\'s ConfigMaps in Grafana\'s', () => {
  expect(quickStartObjects.length).toBeGreaterThan(30);
  const namespaced = quickStartObjects.filter((o) => !isClusterScoped(o.kind));
  const isGrafanaConfig = (o: any) => o.kind === 'ConfigMap' && ('grafana_dashboard' in o.metadata.labels || 'grafana_datasource' in o.metadata.labels);
  expect(namespaced.filter((o) => isGrafanaConfig(o)).map((o) => o.metadata.namespace)).toEqual(['monitoring', 'monitoring', 'monitoring']);
  expect(namespaced.filter((o) => !isGrafanaConfig(o) && o.metadata.namespace !== 'team-b-obs').map(describeObject)).toEqual([]);
  // The policies admit kube-prometheus-stack's pods from its namespace, where the watchers say it is.
  const fromPrometheus = quickStartObjects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'jaeger-all-in-one-ingress-from-prometheus');
  expect(fromPrometheus.spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'monitoring' });
  expect(quickStartObjects.filter((o) => isClusterScoped(o.kind) && 'namespace' in o.metadata).map(describeObject)).toEqual([]);
});

test('a real API server admits the output: every object, dryRun=All, the stack\'s namespace enforcing restricted Pod Security', async () => {
  const server = await ApiServer.start();
  try {
    server.restrictedNamespaces(['team-b-obs']);
    // The shop is the team's own workload, with cdk8s-plus's defaults: its namespace enforces nothing.
    expect(server.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]).errors).toEqual([]);
    const outcome = server.apply(objects, { dryRun: true });
    expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
    expect(outcome.applied).toHaveLength(objects.length);
  } finally {
    await server.stop();
  }
}, 300_000);
