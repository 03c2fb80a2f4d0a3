/**
 * The library as a Go user gets it: the module `npm run package -- go` generated
 * (github.com/cdk8s-tracing/cdk8s-tracing-go/cdk8stracing), built with the Go modules of cdk8s,
 * cdk8s-plus-33 and constructs at the TypeScript app's versions (generated from their npm
 * packages, see go-bindings.ts). The second team's app written in Go (test/consumer/go) synthesizes
 * YAML byte-identical to the TypeScript app's; a bad prop gets the library's own message.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { JaegerStack, JaegerStorage } from '../../lib';
import { dependencyModules, goModuleOf, GoModule, writeGoWork } from './go-bindings';
import { expectQuickStartStack, expectSameAsTypeScript, jsiiEnv, libraryVersion, npmVersion, packagesOf, readmeQuickStart } from './support';

const GO_APP = path.join(__dirname, 'go');
let work: string;
let library: GoModule;
let dependencies: GoModule[];

beforeAll(() => {
  library = goModuleOf(path.join(packagesOf('go'), 'cdk8stracing'));
  dependencies = dependencyModules();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-go-'));
  const goWork = writeGoWork(path.join(work, 'go.work'), GO_APP, [library, ...dependencies]);
  // Both programs into the work dir; Go's build cache makes a second run take seconds.
  execFileSync('go', ['build', '-buildvcs=false', '-o', path.join(work, 'bin') + path.sep, '.', './badprop'],
    { cwd: GO_APP, env: { ...process.env, GOWORK: goWork }, stdio: ['ignore', 'inherit', 'inherit'] });
}, 600_000);

/**
 * Runs one of the Go programs, returning what it printed. Its stderr is passed on without the jsii
 * Go runtime's "Runtime process exited abnormally: waitid: no child processes", which it prints
 * now and then after a clean exit (its reaper and `jsii.Close()` both wait for the Node process).
 */
function runGo(program: string, args: string[]): string {
  const result = spawnSync(path.join(work, 'bin', program), args, { cwd: work, env: jsiiEnv(), encoding: 'utf8' });
  if (result.error) throw result.error;
  process.stderr.write(result.stderr.replace(/Runtime process exited abnormally: waitid: no child processes\n?/g, ''));
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the Go modules embed the library at its version and the TypeScript app\'s cdk8s, cdk8s-plus-33 and constructs; the app\'s go.mod requires those', () => {
  const loaded = Object.fromEntries([library, ...dependencies].map((m) => {
    // The npm package and version each module's loader hands the jsii runtime with its tarball.
    const [, pkg, version] = /_jsii_\.Load\("([^"]+)", "([^"]+)"/.exec(fs.readFileSync(path.join(m.dir, 'jsii', 'jsii.go'), 'utf8'))!;
    return [pkg, { module: m.path, version }];
  }));
  expect(Object.fromEntries(Object.entries(loaded).map(([pkg, { version }]) => [pkg, version]))).toEqual({
    'cdk8s-tracing': libraryVersion(), 'cdk8s': npmVersion('cdk8s'), 'cdk8s-plus-33': npmVersion('cdk8s-plus-33'), 'constructs': npmVersion('constructs'),
  });
  const goMod = fs.readFileSync(path.join(GO_APP, 'go.mod'), 'utf8');
  expect(Object.fromEntries([...goMod.matchAll(/^\s+(\S+)\s+v(\S+)$/gm)].map(([, module, version]) => [module, version]))).toEqual({
    [loaded['cdk8s-tracing'].module]: libraryVersion(),
    [loaded.cdk8s.module]: npmVersion('cdk8s'),
    [loaded['cdk8s-plus-33'].module]: npmVersion('cdk8s-plus-33'),
    // The runtime the generated modules require: jsii-pacmak's own version.
    'github.com/aws/jsii-runtime-go': npmVersion('jsii-pacmak'),
  });
});

test('the Go app synthesizes YAML byte-identical to the TypeScript app\'s', () => {
  const [go, ts] = [path.join(work, 'go-dist'), path.join(work, 'typescript-dist')];
  runGo('team-b-tracing', [go]);
  expectSameAsTypeScript(go, ts);
}, 300_000);

test('a bad prop gets the library\'s own message in Go (a panic the app recovers), as in TypeScript', () => {
  // The same props as test/consumer/go/badprop, in TypeScript.
  let message = '';
  try {
    const chart = new Chart(new App({ outdir: path.join(work, 'typescript-bad') }), 'observability', { namespace: 'team-b-obs', disableResourceNameHashes: true });
    new JaegerStack(chart, 'jaeger', {
      storage: JaegerStorage.opensearch({
        serverUrls: ['https://opensearch.logging.svc:9200'],
        credentials: { secretName: 'jaeger-opensearch', usernameKey: 'username', passwordKey: 'password' },
      }),
      retention: '3 days',
    });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^JaegerStack "jaeger": invalid prop "retention" = "3 days": /);
  expect(runGo('badprop', [path.join(work, 'go-bad')])).toBe(`${message}\n`);
  expect(fs.existsSync(path.join(work, 'go-bad'))).toBe(false);
}, 120_000);

test('the README\'s Go quick start builds, runs and puts the stack in the Chart\'s namespace', () => {
  const quickStart = readmeQuickStart('go');
  const app = path.join(work, 'quickstart');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'main.go'), quickStart);
  // The team's go.mod and go.sum, under another module name: the same requires.
  fs.writeFileSync(path.join(app, 'go.mod'), fs.readFileSync(path.join(GO_APP, 'go.mod'), 'utf8').replace(/^module .*$/m, 'module quickstart'));
  fs.copyFileSync(path.join(GO_APP, 'go.sum'), path.join(app, 'go.sum'));
  const goWork = writeGoWork(path.join(work, 'quickstart.work'), app, [library, ...dependencies]);
  execFileSync('go', ['build', '-buildvcs=false', '-o', path.join(work, 'bin', 'quickstart'), '.'],
    { cwd: app, env: { ...process.env, GOWORK: goWork }, stdio: ['ignore', 'inherit', 'inherit'] });
  const result = spawnSync(path.join(work, 'bin', 'quickstart'), [], { cwd: app, env: jsiiEnv(), encoding: 'utf8' });
  expect(result.status).toBe(0);
  expectQuickStartStack(path.join(app, 'dist', 'tracing.k8s.yaml'));
}, 300_000);
