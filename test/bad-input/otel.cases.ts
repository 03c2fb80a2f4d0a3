import { Chart } from 'cdk8s';
import { Images, JaegerStack, OTEL_CONTRIB_COMPONENTS, OtelCollector } from '../../lib/internal';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { jaegerIn, withBackend } from '../support/backend';

/** A collector exporting to an imported Jaeger, unless the row sets `backend` (test/support/backend.ts). */
const o = rowsFor('OtelCollector', ({ chart }, props) => new OtelCollector(chart, SUBJECT, withBackend(props)));
/** A collector already in the app: a second one in its namespace would emit the same objects. */
const second = rowsFor('OtelCollector', ({ chart }, props) => new OtelCollector(chart, SUBJECT, withBackend(props)),
  { setup: (_chart, app) => new OtelCollector(new Chart(app, 'first'), 'first', { backend: jaegerIn() }) });
/** A Jaeger made elsewhere, imported for the collectors. */
const imported = rowsFor('JaegerStack', (_ctx, endpoints) => JaegerStack.fromEndpoints(endpoints), { where: 'JaegerStack.fromEndpoints()' });

/** The contrib table without one component. */
function tableWithout(kind: 'processor' | 'exporter', type: string) {
  const components = { ...OTEL_CONTRIB_COMPONENTS.components, [kind]: OTEL_CONTRIB_COMPONENTS.components[kind].filter((c) => c !== type) };
  return { distribution: 'otelcol-custom 1.0', components };
}

