import { invalidProp } from './errors';
import { isObjectMap } from './props';

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

/** The largest value of a Kubernetes int32 field (replicas, counts). */
export const INT32_MAX = 2_147_483_647;

/** A whole number of replicas, at least `min` (default 1); an int32 for the API server. */
export function checkReplicas(where: string, prop: string, value: unknown, min = 1): number {
  return checkNumber(where, prop, value, { min, max: INT32_MAX, integer: true, fix: `use a whole number of replicas, at least ${min}` });
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

/** Whether a value is an RFC 1123 DNS subdomain (the names of most objects). */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && DNS_SUBDOMAIN.test(value);
}

/**
 * An object name that is also the object's `app.kubernetes.io/instance` label: a DNS subdomain
 * within the 63 characters the API server allows a label value. Returns it unchanged.
 */
export function checkInstanceName(where: string, prop: string, value: unknown, example: string): string {
  const name = checkDnsSubdomain(where, prop, value);
  if (!isLabelValue(name)) {
    invalidProp(where, prop, name, 'is longer than the 63 characters of a label value (it is the instance label too)',
      `use a name of at most 63 characters, e.g. "${example}"`);
  }
  return name;
}

/** An RFC 1123 DNS subdomain: the names of most objects (ConfigMaps, Secrets, StorageClasses). */
export function checkDnsSubdomain(where: string, prop: string, value: unknown): string {
  if (!isDnsSubdomain(value)) {
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

/** The longest Go `time.Duration` (2^63-1 ns, about 2562047h); Go refuses longer ones when parsing. */
export const GO_MAX_DURATION_MS = 9_223_372_036_854.775807;

/** A sane range for a duration prop, in the units users write. */
export interface DurationRange {
  /** Shortest accepted, e.g. `"1s"`. */
  readonly min?: string;
  /** Longest accepted, e.g. `"10m"`. */
  readonly max?: string;
  /** Why the range is what it is, for the message. */
  readonly why?: string;
}

/**
 * A Go duration string (what Jaeger and the Collector parse), strictly positive unless
 * `allowZero`, within Go's range and within `range` when given. Returns the string unchanged.
 */
export function checkDuration(where: string, prop: string, value: unknown, opts: { allowZero?: boolean; range?: DurationRange } = {}): string {
  const fix = 'use a Go duration such as "72h", "30s" or "500ms" (units ns, us, ms, s, m, h; no days)';
  if (typeof value !== 'string') invalidProp(where, prop, value, 'expected a duration string', fix);
  if (value.startsWith('-')) invalidProp(where, prop, value, 'a duration cannot be negative', fix);
  const ms = parseDuration(value);
  if (ms === undefined) invalidProp(where, prop, value, 'not a Go duration', fix);
  if (ms === 0 && !opts.allowZero) invalidProp(where, prop, value, 'must be greater than zero', fix);
  if (ms > GO_MAX_DURATION_MS) invalidProp(where, prop, value, 'is longer than a Go duration can be (about 2562047h)', fix);
  const { min, max, why } = opts.range ?? {};
  if ((min !== undefined && ms < parseDuration(min)!) || (max !== undefined && ms > parseDuration(max)!)) {
    const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
    invalidProp(where, prop, value, `is outside the sane range${why ? ` (${why})` : ''}`, `use a duration ${range}`);
  }
  return value;
}

/** `true` or `false` (a string such as "false" would be truthy and silently mean the opposite). */
export function checkBoolean(where: string, prop: string, value: unknown): boolean {
  if (typeof value !== 'boolean') invalidProp(where, prop, value, 'expected true or false', 'use the boolean true or false, unquoted');
  return value;
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)$/;

/** A Kubernetes label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  return LABEL_NAME.test(name) && (prefix === undefined || DNS_SUBDOMAIN.test(prefix));
}

/** A Kubernetes label value: at most 63 letters, digits, "-", "_", ".", starting and ending alphanumeric (or empty). */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && LABEL_VALUE.test(value);
}

/** A map of Kubernetes labels (or a node selector): valid keys, string values the API accepts. */
export function checkLabels(where: string, prop: string, value: unknown): Record<string, string> {
  if (!isObjectMap(value)) {
    invalidProp(where, prop, value, 'expected a map of label keys to values', 'use e.g. { "team": "platform" }');
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isLabelKey(key)) {
      invalidProp(where, `${prop}.${key}`, key, 'not a label key',
        'use an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    }
    if (!isLabelValue(v)) {
      invalidProp(where, `${prop}.${key}`, v, 'not a label value',
        'use a string of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    }
  }
  return value as Record<string, string>;
}

/** A TCP/UDP port number. */
export function checkPort(where: string, prop: string, value: unknown): number {
  return checkNumber(where, prop, value, { min: 1, max: 65535, integer: true, fix: 'use a port number between 1 and 65535' });
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(\d{1,3})$/;

/** An IPv4 or IPv6 CIDR block, as a NetworkPolicy `ipBlock.cidr` takes it. */
export function checkCidr(where: string, prop: string, value: unknown): string {
  const fix = 'use a CIDR block such as "10.0.0.1/32" or "fd00::/8"';
  if (typeof value !== 'string') invalidProp(where, prop, value, 'expected a CIDR string', fix);
  const v4 = IPV4_CIDR.exec(value);
  const ok = v4
    ? v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32
    : IPV6_CIDR.test(value) && Number(value.split('/')[1]) <= 128;
  if (!ok) invalidProp(where, prop, value, 'not a CIDR block', fix);
  return value;
}

/** A `host:port` network address (optionally with an http(s) scheme), as gRPC clients take it. */
export function checkHostPort(where: string, prop: string, value: unknown, fix: string): string {
  checkNonEmpty(where, prop, value, fix);
  const match = /^(?:https?:\/\/)?([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?):(\d{1,5})$/.exec(value as string);
  if (!match || Number(match[3]) < 1 || Number(match[3]) > 65535) {
    invalidProp(where, prop, value, 'not a host:port address', fix);
  }
  return value as string;
}

const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$/;
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-]+[a-z0-9]+|\/[a-z0-9]+|:[0-9]+\/[a-z0-9]+)*$/;

/**
 * An image override: a repository without tag or digest, a pinned tag (not `latest`; it is also
 * the `app.kubernetes.io/version` label, so at most 63 characters), an optional sha256 digest.
 */
export function checkImage(where: string, prop: string, value: unknown): { repository: string; tag: string; digest?: string } {
  const image = value as { repository?: unknown; tag?: unknown; digest?: unknown } | undefined;
  if (image === null || typeof image !== 'object') {
    invalidProp(where, prop, value, 'expected an image { repository, tag, digest? }', 'use e.g. { repository: "jaegertracing/jaeger", tag: "2.20.0" }');
  }
  if (typeof image.repository !== 'string' || !IMAGE_REPOSITORY.test(image.repository)) {
    invalidProp(where, `${prop}.repository`, image.repository, 'not an image repository (without tag or digest)',
      'use lowercase registry/path such as "registry.example.com/mirror/jaeger"; put the tag in "tag"');
  }
  if (typeof image.tag !== 'string' || !IMAGE_TAG.test(image.tag) || image.tag === 'latest') {
    invalidProp(where, `${prop}.tag`, image.tag, image.tag === 'latest' ? '"latest" moves, so the running version is unknown' : 'not an image tag',
      'pin a version tag such as "2.20.0" (at most 63 letters, digits, "_", "." or "-")');
  }
  if (image.digest !== undefined && (typeof image.digest !== 'string' || !IMAGE_DIGEST.test(image.digest))) {
    invalidProp(where, `${prop}.digest`, image.digest, 'not a sha256 digest', 'use "sha256:" and 64 lowercase hex digits, or leave digest out');
  }
  return image as { repository: string; tag: string; digest?: string };
}

/** The port of an http(s) URL, explicit or the scheme's. */
export function urlPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** An absolute http(s) URL; `fix` says what to write instead. */
export function checkHttpUrl(where: string, prop: string, value: unknown, fix: string): URL {
  checkNonEmpty(where, prop, value, fix);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    return invalidProp(where, prop, value, 'not an absolute URL', fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    invalidProp(where, prop, value, `scheme "${url.protocol}" is not http or https`, fix);
  }
  return url;
}
