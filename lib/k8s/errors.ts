/**
 * Synth-time validation with messages a platform engineer can act on: each names the
 * construct, the prop, the bad value, why it is wrong and how to fix it.
 */

/** Thrown for invalid props. Its message is the whole explanation; no stack digging needed. */
export class TracingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TracingConfigError';
  }
}

/** Renders a value for an error message: strings quoted, objects as JSON, `undefined` spelled out. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Throws a {@link TracingConfigError}:
 * `JaegerStack "jaeger": invalid prop "replicas" = 3: <problem>. Fix: <fix>`.
 *
 * @param construct the construct, e.g. `JaegerStack "jaeger"` (see {@link constructLabel})
 * @param prop the prop path as the user wrote it, e.g. `storage.badger.retention`
 * @param value the value received
 * @param problem what is wrong with it and why
 * @param fix what to do instead
 */
export function invalidProp(construct: string, prop: string, value: unknown, problem: string, fix: string): never {
  throw new TracingConfigError(
    `${construct}: invalid prop "${prop}" = ${describeValue(value)}: ${problem}. Fix: ${fix}`,
  );
}

/** `Kind "id"`, the way errors name a construct instance. */
export function constructLabel(kind: string, id: string): string {
  return `${kind} "${id}"`;
}
