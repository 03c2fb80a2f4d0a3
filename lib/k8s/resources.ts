import { k8s } from 'cdk8s-plus-33';
import { invalidProp } from './errors';
import { isObjectMap } from './props';

/** CPU and memory for one container, resolved: every pod this library emits has requests and a memory limit. */
export interface ResolvedResources {
  /** CPU request, a Kubernetes quantity (`"250m"`, `"1"`). */
  readonly cpuRequest: string;
  /** Memory request, a Kubernetes quantity (`"256Mi"`). */
  readonly memoryRequest: string;
  /**
   * CPU limit. Unset by default: CPU limits throttle latency-sensitive pipelines without
   * protecting anyone (CPU is compressible); requests already give fair shares.
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;
  /** Memory limit, a Kubernetes quantity (`"1Gi"`); the Go memory limit is derived from it. */
  readonly memoryLimit: string;
}

/**
 * Requests and limits set over a role's defaults: a field left out keeps the role's default
 * (the memory limit then also keeps deriving `GOMEMLIMIT` and the memory_limiter).
 */
export interface ContainerResources {
  /**
   * CPU request, a Kubernetes quantity.
   * @default - the role's default
   */
  readonly cpuRequest?: string;
  /**
   * Memory request, a Kubernetes quantity.
   * @default - the role's default
   */
  readonly memoryRequest?: string;
  /**
   * CPU limit.
   * @default - the role's default (none for most roles)
   */
  readonly cpuLimit?: string;
  /**
   * Memory limit, a Kubernetes quantity.
   * @default - the role's default
   */
  readonly memoryLimit?: string;
}

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const MULTIPLIERS: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** Parses a Kubernetes quantity into its base unit (bytes, cores); undefined if malformed. */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * MULTIPLIERS[match[2] ?? ''];
}

/** A positive Kubernetes quantity; returns it unchanged. */
export function checkQuantity(where: string, prop: string, value: unknown): string {
  const fix = 'use a positive Kubernetes quantity such as "500m" (CPU) or "512Mi" (memory)';
  if (typeof value !== 'string') invalidProp(where, prop, value, 'expected a quantity string', fix);
  const parsed = parseQuantity(value);
  if (parsed === undefined) invalidProp(where, prop, value, 'not a Kubernetes quantity', fix);
  if (parsed <= 0) invalidProp(where, prop, value, 'must be greater than zero', fix);
  return value;
}

/**
 * Memory every container of this library needs at least: each runs a Go program (the Collector,
 * Jaeger, the index cleaner) whose runtime alone takes tens of MiB; below this the derived
 * `GOMEMLIMIT` and `memory_limiter` are zero or meaningless.
 */
export const MIN_MEMORY_BYTES = 32 * 2 ** 20;
/** More memory than any one container of this stack sensibly gets: a typo, such as "1Ei". */
export const MAX_MEMORY_BYTES = 2 ** 40;
/** More cores than any node offers one container. */
export const MAX_CPU_CORES = 256;

/** A memory quantity within {@link MIN_MEMORY_BYTES} and {@link MAX_MEMORY_BYTES}. */
function checkMemory(where: string, prop: string, value: unknown): string {
  checkQuantity(where, prop, value);
  const bytes = parseQuantity(value as string)!;
  if (bytes < MIN_MEMORY_BYTES) {
    const unitless = /^[0-9.]+$/.test(value as string) ? ' (without a unit it is bytes)' : '';
    invalidProp(where, prop, value, `is less than the 32Mi a Go process needs${unitless}`, 'give a memory quantity in Mi or Gi, e.g. "512Mi"');
  }
  if (bytes > MAX_MEMORY_BYTES) invalidProp(where, prop, value, 'is more than 1Ti, more than one container of this stack can use', 'give a memory quantity in Mi or Gi, e.g. "4Gi"');
  return value as string;
}

/**
 * Validates a resources prop (merged over the construct's defaults) and checks that each
 * request fits under its limit.
 */
