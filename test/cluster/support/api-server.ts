/**
 * The cluster tier's API server: the e2e harness's control plane (etcd and kube-apiserver built
 * from their Go modules, RBAC and the default admission plugins, PodSecurity among them) on
 * loopback, with helpers that apply objects the way Argo CD and Flux do and report everything
 * Kubernetes said about them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBinaries } from '../../e2e/harness/binaries';
import { ControlPlane, freePorts } from '../../e2e/harness/control-plane';
import { POD_SECURITY_VERSION } from '../../../lib/foundation/tracing-namespace';

/** The CRDs the library's custom resources are generated from (crds/README.md). */
const CRDS = ['prometheus-operator-crds.yaml', 'cert-manager-crds.yaml', 'gateway-api-crds.yaml'].map((f) => path.join(__dirname, '..', '..', '..', 'crds', f));
export const FIELD_MANAGER = 'cdk8s-tracing-cluster-test';

/** What the API server answered to one apply. */
export interface ApplyOutcome {
  /** kubectl's exit status: non-zero when any object was refused. */
  readonly status: number;
  /** `Error from server ...` lines: one per refused object. */
  readonly errors: string[];
  /** `Warning: ...` lines (PodSecurity on pod templates, deprecations, unknown fields). */
  readonly warnings: string[];
  /** What was applied, one line per object (`kind/name serverside-applied`). */
  readonly applied: string[];
}

export function objectRef(o: any): string {
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
}

export class ApiServer {
  private constructor(readonly plane: ControlPlane, private readonly dir: string) {}

  /** Builds what is missing (etcd, kube-apiserver, kubectl), starts them, installs the vendored CRDs. */
  static async start(): Promise<ApiServer> {
    const binaries = ensureBinaries(['etcd', 'kube-apiserver', 'kubectl']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-cluster-'));
    const plane = new ControlPlane(binaries, dir, { host: '127.0.0.1', port: (await freePorts(1))[0] });
    try {
      await plane.start();
    } catch (e) {
      await plane.stop();
      throw e;
    }
    const server = new ApiServer(plane, dir);
    server.installCrds();
    return server;
  }

  async stop(): Promise<void> {
    await this.plane.stop();
    if (!process.env.CLUSTER_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The vendored CRDs (prometheus-operator, cert-manager), installed for real and Established. */
  private installCrds(): void {
    this.plane.kubectl(['apply', '--server-side', '--field-manager=cluster-admin', ...CRDS.flatMap((f) => ['-f', f])]);
    this.plane.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  }

  /**
   * Creates (or labels) namespaces that enforce the restricted Pod Security Standard, as a
   * cluster whose admins require it would have them.
   */
  restrictedNamespaces(names: Iterable<string>, opts: { clientSide?: boolean } = {}): void {
    // The version a dedicated TracingNamespace enforces itself: an output that labels its own
    // Namespace so co-owns these labels with the admin instead of conflicting with them.
    const labels = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': POD_SECURITY_VERSION };
    for (const name of new Set(names)) {
      if (opts.clientSide) {
        // As an admin would with kubectl: created with its last-applied annotation, so a later
        // client-side apply of the stack's Namespace merges into it, then labelled (which that
        // merge keeps, the label not being in the annotation).
        if (!this.get('namespace', name)) this.plane.kubectl(['create', 'namespace', name, '--save-config']);
        this.plane.kubectl(['label', '--overwrite', 'namespace', name, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
      } else {
        const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
        this.plane.kubectl(['apply', '--server-side', '--field-manager=cluster-admin', '-f', '-'], JSON.stringify(ns));
      }
    }
  }

  /**
   * Applies every object in one request stream: server-side as Flux and Argo CD
   * (ServerSideApply=true) do, or client-side as `kubectl apply` and Argo CD by default do. `dryRun` sends `dryRun=All`: admission and validation run, nothing is stored.
   */
  apply(objects: readonly any[], opts: { dryRun?: boolean; fieldManager?: string; clientSide?: boolean } = {}): ApplyOutcome {
    // Client-side apply is Argo CD's default: kubectl keeps the whole object in the
    // last-applied-configuration annotation, which the API server limits to 256 KiB.
    const args = opts.clientSide
      ? ['apply', '-f', '-']
      : ['apply', '--server-side', `--field-manager=${opts.fieldManager ?? FIELD_MANAGER}`, '-f', '-'];
    if (opts.dryRun) args.push('--dry-run=server');
    const r = this.plane.kubectlResult(args, objects.map((o) => JSON.stringify(o)).join('\n'));
    const lines = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    return {
      status: r.status,
      errors: lines.filter((l) => !l.startsWith('Warning:')),
      warnings: lines.filter((l) => l.startsWith('Warning:')),
      applied: r.stdout.split('\n').filter(Boolean),
    };
  }

  /** The namespaced objects' namespaces, which must exist before anything is applied into them. */
  static namespacesOf(objects: readonly any[]): string[] {
    return [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => !!n))].sort();
  }

  /** Reads one object back (JSON), or undefined when it does not exist. */
  get(kind: string, name: string, namespace?: string): any | undefined {
    const r = this.plane.kubectlResult(['get', kind, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json']);
    if (r.status !== 0) {
      if (/NotFound/.test(r.stderr)) return undefined;
      throw new Error(`kubectl get ${kind} ${name}: ${r.stderr}`);
    }
    return JSON.parse(r.stdout);
  }

  /**
   * Submits review objects (SubjectAccessReview, ...) in one request stream and returns the
   * server's answers in order. `as` impersonates a user (with its groups) for self-reviews.
   */
  review(objects: readonly any[], as?: { user: string; groups: readonly string[] }): any[] {
    // Impersonated, kubectl could not read the schemas it validates against: the server validates.
    const impersonate = as ? [`--as=${as.user}`, ...as.groups.map((g) => `--as-group=${g}`), '--validate=false'] : [];
    const out = this.plane.kubectl(['create', '-o', 'json', ...impersonate, '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
    // One JSON document per object, each starting at the beginning of a line.
    return out.split(/\n(?=\{)/).map((doc) => JSON.parse(doc));
  }
}
