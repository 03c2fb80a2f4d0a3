import { invalidProp } from './errors';

/**
 * Reusable prop checks. Each returns the value (so it can be used inline) or throws a
 * TracingConfigError through {@link invalidProp}. `where` is the construct label.
 */

/** A number within [min, max] (and an integer if `integer`). */
export function checkNumber(
  where: string, prop: string, value: unknown,
  opts: { min?: number; max?: number; integer?: boolean; fix?: string } = {},
): number {
  const range = `${opts.min ?? '-∞'}..${opts.max ?? '∞'}`;
  const fix = opts.fix ?? `use ${opts.integer ? 'an integer' : 'a number'} in ${range}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalidProp(where, prop, value, `expected ${opts.integer ? 'an integer' : 'a finite number'}`, fix);
  }
  if (opts.integer && !Number.isInteger(value)) invalidProp(where, prop, value, 'expected an integer', fix);
  if (opts.min !== undefined && value < opts.min) invalidProp(where, prop, value, `must be at least ${opts.min}`, fix);
  if (opts.max !== undefined && value > opts.max) invalidProp(where, prop, value, `must be at most ${opts.max}`, fix);
  return value;
}

/** A probability in [0, 1]. */
export function checkProbability(where: string, prop: string, value: unknown): number {
  return checkNumber(where, prop, value, { min: 0, max: 1, fix: 'use a probability between 0 and 1, e.g. 0.3 for 30 %' });
}

/** A percentage in [0, 100]. */
export function checkPercentage(where: string, prop: string, value: unknown): number {
  return checkNumber(where, prop, value, { min: 0, max: 100, fix: 'use a percentage between 0 and 100, e.g. 30' });
}

/** A whole number of replicas, at least `min` (default 1). */
export function checkReplicas(where: string, prop: string, value: unknown, min = 1): number {
  return checkNumber(where, prop, value, { min, integer: true, fix: `use a whole number of replicas, at least ${min}` });
}

/** A non-empty string without surrounding white space. */
export function checkNonEmpty(where: string, prop: string, value: unknown, fix = 'give a non-empty string'): string {
  if (typeof value !== 'string' || value.trim() === '' || value.trim() !== value) {
    invalidProp(where, prop, value, 'expected a non-empty string without surrounding white space', fix);
  }
  return value;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An RFC 1123 DNS label: the names of namespaces and Services. */
export function checkDnsLabel(where: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    invalidProp(where, prop, value, 'not a valid DNS label (RFC 1123)',
      'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** An RFC 1123 DNS subdomain: the names of most objects (ConfigMaps, Secrets, StorageClasses). */
export function checkDnsSubdomain(where: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value)) {
    invalidProp(where, prop, value, 'not a valid object name (RFC 1123 subdomain)',
      'use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');
  }
  return value;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Parses a Go duration ("72h", "1m30s", "500ms") into milliseconds; undefined if malformed. */
export function parseDuration(value: string): number | undefined {
  if (!DURATION.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * DURATION_UNITS[unit];
  }
  return total;
}

/**
 * A Go duration string (what Jaeger and the Collector parse), strictly positive unless
 * `allowZero`. Returns the string unchanged.
 */
export function checkDuration(where: string, prop: string, value: unknown, opts: { allowZero?: boolean } = {}): string {
  const fix = 'use a Go duration such as "72h", "30s" or "500ms" (units ns, us, ms, s, m, h; no days)';
  if (typeof value !== 'string') invalidProp(where, prop, value, 'expected a duration string', fix);
  if (value.startsWith('-')) invalidProp(where, prop, value, 'a duration cannot be negative', fix);
  const ms = parseDuration(value);
  if (ms === undefined) invalidProp(where, prop, value, 'not a Go duration', fix);
  if (ms === 0 && !opts.allowZero) invalidProp(where, prop, value, 'must be greater than zero', fix);
  return value;
}
