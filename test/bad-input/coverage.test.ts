/**
 * Keeps the bad-input table complete: every prop path a construct validates (read from the
 * source, at each `invalidProp(where, '<prop>', ...)` / `check...(where, '<prop>', ...)` call)
 * must have a row in the table for a construct that source file serves. A new validation
 * without a row, or a new source file that validates props without a place here, fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BAD_INPUT_CASES } from './cases';

const LIB = path.join(__dirname, '..', '..', 'lib');

/** Which constructs' props each validating source file checks (`*`: a shared helper, any construct). */
const FILE_KINDS: Record<string, readonly string[]> = {
  'foundation/tracing-namespace.ts': ['TracingNamespace'],
  'foundation/tracing-storage-class.ts': ['TracingStorageClass'],
  'gitops/tracing-chart.ts': ['TracingChart'],
  'gitops/gitops-app.ts': ['GitOpsApp'],
  'validation/stack-index.ts': ['GitOpsApp'],
  'jaeger/jaeger-stack.ts': ['JaegerStack'],
  'jaeger/storage.ts': ['JaegerStack'],
  'jaeger/modes/index.ts': ['JaegerStack'],
  'jaeger/jaeger-storage.ts': ['JaegerStack'],
  'jaeger/modes/search.ts': ['JaegerStack'],
  'jaeger/modes/single-process.ts': ['JaegerStack'],
  'jaeger/modes/cassandra.ts': ['JaegerStack'],
  'jaeger/stack-settings.ts': ['JaegerStack'],
  'jaeger/jaeger-config.ts': ['JaegerStack'],
  'jaeger/sampling-strategies.ts': ['JaegerStack', 'ServiceInstrumentation'],
  'jaeger/tracing-backend.ts': ['JaegerStack'],
  'otel/otel-collector.ts': ['OtelCollector'],
  'sizing/tracing-load.ts': ['TracingSizing'],
  'sizing/apply-sizing.ts': ['OtelCollector', 'JaegerStack'],
  'otel/sampling-policy.ts': ['OtelCollector'],
  'collector/config.ts': ['OtelCollector'],
  'collector/components.ts': ['OtelCollector'],
  'collector/config-override.ts': ['OtelCollector'],
  'collector/extensible-config.ts': ['OtelCollector'],
  'collector/autoscaling.ts': ['OtelCollector', 'JaegerStack'],
  'otel/agent.ts': ['OtelCollector'],
  'otel/gateway.ts': ['OtelCollector'],
  'network/tracing-network-policies.ts': ['TracingNetworkPolicies', 'StackNetworkPolicies'],
  'network/stack-network-policies.ts': ['StackNetworkPolicies'],
  'network/peers.ts': ['TracingNetworkPolicies', 'StackNetworkPolicies'],
  'alerts/tracing-monitors.ts': ['TracingMonitors'],
  'alerts/tracing-alerts.ts': ['TracingAlerts'],
  'monitoring/contract.ts': ['TracingMonitors', 'TracingAlerts', 'GrafanaDashboards'],
  'monitoring/validate.ts': ['TracingMonitors', 'TracingAlerts', 'GrafanaDashboards'],
  'grafana/grafana-datasources.ts': ['GrafanaDatasources', 'GrafanaDashboards'],
  'grafana/grafana-dashboards.ts': ['GrafanaDashboards'],
  'grafana/grafana.ts': ['Grafana', 'GrafanaDatasources', 'GrafanaDashboards'],
  'monitoring/prometheus.ts': ['Prometheus'],
  'instrumentation/service-instrumentation.ts': ['ServiceInstrumentation'],
  'instrumentation/otel-environment.ts': ['ServiceInstrumentation', 'instrumentWorkload'],
  'instrumentation/trace-sampler.ts': ['ServiceInstrumentation', 'instrumentWorkload'],
  'instrumentation/instrument-workload.ts': ['instrumentWorkload'],
  'k8s/validate.ts': ['*'],
  'k8s/validate-pod.ts': ['*'],
  'k8s/resources.ts': ['*'],
  'k8s/errors.ts': ['*'],
  'k8s/props.ts': ['*'],
  'k8s/factory-specs.ts': ['JaegerStack', 'ServiceInstrumentation', 'JaegerUiExposure', 'OtelCollector', 'TracingMonitors', 'GrafanaDashboards'],
  'k8s/placement.ts': ['*'],
  'k8s/pod-extras.ts': ['*'],
  'k8s/one-per-namespace.ts': ['JaegerStack', 'OtelCollector'],
  'k8s/namespace.ts': ['*'],
  'tls/tracing-tls.ts': ['TracingTls', 'JaegerStack', 'OtelCollector'],
  'exposure/ui-auth.ts': ['UiAuth'],
  'exposure/ui-route.ts': ['UiRoute'],
  'exposure/jaeger-ui-exposure.ts': ['JaegerUiExposure'],
};

