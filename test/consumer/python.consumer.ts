/**
 * The library as a Python user gets it: the wheel `npm run package -- python` built, installed
 * into a virtualenv beside cdk8s, cdk8s-plus-33 and constructs from PyPI at the versions the
 * TypeScript app uses. The second team's app written in Python (test/consumer/python/app.py)
 * synthesizes YAML byte-identical to the TypeScript app's; a bad prop gets the library's own message.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JaegerStack } from '../../lib';
import { testChart } from '../support/synth';
import { CACHE_DIR, expectQuickStartStack, expectSameAsTypeScript, jsiiEnv, libraryVersion, npmVersion, packagesOf, readmeQuickStart } from './support';

const PYTHON_APP = path.join(__dirname, 'python');
let work: string;
let python: string;

/**
 * A virtualenv with the library's dependencies pinned to the TypeScript app's versions (the jsii
 * runtime to the jsii-pacmak that built the wheel), cached by those pins; made complete or not at all.
 */
function virtualenv(): string {
  const pins = [`cdk8s==${npmVersion('cdk8s')}`, `cdk8s-plus-33==${npmVersion('cdk8s-plus-33')}`, `constructs==${npmVersion('constructs')}`,
    `jsii==${npmVersion('jsii-pacmak')}`];
  const venv = path.join(CACHE_DIR, `venv-consumer-${createHash('sha256').update(pins.join('\n')).digest('hex').slice(0, 12)}`);
  const ready = path.join(venv, '.complete');
  if (!fs.existsSync(ready)) {
    fs.rmSync(venv, { recursive: true, force: true });
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(path.join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...pins], { stdio: 'inherit' });
    fs.writeFileSync(ready, pins.join('\n'));
  }
  return path.join(venv, 'bin', 'python');
}

beforeAll(() => {
  const wheel = path.join(packagesOf('python'), `cdk8s_tracing-${libraryVersion()}-py3-none-any.whl`);
  if (!fs.existsSync(wheel)) throw new Error(`${wheel} is missing: run \`npm run package -- python\``);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-python-'));
  python = virtualenv();
  // This build of the library, over whatever an earlier run installed.
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--force-reinstall', wheel], { stdio: 'inherit' });
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the Python app synthesizes YAML byte-identical to the TypeScript app\'s', () => {
  const [py, ts] = [path.join(work, 'python-dist'), path.join(work, 'typescript-dist')];
  execFileSync(python, [path.join(PYTHON_APP, 'app.py'), py], { cwd: work, env: jsiiEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
  expectSameAsTypeScript(py, ts);
}, 300_000);

test('the README\'s Python quick start runs and puts the stack in the Chart\'s namespace', () => {
  const quickStart = readmeQuickStart('python');
  const dir = path.join(work, 'quickstart');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'main.py'), quickStart);
  execFileSync(python, ['main.py'], { cwd: dir, env: jsiiEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
  expectQuickStartStack(path.join(dir, 'dist', 'tracing.k8s.yaml'));
}, 120_000);

test('a bad prop gets the library\'s own message in Python, as in TypeScript', () => {
  let message = '';
  try {
    new JaegerStack(testChart(), 'jaeger', { retention: '3 days' });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^JaegerStack "jaeger": invalid prop "retention" = "3 days": /);
  const printed = execFileSync(python, [path.join(PYTHON_APP, 'bad_prop.py')], { cwd: work, env: jsiiEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  expect(printed.trim()).toBe(message);
}, 120_000);
