import { closest, distance } from 'fastest-levenshtein';
import { invalidProp } from './errors';
import { PROP_TYPES } from './prop-types.generated';

/** An object that is neither `null` nor a list: what a map- or object-typed prop must be. */
export function isObjectMap(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A plain object (a literal or parsed data), not a construct, a class instance or a list. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObjectMap(value)) return false;
  // An object literal's prototype is its realm's Object.prototype (whose own prototype is null);
  // comparing with this realm's would refuse props made in another one (a vm context, a worker).
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** A props or options struct of the public API (see {@link PROP_TYPES}). */
export type PropsStruct = keyof typeof PROP_TYPES;

/** What a prop holds (scripts/prop-types.ts writes these from the jsii assembly). */
export type PropType = 'any' | 'string' | 'number' | 'boolean' | 'opaque' | { readonly list: PropType } | { readonly map: PropType } | { readonly struct: string }
  | { readonly instance: string };

/**
 * The props object as its struct declares it, at every depth: no key the struct does not have
 * (a JavaScript caller's `retentoin` would otherwise be ignored, and the default used without a
 * word), objects where it holds objects, lists where it holds lists, and no `null` (JavaScript,
 * JSON and YAML say "not set" with it; the constructs would read it as a value or, through `??`,
 * silently as the default). Values of `any` (a config override, where `null` removes a key) and
 * classes made by factories or constructs (checked where they are read) are not walked into.
 *
 * @param where the construct or factory, for the message
 * @param struct the props type, e.g. `JaegerStackProps`
 * @param prefix the path of `props` within what the user wrote (an option of a factory given to a construct)
 */
export function checkProps(where: string, props: unknown, struct: PropsStruct, prefix = ''): void {
  if (props === undefined) return;
  if (!isPlainObject(props)) {
    invalidProp(where, prefix || 'props', props, 'expected a props object', 'pass an object of props, or nothing for the defaults');
  }
  checkStruct(where, props, struct, prefix);
}

/** The keys a props struct has. */
export function propsOf(struct: PropsStruct): string[] {
  return Object.keys(PROP_TYPES[struct]);
}

function checkStruct(where: string, value: Record<string, unknown>, struct: string, path: string): void {
  const props: Readonly<Record<string, PropType>> = (PROP_TYPES as Record<string, Record<string, PropType>>)[struct];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue; // as good as left out
    const at = path ? `${path}.${key}` : key;
    const type = props[key];
    if (type === undefined) {
      invalidProp(where, at, v, `${struct} has no prop "${key}"`, MOVED_PROPS[`${struct}.${key}`] ?? unknownKeyFix(key, Object.keys(props)));
    }
    checkValue(where, v, type, at);
  }
}

function checkValue(where: string, value: unknown, type: PropType, at: string): void {
  if (value === undefined || type === 'any') return;
  if (value === null) {
    invalidProp(where, at, null, 'null is not a value here (leaving a prop out is how to ask for its default)',
      `remove "${at}" for its default, or give a value`);
  }
  if (typeof type === 'string') return; // primitives are checked where they are read, with the rules they must meet
  if ('instance' in type) {
    // cdk8s renders a k8s.Quantity or k8s.IntOrString through its value: a plain "64Mi" or 8080
    // would be written as nothing at all.
    if (typeof value !== 'object' || isPlainObject(value)) {
      invalidProp(where, at, value, `expected a ${type.instance} (a plain value here is written as nothing)`,
        `write ${type.instance}.${typeof value === 'number' ? 'fromNumber' : 'fromString'}(${JSON.stringify(value)})`);
    }
    return;
  }
  if ('list' in type) {
    if (!Array.isArray(value)) invalidProp(where, at, value, 'expected a list', `give "${at}" as a list, e.g. [...], or leave it out`);
    value.forEach((v, i) => checkValue(where, v, type.list, `${at}[${i}]`));
    return;
  }
  if (!isPlainObject(value)) {
    invalidProp(where, at, value, 'expected an object (a value of another type was read as the default)', `give "${at}" as an object, or leave it out`);
  }
  if ('map' in type) for (const [k, v] of Object.entries(value)) checkValue(where, v, type.map, `${at}.${k}`);
  else checkStruct(where, value, type.struct, at);
}

/** "did you mean" the nearest key (case aside, up to a third of its letters off), else the list. */
/** Props a release removed, and where what they said is said now (CHANGELOG has the before/after). */
const MOVED_PROPS: Readonly<Record<string, string>> = {
  'OtelCollectorProps.jaeger': 'pass the JaegerStack as backend: { backend: jaeger } (for a Jaeger made elsewhere, backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint }))',
  'OtelCollectorProps.tls': 'give tls to the JaegerStack: the collectors take it from their backend',
  ...Object.fromEntries(['tolerations', 'nodeSelector', 'priorityClassName'].map((f) => [`AgentProps.${f}`, `give it as agent.placement.${f}`])),
  ...Object.fromEntries(['ServiceInstrumentationProps', 'InstrumentWorkloadOptions'].flatMap((s) => ['agentNamespace', 'agentService']
    .map((f) => [`${s}.${f}`, 'pass the OtelCollector: { collector: otel } (the namespace and Service follow it)']))),
  'JaegerMonitorProps.prometheusUrl': "pass the Prometheus: monitor: { prometheus: Prometheus.fromExisting({ namespace, url }) } (the watchers and NetworkPolicies take the same)",
  'StackNetworkPoliciesProps.prometheusPort': 'give it as Prometheus.fromExisting({ podPort }), the Prometheus passed as prometheus',
  ...Object.fromEntries(['TracingMonitorsProps', 'TracingAlertsProps'].flatMap((s) => [
    [`${s}.namespace`, 'they go where the Prometheus given as prometheus reads them: Prometheus.fromExisting({ namespace, watchesAllNamespaces })'],
    [`${s}.labels`, 'give them once as Prometheus.fromExisting({ selectorLabels }), the Prometheus passed as prometheus'],
  ])),
  ...Object.fromEntries(['GrafanaDashboardsProps', 'GrafanaDatasourcesProps'].flatMap((s) => [
    [`${s}.namespace`, 'they go where the Grafana given as grafana reads them: Grafana.fromExisting({ namespace, sidecarNamespace })'],
    [`${s}.prometheusDatasourceUid`, 'give it once as Grafana.fromExisting({ prometheusDatasourceUid }), the Grafana passed as grafana'],
  ])),
  ...Object.fromEntries(['jaegerNamespace', 'jaegerQueryService'].map((f) => [`GrafanaDatasourcesProps.${f}`, 'pass the JaegerStack: { jaeger } (its namespace and query Service follow it)'])),
};

function unknownKeyFix(key: string, keys: readonly string[]): string {
  const nearest = keys.length > 0 ? closest(key.toLowerCase(), keys.map((k) => k.toLowerCase())) : undefined;
  const match = nearest === undefined ? undefined : keys.find((k) => k.toLowerCase() === nearest);
  if (match !== undefined && distance(key.toLowerCase(), nearest!) <= Math.max(2, Math.floor(key.length / 3))) {
    return `did you mean "${match}"?`;
  }
  return keys.length > 0 ? `remove it; the props here are ${keys.map((k) => `"${k}"`).join(', ')}` : 'remove it; nothing is set here';
}
