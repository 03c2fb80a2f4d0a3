import { createHash } from 'crypto';
import { ComponentIdentity } from '../k8s';

/** `app.kubernetes.io/name` of the objects that monitor the stack (monitors, rules, Grafana wiring). */
export const MONITORING_APP_NAME = 'tracing-monitoring';

/** Identity of a monitoring object. */
export function monitoringIdentity(instance: string, component: string): ComponentIdentity {
  return { name: MONITORING_APP_NAME, instance, component };
}

/**
 * A name unique per stack where stacks share one Grafana or one namespace of watchers: the base
 * name and the stack's namespace (one stack per namespace), shortened with a hash of the
 * namespace when it would exceed `maxLength` (40 for a Grafana uid).
 */
export function perStackName(base: string, stackNamespace: string, maxLength: number): string {
  const full = `${base}-${stackNamespace}`;
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(stackNamespace).digest('hex').slice(0, 8);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** The longest label value (an object's name is also its instance label). */
export const LABEL_VALUE_LENGTH = 63;

/**
 * The name of a watcher's object (monitor, rule): as given in the stack's own namespace, where
 * one stack per namespace makes it unique; with the stack's namespace in it elsewhere, where
 * stacks of several namespaces may put theirs (a shared `monitoring`).
 */
export function watcherObjectName(base: string, objectNamespace: string, stackNamespace: string, maxLength = LABEL_VALUE_LENGTH): string {
  return objectNamespace === stackNamespace ? base : perStackName(base, stackNamespace, maxLength);
}

/** A part of the stack that gets scraped. */
export enum TracingTarget {
  /** Jaeger's own metrics. */
  JAEGER = 'jaeger',
  /** The OpenTelemetry agents'. */
  AGENT = 'agent',
  /** The tail-sampling gateways'. */
  GATEWAY = 'gateway',
}

/** Every target, in a stable order. */
export const ALL_TRACING_TARGETS: readonly TracingTarget[] = Object.values(TracingTarget);
