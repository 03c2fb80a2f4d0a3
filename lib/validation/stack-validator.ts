/**
 * The whole-stack validator: checks the links between the synthesized objects that no schema
 * sees — selectors, ports, names and the addresses inside collector configs — so a broken link
 * fails synth instead of a pod in a user's cluster.
 */
import { TracingConfigError } from '../k8s/errors';
import { checkCollectorConfigs } from './collector-config-checks';
import { checkDuplicates } from './duplicate-checks';
import { checkCollectorEgress } from './egress-checks';
import { StackFinding, Manifest, sortFindings } from './manifest';
import { checkReferences } from './reference-checks';
import { checkSelections } from './selection-checks';
import { checkServiceLinks } from './service-link-checks';
import { StackIndex, StackValidationOptions } from './stack-index';
import { checkUsage } from './usage-checks';

/**
 * Checks the synthesized objects of a whole stack (e.g. `app.charts.flatMap((c) => c.toJson())`)
 * and returns every broken link, sorted; empty when the stack is consistent.
 *
 * - every Service with a selector selects a pod template in its namespace, and each of its
 *   ports targets a declared container port with the same protocol;
 * - every ServiceMonitor selects a Service with the endpoint's port; every PodMonitor selects
 *   pods declaring its ports;
 * - every ConfigMap, Secret, ServiceAccount and PersistentVolumeClaim a pod references exists
 *   (or is declared external), with the keys it reads;
 * - every config annotated with `COLLECTOR_CONFIG_ANNOTATION` defines the components its
 *   pipelines use, and its in-cluster exporter endpoints resolve to a Service port;
 * - every PodDisruptionBudget selects pods; every HorizontalPodAutoscaler's target exists;
 * - no object is in the output twice (same API group, kind, namespace and name);
 * - every Grafana datasource URL into the output's namespaces names a Service and port it has,
 *   every Ingress and HTTPRoute backend names a Service and port of the output (or an external
 *   Service), and every claim's StorageClass is created or declared external.
 */
export function validateStack(objects: readonly Manifest[], options: StackValidationOptions = {}): StackFinding[] {
  const index = new StackIndex(objects.filter((o) => o && typeof o === 'object'), options);
  return sortFindings([
    ...checkDuplicates(index),
    ...checkSelections(index),
    ...checkReferences(index),
    ...checkCollectorConfigs(index),
    ...checkCollectorEgress(index),
    ...checkUsage(index),
  ]);
}

/**
 * What may break a neighbour rather than the stack, so synth goes on and reports it: a
 * `jaeger-agent` or `jaeger` Service sharing its namespace with pods that are not the stack's
 * (in the output, or admitted to Jaeger's query API by its NetworkPolicies), whose service-link
 * variables (`JAEGER_AGENT_PORT`) make Jaeger clients such as Grafana fail to start. Sorted;
 * empty when there is nothing to say.
 */
export function stackWarnings(objects: readonly Manifest[], options: StackValidationOptions = {}): StackFinding[] {
  return sortFindings(checkServiceLinks(new StackIndex(objects.filter((o) => o && typeof o === 'object'), options)));
}

/** Thrown by {@link assertValidStack}: lists every finding, one per line. */
export class StackValidationError extends TracingConfigError {
  constructor(public readonly findings: StackFinding[]) {
    super(formatFindings(findings));
    this.name = 'StackValidationError';
  }
}

/** The message of a {@link StackValidationError}. */
export function formatFindings(findings: readonly StackFinding[]): string {
  const noun = findings.length === 1 ? 'broken link' : 'broken links';
  return `the synthesized stack has ${findings.length} ${noun}:\n${findings.map((f) => `  - ${f.message}`).join('\n')}`;
}

/** Like {@link validateStack}, but throws one {@link StackValidationError} listing every finding. */
export function assertValidStack(objects: readonly Manifest[], options: StackValidationOptions = {}): void {
  const findings = validateStack(objects, options);
  if (findings.length > 0) throw new StackValidationError(findings);
}
