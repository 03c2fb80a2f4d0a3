import {
  COLLECTOR_CONFIG_ANNOTATION, StackValidationError, assertValidStack, parseClusterAddress, validateStack,
} from '../../lib/internal';
import { fixture } from '../support/fixture';
import { schemaValidator } from '../support/schema';
import { Obj, editConfig, firstContainer, get, goodStack, podSpecOf } from './fixtures';

test('the good stack is schema-valid and has no findings', () => {
  const objects = goodStack();
  for (const o of objects) expect(schemaValidator().validate(o)).toEqual([]);
  expect(validateStack(objects)).toEqual([]);
  expect(() => assertValidStack(objects)).not.toThrow();
});

interface Breakage {
  /** What is broken. */
  readonly name: string;
  /** Breaks one link of the good stack. */
  readonly breakIt: (objects: Obj[]) => void;
  /** The finding's check. */
  readonly check: string;
  /** The whole message, or parts it must contain (both ends of the link). */
  readonly message: string | string[];
  /** Options for the validator. */
  readonly options?: Parameters<typeof validateStack>[1];
  /** How many findings the breakage causes (one broken object can break several links). @default 1 */
  readonly count?: number;
}

/** An Ingress for the Jaeger UI whose one path goes to `service`. */
function ingressTo(service: Obj): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'jaeger-ui', namespace: 'monitoring' },
    spec: { rules: [{ host: 'jaeger.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service } }] } }] },
  };
}

/** A Grafana sidecar ConfigMap with one Jaeger datasource at `url`. */
function datasourceConfigMap(url: string): Obj {
  return {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grafana-datasources', namespace: 'monitoring' },
    data: { 'ds.yaml': `apiVersion: 1\ndatasources:\n  - name: Jaeger\n    type: jaeger\n    url: ${url}\n` },
  };
}

const breakages: Breakage[] = [
  {
    name: 'a Service port with no container port',
    breakIt: (o) => { firstContainer(get(o, 'StatefulSet', 'jaeger')).ports.shift(); },
    check: 'service-port',
    message: 'Service monitoring/jaeger-collector port "otlp-grpc" (4317/TCP) → no container port "otlp-grpc" with protocol TCP on the pods it selects (StatefulSet monitoring/jaeger)',
  },
  {
    name: 'a numeric targetPort no container declares',
    breakIt: (o) => { get(o, 'Service', 'jaeger-query').spec.ports[0].targetPort = 16687; },
    check: 'service-port',
    message: 'Service monitoring/jaeger-query port "http" (80/TCP) → no container port 16687 with protocol TCP on the pods it selects (StatefulSet monitoring/jaeger)',
  },
  {
    name: 'a Service port with the wrong protocol',
    breakIt: (o) => { get(o, 'Service', 'jaeger-collector').spec.ports[2].protocol = 'TCP'; },
    check: 'service-port',
    message: 'Service monitoring/jaeger-collector port "thrift-compact" (6831/TCP) → no container port "thrift-compact" with protocol TCP on the pods it selects (StatefulSet monitoring/jaeger): container "jaeger" declares it with protocol UDP',
  },
  {
    name: 'a Service selecting nothing',
    breakIt: (o) => { get(o, 'Service', 'otel-gateway').spec.selector = { app: 'gateway-typo' }; },
    check: 'service-selector',
    message: 'Service monitoring/otel-gateway selector {app=gateway-typo} → selects no pod template in namespace monitoring (closest: StatefulSet monitoring/jaeger has app=jaeger, not gateway-typo)',
  },
  {
    name: 'a Service whose pods are in another namespace',
    breakIt: (o) => { get(o, 'Deployment', 'otel-gateway').metadata.namespace = 'elsewhere'; },
    check: 'service-selector',
    message: 'Service monitoring/otel-gateway selector {app=gateway} → selects no pod template in namespace monitoring (Deployment elsewhere/otel-gateway would match but is in another namespace)',
    count: 6, // both Services, the PDB, the HPA, and the moved pods' ConfigMap and PVC
  },
  {
    name: 'an exporter to a missing Service',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => { c.exporters['otlp_grpc/jaeger'].endpoint = 'jaeger-colector.monitoring.svc:4317'; }),
    check: 'exporter-endpoint',
    message: 'ConfigMap monitoring/otel-gateway key "config.yaml": exporter "otlp_grpc/jaeger" endpoint "jaeger-colector.monitoring.svc:4317" → Service monitoring/jaeger-colector is not in the output; create it, or declare it external: validation.external: [{ kind: \'Service\', namespace: \'monitoring\', name: \'jaeger-colector\' }]',
  },
  {
    name: 'an exporter to an existing Service on a missing port',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => { c.exporters['otlp_grpc/jaeger'].endpoint = 'http://jaeger-collector.monitoring.svc.cluster.local:4318'; }),
    check: 'exporter-endpoint',
    message: 'ConfigMap monitoring/otel-gateway key "config.yaml": exporter "otlp_grpc/jaeger" endpoint "http://jaeger-collector.monitoring.svc.cluster.local:4318" → Service monitoring/jaeger-collector has no port 4318 (it has: 4317 "otlp-grpc", 8888 "metrics", 6831 "thrift-compact")',
  },
  {
    name: 'a load-balancing resolver to a port the gateway pods do not serve',
    breakIt: (o) => editConfig(o, 'otel-agent', (c) => { c.exporters.load_balancing.resolver.k8s.ports = [4318]; }),
    check: 'exporter-endpoint',
    message: ['ConfigMap monitoring/otel-agent key "config.yaml": exporter "load_balancing" resolver.k8s.service "otel-gateway-headless.monitoring"', 'Service monitoring/otel-gateway-headless has no port 4318'],
  },
  {
    name: 'a grpc storage backend to a missing Service (short name, own namespace)',
    breakIt: (o) => editConfig(o, 'jaeger-config', (c) => { c.extensions.jaeger_storage.backends.remote = { grpc: { endpoint: 'jaeger-remote-storage:17271' } }; }),
    check: 'exporter-endpoint',
    message: ['extension "jaeger_storage" backends.remote.grpc.endpoint "jaeger-remote-storage:17271"', 'Service monitoring/jaeger-remote-storage is not in the output'],
  },
  {
    name: 'an undefined pipeline component',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => { c.service.pipelines.traces.processors.push('tail_sampling'); }),
    check: 'pipeline-component',
    message: 'ConfigMap monitoring/otel-gateway key "config.yaml": pipeline "traces" uses processor "tail_sampling" → not defined under processors (defined: "memory_limiter", "batch")',
  },
  {
    name: 'an undefined extension',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => { delete c.extensions.health_check; }),
    check: 'pipeline-component',
    message: ['service.extensions lists "health_check"', 'not defined under extensions'],
  },
  {
    name: 'a connector only exported to',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => { delete c.service.pipelines.metrics; }),
    check: 'pipeline-component',
    message: ['connector "span_metrics" is an exporter of pipeline "traces"', 'no pipeline receives from it'],
  },
  {
    name: 'a persistent queue on a storage extension that is not enabled',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => { c.service.extensions = ['health_check']; }),
    check: 'pipeline-component',
    message: ['exporter "otlp_grpc/jaeger" sending_queue.storage = "file_storage/queue"', 'not an extension listed in service.extensions'],
  },
  {
    name: 'jaeger_query reading a storage that is not defined',
    breakIt: (o) => editConfig(o, 'jaeger-config', (c) => { c.extensions.jaeger_query.storage.traces = 'badger'; }),
    check: 'storage-name',
    message: 'ConfigMap monitoring/jaeger-config key "config.yaml": extension "jaeger_query" storage.traces = "badger" → no backends of that name in extensions.jaeger_storage (defined: "main")',
  },
  {
    name: 'an annotated ConfigMap without its data key',
    breakIt: (o) => { get(o, 'ConfigMap', 'otel-agent').metadata.annotations[COLLECTOR_CONFIG_ANNOTATION] = 'collector.yaml'; },
    check: 'collector-config',
    message: ['ConfigMap monitoring/otel-agent annotation', 'has no data key "collector.yaml" (it has: "config.yaml")'],
  },
  {
    name: 'a missing Secret',
    breakIt: (o) => { o.splice(o.indexOf(get(o, 'Secret', 'es-credentials')), 1); },
    check: 'missing-reference',
    count: 2, // the CronJob reads it too
    message: 'StatefulSet monitoring/jaeger env ES_PASSWORD of container "jaeger" → Secret monitoring/es-credentials is not in the output; create it, or declare it external: validation.external: [{ kind: \'Secret\', namespace: \'monitoring\', name: \'es-credentials\' }]',
  },
  {
    name: 'a Secret key that does not exist',
    breakIt: (o) => { firstContainer(get(o, 'StatefulSet', 'jaeger')).env[0].valueFrom.secretKeyRef.key = 'pasword'; },
    check: 'missing-key',
    message: 'StatefulSet monitoring/jaeger env ES_PASSWORD of container "jaeger" → Secret monitoring/es-credentials has no key "pasword" (it has: password)',
  },
  {
    name: 'a missing ConfigMap volume',
    breakIt: (o) => { podSpecOf(get(o, 'DaemonSet', 'otel-agent')).volumes[0].configMap.name = 'otel-agnt'; },
    check: 'missing-reference',
    message: ['DaemonSet monitoring/otel-agent volume "config" → ConfigMap monitoring/otel-agnt is not in the output'],
  },
  {
    name: 'a missing ServiceAccount',
    breakIt: (o) => { o.splice(o.indexOf(get(o, 'ServiceAccount', 'jaeger')), 1); },
    check: 'missing-reference',
    message: ['StatefulSet monitoring/jaeger serviceAccountName → ServiceAccount monitoring/jaeger is not in the output'],
  },
  {
    name: 'a missing PersistentVolumeClaim',
    breakIt: (o) => { o.splice(o.indexOf(get(o, 'PersistentVolumeClaim', 'gateway-queue')), 1); },
    check: 'missing-reference',
    message: ['Deployment monitoring/otel-gateway volume "queue" → PersistentVolumeClaim monitoring/gateway-queue is not in the output'],
  },
  {
    name: 'a missing image pull Secret',
    breakIt: (o) => { podSpecOf(get(o, 'Deployment', 'otel-gateway')).imagePullSecrets = [{ name: 'registry' }]; },
    check: 'missing-reference',
    message: ['Deployment monitoring/otel-gateway imagePullSecrets → Secret monitoring/registry is not in the output'],
  },
  {
    name: 'a ServiceMonitor selecting no Service',
    breakIt: (o) => { get(o, 'ServiceMonitor', 'jaeger').spec.namespaceSelector = { matchNames: ['observability'] }; },
    check: 'monitor-selector',
    message: 'ServiceMonitor monitoring/jaeger selector {app=jaeger-collector} → selects no Service in namespace observability',
  },
  {
    name: 'a ServiceMonitor port no selected Service exposes',
    breakIt: (o) => { get(o, 'ServiceMonitor', 'jaeger').spec.endpoints[0].port = 'admin'; },
    check: 'monitor-port',
    message: 'ServiceMonitor monitoring/jaeger endpoint port "admin" → no Service it selects has a port of that name (Service monitoring/jaeger-collector has "otlp-grpc", "metrics", "thrift-compact")',
  },
  {
    name: 'a PodMonitor port no pod declares',
    breakIt: (o) => { get(o, 'PodMonitor', 'otel-agent').spec.podMetricsEndpoints[0].port = 'span-metrics'; },
    check: 'monitor-port',
    message: 'PodMonitor monitoring/otel-agent podMetricsEndpoints port "span-metrics" → no container port of that name on the pods it selects (DaemonSet monitoring/otel-agent has "otlp-grpc", "metrics")',
  },
  {
    name: 'a PodMonitor selecting no pods',
    breakIt: (o) => { get(o, 'PodMonitor', 'otel-agent').spec.selector = { matchLabels: { app: 'agents' } }; },
    check: 'monitor-selector',
    message: ['PodMonitor monitoring/otel-agent selector {app=agents} → selects no pod template in namespace monitoring'],
  },
  {
    name: 'a PDB selecting nothing',
    breakIt: (o) => { get(o, 'PodDisruptionBudget', 'otel-gateway').spec.selector = { matchLabels: { app: 'gateway', tier: 'x' } }; },
    check: 'pdb-selector',
    message: 'PodDisruptionBudget monitoring/otel-gateway selector {app=gateway, tier=x} → selects no pod template in namespace monitoring (closest: Deployment monitoring/otel-gateway has no label tier)',
  },
  {
    name: 'a workload selector that does not match its pod labels',
    breakIt: (o) => { get(o, 'DaemonSet', 'otel-agent').spec.selector.matchLabels = { app: 'agent', role: 'x' }; },
    check: 'workload-selector',
    message: 'DaemonSet monitoring/otel-agent selector {app=agent, role=x} → does not match its own pod template labels {app=agent}',
  },
  {
    name: 'a StatefulSet without its governing Service',
    breakIt: (o) => { get(o, 'StatefulSet', 'jaeger').spec.serviceName = 'jaeger-headless'; },
    check: 'statefulset-service',
    message: 'StatefulSet monitoring/jaeger serviceName → Service monitoring/jaeger-headless is not in the output; create the headless Service that governs the pods\' DNS names',
  },
  {
    name: 'an HPA to a missing Deployment',
    breakIt: (o) => { get(o, 'HorizontalPodAutoscaler', 'otel-gateway').spec.scaleTargetRef.name = 'otel-gatewey'; },
    check: 'hpa-target',
    message: 'HorizontalPodAutoscaler monitoring/otel-gateway scaleTargetRef → Deployment monitoring/otel-gatewey is not in the output',
  },
  {
    name: 'an HPA to the wrong kind',
    breakIt: (o) => { get(o, 'HorizontalPodAutoscaler', 'otel-gateway').spec.scaleTargetRef.kind = 'StatefulSet'; },
    check: 'hpa-target',
    message: 'HorizontalPodAutoscaler monitoring/otel-gateway scaleTargetRef → StatefulSet monitoring/otel-gateway is not in the output (there is Deployment monitoring/otel-gateway: wrong kind?)',
  },
  {
    name: 'two tail-sampling policies of one name',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => {
      const keepErrors = { name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } };
      c.processors = { ...c.processors, tail_sampling: { policies: [keepErrors, { ...keepErrors }] } };
    }),
    check: 'sampling-policy',
    message: 'ConfigMap monitoring/otel-gateway key "config.yaml": processor "tail_sampling" has two policies named "keep-errors"; the processor refuses to start ("duplicate policy name")',
  },
  {
    name: 'a tail-sampling policy without a name',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => {
      c.processors = { ...c.processors, tail_sampling: { policies: [{ name: 'keep-errors', type: 'always_sample' }, { type: 'always_sample' }] } };
    }),
    check: 'sampling-policy',
    message: 'ConfigMap monitoring/otel-gateway key "config.yaml": processor "tail_sampling" has a policy without a name; the processor refuses to start',
  },
  {
    name: 'a connector only received from',
    breakIt: (o) => editConfig(o, 'otel-gateway', (c) => {
      c.service.pipelines.traces.exporters = c.service.pipelines.traces.exporters.filter((e: string) => e !== 'span_metrics');
    }),
    check: 'pipeline-component',
    message: 'ConfigMap monitoring/otel-gateway key "config.yaml": connector "span_metrics" is a receiver of pipeline "metrics" → no pipeline exports to it; '
      + 'add it to the exporters of the pipeline that should feed it',
  },
  {
    name: 'a load-balancing static resolver to a Service the namespace lacks',
    breakIt: (o) => editConfig(o, 'otel-agent', (c) => {
      c.exporters.load_balancing.resolver = { static: { hostnames: ['otel-gatewy-headless.monitoring.svc:4317', 7] } };
    }),
    check: 'exporter-endpoint',
    message: ['exporter "load_balancing" resolver.static.hostnames "otel-gatewy-headless.monitoring.svc:4317"', 'Service monitoring/otel-gatewy-headless is not in the output'],
  },
  {
    name: 'a Grafana datasource URL to a Service the namespace lacks',
    breakIt: (o) => { o.push(datasourceConfigMap('http://jaeger-qeury.monitoring.svc:16686')); },
    check: 'datasource-url',
    message: 'ConfigMap monitoring/grafana-datasources key "ds.yaml": datasource "Jaeger" url "http://jaeger-qeury.monitoring.svc:16686" → Service monitoring/jaeger-qeury is not in the output; create it, or declare it external: validation.external: [{ kind: \'Service\', namespace: \'monitoring\', name: \'jaeger-qeury\' }]',
  },
  {
    name: 'a Grafana datasource URL to a port the Service lacks',
    breakIt: (o) => { o.push(datasourceConfigMap('http://jaeger-query.monitoring.svc:16687')); },
    check: 'datasource-url',
    message: ['datasource "Jaeger" url "http://jaeger-query.monitoring.svc:16687" → Service monitoring/jaeger-query has no port 16687'],
  },
  {
    name: 'an Ingress to a Service the namespace lacks',
    breakIt: (o) => { o.push(ingressTo({ name: 'jaeger-qeury', port: { number: 16686 } })); },
    check: 'route-backend',
    message: 'Ingress monitoring/jaeger-ui rules[0] path "/" → Service monitoring/jaeger-qeury is not in the output; create it, or declare it external: validation.external: [{ kind: \'Service\', namespace: \'monitoring\', name: \'jaeger-qeury\' }]',
  },
  {
    name: 'an Ingress to a port name the Service lacks',
    breakIt: (o) => { o.push(ingressTo({ name: 'jaeger-query', port: { name: 'query-http' } })); },
    check: 'route-backend',
    message: 'Ingress monitoring/jaeger-ui rules[0] path "/" → Service monitoring/jaeger-query has no port named "query-http"',
  },
  {
    name: 'an HTTPRoute to a port the Service lacks',
    breakIt: (o) => {
      o.push({
        apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'jaeger-ui', namespace: 'monitoring' },
        spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'jaeger-query', port: 16686 }] }] },
      });
    },
    check: 'route-backend',
    message: ['HTTPRoute monitoring/jaeger-ui rules[0] backendRef → Service monitoring/jaeger-query has no port 16686 (it has: 80 "http")'],
  },
  {
    name: 'a claim whose StorageClass is neither created nor declared',
    breakIt: (o) => { o.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'scratch', namespace: 'monitoring' }, spec: { storageClassName: 'premium-rwo', accessModes: ['ReadWriteOnce'] } }); },
    check: 'storage-class',
    message: 'PersistentVolumeClaim monitoring/scratch storageClassName "premium-rwo" → StorageClass premium-rwo is not in the output; create it (TracingStorageClass), or declare it external: validation.external: [{ kind: \'StorageClass\', name: \'premium-rwo\' }] (TracingStorageClass with create: false does this for you in a GitOpsApp)',
  },
  {
    name: 'an object twice (two instances in one namespace)',
    breakIt: (o) => { o.push(structuredClone(get(o, 'ConfigMap', 'jaeger-config'))); },
    check: 'duplicate-object',
    message: 'ConfigMap monitoring/jaeger-config is in the output 2 times; Kubernetes keeps one object per kind, namespace and name, so all but one would be lost (and kustomize refuses the output): give each instance its own namespace or name, or remove the repeated construct',
  },
  {
    name: 'a cluster-scoped object twice',
    breakIt: (o) => { o.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } }); },
    check: 'duplicate-object',
    message: 'Namespace monitoring is in the output 2 times; Kubernetes keeps one object per kind, namespace and name, so all but one would be lost (and kustomize refuses the output): give each instance its own namespace or name, or remove the repeated construct',
  },
];

