/**
 * The node tier's images: the harness's cached binaries laid out as the released images lay them
 * out (entrypoint path, user, certificates), tagged exactly as dist/ names them, written as docker
 * archives for containerd to import. Pods keep their real image references. What differs from the
 * released image is listed in `IMAGE_DIFFERENCES` (and in the substitutions).
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Images } from '../../../lib/k8s/images';
import { Binary, CACHE_DIR, PROMETHEUS_VERSION } from '../../e2e/harness/binaries';
import { PROMETHEUS_OPERATOR_VERSION } from '../../e2e/harness/controller-binaries';
import { COREDNS_VERSION } from '../../e2e/harness/kubernetes-binaries';

/** The sandbox image containerd's CRI is configured with (harness/node.ts). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const COREDNS_IMAGE = `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`;
/** What kube-prometheus-stack runs: the operator's Prometheus and the config reloader beside it. */
export const PROMETHEUS_IMAGE = `quay.io/prometheus/prometheus:v${PROMETHEUS_VERSION}`;
export const CONFIG_RELOADER_IMAGE = `quay.io/prometheus-operator/prometheus-config-reloader:${PROMETHEUS_OPERATOR_VERSION}`;
/** The local-path provisioner's helper (its default is busybox): Debian's static busybox; never pulled, only imported. */
export const BUSYBOX_IMAGE = 'localhost/cdk8s-tracing/busybox:1';
/** The tier's app and neighbour stand-in (test/node/probe); never pulled, only imported. */
export const PROBE_IMAGE = 'localhost/cdk8s-tracing/node-probe:1';

const CA_CERTIFICATES = '/etc/ssl/certs/ca-certificates.crt';
const CAP_NET_BIND_SERVICE = 10;

interface FileEntry { readonly src: string; readonly dst: string; readonly mode?: number }

/** One image: what the image builder (test/node/image-builder) takes, but with binaries by image key. */
interface ImageLayout {
  readonly tag: string;
  /** The binary (by the harness's image key) and where the released image has it. */
  readonly binary: string;
  readonly at: string;
  /** File capabilities of the binary (bit numbers), as the released image's `setcap` gives them. */
  readonly capabilities?: number[];
  readonly entrypoint: string[];
  readonly cmd?: string[];
  readonly user: string;
  readonly env?: string[];
  readonly files?: FileEntry[];
  readonly dirs?: Array<{ dst: string; mode: number }>;
}

const ref = (image: { repository: string; tag: string }): string => `${image.repository}:${image.tag}`;

/**
 * The layouts, from each project's Dockerfile at the pinned version: the Collector's
 * (opentelemetry-collector-releases distributions/otelcol-contrib/Dockerfile: scratch, CA
 * certificates, /otelcol-contrib, user 10001), Jaeger's (cmd/jaeger/Dockerfile on its alpine base:
 * /cmd/jaeger/jaeger-linux, user 10001, JAEGER_LISTEN_HOST, a /tmp volume), CoreDNS's
 * (distroless static, /coredns with cap_net_bind_service, nonroot 65532), pause's (/pause, 65535),
 * Prometheus's and the config reloader's (on busybox: /bin/<program>, user nobody); the
 * provisioner's helper is a busybox of the tier's own.
 */
