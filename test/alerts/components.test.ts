/**
 * The watchers meet the stack through ITracingComponent: given the constructs, they scrape what
 * runs, alert on the data claims that exist and expect the keep ratio the gateways are set to.
 */
import { GrafanaDashboards, JaegerStack, JaegerStorage, OtelCollector, OtelCollectorProps, TracingAlerts, TracingMonitors } from '../../lib';
import { ofKind, synthObjects, testChart } from '../support/synth';
import { grafana, prometheus } from '../support/observers';
import { CollectorMode } from '../../lib/otel/otel-collector-props';

function watch(jaeger: ConstructorParameters<typeof JaegerStack>[2], otel: Omit<OtelCollectorProps, 'backend'>) {
  const chart = testChart();
  const stack = new JaegerStack(chart, 'jaeger', jaeger);
  // The stack's Service, imported: the agents proxy its sampling.
  const components = [stack, new OtelCollector(chart, 'otel', { backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: stack.otlpGrpcEndpoint }), ...otel })];
  const monitors = new TracingMonitors(chart, 'monitors', { prometheus: prometheus(), components });
  new TracingAlerts(chart, 'alerts', { prometheus: prometheus(), components });
  new GrafanaDashboards(chart, 'dashboards', { grafana: grafana(), components });
  const objects = synthObjects(chart);
  const rules = ofKind(objects, 'PrometheusRule')[0].spec.groups.flatMap((g: any) => g.rules);
  return { monitors, objects, rules, alertNames: rules.map((r: any) => r.alert) };
}

test('the platform shape: every part scraped, the claims and the keep ratio taken from the constructs', () => {
  const { monitors, rules } = watch({ namespace: 'tracing' }, { namespace: 'tracing', sampling: { baselinePercentage: 20 } });
  expect(monitors.scrapeTargets.map((t) => t.name)).toEqual(['jaeger', 'otel-agent', 'otel-gateway']);
  expect(monitors.targetNamespace).toBe('tracing');
  expect(rules.find((r: any) => r.alert === 'JaegerStorageAlmostFull').expr).toContain('persistentvolumeclaim=~"data-jaeger-0"');
  expect(rules.find((r: any) => r.alert === 'TracingSamplingNotReducingVolume').expr).toContain('0.6');
});

test('agent-only collectors: no gateway is scraped, and no gateway or sampling alert is made', () => {
  const { monitors, alertNames } = watch({}, { mode: CollectorMode.AGENT_ONLY });
  expect(monitors.scrapeTargets.map((t) => t.target)).toEqual(['jaeger', 'agent']);
  expect(alertNames).not.toContain('TracingSamplingNotReducingVolume');
  expect(alertNames).not.toContain('TracingGatewayMembershipChanged');
});

test('storage outside the stack: no claim, so no storage alert', () => {
  const { alertNames } = watch({ storage: JaegerStorage.opensearch({ serverUrls: ['https://os.logging.svc:9200'] }) }, {});
  expect(alertNames).not.toContain('JaegerStorageAlmostFull');
});
