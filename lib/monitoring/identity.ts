import { ComponentIdentity } from '../k8s';

/** `app.kubernetes.io/name` of the objects that monitor the stack (monitors, rules, Grafana wiring). */
export const MONITORING_APP_NAME = 'tracing-monitoring';

/** Identity of a monitoring object. */
export function monitoringIdentity(instance: string, component: string): ComponentIdentity {
  return { name: MONITORING_APP_NAME, instance, component };
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