export function checkResources(where: string, prop: string, value: ResolvedResources): ResolvedResources {
  if (!isObjectMap(value)) {
    invalidProp(where, prop, value, 'expected resources', 'use e.g. { cpuRequest: "250m", memoryRequest: "256Mi", memoryLimit: "512Mi" }');
  }
  checkQuantity(where, `${prop}.cpuRequest`, value.cpuRequest);
  checkMemory(where, `${prop}.memoryLimit`, value.memoryLimit);
  checkMemory(where, `${prop}.memoryRequest`, value.memoryRequest);
  if (value.cpuLimit !== undefined) checkQuantity(where, `${prop}.cpuLimit`, value.cpuLimit);
  for (const key of ['cpuRequest', 'cpuLimit'] as const) {
    if (value[key] !== undefined && parseQuantity(value[key]!)! > MAX_CPU_CORES) {
      invalidProp(where, `${prop}.${key}`, value[key], `is more than ${MAX_CPU_CORES} cores, more than any node offers to one container`,
        'give cores ("2") or millicores ("500m")');
    }
  }
  if (parseQuantity(value.memoryRequest)! > parseQuantity(value.memoryLimit)!) {
    invalidProp(where, `${prop}.memoryRequest`, value.memoryRequest,
      `is larger than the memory limit ${value.memoryLimit}`, 'raise memoryLimit or lower memoryRequest');
  }
  if (value.cpuLimit !== undefined && parseQuantity(value.cpuRequest)! > parseQuantity(value.cpuLimit)!) {
    invalidProp(where, `${prop}.cpuRequest`, value.cpuRequest,
      `is larger than the CPU limit ${value.cpuLimit}`, 'raise cpuLimit or lower cpuRequest');
  }
  return value;
}

/** The container `resources` block. */
export function resourceRequirements(r: ResolvedResources): k8s.ResourceRequirements {
  return {
    requests: {
      cpu: k8s.Quantity.fromString(r.cpuRequest),
      memory: k8s.Quantity.fromString(r.memoryRequest),
    },
    limits: {
      ...(r.cpuLimit ? { cpu: k8s.Quantity.fromString(r.cpuLimit) } : {}),
      memory: k8s.Quantity.fromString(r.memoryLimit),
    },
  };
}

/** Share of the container memory limit given to the Go runtime as its soft limit. */
export const GOMEMLIMIT_RATIO = 0.8;

/**
 * `GOMEMLIMIT` for a Go process (Jaeger, the Collector) in a container with this memory limit:
 * ~80 % of it, in MiB, so the garbage collector works harder before the kernel OOM-kills.
 */
export function goMemLimit(memoryLimit: string): string {
  const bytes = parseQuantity(memoryLimit);
  if (bytes === undefined) throw new Error(`goMemLimit: not a quantity: ${memoryLimit}`);
  return `${Math.floor((bytes * GOMEMLIMIT_RATIO) / 2 ** 20)}MiB`;
}

/** The `GOMEMLIMIT` env var for a container with these resources. */
export function goMemLimitEnv(r: ResolvedResources): k8s.EnvVar {
  return { name: 'GOMEMLIMIT', value: goMemLimit(r.memoryLimit) };
}

/**
 * One `memory_limiter` policy for every collector process (the Collector's agent and gateway,
 * and Jaeger, itself a Collector build), in MiB derived from the container memory limit: the
 * hard limit at {@link GOMEMLIMIT_RATIO} of it (where the Go runtime's soft limit also sits) and
 * the spike allowance at a quarter of that, so the limiter refuses data from
 * {@link MEMORY_LIMITER_REFUSE_RATIO} of the limit on, before the Go runtime and the kernel have
 * to step in. The alerts quote these ratios instead of repeating them.
 * Keys: opentelemetry-collector processor/memorylimiterprocessor (check_interval, limit_mib, spike_limit_mib).
 */
export const MEMORY_LIMITER_SPIKE_SHARE = 0.25;

/** Share of the memory limit from which the memory_limiter refuses data (hard limit less the spike allowance). */
export const MEMORY_LIMITER_REFUSE_RATIO = Number((GOMEMLIMIT_RATIO * (1 - MEMORY_LIMITER_SPIKE_SHARE)).toFixed(6));

/** The `memory_limiter` processor settings for a container with these resources. */
export function memoryLimiter(r: ResolvedResources): Record<string, unknown> {
  const limitMib = Math.floor((parseQuantity(r.memoryLimit)! * GOMEMLIMIT_RATIO) / 2 ** 20);
  return { check_interval: '1s', limit_mib: limitMib, spike_limit_mib: Math.floor(limitMib * MEMORY_LIMITER_SPIKE_SHARE) };
}