/** Files that call check functions but validate no construct prop, and why. */
const NOT_PROPS: Record<string, string> = {
  'validation/duplicate-checks.ts': 'findings about synthesized output, not props',
  'validation/egress-checks.ts': 'findings about synthesized output, not props',
  'validation/usage-checks.ts': 'findings about synthesized output, not props',
  'validation/service-link-checks.ts': 'warnings about synthesized output, not props',
  'validation/collector-config-checks.ts': 'findings about synthesized output, not props',
  'validation/pod-security.ts': 'findings about synthesized output, not props',
  'validation/reference-checks.ts': 'findings about synthesized output, not props',
  'validation/selection-checks.ts': 'findings about synthesized output, not props',
  'validation/stack-validator.ts': 'findings about synthesized output, not props',
  'validation/stack-validator-api.ts': 'static entry points to the output checks, no props',
};

/** Local closures that take the prop name as their first argument. */
const PROP_FIRST = ['ratio', 'dur', 'positive', 'scaleOut', 'list'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** A literal prop argument: `'x'`, `"x"` or a template. */
const LITERAL = String.raw`(['"\`])((?:(?!\1)[^\\]|\\.)*)\1`;
const PROP_SECOND = new RegExp(String.raw`\b(?:invalidProp|check[A-Z]\w*|latencyMs)\(\s*[^,()]+,\s*${LITERAL}`, 'g');
const PROP_FIRST_CALL = new RegExp(String.raw`\b(?:${PROP_FIRST.join('|')})\(\s*${LITERAL}`, 'g');

interface Validated { file: string; literal: string; relative?: boolean }

function validatedProps(file: string, source: string): Validated[] {
  const found: Validated[] = [];
  for (const m of source.matchAll(PROP_SECOND)) found.push({ file, literal: m[2] });
  // A closure's prop may be relative to the prop it was made for (`list('dimensions')` in `agent.spanMetrics`).
  for (const m of source.matchAll(PROP_FIRST_CALL)) found.push({ file, literal: m[2], relative: true });
  return found;
}

/**
 * What a row's prop must match: `storage.serverUrls[${i}]` → starts with `storage.serverUrls`;
 * `${prefix}.decisionWait` → contains `.decisionWait`; `ports of ${role}` → starts with `ports`.
 */
function matcher({ literal, relative }: Validated): ((prop: string) => boolean) | undefined {
  if (literal.startsWith('${') || relative) {
    if (relative && !literal.startsWith('${')) {
      const absolute = matcher({ file: '', literal });
      return (prop) => absolute!(prop) || prop.includes(`.${literal}`);
    }
    const tail = /^\.?[A-Za-z_][\w.]*[\w]/.exec(literal.slice(literal.indexOf('}') + 1))?.[0];
    return tail ? (prop) => prop.includes(tail) : undefined;
  }
  const head = /^[A-Za-z_][\w.]*[\w]/.exec(literal)?.[0];
  return head ? (prop) => prop === head || (prop.startsWith(head) && /^[.[ "]/.test(prop.slice(head.length))) : undefined;
}

const files = sourceFiles(LIB).map((f) => path.relative(LIB, f).split(path.sep).join('/'));
const validating = files.filter((f) => /\binvalidProp\(|\bcheck[A-Z]\w*\(/.test(fs.readFileSync(path.join(LIB, f), 'utf8')));

test('every source file that validates is mapped to its constructs (or explained)', () => {
  expect(validating.filter((f) => !(f in FILE_KINDS) && !(f in NOT_PROPS))).toEqual([]);
});

test('the extraction finds the validated props (sanity)', () => {
  const all = validating.filter((f) => f in FILE_KINDS).flatMap((f) => validatedProps(f, fs.readFileSync(path.join(LIB, f), 'utf8')));
  expect(all.length).toBeGreaterThan(150);
  expect(all).toContainEqual({ file: 'jaeger/jaeger-stack.ts', literal: 'retention' });
  expect(all).toContainEqual({ file: 'alerts/tracing-alerts.ts', literal: 'storageWarningRatio', relative: true });
  expect(all).toContainEqual({ file: 'otel/sampling-policy.ts', literal: '${prefix}.decisionWait' });
});

describe.each(validating.filter((f) => f in FILE_KINDS))('%s', (file) => {
  const kinds = FILE_KINDS[file];
  const rows = BAD_INPUT_CASES.filter((r) => kinds.includes('*') || kinds.includes(r.kind));
  const props = validatedProps(file, fs.readFileSync(path.join(LIB, file), 'utf8'));

  test('every validated prop has a bad-input row', () => {
    const missing = props.filter((v) => {
      const match = matcher(v);
      return match !== undefined && !rows.some((r) => match(r.prop));
    }).map((v) => v.literal);
    expect(missing).toEqual([]);
  });
});

test('every construct of the library has rows', () => {
  const kinds = new Set(BAD_INPUT_CASES.map((r) => r.kind));
  for (const kind of [...new Set(Object.values(FILE_KINDS).flat())].filter((k) => k !== '*')) expect(kinds).toContain(kind);
});
