import { invalidProp } from './errors';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The props object itself, and no `null` anywhere inside it. JavaScript callers (and JSON or
 * YAML turned into props) pass `null` for "not set"; the constructs would read it as a value
 * (a TypeError deep inside) or, through `??` and spreads, silently as the default. Either way
 * the user's intent is unclear, so it is refused with the path of the `null`. Constructs and
 * other class instances given as props (a `JaegerStack` handed to the network policies) are not
 * walked into.
 */
export function checkProps(where: string, props: unknown): void {
  if (props === undefined) return;
  if (!isPlainObject(props)) {
    invalidProp(where, 'props', props, 'expected a props object', 'pass an object of props, or nothing for the defaults');
  }
  rejectNulls(where, props, '');
}

function rejectNulls(where: string, value: Record<string, unknown> | unknown[], path: string): void {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v]);
  for (const [prop, v] of entries) {
    if (v === null) {
      invalidProp(where, prop, null, 'null is not a value here (leaving a prop out is how to ask for its default)',
        `remove "${prop}" for its default, or give a value`);
    }
    if (Array.isArray(v) || isPlainObject(v)) rejectNulls(where, v, prop);
  }
}
