import { execFileSync } from 'child_process';
import { Chart } from 'cdk8s';
import {
  AppNames, CollectorMode, Components, ITracingComponent, JaegerStack, JaegerStackProps, LabelKeys, OtelCollector, OtelCollectorProps, PART_OF, Ports,
  TracingMonitors, isLabelValue, selectorLabels,
} from '../../lib/internal';
import { PROMTOOL_INSTALL_HINT, promtool } from '../support/promtool';
import { schemaValidator } from '../support/schema';
import { findOne, ofKind, synthObjects, tempDir, testChart } from '../support/synth';
import { prometheus } from '../support/observers';

/** The stack the monitors watch, built in `chart`: a JaegerStack and an OtelCollector exporting to it. */
function stackIn(chart: Chart, jaeger: JaegerStackProps = {}, otel: Omit<OtelCollectorProps, 'backend'> = {}): ITracingComponent[] {
  const stack = new JaegerStack(chart, 'jaeger', jaeger);
  return [stack, new OtelCollector(chart, 'otel', { backend: stack, ...otel })];
}

/** The pod labels the JaegerStack and OtelCollector contracts give each role (default instances). */
const contractPods = () => ({
  jaeger: [Components.JAEGER_ALL_IN_ONE, Components.JAEGER_COLLECTOR, Components.JAEGER_QUERY, Components.JAEGER_REMOTE_STORAGE]
    .map((component) => selectorLabels({ name: AppNames.JAEGER, instance: 'jaeger', component })),
  agent: [selectorLabels({ name: AppNames.OTEL_COLLECTOR, instance: 'otel', component: Components.OTEL_AGENT })],
  gateway: [selectorLabels({ name: AppNames.OTEL_COLLECTOR, instance: 'otel', component: Components.OTEL_GATEWAY })],
});

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('TracingMonitors', () => {
  test('instances of 63 characters give valid label values (the instance label is the monitored instance)', () => {
    const chart = testChart();
    new TracingMonitors(chart, 'monitors', { prometheus: prometheus(), components: stackIn(chart, { instance: 'j'.repeat(63) }, { instance: 'o'.repeat(63) }) });
    const monitors = ofKind(synthObjects(chart), 'PodMonitor');
    expect(monitors).toHaveLength(3);
    for (const m of monitors) {
      for (const value of Object.values<string>(m.metadata.labels)) expect(isLabelValue(value)).toBe(true);
    }
    expect(monitors.map((m) => m.metadata.labels[LabelKeys.INSTANCE]).sort()).toEqual(['j'.repeat(63), 'o'.repeat(63), 'o'.repeat(63)]);
  });

  test('defaults: three PodMonitors in monitoring, valid against the CRD', () => {
    const chart = testChart();
    new TracingMonitors(chart, 'monitors', { prometheus: prometheus(), components: stackIn(chart) });
    const monitors = ofKind(synthObjects(chart), 'PodMonitor');
    expect(monitors.map((m) => m.metadata.name)).toEqual(['jaeger', 'otel-agent', 'otel-gateway']);
    for (const m of monitors) {
      expect(schemaValidator().validate(m)).toEqual([]);
      expect(m.metadata.namespace).toBe('monitoring');
      expect(m.spec.namespaceSelector).toEqual({ matchNames: ['monitoring'] });
    }
  });

  test('each selector matches exactly the contract pods of its role and names ports from Ports', () => {
    const chart = testChart();
    const monitors = new TracingMonitors(chart, 'monitors', { prometheus: prometheus(), components: stackIn(chart) });
    const objects = synthObjects(chart);
    const portNames = Object.values(Ports).map((p) => p.name);
    for (const t of monitors.scrapeTargets) {
      const obj = findOne(objects, 'PodMonitor', t.name);
      expect(obj.spec.selector.matchLabels).toEqual(t.selector);
      expect(t.selector[LabelKeys.PART_OF]).toBe(PART_OF);
      for (const [role, pods] of Object.entries(contractPods())) {
        for (const pod of pods) expect({ role, selected: matches(t.selector, pod) }).toEqual({ role, selected: role === t.target });
      }
      const ports = obj.spec.podMetricsEndpoints.map((e: any) => e.port);
      expect(ports).toEqual(t.ports.map((p) => p.name));
      for (const p of ports) expect(portNames).toContain(p);
    }
    const portsOf = (name: string) => findOne(objects, 'PodMonitor', name).spec.podMetricsEndpoints.map((e: any) => e.port);
    expect(portsOf('jaeger')).toEqual([Ports.METRICS.name]);
    expect(portsOf('otel-agent')).toEqual([Ports.METRICS.name, Ports.SPAN_METRICS.name]);
    expect(portsOf('otel-gateway')).toEqual([Ports.METRICS.name]);
  });

  test('every endpoint copies the app.kubernetes.io labels the alerts select on', () => {
    const chart = testChart();
    new TracingMonitors(chart, 'monitors', { prometheus: prometheus(), components: stackIn(chart) });
    for (const m of ofKind(synthObjects(chart), 'PodMonitor')) {
      for (const e of m.spec.podMetricsEndpoints) {
        expect(e.relabelings).toEqual(['name', 'component', 'instance'].map((l) => ({
          action: 'replace',
          sourceLabels: [`__meta_kubernetes_pod_label_app_kubernetes_io_${l}`],
          targetLabel: `app_kubernetes_io_${l}`,
        })));
        expect(e).toMatchObject({ path: '/metrics', interval: '30s' });
        expect(e.honorLabels).toBeUndefined();
      }
    }
  });

  test('interval is a prop; namespace and labels the Prometheus\'s; the stack\'s namespace, instances and parts come from its constructs', () => {
    const chart = testChart();
    // A repo without agents: gateways only.
    const components = stackIn(chart, { namespace: 'tracing', instance: 'traces' },
      { namespace: 'tracing', instance: 'collector', mode: CollectorMode.GATEWAY_ONLY });
    new TracingMonitors(chart, 'monitors', {
      prometheus: prometheus({ namespace: 'observability', selectorLabels: { release: 'kube-prometheus-stack' }, watchesAllNamespaces: false }),
      components, interval: '15s',
    });
    const monitors = ofKind(synthObjects(chart), 'PodMonitor');
    // outside the stack's namespace, named with it (another stack's monitors may share this one)
    expect(monitors.map((m) => m.metadata.name)).toEqual(['traces-tracing', 'collector-gateway-tracing']);
    for (const m of monitors) {
      expect(m.metadata).toMatchObject({ namespace: 'observability', labels: { release: 'kube-prometheus-stack' } });
      expect(m.spec.namespaceSelector.matchNames).toEqual(['tracing']);
      expect(m.spec.podMetricsEndpoints[0].interval).toBe('15s');
    }
    expect(monitors[1].spec.selector.matchLabels[LabelKeys.INSTANCE]).toBe('collector');
  });

  test('bad props fail clearly', () => {
    expect(() => new TracingMonitors(testChart(), 'm', { prometheus: prometheus(), components: [] }))
      .toThrow(/TracingMonitors "m": invalid prop "components" = \[\]: expected a non-empty list/);
    const chart = testChart();
    const [jaeger] = stackIn(chart);
    expect(() => new TracingMonitors(chart, 'm', { prometheus: prometheus(), components: [jaeger, jaeger] })).toThrow(/lists a part of the stack twice/);
    const other = testChart();
    expect(() => new TracingMonitors(other, 'm', { prometheus: prometheus(), components: stackIn(other), interval: 'often' })).toThrow(/invalid prop "interval" = "often"/);
  });
});

describe('promtool helper', () => {
  test('a missing promtool fails with the install command (what a promtool test does under CI=true)', () => {
    expect(() => promtool(['--version'], tempDir(), { PATH: '' })).toThrow(PROMTOOL_INSTALL_HINT);
    expect(PROMTOOL_INSTALL_HINT).toContain('apt-get install -y prometheus');
  });

  test('without promtool, promtool tests are skipped outside CI and run (and fail) under CI=true', () => {
    const script = `process.env.CI = process.argv[1]; const calls = [];
      global.test = Object.assign((n) => calls.push('run ' + n), { skip: (n) => calls.push('skip ' + n) });
      const p = require(${JSON.stringify(require.resolve('../support/promtool'))});
      p.testWithPromtool('rules', () => {}); console.log(JSON.stringify(calls));`;
    const run = (ci: string) => JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script, ci],
      { env: { ...process.env, PATH: tempDir('no-tools-') }, stdio: ['ignore', 'pipe', 'pipe'] }).toString());
    expect(run('false')).toEqual(['skip rules [needs promtool]']);
    expect(run('true')).toEqual(['run rules']);
  });
});
