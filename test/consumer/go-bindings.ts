/**
 * The Go modules of the library's jsii dependencies (constructs, cdk8s, cdk8s-plus-33) for the Go
 * consumer test, generated from the npm packages this repository installed with jsii-pacmak, the
 * generator their published Go modules come from, so they are the TypeScript app's exact versions
 * (the Go module proxy may not serve those versions). Each module embeds its npm tarball, which
 * the jsii runtime loads. They are cached under CACHE_DIR by versions, generated into a scratch
 * directory and renamed into place, so that a cached set is always complete and two runs at once
 * do not write the same files. The Go app is then built in workspace mode, with a go.work outside
 * the repository that replaces each module path by its directory (test/consumer/go/go.mod stays
 * what a Go user writes: the requirements at their versions).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CACHE_DIR, ROOT, npmVersion } from './support';

/** The npm packages whose Go modules the library's Go module requires. */
export const GO_DEPENDENCIES = ['constructs', 'cdk8s', 'cdk8s-plus-33'];

/** A Go module on disk: its module path (from its go.mod) and its directory. */
export interface GoModule {
  readonly path: string;
  readonly dir: string;
}

/** The module a directory holds, from the `module` line of its go.mod. */
export function goModuleOf(dir: string): GoModule {
  const match = /^module\s+(\S+)/m.exec(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'));
  if (!match) throw new Error(`${path.join(dir, 'go.mod')} has no module line`);
  return { path: match[1], dir };
}

/** The cached directory of the dependencies' Go modules for these versions (it may not exist yet). */
export function bindingsDir(): string {
  const key = [...GO_DEPENDENCIES, 'jsii-pacmak'].map((pkg) => `${pkg}-${npmVersion(pkg)}`).join('+');
  return path.join(CACHE_DIR, 'go-bindings', key);
}

/**
 * The dependencies' Go modules, generated on the first call for these versions (about 15 s) and
 * reused after. Generated code only (`--code-only`): the consumer's `go build` compiles it.
 */
export function dependencyModules(): GoModule[] {
  const dir = bindingsDir();
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const scratch = fs.mkdtempSync(`${dir}.tmp-`);
    try {
      // --no-npmignore: pacmak would otherwise add a .npmignore to each package in node_modules.
      execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), [
        '--targets', 'go', '--code-only', '--no-npmignore', '--outdir', scratch,
        ...GO_DEPENDENCIES.map((pkg) => path.join(ROOT, 'node_modules', pkg)),
      ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        fs.renameSync(path.join(scratch, 'go'), dir);
      } catch (e) {
        // Another run renamed its complete set into place first: use that one.
        if (!fs.existsSync(dir)) throw e;
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return fs.readdirSync(dir).sort().map((name) => goModuleOf(path.join(dir, name)));
}

/**
 * Writes a go.work that builds `appDir`'s module with every module path in `modules` replaced by
 * its directory (all versions), and returns its path (for GOWORK). Workspace mode leaves the
 * app's go.mod and go.sum as they are; checksums Go still needs go to go.work.sum beside it.
 */
export function writeGoWork(file: string, appDir: string, modules: GoModule[]): string {
  const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');
  fs.writeFileSync(file, [
    `go ${goVersion}`,
    '',
    `use ${JSON.stringify(appDir)}`,
    '',
    'replace (',
    ...modules.map((m) => `\t${m.path} => ${JSON.stringify(m.dir)}`),
    ')',
    '',
  ].join('\n'));
  return file;
}
