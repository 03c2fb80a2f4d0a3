/**
 * The platform's tracing stack (services ryot, sigmalang, sigmavault and agents), composed from
 * the library's constructs. `npm run synth` writes it to dist/, which Argo CD or Flux apply.
 */
import { App } from 'cdk8s';
import {
  GitOpsApp, JaegerStack, OtelCollector, StackNetworkPolicies, TracingChart, TracingNamespace, TracingStorageClass,
} from './lib';

/** The platform's choices, in one place. */
export const PLATFORM = {
  /** Where the tracing stack runs. */
  namespace: 'monitoring',
  /** The SSD StorageClass for Jaeger's Badger store (created here; AWS EBS gp3). */
  storageClass: 'fast-ssd',
  /** Trace retention, as the plan asks. */
  retention: '72h',
  /** The Prometheus that scrapes the stack (kube-prometheus-stack's operated Service). */
  prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
} as const;

/** Builds the platform's charts into `app` (a fresh GitOpsApp by default) and returns it. */
export function buildPlatform(app: App = new GitOpsApp()): App {
  // Wave -1: the namespace and StorageClass exist before anything is put into them.
  const foundation = new TracingChart(app, 'tracing-foundation', { syncWave: -1 });
  const namespace = new TracingNamespace(foundation, 'namespace', { name: PLATFORM.namespace });
  const storageClass = new TracingStorageClass(foundation, 'storage-class', { name: PLATFORM.storageClass });

  // Jaeger v2 on Badger: one process, 72 h retention on fast-ssd, Monitor tab fed by Prometheus.
  const jaegerChart = new TracingChart(app, 'jaeger');
  jaegerChart.addDependency(foundation);
  const jaeger = new JaegerStack(jaegerChart, 'jaeger', {
    namespace: namespace.name,
    storage: { type: 'badger' },
    storageClassName: storageClass.name,
    retention: PLATFORM.retention,
    monitor: { prometheusUrl: PLATFORM.prometheusUrl },
  });

  // OpenTelemetry: an agent on every node, a tail-sampling gateway in front of Jaeger.
  const otelChart = new TracingChart(app, 'otel-collector');
  otelChart.addDependency(jaegerChart);
  const otel = new OtelCollector(otelChart, 'otel', {
    namespace: namespace.name,
    jaeger: { otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint, samplingGrpcEndpoint: jaeger.samplingGrpcEndpoint },
    gateway: { queueStorageClassName: storageClass.name },
  });

  // Default deny for the stack's pods, one allow per hop of the pipeline.
  const networkChart = new TracingChart(app, 'network-policies');
  networkChart.addDependency(otelChart);
  new StackNetworkPolicies(networkChart, 'tracing', { jaeger, otel });

  return app;
}

if (require.main === module) {
  buildPlatform().synth();
}
