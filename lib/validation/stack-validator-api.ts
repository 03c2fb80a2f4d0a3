import { COLLECTOR_CONFIG_ANNOTATION } from '../k8s/roles';
import { StackFinding } from './manifest';
import { checkOperationalRules, checkPodSecurity } from './pod-security';
import { StackValidationOptions } from './stack-index';
import { assertValidStack, stackWarnings, validateStack } from './stack-validator';

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

  /**
   * Every broken link between the objects (selectors, references, ports, configs), sorted.
   * @param objects the Kubernetes objects as JSON (a chart's `toJson()`, or parsed YAML)
   */
  public static validate(objects: any[], options?: StackValidationOptions): StackFinding[] {
    return validateStack(objects, options);
  }

  /**
   * What may break a neighbour rather than the stack (a `jaeger-agent` Service beside Grafana
   * gives it a `JAEGER_AGENT_PORT` it fails on): reported, not refused. Sorted.
   * @param objects the Kubernetes objects as JSON (a chart's `toJson()`, or parsed YAML)
   */
  public static warnings(objects: any[], options?: StackValidationOptions): StackFinding[] {
    return stackWarnings(objects, options);
  }

  /** Like {@link StackValidator.validate}, but throws one error listing every finding. */
  public static assertValid(objects: any[], options?: StackValidationOptions): void {
    assertValidStack(objects, options);
  }

  /** The restricted Pod Security Standard on every pod template (findings carry `rule`, `workload` and `container`). */
  public static checkPodSecurity(objects: any[]): StackFinding[] {
    return checkPodSecurity(objects);
  }

  /** The library's operational rules: requests, a memory limit, probes, pinned images (findings carry `rule`, `workload` and `container`). */
  public static checkOperationalRules(objects: any[]): StackFinding[] {
    return checkOperationalRules(objects);
  }

  private constructor() {}
}
