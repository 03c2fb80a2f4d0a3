/**
 * The tail-sampling gateways, setting by setting: what each is for is in the comment of its test.
 * (The data path on the real Collector is the e2e tier's; these pin the output that gets there.)
 */
import { OtelCollector, OtelCollectorProps, TlsLink, TracingTls } from '../../lib/internal';
import { RETAIN_ON_PRUNE_ANNOTATIONS } from '../../lib/k8s/gitops-retention';
import { NON_ROOT_UID } from '../../lib/k8s/security';
import { collectorConfigOf, findOne, ofKind, synthObjects, testChart } from '../support/synth';
import { fixture } from '../support/fixture';
import { jaegerIn } from '../support/backend';

/** A collector alone in its chart; the backend defaults to the `jaeger-collector` of its namespace. */
function synth(props: Partial<OtelCollectorProps> = {}): any[] {
  const chart = testChart();
  new OtelCollector(chart, 'otel', { backend: jaegerIn(props.namespace), ...props });
  return synthObjects(chart);
}

const defaults = fixture(() => {
  const objects = synth();
  return {
    objects,
    config: collectorConfigOf(objects, 'otel-gateway-config'),
    statefulSet: findOne(objects, 'StatefulSet', 'otel-gateway'),
  };
});

/** The labels that select the default instance's gateway pods (and no other role's or instance's). */
const GATEWAY_SELECTOR = {
  'app.kubernetes.io/component': 'gateway', 'app.kubernetes.io/instance': 'otel',
  'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/part-of': 'tracing',
};

describe('gateway config', () => {
  test('batches of 8,192 spans, at most 16,384, flushed every 200 ms', () => {
    expect(defaults().config.processors.batch).toEqual({ send_batch_size: 8192, send_batch_max_size: 16384, timeout: '200ms' });
  });

  test('the queue lives in file storage on the claim\'s mount, compacted there on start, with a 5 s file-lock timeout', () => {
    expect(defaults().config.extensions['file_storage/queue']).toEqual({
      directory: '/var/lib/otelcol/queue', timeout: '5s', compaction: { on_start: true, directory: '/var/lib/otelcol/queue' },
    });
  });

  test('health_check listens on all interfaces at 13133 (the probes\' port)', () => {
    expect(defaults().config.extensions.health_check).toEqual({ endpoint: '0.0.0.0:13133' });
  });

  test('retries back off from 5 s to 30 s and never give up', () => {
    expect(defaults().config.exporters['otlp_grpc/jaeger'].retry_on_failure).toEqual({ enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '0s' });
  });
});

describe('gateway Services', () => {
  test('the ClusterIP Service takes OTLP gRPC and HTTP to the gateway pods', () => {
    const { objects } = defaults();
    const service = findOne(objects, 'Service', 'otel-gateway');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(GATEWAY_SELECTOR);
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual([['otlp-grpc', 4317, 'otlp-grpc'], ['otlp-http', 4318, 'otlp-http']]);
  });

  test('the headless Service lists only ready gateways: the agents\' load balancer must not route to one still starting', () => {
    const service = findOne(defaults().objects, 'Service', 'otel-gateway-headless');
    expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: false, selector: GATEWAY_SELECTOR });
  });
});

describe('gateway StatefulSet', () => {
  test('replicas start and stop together and roll one by one', () => {
    const { spec } = defaults().statefulSet;
    expect(spec.podManagementPolicy).toBe('Parallel');
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(spec.selector).toEqual({ matchLabels: GATEWAY_SELECTOR });
    expect(spec.template.metadata.labels).toMatchObject(GATEWAY_SELECTOR);
  });

  test('the queue volume is writable by the collector\'s non-root user (fsGroup)', () => {
    expect(defaults().statefulSet.spec.template.spec.securityContext.fsGroup).toBe(NON_ROOT_UID);
  });

  test('each replica\'s queue claim: ReadWriteOnce, the size asked for, never pruned by GitOps', () => {
    const [claim] = defaults().statefulSet.spec.volumeClaimTemplates;
    expect(claim.metadata.annotations).toEqual(RETAIN_ON_PRUNE_ANNOTATIONS);
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.spec.storageClassName).toBeUndefined(); // the cluster's default
    const sized = findOne(synth({ gateway: { queueStorageSize: '50Gi', queueStorageClassName: 'fast-ssd' } }), 'StatefulSet', 'otel-gateway');
    expect(sized.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '50Gi' } } });
  });

  test('under autoscaling it scales down one pod per 5 minutes after 10 quiet minutes (each rescale reshuffles trace ids)', () => {
    const hpa = findOne(synth({ gateway: { autoscaling: { minReplicas: 2, maxReplicas: 6 } } }), 'HorizontalPodAutoscaler', 'otel-gateway');
    expect(hpa.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] });
  });
});

test('the gateway holds a certificate only when TLS covers one of its links', () => {
  const issuer = { name: 'ca' };
  const certificates = (links: TlsLink[]) => ofKind(synth({ backend: jaegerIn('monitoring', TracingTls.certManager({ issuer, links })) }), 'Certificate').map((c) => c.metadata.name).sort();
  expect(certificates([TlsLink.APPS_TO_AGENT])).toEqual(['otel-agent-tls']);
  expect(certificates([TlsLink.AGENT_TO_GATEWAY])).toEqual(['otel-agent-tls', 'otel-gateway-tls']);
  expect(certificates([TlsLink.TO_JAEGER])).toContain('otel-gateway-tls');
});
