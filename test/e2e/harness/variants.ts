/** Stacks other than the committed platform, synthesized from the library for the e2e tests. */
import { App } from 'cdk8s';
import { JaegerStack, JaegerStackProps, OtelCollector, OtelCollectorProps, TracingChart } from '../../../lib';

/**
 * A Jaeger stack (and optionally collectors in front of it) as one app's objects; `extend` is
 * given the collectors before synth, as a consumer's app would extend them.
 */
export function stackObjects(jaeger: JaegerStackProps, otel?: Omit<OtelCollectorProps, 'jaeger'>, extend?: (otel: OtelCollector) => void): any[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new TracingChart(app, 'variant');
  const stack = new JaegerStack(chart, 'jaeger', { namespace: 'tracing', ...jaeger });
  if (otel) {
    const collectors = new OtelCollector(chart, 'otel', {
      namespace: 'tracing',
      ...otel,
      jaeger: { otlpGrpcEndpoint: stack.otlpGrpcEndpoint, samplingGrpcEndpoint: stack.samplingGrpcEndpoint },
    });
    extend?.(collectors);
  }
  return app.charts.flatMap((c) => c.toJson());
}
