import { k8s } from 'cdk8s-plus-33';
import { PortSpec } from './ports';

/** Timing of a probe, in seconds. */
export interface ProbeTiming {
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/** An HTTP GET probe on a named port. */
export function httpProbe(p: PortSpec, path: string, timing: ProbeTiming = {}): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(p.name), scheme: 'HTTP' },
    initialDelaySeconds: timing.initialDelaySeconds ?? 0,
    periodSeconds: timing.periodSeconds ?? 10,
    timeoutSeconds: timing.timeoutSeconds ?? 3,
    failureThreshold: timing.failureThreshold ?? 3,
  };
}

/**
 * Readiness, liveness and startup probes on one health endpoint. The startup probe gives a
 * slow start (Badger replaying its value log, say) up to `startupSeconds` before liveness
 * takes over, so liveness can stay strict.
 */
export function healthProbes(p: PortSpec, path: string, startupSeconds = 120): {
  readinessProbe: k8s.Probe; livenessProbe: k8s.Probe; startupProbe: k8s.Probe;
} {
  return {
    readinessProbe: httpProbe(p, path, { periodSeconds: 5, failureThreshold: 3 }),
    livenessProbe: httpProbe(p, path, { periodSeconds: 15, failureThreshold: 4 }),
    startupProbe: httpProbe(p, path, { periodSeconds: 5, failureThreshold: Math.ceil(startupSeconds / 5) }),
  };
}
