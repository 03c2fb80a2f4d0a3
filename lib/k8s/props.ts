import { invalidProp } from './errors';

/** An object that is neither `null` nor a list: what a map- or object-typed prop must be. */
export function isObjectMap(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObjectMap(value)) return false;
  // An object literal's prototype is its realm's Object.prototype (whose own prototype is null);
  // comparing with this realm's would refuse props made in another one (a vm context, a worker).
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The props object itself, and no `null` anywhere inside it. JavaScript callers (and JSON or
 * YAML turned into props) pass `null` for "not set"; the constructs would read it as a value
 * (a TypeError deep inside) or, through `??` and spreads, silently as the default. Either way
 * the user's intent is unclear, so it is refused with the path of the `null`. Constructs and
 * other class instances given as props (a `JaegerStack` handed to the network policies) are not
 * walked into.
 */
export function checkProps(where: string, props: unknown, shape: PropsShape = {}): void {
  if (props === undefined) return;
  if (!isPlainObject(props)) {
    invalidProp(where, 'props', props, 'expected a props object', 'pass an object of props, or nothing for the defaults');
  }
  const opaque = new Set(Object.entries(shape).filter(([, kind]) => kind === 'config').map(([prop]) => prop));
  rejectNulls(where, props, '', opaque);
  for (const [prop, kind] of Object.entries(shape)) {
    const value = prop.split('.').reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), props);
    if (value === undefined) continue;
    if ((kind === 'object' || kind === 'config') && !isPlainObject(value)) {
      invalidProp(where, prop, value, 'expected an object (a value of another type was read as the default)', `give "${prop}" as an object, or leave it out`);
    }
    if (kind === 'list' && !Array.isArray(value)) {
      invalidProp(where, prop, value, 'expected a list', `give "${prop}" as a list, e.g. [...], or leave it out`);
    }
  }
}

/**
 * Which props (dotted paths) hold objects and which lists: a string or number there would
 * otherwise be spread or `??`-ed into the default without a word. A `config` is an object whose
 * `null`s mean something (a config override, where `null` removes a key).
 */
export type PropsShape = Readonly<Record<string, 'object' | 'list' | 'config'>>;

function rejectNulls(where: string, value: Record<string, unknown> | unknown[], path: string, opaque: ReadonlySet<string>): void {
  const entries: [string, unknown][] = Array.isArray(value)
    ? Array.from(value, (v, i): [string, unknown] => [`${path}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v]);
  for (const [prop, v] of entries) {
    if (v === null) {
      invalidProp(where, prop, null, 'null is not a value here (leaving a prop out is how to ask for its default)',
        `remove "${prop}" for its default, or give a value`);
    }
    if ((Array.isArray(v) || isPlainObject(v)) && !opaque.has(prop)) rejectNulls(where, v, prop, opaque);
  }
}