describe.each(breakages.map((b) => [b.name, b] as const))('breaking %s', (_, b) => {
  const parts = typeof b.message === 'string' ? [b.message] : b.message;
  const broken = fixture(() => {
    const objects = goodStack();
    b.breakIt(objects);
    const findings = validateStack(objects, b.options);
    return { objects, findings, finding: findings.find((f) => parts.every((p) => f.message.includes(p))) };
  });

  test('gives a finding naming both ends of the link (and no unrelated ones)', () => {
    const { findings, finding } = broken();
    expect(findings).toHaveLength(b.count ?? 1);
    expect(finding).toBeDefined();
    expect(finding!.check).toBe(b.check);
    if (typeof b.message === 'string') expect(finding!.message).toBe(b.message);
  });

  test('makes assertValidStack throw a StackValidationError listing every finding', () => {
    const { objects, findings } = broken();
    let error: unknown;
    try {
      assertValidStack(objects, b.options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackValidationError);
    const count = findings.length;
    expect((error as StackValidationError).message).toBe(
      `the synthesized stack has ${count} broken link${count === 1 ? '' : 's'}:\n${findings.map((f) => `  - ${f.message}`).join('\n')}`);
    expect((error as StackValidationError).findings).toEqual(findings);
  });
});

describe('external references', () => {
  const withoutSecret = (): Obj[] => {
    const objects = goodStack();
    objects.splice(objects.indexOf(get(objects, 'Secret', 'es-credentials')), 1);
    return objects;
  };

  test('a missing Secret declared external (namespaced or any namespace) is accepted', () => {
    expect(validateStack(withoutSecret(), { external: [{ kind: 'Secret', namespace: 'monitoring', name: 'es-credentials' }] })).toEqual([]);
    expect(validateStack(withoutSecret(), { external: [{ kind: 'Secret', name: 'es-credentials' }] })).toEqual([]);
  });

  test('an external declaration in another namespace or of another kind does not count', () => {
    expect(validateStack(withoutSecret(), { external: [{ kind: 'Secret', namespace: 'other', name: 'es-credentials' }] })).toHaveLength(2);
    expect(validateStack(withoutSecret(), { external: [{ kind: 'ConfigMap', name: 'es-credentials' }] })).toHaveLength(2);
  });

  test('an exporter to an external Service is accepted once declared', () => {
    const objects = goodStack();
    editConfig(objects, 'otel-gateway', (c) => { c.exporters['otlp_grpc/jaeger'].endpoint = 'tempo.tracing.svc:4317'; });
    expect(validateStack(objects).map((f) => f.message)).toEqual([expect.stringContaining('Service tracing/tempo is not in the output')]);
    expect(validateStack(objects, { external: [{ kind: 'Service', namespace: 'tracing', name: 'tempo' }] })).toEqual([]);
  });

  test('optional references need not exist', () => {
    const objects = goodStack();
    podSpecOf(get(objects, 'DaemonSet', 'otel-agent')).volumes.push({ name: 'extra', secret: { secretName: 'nope', optional: true } });
    expect(validateStack(objects)).toEqual([]);
  });
});

describe('what is out of scope is not flagged', () => {
  test('a datasource URL into a namespace the output does not use, or a declared class, is not flagged', () => {
    const objects = goodStack();
    objects.push(datasourceConfigMap('http://tempo.observability.svc:3200'));
    objects.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'scratch', namespace: 'monitoring' }, spec: { storageClassName: 'premium-rwo' } });
    expect(validateStack(objects, { external: [{ kind: 'StorageClass', name: 'premium-rwo' }] })).toEqual([]);
  });

  test('one name under two kinds or two API groups is not a duplicate', () => {
    const objects = goodStack();
    const cm = get(objects, 'ConfigMap', 'jaeger-config');
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { ...cm.metadata } });
    objects.push({ apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { ...cm.metadata } });
    expect(validateStack(objects).filter((f) => f.check === 'duplicate-object')).toEqual([]);
  });

  test('Services without a selector and ExternalName Services', () => {
    const objects = goodStack();
    objects.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'monitoring' }, spec: { ports: [{ port: 9200 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'es', namespace: 'monitoring' }, spec: { type: 'ExternalName', externalName: 'es.example.com', selector: { a: 'b' } } },
    );
    expect(validateStack(objects)).toEqual([]);
  });

  test('the serviceAccount "default" and volumeClaimTemplates', () => {
    const objects = goodStack();
    podSpecOf(get(objects, 'Deployment', 'otel-gateway')).serviceAccountName = 'default';
    expect(validateStack(objects)).toEqual([]);
  });

  test('a ServiceMonitor with namespaceSelector any finds Services anywhere', () => {
    const objects = goodStack();
    const monitor = get(objects, 'ServiceMonitor', 'jaeger');
    monitor.metadata.namespace = 'prometheus';
    expect(validateStack(objects)).toHaveLength(1);
    monitor.spec.namespaceSelector = { any: true };
    expect(validateStack(objects)).toEqual([]);
    monitor.spec.namespaceSelector = { matchNames: ['monitoring'] };
    expect(validateStack(objects)).toEqual([]);
  });
});

