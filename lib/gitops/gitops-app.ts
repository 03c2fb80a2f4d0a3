import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Yaml } from 'cdk8s';
import { checkProps, TracingConfigError } from '../k8s';
import { TracingStorageClass } from '../foundation/tracing-storage-class';
import { ExternalRef, StackFinding, StackValidationOptions, assertValidStack, stackWarnings, validateStack } from '../validation';
import { checkValidationOptions } from '../validation/stack-index';

/** The file {@link GitOpsApp} writes beside the manifests. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** Props for {@link GitOpsApp}'s whole-stack validation. */
export interface GitOpsValidationProps extends StackValidationOptions {
  /**
   * Validate the links between all charts' objects (selectors, ports, references, collector
   * configs) before anything is written, and fail synth with every broken link.
   * @default true
   */
  readonly enabled?: boolean;
}

/** Props for {@link GitOpsApp}. */
export interface GitOpsAppProps extends AppProps {
  /**
   * Whole-stack validation at synth: declare objects the output references but does not create
   * (`external`), or turn it off (`enabled: false`).
   * @default - enabled, nothing external
   */
  readonly validation?: GitOpsValidationProps;
}

/**
 * An App whose output directory is ready for Argo CD and Flux as it is:
 *
 * - stale manifests from an earlier synth are removed first (`cdk8s synth` does this, a plain
 *   `node main.ts` does not), so a removed chart cannot linger in git;
 * - one file per chart, prefixed with its apply order when charts depend on each other
 *   (`0000-tracing-foundation.k8s.yaml`);
 * - a `kustomization.yaml` listing those files in order, so `kubectl kustomize dist/`, an Argo CD
 *   directory app and a Flux `Kustomization` all read the same set;
 * - nothing is written while the stack has a broken link: every chart's objects are checked
 *   together first ({@link StackValidator.validate}), and synth fails listing every finding;
 *   what would break a neighbour instead ({@link StackValidator.warnings}) is printed as a
 *   warning on stderr.
 */
export class GitOpsApp extends App {
  private readonly validation: GitOpsValidationProps;

  constructor(props: GitOpsAppProps = {}) {
    checkProps('GitOpsApp', props, 'GitOpsAppProps');
    const { validation, ...appProps } = props;
    super(appProps);
    this.validation = validation ?? {};
    checkValidationOptions('GitOpsApp', 'validation', this.validation);
  }

  /** The broken links between all charts' objects (what synth would fail with); empty when fine. */
  public checkStack(): StackFinding[] {
    return validateStack(this.allObjects(), this.validationOptions());
  }

  /** What the output would break beside it (printed at synth, not refused); empty when fine. */
  public stackWarnings(): StackFinding[] {
    return stackWarnings(this.allObjects(), this.validationOptions());
  }

  public synth(): void {
    // Validate before touching the output directory, so a failed synth leaves the last good
    // manifests in place.
    // The constructs' own synth-time checks (node.addValidation) first: they name the prop or
    // add* call at fault, where the whole-stack validator could only describe the output.
    const errors = this.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
    if (errors.length > 0) throw new TracingConfigError(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    if (this.validation.enabled !== false) {
      assertValidStack(this.allObjects(), this.validationOptions());
      for (const warning of this.stackWarnings()) process.stderr.write(`Warning: ${warning.message}\n`);
    }
    removeGeneratedFiles(this.outdir, this.outputFileExtension);
    super.synth();
    writeKustomization(this.outdir, this.outputFileExtension);
  }

  /**
   * The user's options, plus what the app's constructs declare as existing: a
   * TracingStorageClass with `create: false` names a class the cluster already has.
   */
  private validationOptions(): StackValidationOptions {
    const existing: ExternalRef[] = this.node.findAll()
      .filter((c): c is TracingStorageClass => c instanceof TracingStorageClass && !c.created)
      .map((c) => ({ kind: 'StorageClass', name: c.name }));
    return existing.length ? { ...this.validation, external: [...(this.validation.external ?? []), ...existing] } : this.validation;
  }

  /** Every chart's objects, as they will be written. */
  private allObjects(): any[] {
    return this.charts.flatMap((chart) => chart.toJson());
  }
}

function removeGeneratedFiles(outdir: string, extension: string): void {
  if (!fs.existsSync(outdir)) return;
  for (const file of fs.readdirSync(outdir)) {
    if (file.endsWith(extension) || file === KUSTOMIZATION_FILE) {
      fs.rmSync(path.join(outdir, file));
    }
  }
}

/** Writes `kustomization.yaml` listing every manifest in `outdir`, in name (= apply) order. */
export function writeKustomization(outdir: string, extension = '.k8s.yaml'): string[] {
  const resources = fs.readdirSync(outdir).filter((f) => f.endsWith(extension)).sort();
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  };
  fs.writeFileSync(
    path.join(outdir, KUSTOMIZATION_FILE),
    '# Generated by `npm run synth`: do not edit. Lists the manifests for kustomize, Argo CD and Flux.\n'
      + Yaml.stringify(kustomization),
  );
  return resources;
}
