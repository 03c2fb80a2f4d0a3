import { COLLECTOR_CONFIG_ANNOTATION } from '../k8s/roles';
import { Manifest, StackFinding } from './manifest';
import { PodFinding, checkOperationalRules, checkPodSecurity } from './pod-security';
import { StackValidationOptions } from './stack-index';
import { assertValidStack, validateStack } from './stack-validator';

/**
 * The checks `GitOpsApp` runs on the synthesized objects before it writes them, for pipelines
 * that build their manifests another way (static methods, so every jsii language has them).
 */
export class StackValidator {
  /**
   * The annotation that marks a ConfigMap as a collector config (`<data key>` as its value): the
   * validator parses it and checks its pipelines, components and endpoints.
   */
  public static readonly COLLECTOR_CONFIG_ANNOTATION: string = COLLECTOR_CONFIG_ANNOTATION;

  /** Every broken link between the objects (selectors, references, ports, configs), sorted. */
  public static validate(objects: Manifest[], options?: StackValidationOptions): StackFinding[] {
    return validateStack(objects, options);
  }

  /** Like {@link StackValidator.validate}, but throws one error listing every finding. */
  public static assertValid(objects: Manifest[], options?: StackValidationOptions): void {
    assertValidStack(objects, options);
  }

  /** The restricted Pod Security Standard on every pod template. */
  public static checkPodSecurity(objects: Manifest[]): PodFinding[] {
    return checkPodSecurity(objects);
  }

  /** The library's operational rules: requests, a memory limit, probes, pinned images. */
  public static checkOperationalRules(objects: Manifest[]): PodFinding[] {
    return checkOperationalRules(objects);
  }

  private constructor() {}
}
