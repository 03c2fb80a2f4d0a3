/**
 * How the harness builds the pinned programs: from published Go modules into a cache outside the
 * repository (one build at a time: see withBuildLock in binaries.ts).
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where binaries and build trees live: `$CDK8S_TRACING_CACHE`, else `~/.cache/cdk8s-tracing`. */
export const CACHE_DIR = process.env.CDK8S_TRACING_CACHE ?? path.join(os.homedir(), '.cache', 'cdk8s-tracing');
export const BIN_DIR = path.join(CACHE_DIR, 'bin');
export const WORK_DIR = path.join(CACHE_DIR, 'work');

/** Modules the checksum database (as reached from here) has no entry for; the proxy's hash is used. */
const NO_SUMDB = ['github.com/open-telemetry/opentelemetry-collector-contrib/extension/jaegerremotesampling'];

/** A program the harness can run, by the image that would run it in a cluster. */
export interface Binary {
  /** The image repository this binary stands in for. */
  readonly image: string;
  /** Cached executable. */
  readonly path: string;
  /** The version that really runs. */
  readonly runs: string;
  build(): void;
}

export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CGO_ENABLED: '0', // static binaries, like the released images
    GONOSUMDB: NO_SUMDB.join(','),
  };
}

export function run(cmd: string, args: string[], cwd: string, env = goEnv()): void {
  execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

export function sha(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 12);
}

export function step(name: string, fn: () => void): void {
  const start = Date.now();
  process.stderr.write(`[e2e build] ${name} ...\n`);
  const timer = setInterval(() => process.stderr.write(`[e2e build] ${name}: ${Math.round((Date.now() - start) / 1000)} s\n`), 30_000);
  try {
    fn();
  } finally {
    clearInterval(timer);
  }
  process.stderr.write(`[e2e build] ${name} done in ${Math.round((Date.now() - start) / 1000)} s\n`);
}

/** One package of a published module, built in a throwaway module that requires it. */
export interface ModuleBuild {
  /** The module required, at `version`. */
  readonly require: string;
  readonly version: string;
  /** The package built (`.` when `extraFiles` hold the main package). */
  readonly pkg: string;
  /** Its replace directives, read at build time (reading them may download the module). */
  readonly replaces?: () => string[];
  /** Files of the throwaway module; by default a tools.go importing `pkg`. */
  readonly extraFiles?: Record<string, string>;
  readonly tags?: string[];
  /**
   * Resolve the dependencies by `go get` of the package alone, not `go mod tidy`: tidy also
   * resolves every dependency's tests, which for some modules (the prometheus-operator's) meets
   * an ambiguous import no build of theirs would.
   */
  readonly getOnly?: boolean;
}

/** A program built from a published module into the cache as `file`, described as `what` while it builds. */
export function moduleProgram(p: ModuleBuild & { image: string; file: string; runs: string; what: string }): Binary {
  const out = path.join(BIN_DIR, p.file);
  return {
    image: p.image,
    path: out,
    runs: p.runs,
    build() {
      step(`${p.what} (module ${p.require} ${p.version}${p.tags ? `, tags ${p.tags.join(',')}` : ''})`, () => buildFromModule(p, path.join(WORK_DIR, p.image), out));
    },
  };
}

function buildFromModule(b: ModuleBuild, dir: string, out: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const replaces = b.replaces?.() ?? [];
  const replace = replaces.length ? `\nreplace (\n${replaces.map((r) => `\t${r}`).join('\n')}\n)\n` : '';
  fs.writeFileSync(path.join(dir, 'go.mod'), `module e2e/${path.basename(dir)}\n\ngo 1.24.0\n\nrequire ${b.require} ${b.version}\n${replace}`);
  if (b.getOnly) {
    run('go', ['get', `${b.pkg}@${b.version}`], dir);
  } else {
    const files = b.extraFiles ?? { 'tools.go': `//go:build tools\n\npackage tools\n\nimport _ "${b.pkg}"\n` };
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    run('go', ['mod', 'tidy'], dir);
  }
  const tmp = `${out}.tmp`;
  run('go', ['build', '-ldflags=-s -w', ...(b.tags ? [`-tags=${b.tags.join(',')}`] : []), '-o', tmp, b.pkg], dir);
  fs.renameSync(tmp, out);
}

/**
 * A program by `go install package@version`: the release's own go.mod and go.sum (the module
 * must have no replace directives, which `@version` refuses), rather than a throwaway module tidied
 * around a tools.go, whose `go mod tidy` would also resolve every dependency's tests.
 */
export function goInstalled(opts: {
  image: string; pkg: string; version: string; what: string;
  /** The executable `go install` writes (the package's last path element, without a /vN). */
  program: string;
  /** @default '-s -w' (a different value, e.g. a version stamp, is part of the cache key) */
  ldflags?: string;
}): Binary {
  const ldflags = opts.ldflags ?? '-s -w';
  const out = path.join(BIN_DIR, `${opts.program}-${opts.version}${opts.ldflags ? `-${sha(opts.ldflags)}` : ''}`);
  return {
    image: opts.image,
    path: out,
    runs: opts.version,
    build() {
      step(`${opts.what} ${opts.version} (${opts.pkg})`, () => {
        const gobin = path.join(WORK_DIR, opts.program);
        fs.rmSync(gobin, { recursive: true, force: true });
        fs.mkdirSync(gobin, { recursive: true });
        run('go', ['install', `-ldflags=${ldflags}`, `${opts.pkg}@${opts.version}`], CACHE_DIR, { ...goEnv(), GOBIN: gobin });
        fs.renameSync(path.join(gobin, opts.program), out);
      });
    },
  };
}

/**
 * A Go program of this repository (its own module: go.mod, main.go, and go.sum when it has
 * dependencies), built as committed (`-mod=readonly`: go.sum pins every dependency) and cached
 * by those files.
 */
export function repoGoProgram(opts: { dir: string; image: string; name: string; what: string; runs: string }): Binary {
  const files = ['go.mod', 'go.sum', 'main.go'].filter((f) => fs.existsSync(path.join(opts.dir, f))).map((f) => fs.readFileSync(path.join(opts.dir, f), 'utf8'));
  const out = path.join(BIN_DIR, `${opts.name}-${sha(...files)}`);
  return {
    image: opts.image,
    path: out,
    runs: opts.runs,
    build() {
      step(opts.what, () => {
        const tmp = `${out}.tmp`;
        run('go', ['build', '-mod=readonly', '-buildvcs=false', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'], opts.dir);
        fs.renameSync(tmp, out);
      });
    },
  };
}

/** A module's directory in the Go module cache (downloaded when missing). */
export function moduleDir(module: string, version: string): string {
  return JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], { cwd: CACHE_DIR, env: goEnv(), encoding: 'utf8' })).Dir;
}

/**
 * The replace directives of a module's go.mod that point at other module versions (`go install
 * @version` refuses a module with any, so a throwaway module requiring it repeats them); those
 * pointing inside its own tree need no repeating, the required module brings those packages.
 */
export function moduleReplaces(module: string, version: string): string[] {
  const gomod = fs.readFileSync(path.join(moduleDir(module, version), 'go.mod'), 'utf8');
  const lines = [...gomod.matchAll(/^replace\s*\(([^)]*)\)/gm)].flatMap((m) => m[1].split('\n'))
    .concat([...gomod.matchAll(/^replace\s+([^(\n].*)$/gm)].map((m) => m[1]));
  return lines.map((l) => l.replace(/\/\/.*/, '').trim()).filter((l) => l.includes('=>') && !/=>\s*\./.test(l));
}
