/**
 * The node agents, setting by setting (agentConfig on its own, and the objects OtelCollector
 * emits for them): what each is for is in the name of its test.
 */
import { agentConfig, AGENT_PRIORITY, DEFAULT_SPAN_METRICS_BUCKETS } from '../../lib/otel/agent';
import { K8S_ATTRIBUTES_METADATA } from '../../lib/otel/rbac';
import { OtelCollector, OtelCollectorProps, TlsLink, TracingTls } from '../../lib/internal';
import { CollectorMode } from '../../lib/otel/otel-collector-props';
import { memoryLimiter } from '../../lib/k8s/resources';
import { findOne, ofKind, synthObjects, testChart } from '../support/synth';
import { fixture } from '../support/fixture';
import { jaegerIn } from '../support/backend';

const RESOURCES = { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '256Mi' };
const GATEWAYS = 'otel-gateway-headless.tracing.svc.cluster.local';
const toGateway = (extra: Partial<Parameters<typeof agentConfig>[0]> = {}) =>
  agentConfig({ export: { to: 'gateway', headlessServiceHost: GATEWAYS }, spanMetrics: {}, resources: RESOURCES, ...extra });
const toJaeger = (extra: Partial<Parameters<typeof agentConfig>[0]> = {}) =>
  agentConfig({ export: { to: 'jaeger', otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' }, spanMetrics: {}, resources: RESOURCES, ...extra });

/** A collector alone in its chart; the backend defaults to the `jaeger-collector` of its namespace. */
function synth(props: Partial<OtelCollectorProps> = {}): any[] {
  const chart = testChart();
  new OtelCollector(chart, 'otel', { backend: jaegerIn(props.namespace), ...props });
  return synthObjects(chart);
}

describe('agent config', () => {
  test('k8s_attributes reads pods of its own node with the pod\'s service account, and labels spans (not passing them through unlabelled)', () => {
    expect(toGateway().processors.k8s_attributes).toMatchObject({
      auth_type: 'serviceAccount', passthrough: false, filter: { node_from_env_var: 'K8S_NODE_NAME' },
    });
  });

  test('k8s_attributes extracts the pod metadata its RBAC allows, and finds the pod by its IP, its uid, then the connection', () => {
    const k8sAttributes = toGateway().processors.k8s_attributes as any;
    expect(k8sAttributes.extract).toEqual({ metadata: [...K8S_ATTRIBUTES_METADATA] });
    expect(K8S_ATTRIBUTES_METADATA).toEqual(expect.arrayContaining(['k8s.namespace.name', 'k8s.pod.name', 'k8s.deployment.name', 'k8s.node.name']));
    expect(k8sAttributes.pod_association).toEqual([
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
      { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
      { sources: [{ from: 'connection' }] },
    ]);
  });

  test('memory_limiter, then k8s_attributes, then batches of 8,192 (at most 16,384) every 200 ms', () => {
    const config = toGateway();
    expect(config.processors.memory_limiter).toEqual(memoryLimiter(RESOURCES));
    expect(config.processors.batch).toEqual({ send_batch_size: 8192, send_batch_max_size: 16384, timeout: '200ms' });
    expect(config.service.pipelines.traces).toEqual({
      receivers: ['otlp', 'jaeger', 'zipkin'], processors: ['memory_limiter', 'k8s_attributes', 'batch'], exporters: ['span_metrics', 'load_balancing'],
    });
    expect(config.service.pipelines['metrics/span-metrics']).toEqual({ receivers: ['span_metrics'], processors: ['memory_limiter', 'batch'], exporters: ['prometheus'] });
  });

  test('receives OTLP, the legacy Jaeger protocols and Zipkin on every interface', () => {
    expect(toGateway().receivers).toEqual({
      otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
      jaeger: { protocols: {
        grpc: { endpoint: '0.0.0.0:14250' }, thrift_http: { endpoint: '0.0.0.0:14268' },
        thrift_compact: { endpoint: '0.0.0.0:6831' }, thrift_binary: { endpoint: '0.0.0.0:6832' },
      } },
      zipkin: { endpoint: '0.0.0.0:9411' },
    });
  });

  test('span metrics: traces.span.metrics in ms, flushed every 15 s, one resource per service; buckets and dimensions as given', () => {
    expect(toGateway().connectors.span_metrics).toEqual({
      namespace: 'traces.span.metrics',
      histogram: { unit: 'ms', explicit: { buckets: [...DEFAULT_SPAN_METRICS_BUCKETS] } },
      dimensions: [],
      metrics_flush_interval: '15s',
      resource_metrics_key_attributes: ['service.name'],
    });
    const custom = toGateway({ spanMetrics: { dimensions: ['http.route'], histogramBuckets: ['5ms', '1s'] } }).connectors.span_metrics;
    expect(custom).toMatchObject({ histogram: { explicit: { buckets: ['5ms', '1s'] } }, dimensions: [{ name: 'http.route' }] });
  });

  test('the span metrics are served on 8889 with the suffixes Jaeger\'s Monitor tab queries, and expire after 5 minutes', () => {
    expect(toGateway().exporters.prometheus).toEqual({ endpoint: '0.0.0.0:8889', translation_strategy: 'UnderscoreEscapingWithSuffixes', metric_expiration: '5m' });
  });

  test('to the gateways: by trace id through the headless Service, queued and retried at the top, each gateway tried briefly', () => {
    expect(toGateway().exporters.load_balancing).toEqual({
      routing_key: 'traceID',
      timeout: '10s',
      sending_queue: { enabled: true, num_consumers: 4, queue_size: 1000 },
      retry_on_failure: { enabled: true, initial_interval: '1s', max_interval: '10s', max_elapsed_time: '300s' },
      protocol: { otlp: {
        tls: { insecure: true },
        timeout: '5s',
        sending_queue: { enabled: false },
        retry_on_failure: { enabled: true, initial_interval: '1s', max_interval: '2s', max_elapsed_time: '5s' },
      } },
      resolver: { dns: { hostname: GATEWAYS, port: '4317', interval: '5s', timeout: '1s' } },
    });
  });

  test('to Jaeger (agent-only): OTLP gRPC, queued and retried', () => {
    const config = toJaeger();
    expect(config.exporters['otlp_grpc/jaeger']).toEqual({
      endpoint: 'jaeger-collector.tracing.svc:4317', tls: { insecure: true },
      sending_queue: { enabled: true, num_consumers: 4, queue_size: 1000 },
      retry_on_failure: { enabled: true, initial_interval: '1s', max_interval: '10s', max_elapsed_time: '300s' },
    });
    expect(config.exporters).not.toHaveProperty('load_balancing');
    expect(config.service.pipelines.traces.exporters).toEqual(['span_metrics', 'otlp_grpc/jaeger']);
  });

  test('the remote-sampling proxy only when asked for: Jaeger\'s gRPC source re-read every 30 s, served on 5778 and 5779', () => {
    expect(toGateway().extensions).toEqual({ health_check: { endpoint: '0.0.0.0:13133' } });
    expect(toGateway().service.extensions).toEqual(['health_check']);
    const proxy = toGateway({ remoteSamplingGrpcEndpoint: 'jaeger-collector.tracing.svc:5779' });
    expect(proxy.extensions.jaegerremotesampling).toEqual({
      source: { remote: { endpoint: 'jaeger-collector.tracing.svc:5779', tls: { insecure: true } }, reload_interval: '30s' },
      http: { endpoint: '0.0.0.0:5778' },
      grpc: { endpoint: '0.0.0.0:5779' },
    });
    expect(proxy.service.extensions).toEqual(['health_check', 'jaegerremotesampling']);
  });
});

describe('agent objects', () => {
  const defaults = fixture(() => synth());

  test('its own PriorityClass, named after the namespace: preempts lower priorities, never the cluster default', () => {
    const priority = findOne(defaults(), 'PriorityClass', 'monitoring-otel-agent');
    expect(priority).toMatchObject({ value: AGENT_PRIORITY, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' });
    expect(priority.metadata).not.toHaveProperty('namespace');
    expect(priority.description).toBe('OpenTelemetry agents of monitoring: every pod on a node exports its spans through it.');
    expect(findOne(defaults(), 'DaemonSet', 'otel-agent').spec.template.spec.priorityClassName).toBe('monitoring-otel-agent');
  });

  test('a priority class of the user\'s replaces it', () => {
    const objects = synth({ agent: { placement: { priorityClassName: 'node-critical-apps' } } });
    expect(ofKind(objects, 'PriorityClass')).toEqual([]);
    expect(findOne(objects, 'DaemonSet', 'otel-agent').spec.template.spec.priorityClassName).toBe('node-critical-apps');
  });

  test('the node name reaches k8s_attributes through the downward API', () => {
    const [container] = findOne(defaults(), 'DaemonSet', 'otel-agent').spec.template.spec.containers;
    expect(container.env).toContainEqual({ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  test('the node-local Services keep traffic on the sender\'s node, to the agent pods', () => {
    const daemonSet = findOne(defaults(), 'DaemonSet', 'otel-agent');
    for (const name of ['otel-collector', 'jaeger-agent']) {
      const service = findOne(defaults(), 'Service', name);
      expect([name, service.spec.type, service.spec.internalTrafficPolicy]).toEqual([name, 'ClusterIP', 'Local']);
      expect(service.spec.selector).toEqual(daemonSet.spec.selector.matchLabels);
    }
  });
});

test('the agent holds a certificate when it serves the apps over TLS, or is a TLS client of the gateways or of Jaeger', () => {
  const issuer = { name: 'ca' };
  const agentCert = (links: TlsLink[], props: Partial<OtelCollectorProps> = {}) => ofKind(synth({ ...props, backend: jaegerIn('monitoring', TracingTls.certManager({ issuer, links })) }), 'Certificate')
    .some((c) => c.metadata.name === 'otel-agent-tls');
  const noProxy = { agent: { remoteSampling: false } };
  expect(agentCert([TlsLink.APPS_TO_AGENT], noProxy)).toBe(true);
  expect(agentCert([TlsLink.AGENT_TO_GATEWAY], noProxy)).toBe(true);
  expect(agentCert([TlsLink.AGENT_TO_GATEWAY], { ...noProxy, mode: CollectorMode.AGENT_ONLY })).toBe(false); // no gateway to be a client of
  expect(agentCert([TlsLink.TO_JAEGER], noProxy)).toBe(false); // the gateways are Jaeger's clients, not the agents
  expect(agentCert([TlsLink.TO_JAEGER])).toBe(true); // ... unless the agents proxy Jaeger's strategies
  expect(agentCert([TlsLink.TO_JAEGER], { ...noProxy, mode: CollectorMode.AGENT_ONLY })).toBe(true);
  expect(agentCert([TlsLink.JAEGER_STORAGE])).toBe(false);
});
