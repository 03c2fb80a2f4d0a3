/**
 * The package works from another TypeScript repo: compiled JS and .d.ts at the paths that
 * package.json's main/types/exports name, importable by the package name with full types.
 * (The real `npm pack` → `npm install` round trip is in the README; this test needs no network.)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './support/synth';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

test('main, types and exports point into the compiled output, which `files` ships', () => {
  expect(pkg.main).toBe('build/lib/index.js');
  expect(pkg.types).toBe('build/lib/index.d.ts');
  expect(pkg.exports['.']).toEqual({ types: './build/lib/index.d.ts', default: './build/lib/index.js' });
  expect(pkg.files).toEqual(expect.arrayContaining(['build/lib', 'build/imports']));
  // cdk8s writes manifests to dist/; compiled code must never go there
  expect(pkg.files.some((f: string) => f.startsWith('dist'))).toBe(false);
  for (const peer of ['cdk8s', 'cdk8s-plus-33', 'constructs']) expect(pkg.peerDependencies[peer]).toBeDefined();
});

test('a consumer installing the library gets no OpenTelemetry SDK (the smoke command is its own package)', () => {
  const runtime = Object.keys(pkg.dependencies ?? {});
  expect(runtime.filter((d) => d.startsWith('@opentelemetry/'))).toEqual([]);
  expect(pkg.bin?.['cdk8s-tracing-smoke']).toBeUndefined();
  // and nothing arrives transitively: every runtime dependency's own dependencies are listed here too
  const transitive = runtime.flatMap((d) => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', d, 'package.json'), 'utf8')).dependencies ?? {}));
  expect(transitive.filter((d) => !runtime.includes(d))).toEqual([]);
});

test('the package ships its licence, changelog and docs beside the README', () => {
  expect(pkg.license).toBe('Apache-2.0');
  expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'docs/collector.md']));
  // nothing of the repository beyond what `files` names (no tests, no dist/ manifests, no sources)
  // and the runtime dependencies, bundled as jsii requires of a non-jsii dependency
  const bundled = new RegExp(`^node_modules/(${pkg.bundleDependencies.join('|')})/`);
  expect(files.filter((f) => !/^(LICENSE|CHANGELOG\.md|README\.md|package\.json|\.jsii|docs\/[A-Za-z.-]+\.md|build\/(lib|imports)\/.*)$/.test(f) && !bundled.test(f))).toEqual([]);
  expect([...pkg.bundleDependencies].sort()).toEqual(Object.keys(pkg.dependencies).sort());
});

test('a consumer repo imports the package by name, type-checks and synthesizes', () => {
  const work = tempDir();
  const pkgDir = path.join(work, 'node_modules', pkg.name);
  execFileSync(process.execPath, [TSC, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(pkgDir, 'build')]);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkgDir, 'package.json'));
  // what `npm install` gives a consumer: the peers they install, the package's own dependencies
  const installed = [...Object.keys(pkg.peerDependencies), ...Object.keys(pkg.dependencies ?? {}), '@types'];
  for (const dep of installed) {
    const target = path.join(work, 'node_modules', dep);
    fs.mkdirSync(path.dirname(target), { recursive: true }); // scoped packages (@opentelemetry/api)
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), target);
  }
  fs.writeFileSync(path.join(work, 'consumer.ts'), `
import { App, Chart } from 'cdk8s';
import { TracingNamespace, TracingStorageClass, TracingNamespaceProps } from '${pkg.name}';
const app = new App();
const chart = new Chart(app, 'consumer', { disableResourceNameHashes: true });
const props: TracingNamespaceProps = { name: 'observability' };
const ns: string = new TracingNamespace(chart, 'ns', props).name;
new TracingStorageClass(chart, 'sc', { create: false, name: 'premium' });
console.log(JSON.stringify({ ns, objects: chart.toJson().length }));
`);
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', moduleResolution: 'node', types: ['node'], outDir: 'out' },
    files: ['consumer.ts'],
  }));
  execFileSync(process.execPath, [TSC, '-p', work]);
  const out = execFileSync(process.execPath, [path.join(work, 'out', 'consumer.js')], { cwd: work }).toString();
  expect(JSON.parse(out)).toEqual({ ns: 'observability', objects: 1 });

  // and a wrong prop type is a compile error in the consumer: the types really are there
  fs.writeFileSync(path.join(work, 'consumer.ts'), `import { TracingNamespaceProps } from '${pkg.name}';\nconst p: TracingNamespaceProps = { name: 42 };\nexport { p };\n`);
  let compilerOutput = '';
  try {
    execFileSync(process.execPath, [TSC, '-p', work], { stdio: 'pipe' });
  } catch (e: any) {
    compilerOutput = String(e.stdout);
  }
  expect(compilerOutput).toMatch(/not assignable to type 'string'/);

  // the README's "from another repo" example compiles against the package and synthesizes
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the constructs from another repo'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)![1];
  fs.writeFileSync(path.join(work, 'consumer.ts'), example);
  execFileSync(process.execPath, [TSC, '-p', work]);
  execFileSync(process.execPath, [path.join(work, 'out', 'consumer.js')], { cwd: work });
  const written = fs.readdirSync(path.join(work, 'dist')).sort();
  expect(written).toEqual(['0000-base.k8s.yaml', '0001-tracing.k8s.yaml', 'kustomization.yaml']);
}, 90_000);