test('findings are sorted and deterministic whatever the input order', () => {
  const objects = goodStack();
  firstContainer(get(objects, 'StatefulSet', 'jaeger')).ports = [];
  get(objects, 'HorizontalPodAutoscaler', 'otel-gateway').spec.scaleTargetRef.name = 'x';
  const forward = validateStack(objects).map((f) => f.message);
  const backward = validateStack([...objects].reverse()).map((f) => f.message);
  expect(forward.length).toBeGreaterThan(3);
  expect(backward).toEqual(forward);
  expect([...forward].sort()).toEqual(forward);
});

describe('parseClusterAddress', () => {
  const known = (ns: string): boolean => ['monitoring', 'apps'].includes(ns);
  test.each([
    ['jaeger-collector:4317', { service: 'jaeger-collector', namespace: 'own', port: 4317 }],
    ['jaeger-collector.monitoring:4317', { service: 'jaeger-collector', namespace: 'monitoring', port: 4317 }],
    ['jaeger-collector.monitoring.svc:4317', { service: 'jaeger-collector', namespace: 'monitoring', port: 4317 }],
    ['jaeger-collector.other.svc.cluster.local:4317', { service: 'jaeger-collector', namespace: 'other', port: 4317 }],
    ['http://jaeger-query.monitoring.svc/api', { service: 'jaeger-query', namespace: 'monitoring', port: 80 }],
    ['https://jaeger-query.monitoring:8443/api', { service: 'jaeger-query', namespace: 'monitoring', port: 8443 }],
    ['dns:///otel-gateway.monitoring.svc:4317', { service: 'otel-gateway', namespace: 'monitoring', port: 4317 }],
  ])('%s is in the cluster', (address, expected) => {
    expect(parseClusterAddress(address, 'own', known)).toEqual(expected);
  });

  test.each([
    'ingest.vendor.example.com:443', 'https://api.honeycomb.io', 'example.com:4317', '10.0.0.7:4317',
    'localhost:4317', '0.0.0.0:4317', '${env:ENDPOINT}', '[::1]:4317', 'https://otel.example.org/v1/traces',
  ])('%s is not', (address) => {
    expect(parseClusterAddress(address, 'own', known)).toBeUndefined();
  });
});

test('a dns resolver port written as a string (as the Collector takes it) resolves like a number', () => {
  const objects = goodStack();
  editConfig(objects, 'otel-agent', (c) => {
    c.exporters.load_balancing.resolver = { dns: { hostname: 'otel-gateway-headless.monitoring.svc', port: '4317' } };
  });
  expect(validateStack(objects)).toEqual([]);
  editConfig(objects, 'otel-agent', (c) => { c.exporters.load_balancing.resolver.dns.port = '4318'; });
  expect(validateStack(objects).map((f) => f.message).join('\n')).toMatch(/resolver.dns.hostname .* has no port 4318/);
});
