/** Stacks other than the committed platform, synthesized from the library for the e2e tests. */
import { App } from 'cdk8s';
import { JaegerStack, JaegerStackProps, OtelCollector, OtelCollectorProps, Prometheus, TracingAlerts, TracingChart, TracingMonitors } from '../../../lib';

/**
 * A Jaeger stack (and optionally collectors in front of it) as one app's objects; `extend` is
 * given the collectors before synth, as a consumer's app would extend them. With `watched`, the
 * stack's PodMonitors and PrometheusRule come too (for a LocalPrometheus).
 */
export function stackObjects(jaeger: JaegerStackProps, otel?: Omit<OtelCollectorProps, 'backend'>, extend?: (otel: OtelCollector) => void, watched = false): any[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new TracingChart(app, 'variant');
  const stack = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', ...jaeger });
  const components: Array<JaegerStack | OtelCollector> = [stack];
  if (otel) {
    const collectors = new OtelCollector(chart, 'otel', {
      namespace: 'tracing',
      ...otel,
      // The stack imported, so the agents proxy Jaeger's gRPC endpoint here (with the stack's TLS
      // where the variant has it); the committed dist/ has them serve a copy of the strategies
      // (backend: the JaegerStack): the e2e tier runs both.
      backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: stack.otlpGrpcEndpoint, samplingGrpcEndpoint: stack.samplingGrpcEndpoint, tls: stack.tls }),
    });
    extend?.(collectors);
    components.push(collectors);
  }
  if (watched) {
    const prometheus = Prometheus.fromExisting({ namespace: 'tracing' });
    new TracingMonitors(chart, 'monitors', { prometheus, components });
    new TracingAlerts(chart, 'alerts', { prometheus, components });
  }
  return app.charts.flatMap((c) => c.toJson());
}
