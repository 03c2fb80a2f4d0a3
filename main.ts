/**
 * The platform's tracing stack (services ryot, sigmalang, sigmavault and agents), composed from
 * the library's constructs. `npm run synth` writes it to dist/, which Argo CD or Flux apply.
 */
import { App } from 'cdk8s';
import { GitOpsApp, Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStorage, OtelCollector, Prometheus, SamplingStrategy, ServiceInstrumentation, StackNetworkPolicies, TracingAlerts, TracingChart, TracingMonitors, TracingNamespace, TracingSizing, TracingStorageClass } from './lib';

/** The platform's services: each gets its SDK environment and its remote-sampling strategy. */
export const PLATFORM_SERVICES = ['ryot', 'sigmalang', 'sigmavault', 'agents'] as const;

/** The platform's choices, in one place. */
export const PLATFORM = {
  /**
   * Where the tracing stack runs: a namespace of its own (restricted Pod Security enforced), not
   * kube-prometheus-stack's `monitoring`. Kubernetes gives every pod of a namespace the address
   * of each Service in it as variables: the `jaeger-agent` Service would set
   * `JAEGER_AGENT_PORT=udp://<ip>:6831` in Grafana's pod, which Grafana reads as its own tracing
   * setting and fails to start on (grafana/grafana#58608).
   */
  namespace: 'tracing',
  /**
   * Where the platform's services run: their SDK-environment ConfigMaps go there (`envFrom` reads
   * only the pod's own namespace). `default` because the plan deployed them without one.
   */
  servicesNamespace: 'default',
  /**
   * The SSD StorageClass for Jaeger's Badger store and the gateways' queues, created here: AWS
   * EBS gp3 at its baseline performance (3000 IOPS, 125 MiB/s), which every gp3 volume gets at
   * no extra cost.
   */
  storageClass: {
    name: 'fast-ssd',
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', iops: '3000', throughput: '125' },
  },
  /**
   * Share of ordinary traces the gateways keep; every error and slow trace is kept on top. The
   * runbook asks for a 70 %+ cut of the whole volume: with errors and slow traces at 5 % of the
   * traffic, a 30 % baseline keeps 33.5 % (the e2e tier measured a 67 % cut), 20 % keeps 24 %.
   */
  baselinePercentage: 20 as number,
  /** Every trace slower than this (Go duration, first span start to last span end) is kept. */
  slowTraceThreshold: '1s' as string,
  /**
   * The load the stack is sized for (TracingSizing, from the benchmark's measurements, with 50 %
   * headroom): an estimate for the four services at the busy hour, about 500 spans/s each over
   * three application nodes, with the plan's 72 h retention. Revise it from the agents'
   * accepted-spans rate on the Tracing pipeline dashboard once the platform runs.
   */
  expectedLoad: {
    spansPerSecond: 2_000,
    nodes: 3,
    spansPerTrace: 6,
    errorShare: 0.02,
    slowShare: 0.03,
    retentionHours: 72,
  },
  /**
   * kube-prometheus-stack's Prometheus and Grafana, said once: the monitors and alerts go where
   * its operator reads them with the labels it selects by (its release), the datasource and
   * dashboards where Grafana's sidecar reads them (Grafana's namespace), Jaeger's Monitor tab
   * reads this Prometheus, and the NetworkPolicies let these pods, and no look-alike elsewhere,
   * scrape the stack and open the Jaeger API.
   */
  prometheus: { namespace: 'monitoring', selectorLabels: { release: 'kube-prometheus-stack' } },
  grafana: { namespace: 'monitoring' },
  /**
   * Default-deny NetworkPolicies with one allow per hop. Turn off only for a CNI that does not
   * enforce policies, or where policies are managed centrally.
   */
  networkPolicies: true as boolean,
  /**
   * Head sampling per service, served by Jaeger's remote sampling. Every trace is started: the
   * gateway's tail sampling keeps every error trace and cuts the volume (see OtelCollector).
   */
  sampling: Object.fromEntries(PLATFORM_SERVICES.map((s) => [s, SamplingStrategy.probabilistic(1)])),
} as const;

