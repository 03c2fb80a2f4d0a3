/**
 * The library as a Java user gets it: the Maven package `npm run package -- java` built, taken
 * from that folder as a Maven repository beside cdk8s, cdk8s-plus-33, constructs and the jsii
 * runtime at the versions the TypeScript app uses. The second team's app written in Java
 * (test/consumer/java) compiles against it and synthesizes YAML byte-identical to the TypeScript
 * app's; a bad prop gets the library's own message.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { JaegerStack } from '../../lib';
import { removeScratch, testChart } from '../support/synth';
import { CACHE_DIR, expectQuickStartStack, expectSameAsTypeScript, jsiiEnv, libraryVersion, npmVersion, packagesOf, readmeQuickStart } from './support';

const JAVA_APP = path.join(__dirname, 'java');
/** Maven's local repository: what it downloads, kept between runs. */
const MAVEN_REPOSITORY = path.join(CACHE_DIR, 'maven-repository');
let work: string;
let classpath: string;

/** Every artifact of a Maven repository, as `group/path/artifact/version` folders relative to it. */
function artifacts(repository: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.pom'))) found.push(path.relative(repository, dir));
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
  };
  walk(repository);
  return found;
}

/**
 * Runs a class of the Java app with the jsii runtime's environment; its standard output. The JVM's
 * temporary directory is in the work directory: the jsii runtime leaves a folder there per run.
 */
function java(mainClass: string, ...args: string[]): string {
  const tmp = fs.mkdtempSync(path.join(work, 'jvm-tmp-'));
  return execFileSync('java', [`-Djava.io.tmpdir=${tmp}`, '-cp', classpath, mainClass, ...args],
    { cwd: work, env: jsiiEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

beforeAll(() => {
  const packages = packagesOf('java');
  const version = libraryVersion();
  const jar = path.join(packages, 'io', 'github', 'cdk8s-tracing', 'cdk8s-tracing', version, `cdk8s-tracing-${version}.jar`);
  if (!fs.existsSync(jar)) throw new Error(`${jar} is missing: run \`npm run package -- java\``);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-java-'));
  // Built in a copy: Maven writes target/ beside the pom.
  const project = path.join(work, 'project');
  fs.cpSync(JAVA_APP, project, { recursive: true, filter: (src) => path.basename(src) !== 'target' });
  // The README's Java quick start, compiled with the app.
  fs.writeFileSync(path.join(project, 'src', 'main', 'java', 'Main.java'), readmeQuickStart('java'));
  // This build of the packages, never the copy an earlier run left in the local repository:
  // Maven does not look again for a release version it has.
  for (const artifact of artifacts(packages)) fs.rmSync(path.join(MAVEN_REPOSITORY, artifact), { recursive: true, force: true });
  // Quiet Maven prints its errors alone, on standard output: they are the failure's message.
  try {
    execFileSync('mvn', [
      '--batch-mode', '--quiet', `-Dmaven.repo.local=${MAVEN_REPOSITORY}`,
      `-Dpackages.url=${pathToFileURL(packages).href}`, `-Dcdk8s-tracing.version=${version}`,
      `-Dcdk8s.version=${npmVersion('cdk8s')}`, `-Dcdk8s-plus.version=${npmVersion('cdk8s-plus-33')}`,
      `-Dconstructs.version=${npmVersion('constructs')}`, `-Djsii.version=${npmVersion('jsii-pacmak')}`,
      'compile', 'dependency:build-classpath', '-Dmdep.outputFile=classpath.txt',
    ], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`the Java app did not build:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  classpath = [path.join(project, 'target', 'classes'), fs.readFileSync(path.join(project, 'classpath.txt'), 'utf8').trim()].join(path.delimiter);
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
  removeScratch();
});

test('the Java app synthesizes YAML byte-identical to the TypeScript app\'s', () => {
  const [javaOut, ts] = [path.join(work, 'java-dist'), path.join(work, 'typescript-dist')];
  java('com.example.teamb.App', javaOut);
  expectSameAsTypeScript(javaOut, ts);
}, 300_000);

test('a bad prop gets the library\'s own message in Java, as in TypeScript', () => {
  let message = '';
  try {
    new JaegerStack(testChart(), 'jaeger', { retention: '3 days' });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^JaegerStack "jaeger": invalid prop "retention" = "3 days": /);
  expect(java('com.example.teamb.BadProp').trim()).toBe(message);
}, 120_000);

test('the README\'s Java quick start compiles, runs and puts the stack in the Chart\'s namespace', () => {
  java('Main');
  expectQuickStartStack(path.join(work, 'dist', 'tracing.k8s.yaml'));
}, 120_000);
