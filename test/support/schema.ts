/**
 * Strict schema validation of synthesized objects, offline:
 * - built-in kinds against the Kubernetes 1.33 OpenAPI definitions (test/schemas/);
 * - custom resources against the openAPIV3Schema of the CRDs vendored in crds/.
 * Both are made strict: an object with a field the API does not define fails, as with
 * `kubectl apply --validate=strict`, because a misspelt field is silently dropped by a cluster.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const K8S_DEFINITIONS = path.join(ROOT, 'test', 'schemas', 'k8s-v1.33.0-definitions.json');
const CRD_FILES = ['prometheus-operator-crds.yaml', 'cert-manager-crds.yaml', 'gateway-api-crds.yaml'].map((f) => path.join(ROOT, 'crds', f));

/** Adds `additionalProperties: false` wherever a schema lists its properties and says nothing else. */
function strictify(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `definitions` are maps of name → schema, not schemas themselves.
    if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strictify(v)]));
    } else {
      out[key] = strictify(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * CRD patterns are Go (RE2) regexes; some start with the inline flag `(?i)` (PrometheusRule's
 * `partial_response_strategy`), which JavaScript does not accept: turn it into the `i` flag.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  const caseless = /^\^?\(\?i\)/;
  return caseless.test(pattern) ? new RegExp(pattern.replace('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

export interface SchemaValidator {
  /** Errors for one object (empty when valid). */
  validate(obj: any): string[];
}

let cached: SchemaValidator | undefined;

/** The validator, built once per test file. */
export function schemaValidator(): SchemaValidator {
  if (cached) return cached;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
  const definitions = strictify(JSON.parse(fs.readFileSync(K8S_DEFINITIONS, 'utf8')).definitions);
  ajv.addSchema({ $id: 'k8s', definitions });

  // apiVersion/kind → a $ref into the definitions.
  const builtIn = new Map<string, string>();
  for (const [name, def] of Object.entries<any>(definitions)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      if (!name.endsWith('List')) builtIn.set(`${apiVersion}/${gvk.kind}`, name);
    }
  }
  const custom = new Map<string, any>();
  for (const file of CRD_FILES) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      for (const version of crd.spec.versions) {
        const schema = strictify(version.schema.openAPIV3Schema);
        // The API server fills apiVersion/kind/metadata; CRD schemas leave metadata open.
        custom.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, schema);
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string): ValidateFunction | undefined => {
    if (compiled.has(key)) return compiled.get(key);
    let fn: ValidateFunction | undefined;
    if (builtIn.has(key)) fn = ajv.compile({ $ref: `k8s#/definitions/${builtIn.get(key)}` });
    else if (custom.has(key)) fn = ajv.compile(custom.get(key));
    if (fn) compiled.set(key, fn);
    return fn;
  };

  cached = {
    validate(obj: any): string[] {
      const key = `${obj.apiVersion}/${obj.kind}`;
      const fn = validatorFor(key);
      if (!fn) return [`no schema for ${key}: add its CRD to crds/ or the definitions`];
      if (fn(obj)) return [];
      return (fn.errors ?? []).map((e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${(e.params as any).additionalProperty}` : ''}`);
    },
  };
  return cached;
}