/** The platform's choices, as `buildPlatform` reads them. */
export type Platform = typeof PLATFORM;

/**
 * Builds the platform's charts into `app` (a fresh GitOpsApp by default) and returns it; another
 * `platform` (PLATFORM with one choice changed) gives the revision an upgrade would commit.
 */
export function buildPlatform(app: App = new GitOpsApp(), platform: Platform = PLATFORM): App {
  // Wave -1: the namespace and StorageClass exist before anything is put into them.
  const foundation = new TracingChart(app, 'tracing-foundation', { syncWave: -1 });
  // The stack's own namespace: restricted Pod Security is enforced there.
  const namespace = new TracingNamespace(foundation, 'namespace', { name: platform.namespace, dedicated: true });
  const storageClass = new TracingStorageClass(foundation, 'storage-class', platform.storageClass);

  // The services' SDK environment (filled in below, once Jaeger exists to serve their strategies).
  const instrumentationChart = new TracingChart(app, 'instrumentation', { syncWave: 1 });

  // Every tier's resources, replicas, queue and volume sizes come from the expected load.
  const prometheus = Prometheus.fromExisting(platform.prometheus);
  const grafana = Grafana.fromExisting(platform.grafana);
  const sizing = TracingSizing.forLoad({ ...platform.expectedLoad, baselinePercentage: platform.baselinePercentage });

  // Jaeger v2 on Badger: one process, 72 h retention on fast-ssd, Monitor tab fed by Prometheus.
  const jaegerChart = new TracingChart(app, 'jaeger');
  jaegerChart.addDependency(foundation);
  const jaeger = new JaegerStack(jaegerChart, 'jaeger', {
    namespace: namespace.name,
    sizing,
    storage: JaegerStorage.badger(),
    storageClassName: storageClass.name,
    monitor: { prometheus },
  });

  // OpenTelemetry: an agent on every node, a tail-sampling gateway in front of Jaeger.
  const otelChart = new TracingChart(app, 'otel-collector');
  otelChart.addDependency(jaegerChart);
  const otel = new OtelCollector(otelChart, 'otel', {
    namespace: namespace.name,
    // Jaeger's endpoints, TLS and sizing follow; the agents serve its strategies on every node, in
    // the format legacy Jaeger clients parse too.
    backend: jaeger,
    gateway: { queueStorageClassName: storageClass.name },
    sampling: { baselinePercentage: platform.baselinePercentage, latencyThreshold: platform.slowTraceThreshold },
  });

  // Each service exports OTLP to the agent on its own node; Jaeger serves its sampling strategy.
  for (const [service, samplingStrategy] of Object.entries(platform.sampling)) {
    new ServiceInstrumentation(instrumentationChart, service, {
      serviceName: service,
      namespace: platform.servicesNamespace,
      collector: otel,
      samplingStrategy,
      jaeger,
    });
  }

  // Default deny for the stack's pods, one allow per hop of the pipeline.
  let lastWorkloadChart: TracingChart = otelChart;
  if (platform.networkPolicies) {
    const networkChart = new TracingChart(app, 'network-policies');
    networkChart.addDependency(otelChart);
    new StackNetworkPolicies(networkChart, 'tracing', { jaeger, otel, prometheus, grafana });
    lastWorkloadChart = networkChart;
  }

  // Scraping, alerts and Grafana (wave 1: after the workloads they watch).
  const monitoringChart = new TracingChart(app, 'monitoring', { syncWave: 1 });
  monitoringChart.addDependency(lastWorkloadChart);
  // The watchers read what to watch from the stack's constructs: pods, data claims, keep ratio.
  const stack = [jaeger, otel];
  new TracingMonitors(monitoringChart, 'monitors', { prometheus, components: stack });
  new TracingAlerts(monitoringChart, 'alerts', { prometheus, components: stack });
  new GrafanaDatasources(monitoringChart, 'grafana-datasources', { grafana, jaeger });
  new GrafanaDashboards(monitoringChart, 'grafana-dashboards', { grafana, components: stack });

  instrumentationChart.addDependency(monitoringChart);
  return app;
}

if (require.main === module) {
  buildPlatform().synth();
}