export const IMAGE_LAYOUTS: readonly ImageLayout[] = [
  { tag: PAUSE_IMAGE, binary: 'pause', at: '/pause', entrypoint: ['/pause'], user: '65535:65535' },
  {
    tag: ref(Images.OTEL_COLLECTOR), binary: Images.OTEL_COLLECTOR.repository, at: '/otelcol-contrib', user: '10001:10001',
    entrypoint: ['/otelcol-contrib'], cmd: ['--config', '/etc/otelcol-contrib/config.yaml'],
    files: [{ src: CA_CERTIFICATES, dst: CA_CERTIFICATES }],
  },
  {
    tag: ref(Images.JAEGER), binary: Images.JAEGER.repository, at: '/cmd/jaeger/jaeger-linux', user: '10001',
    entrypoint: ['/cmd/jaeger/jaeger-linux'], env: ['JAEGER_LISTEN_HOST=0.0.0.0'],
    files: [{ src: CA_CERTIFICATES, dst: CA_CERTIFICATES }, { src: '/etc/mime.types', dst: '/etc/mime.types' }],
    dirs: [{ dst: '/tmp', mode: 0o1777 }],
  },
  {
    tag: PROBE_IMAGE, binary: 'probe', at: '/probe', entrypoint: ['/probe'], user: '65532:65532',
  },
  {
    // CoreDNS's Dockerfile: `setcap cap_net_bind_service=+ep /coredns`, so nonroot binds :53.
    tag: COREDNS_IMAGE, binary: 'coredns', at: '/coredns', capabilities: [CAP_NET_BIND_SERVICE], entrypoint: ['/coredns'], user: '65532:65532',
    files: [{ src: CA_CERTIFICATES, dst: CA_CERTIFICATES }],
  },
  {
    tag: PROMETHEUS_IMAGE, binary: 'prometheus-kubernetes-sd', at: '/bin/prometheus', user: '65534',
    entrypoint: ['/bin/prometheus'], cmd: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
    files: [{ src: CA_CERTIFICATES, dst: CA_CERTIFICATES }],
  },
  {
    // What the provisioner's helper scripts run: a shell, mkdir and rm (busybox picks the applet by its name).
    tag: BUSYBOX_IMAGE, binary: 'busybox', at: '/bin/busybox', user: '0:0', entrypoint: ['/bin/sh'],
    files: ['sh', 'mkdir', 'rm'].map((applet) => ({ src: '/bin/busybox', dst: `/bin/${applet}`, mode: 0o755 })),
  },
  { tag: CONFIG_RELOADER_IMAGE, binary: 'prometheus-config-reloader', at: '/bin/prometheus-config-reloader', user: '65534', entrypoint: ['/bin/prometheus-config-reloader'] },
];

/** How these images differ from the released ones (each is a substitution entry). */
export const IMAGE_DIFFERENCES = [
  'Jaeger: no alpine userland (the released image has busybox and a shell); no default sampling-strategies.json',
  'Collector: no default /etc/otelcol-contrib/config.yaml (dist/ always passes --config)',
  'pause: a Go program of the tier (test/node/pause), not the C one',
  'Prometheus and its config reloader: no busybox userland; Prometheus built with Kubernetes, file and HTTP service discovery only, and no default /etc/prometheus/prometheus.yml (the operator passes its own)',
];

/** Docker archives of every layout, built by the image builder into the cache (keyed by content), for `ctr images import`. */
export function buildImages(binaries: Map<string, Binary>): string[] {
  const dir = path.join(CACHE_DIR, 'images');
  fs.mkdirSync(dir, { recursive: true });
  const builder = binaries.get('image-builder');
  if (!builder) throw new Error('node: no image-builder binary');
  return IMAGE_LAYOUTS.map((layout) => {
    const binary = binaries.get(layout.binary);
    if (!binary) throw new Error(`node: no ${layout.binary} binary for image ${layout.tag}`);
    const spec = {
      tag: layout.tag, entrypoint: layout.entrypoint, cmd: layout.cmd, user: layout.user, env: layout.env,
      files: [{ src: binary.path, dst: layout.at, mode: 0o755, capabilities: layout.capabilities }, ...(layout.files ?? [])], dirs: layout.dirs ?? [],
    };
    const key = createHash('sha256').update(JSON.stringify(spec)).update(builder.path).digest('hex').slice(0, 12);
    const out = path.join(dir, `${layout.tag.replace(/[^a-zA-Z0-9.-]+/g, '_')}-${key}.tar`);
    if (!fs.existsSync(out)) {
      const specFile = `${out}.json`;
      fs.writeFileSync(specFile, JSON.stringify({ ...spec, out: `${out}.tmp` }));
      execFileSync(builder.path, [specFile], { stdio: ['ignore', 'inherit', 'inherit'] });
      fs.renameSync(`${out}.tmp`, out);
      fs.rmSync(specFile);
    }
    return out;
  });
}

/** The image keys buildImages needs, for ensureBinaries. */
export function imageBinaries(): string[] {
  return ['image-builder', ...IMAGE_LAYOUTS.map((l) => l.binary)];
}
