/**
 * What the consumer tests in other languages share: the TypeScript consumer app's output (the
 * reference every language's app must equal byte for byte), the packages `npm run package`
 * built, and a tool cache outside the repository for their virtualenvs and build trees.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isClusterScoped } from '../../lib/validation/manifest';
import { parseManifests } from '../support/synth';

export const ROOT = path.join(__dirname, '..', '..');
/** The second team's app in TypeScript, the one the other languages translate. */
export const TYPESCRIPT_APP = path.join(__dirname, 'app', 'main.ts');
/** Where `npm run package` leaves each language's package. */
export const PACKAGES_DIR = path.join(ROOT, 'build', 'packages');
/** Per-machine caches (virtualenvs, Maven and Go build trees): `$CDK8S_TRACING_CACHE`, else `~/.cache/cdk8s-tracing`. */
export const CACHE_DIR = process.env.CDK8S_TRACING_CACHE ?? path.join(os.homedir(), '.cache', 'cdk8s-tracing');

/** The version of an npm dependency as this repository installed it (the other languages pin the same). */
export function npmVersion(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** The library's own version (package.json), which every language's package carries. */
export function libraryVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
}

/** A language's package folder, with a clear error when `npm run package` has not built it. */
export function packagesOf(language: string): string {
  const dir = path.join(PACKAGES_DIR, language);
  if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) {
    throw new Error(`no ${language} package in ${path.relative(ROOT, dir)}: run \`npm run package -- ${language}\` first`);
  }
  return dir;
}

/**
 * Synthesizes the TypeScript consumer app into `outdir` from this checkout's lib/ (its
 * `cdk8s-tracing` import mapped by a tsconfig `paths` entry), run the way its cdk8s.yaml says.
 */
export function synthesizeTypeScriptApp(outdir: string): void {
  const tsconfig = path.join(path.dirname(outdir), `tsconfig-${path.basename(outdir)}.json`);
  fs.writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: { baseUrl: ROOT, paths: { 'cdk8s-tracing': ['lib/index.ts'] }, module: 'commonjs', target: 'ES2022', strict: true },
  }));
  execFileSync(process.execPath, ['--require', 'tsx/cjs', TYPESCRIPT_APP, outdir],
    { cwd: ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig }, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Every file an app wrote into `dir`, by name. */
export function outputFiles(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/**
 * The first line where two outputs differ, per file (`[]` when byte-identical), so that a
 * failure names the object instead of dumping two manifests.
 */
export function differences(actual: Record<string, string>, expected: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  return names.flatMap((name) => {
    const [a, e] = [actual[name], expected[name]];
    if (a === e) return [];
    if (a === undefined || e === undefined) return [`${name}: ${a === undefined ? 'missing' : 'not in the TypeScript app\'s output'}`];
    const [al, el] = [a.split('\n'), e.split('\n')];
    const line = al.findIndex((l, i) => l !== el[i]);
    const at = line === -1 ? el.length : line;
    return [`${name} line ${at + 1}: ${JSON.stringify(al[at])} where TypeScript wrote ${JSON.stringify(el[at])}`];
  });
}

/**
 * The environment for a jsii program (a Python, Java or Go app runs the library in a Node child
 * process): the jsii runtime's banner about Node 20's end of life (it prints one per process)
 * silenced, since these machines run Node 20; the README says so once.
 */
export function jsiiEnv(): NodeJS.ProcessEnv {
  return { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
}

/** The README's quick start for a language: the first fenced block of it under "Other languages". */
export function readmeQuickStart(language: 'python' | 'java' | 'go'): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(readme.slice(readme.indexOf('### Other languages')))![1];
}

/** A quick start's output (`tracing.k8s.yaml`): the stack's workloads and monitors, all in the Chart's namespace. */
export function expectQuickStartStack(file: string): void {
  const objects = parseManifests([fs.readFileSync(file, 'utf8')]);
  expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['StatefulSet', 'DaemonSet', 'PodMonitor', 'PrometheusRule']));
  expect(objects.filter((o) => !isClusterScoped(o.kind) && o.metadata.namespace !== 'observability').map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
}

/** Another language's output of the second team's app equals, byte for byte, the TypeScript app's (synthesized into `typescriptDir`). */
export function expectSameAsTypeScript(dir: string, typescriptDir: string): void {
  synthesizeTypeScriptApp(typescriptDir);
  const files = outputFiles(dir);
  expect(Object.keys(files)).toEqual(['observability.k8s.yaml', 'shop.k8s.yaml']);
  expect(files['observability.k8s.yaml'].split('\n---\n').length).toBeGreaterThan(40);
  expect(differences(files, outputFiles(typescriptDir))).toEqual([]);
}
