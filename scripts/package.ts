/**
 * `npm run package [-- python java go dotnet]`: the library for every jsii language this machine
 * has a toolchain for (or the ones named), with jsii-pacmak, into build/packages/<language>
 * (gitignored). A language named but without its toolchain is an error; one left to the default
 * is skipped with a note, an error when CI=true (CI must build what it claims to test).
 *
 * Go is generated as source (`--code-only`): its module is used through a `replace` directive by
 * its consumer (test/consumer/go), which builds it; pacmak's own `go build` would fetch the
 * cdk8s Go modules at the versions the npm dependencies name, which the module proxy may not serve.
 * Java is built with its dependencies (`--recurse`: constructs, cdk8s and cdk8s-plus-33 from
 * their npm packages, the generator of their published artifacts), as Maven Central here does
 * not serve those versions; Maven's downloads are kept in the cache between runs.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
export const PACKAGES_DIR = path.join(ROOT, 'build', 'packages');
const CACHE_DIR = process.env.CDK8S_TRACING_CACHE ?? path.join(os.homedir(), '.cache', 'cdk8s-tracing');

/** What each language's pacmak run needs besides the target (see above). */
const PACMAK_OPTIONS: Record<string, string[]> = {
  go: ['--code-only'],
  java: ['--recurse', '--maven-local-repository', path.join(CACHE_DIR, 'maven-repository')],
};

/** Each target and the programs pacmak needs to build it. */
const TOOLCHAINS: Record<string, string[]> = {
  python: ['python3'],
  java: ['java', 'mvn'],
  go: ['go'],
  dotnet: ['dotnet'],
};

const onPath = (program: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function main(): void {
  const named = process.argv.slice(2);
  for (const lang of named) {
    if (!TOOLCHAINS[lang]) throw new Error(`npm run package: no jsii target "${lang}"; use ${Object.keys(TOOLCHAINS).join(', ')}`);
  }
  const wanted = named.length ? named : Object.keys(TOOLCHAINS);
  const targets: string[] = [];
  for (const lang of wanted) {
    const missing = TOOLCHAINS[lang].filter((p) => !onPath(p));
    if (missing.length === 0) {
      targets.push(lang);
      continue;
    }
    const note = `npm run package: ${lang} needs ${missing.join(' and ')}, not found on PATH`;
    if (named.length || (process.env.CI === 'true' && lang !== 'dotnet')) throw new Error(note);
    process.stderr.write(`${note}: skipped\n`);
  }
  execFileSync('npm', ['run', 'jsii'], { cwd: ROOT, stdio: 'inherit' });
  const pacmak = path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak');
  for (const lang of targets) {
    const out = path.join(PACKAGES_DIR, lang);
    fs.rmSync(out, { recursive: true, force: true });
    const start = Date.now();
    execFileSync(pacmak, ['--targets', lang, '--outdir', PACKAGES_DIR, ...PACMAK_OPTIONS[lang] ?? []], { cwd: ROOT, stdio: 'inherit' });
    process.stderr.write(`npm run package: ${lang} in ${Math.round((Date.now() - start) / 1000)} s → ${path.relative(ROOT, out)}\n`);
  }
}

if (require.main === module) main();