export const OTEL_CASES: BadInputCase[] = [
  o('namespace', 'Monitoring', { namespace: 'Monitoring' }),
  second('namespace', 'monitoring', {}, 'a second collector in the namespace'),
  o('componentTable', 'contrib', { componentTable: 'contrib' as any }),
  o('componentTable.distribution', '', { componentTable: { ...OTEL_CONTRIB_COMPONENTS, distribution: '' } }),
  o('componentTable.components', [], { componentTable: { distribution: 'x 1', components: [] as any } }),
  o('componentTable.components.receiver', 'otlp', { componentTable: { ...OTEL_CONTRIB_COMPONENTS, components: { ...OTEL_CONTRIB_COMPONENTS.components, receiver: 'otlp' as any } } }),
  o('componentTable.imageTags', [], { componentTable: { ...OTEL_CONTRIB_COMPONENTS, imageTags: [] } }),
  o('componentTable.deprecatedAliases', ['otlp'], { componentTable: { ...OTEL_CONTRIB_COMPONENTS, deprecatedAliases: ['otlp'] as any } }),
  o('sampling', 1541217647, { sampling: 1541217647 as any }, 'a number was read as the default'),
  o('agent', 'on', { agent: 'on' as any }, 'a string was read as the default'),
  o('image.tag', '0.98.0', { image: { ...Images.OTEL_COLLECTOR, tag: '0.98.0' } }, 'a tag the component table was not made for'),
  o('instance', 'Otel', { instance: 'Otel' }),
  o('instance', 'otel_1', { instance: 'otel_1' }),
  o('mode', 'sidecar', { mode: 'sidecar' }),
  o('agent', { remoteSampling: false }, { mode: 'gateway-only', agent: { remoteSampling: false } }, 'no agents in gateway-only'),
  o('gateway', { replicas: 3 }, { mode: 'agent-only', gateway: { replicas: 3 } }, 'no gateways in agent-only'),
  o('sampling', { baselinePercentage: 10 }, { mode: 'agent-only', sampling: { baselinePercentage: 10 } }, 'no tail sampling in agent-only'),
  o('image.tag', 'latest', { image: { repository: 'otel/opentelemetry-collector-contrib', tag: 'latest' } }),
  o('image.digest', 'md5:abc', { image: { repository: 'otel/opentelemetry-collector-contrib', tag: '0.158.0', digest: 'md5:abc' } }),
  o('componentTable', undefined, { image: { repository: 'otel/opentelemetry-collector', tag: '0.158.0' } }, 'unknown image, no table'),
  o('componentTable', 'otelcol-custom 1.0', { componentTable: tableWithout('processor', 'tail_sampling') }, 'gateway component missing'),
  o('componentTable', 'otelcol-custom 1.0', { componentTable: tableWithout('processor', 'k8s_attributes') }, 'agent component missing'),
  // The backend: a JaegerStack of the app or one imported with JaegerStack.fromEndpoints(), nothing else.
  o('backend', undefined, { backend: undefined }, 'missing'),
  o('backend', 'jaeger', { backend: 'jaeger' }, 'a name, not the JaegerStack'),
  o('backend', { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' }, { backend: { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' } },
    'a hand-made object, not an import'),
  imported('endpoints', 'jaeger-collector.tracing.svc:4317', 'jaeger-collector.tracing.svc:4317', 'an address, not the endpoints'),
  imported('otlpGrpcEndpoint', undefined, {}, 'missing'),
  imported('otlpGrpcEndpoint', '', { otlpGrpcEndpoint: '' }),
  imported('otlpGrpcEndpoint', 'http://jaeger-collector', { otlpGrpcEndpoint: 'http://jaeger-collector' }, 'no port'),
  imported('samplingGrpcEndpoint', 'jaeger:99999', { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317', samplingGrpcEndpoint: 'jaeger:99999' }),

  o('sampling.keepErrors', 'yes', { sampling: { keepErrors: 'yes' } }),
  o('sampling.latencyThreshold', '1 second', { sampling: { latencyThreshold: '1 second' } }),
  o('sampling.latencyThreshold', '500us', { sampling: { latencyThreshold: '500us' } }, 'below a millisecond'),
  o('sampling.latencyThreshold', '0s', { sampling: { latencyThreshold: '0s' } }, 'every trace would count as slow'),
  o('sampling.latencyThreshold', '1500us', { sampling: { latencyThreshold: '1500us' } }, 'not whole milliseconds'),
  o('sampling.baselinePercentage', 101, { sampling: { baselinePercentage: 101 } }),
  o('sampling.baselinePercentage', -1, { sampling: { baselinePercentage: -1 } }),
  o('sampling.baselinePercentage', Number.NaN, { sampling: { baselinePercentage: Number.NaN } }),
  o('sampling.baselinePercentage', '30', { sampling: { baselinePercentage: '30' } }),
  o('sampling.services["ryot"]', undefined, { sampling: { services: { ryot: undefined } } }, 'key present, no override (was a TypeError)'),
  o('sampling.decisionWait', '0s', { sampling: { decisionWait: '0s' } }),
  o('sampling.decisionWait', '1ns', { sampling: { decisionWait: '1ns' } }, 'degenerate: nanoseconds'),
  o('sampling.decisionWait', '2h', { sampling: { decisionWait: '2h' } }, 'holds two hours of traffic'),
  o('agent.resources.memoryLimit', '1Ki', { agent: { resources: { memoryLimit: '1Ki', memoryRequest: '1Ki' } } }, 'GOMEMLIMIT would be 0MiB'),
  o('gateway.resources.memoryLimit', '10Ei', { gateway: { resources: { memoryLimit: '10Ei' } } }, 'absurdly large'),
  o('agent.spanMetrics.histogramBuckets[0]', '9999999h', { agent: { spanMetrics: { histogramBuckets: ['9999999h'] } } }, 'beyond a Go duration'),
  o('sampling.numTraces', 0, { sampling: { numTraces: 0 } }),
  o('sampling.numTraces', 1.5, { sampling: { numTraces: 1.5 } }),
  o('sampling.numTraces', 1e12, { sampling: { numTraces: 1e12 } }),
  o('sampling.services', '', { sampling: { services: { '': { baselinePercentage: 10 } } } }),
  o('sampling.services["ryot"]', {}, { sampling: { services: { ryot: {} } } }, 'overrides nothing'),
  o('sampling.services["ryot"].baselinePercentage', 150, { sampling: { services: { ryot: { baselinePercentage: 150 } } } }),
  o('sampling.services["ryot"].latencyThreshold', 'fast', { sampling: { services: { ryot: { latencyThreshold: 'fast' } } } }),

  o('gateway.queueSize', 0, { gateway: { queueSize: 0 } }),
  o('gateway.queueSize', 5000, { gateway: { queueSize: 5000 } }, 'at least one full batch'),
  o('gateway.queueSize', 1e15, { gateway: { queueSize: 1e15 } }),
  o('gateway.replicas', 0, { gateway: { replicas: 0 } }),
  o('gateway.replicas', 2 ** 31, { gateway: { replicas: 2 ** 31 } }, 'beyond int32'),
  o('gateway.autoscaling.maxReplicas', 2 ** 31, { gateway: { autoscaling: { minReplicas: 2, maxReplicas: 2 ** 31 } } }, 'beyond int32'),
  o('gateway.replicas', 3, { gateway: { replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 5 } } }, 'conflicts with autoscaling'),
  o('gateway.autoscaling.minReplicas', 0, { gateway: { autoscaling: { minReplicas: 0, maxReplicas: 5 } } }),
  o('gateway.autoscaling.maxReplicas', 1, { gateway: { autoscaling: { minReplicas: 2, maxReplicas: 1 } } }, 'below min'),
  o('gateway.autoscaling.targetCpuUtilization', 0, { gateway: { autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuUtilization: 0 } } }),
  o('gateway.autoscaling.targetCpuUtilization', 101, { gateway: { autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuUtilization: 101 } } }),
  o('gateway.queueStorageSize', '4GB', { gateway: { queueStorageSize: '4GB' } }),
  o('gateway.queueStorageClassName', 'Fast SSD', { gateway: { queueStorageClassName: 'Fast SSD' } }),
  o('gateway.resources.memoryRequest', '1Gi', { gateway: { resources: { memoryLimit: '512Mi' } } }, 'above the limit'),
  o('gateway.resources.cpuRequest', 'fast', { gateway: { resources: { cpuRequest: 'fast' } } }),
  o('agent.resources.memoryLimit', '0', { agent: { resources: { memoryLimit: '0' } } }),
  o('agent.remoteSampling', 'false', { agent: { remoteSampling: 'false' } }),
  o('agent.placement.priorityClassName', 'System Critical', { agent: { placement: { priorityClassName: 'System Critical' } } }),
  o('agent.placement.nodeSelector.kubernetes.io/os', 'linux os', { agent: { placement: { nodeSelector: { 'kubernetes.io/os': 'linux os' } } } }),
  o('agent.placement.tolerations', 'all', { agent: { placement: { tolerations: 'all' } } }),
  // What the API server's toleration validation refuses.
  o('agent.placement.tolerations[0]', null, { agent: { placement: { tolerations: [null] } } }),
  o('agent.placement.tolerations[0].value', 'x', { agent: { placement: { tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }] } } }, 'value with Exists'),
  o('agent.placement.tolerations[0].effect', 'Bogus', { agent: { placement: { tolerations: [{ operator: 'Exists', effect: 'Bogus' }] } } }),
  o('agent.placement.tolerations[0].operator', 'Equal', { agent: { placement: { tolerations: [{ operator: 'Equal', value: 'x' }] } } }, 'Equal without key'),
  o('agent.placement.tolerations[0].operator', 'In', { agent: { placement: { tolerations: [{ key: 'a', operator: 'In' }] } } }),
  o('agent.placement.tolerations[0].key', 'bad key', { agent: { placement: { tolerations: [{ key: 'bad key', operator: 'Exists' }] } } }),
  o('agent.placement.tolerations[1].value', 'a b', { agent: { placement: { tolerations: [{ operator: 'Exists' }, { key: 'k', operator: 'Equal', value: 'a b' }] } } }),
  o('agent.placement.tolerations[0].tolerationSeconds', 60, { agent: { placement: { tolerations: [{ operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }] } } }, 'not NoExecute'),
  o('agent.spanMetrics', 'red', { agent: { spanMetrics: 'red' } }),
  o('agent.spanMetrics.dimensions', [], { agent: { spanMetrics: { dimensions: [] } } }),
  o('agent.spanMetrics.dimensions', ['http.route', 'http.route'], { agent: { spanMetrics: { dimensions: ['http.route', 'http.route'] } } }),
  o('agent.spanMetrics.dimensions[0]', '', { agent: { spanMetrics: { dimensions: [''] } } }),
  o('agent.spanMetrics.histogramBuckets[1]', '5ms', { agent: { spanMetrics: { histogramBuckets: ['10ms', '5ms'] } } }, 'not ascending'),
  o('agent.spanMetrics.histogramBuckets[0]', '1d', { agent: { spanMetrics: { histogramBuckets: ['1d'] } } }),
  o('agent.spanMetrics.histogramBuckets', '10ms', { agent: { spanMetrics: { histogramBuckets: '10ms' } } }),
];
