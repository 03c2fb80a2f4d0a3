import {
  COMPONENT_KINDS, ComponentKind, Images, OTEL_CONTRIB_COMPONENTS, OtelCollector, OtelCollectorProps,
  SECTION, componentType, hasComponent,
} from '../../lib/internal';
import { K8S_ATTRIBUTES_METADATA_NEEDING_MORE_RULES } from '../../lib/otel/rbac';
import { schemaValidator } from '../support/schema';
import { collectorConfigOf, findOne, ofKind, synthObjects, testChart } from '../support/synth';
import { fixture } from '../support/fixture';
import { CollectorMode } from '../../lib/otel/otel-collector-props';
import { JaegerStack } from '../../lib';
import { jaegerIn } from '../support/backend';

/** A collector alone in its chart; the backend defaults to the `jaeger-collector` of its namespace. */
function synth(props: Partial<OtelCollectorProps> = {}): { otel: OtelCollector; objects: any[] } {
  const chart = testChart();
  const otel = new OtelCollector(chart, 'otel', { backend: jaegerIn(props.namespace), ...props });
  return { otel, objects: synthObjects(chart) };
}

/** The parsed config of a collector ConfigMap, found through its annotation. */
const config = collectorConfigOf;

/** Every component a pipeline references, with its kind (connectors count as such). */
function pipelineComponents(cfg: any): { kind: ComponentKind; id: string }[] {
  const out: { kind: ComponentKind; id: string }[] = [];
  const connectors = Object.keys(cfg.connectors ?? {});
  for (const p of Object.values<any>(cfg.service.pipelines)) {
    for (const id of p.receivers) out.push({ kind: connectors.includes(id) ? 'connector' : 'receiver', id });
    for (const id of p.processors) out.push({ kind: 'processor', id });
    for (const id of p.exporters) out.push({ kind: connectors.includes(id) ? 'connector' : 'exporter', id });
  }
  for (const id of cfg.service.extensions) out.push({ kind: 'extension', id });
  return out;
}

/** The Service and Service port a `<service>.<namespace>.svc:<port>` address resolves to. */
function serviceOf(objects: any[], hostPort: string): { service: any; port: any } {
  const [host, portText] = hostPort.split(':');
  const [name, namespace, svc] = host.split('.');
  expect(svc).toBe('svc');
  const service = findOne(objects, 'Service', name);
  expect(service.metadata.namespace).toBe(namespace);
  const port = service.spec.ports.find((p: any) => p.port === Number(portText));
  return { service, port };
}

function podLabels(workload: any): Record<string, string> {
  return workload.spec.template.metadata.labels;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

describe('OtelCollector defaults (agent + gateway)', () => {
  // Built in each test under mutation testing, once here otherwise (test/support/fixture.ts).
  const d = fixture(() => {
    const { otel, objects } = synth();
    return {
      otel, objects,
      agentCfg: config(objects, 'otel-agent-config'),
      gatewayCfg: config(objects, 'otel-gateway-config'),
      daemonSet: findOne(objects, 'DaemonSet', 'otel-agent'),
      statefulSet: findOne(objects, 'StatefulSet', 'otel-gateway'),
    };
  });

  test('every object is schema-valid, named and namespaced', () => {
    const validator = schemaValidator();
    for (const o of d().objects) {
      expect([`${o.kind}/${o.metadata.name}`, validator.validate(o)]).toEqual([`${o.kind}/${o.metadata.name}`, []]);
      if (!['ClusterRole', 'ClusterRoleBinding', 'PriorityClass'].includes(o.kind)) expect(o.metadata.namespace).toBe('monitoring');
      expect(o.metadata.labels['app.kubernetes.io/name']).toBe('opentelemetry-collector');
    }
  });

  test.each([['agent', 'otel-agent-config'], ['gateway', 'otel-gateway-config']])(
    '%s: every pipeline component is defined and in the image table', (_, name) => {
      const cfg = config(d().objects, name);
      for (const { kind, id } of pipelineComponents(cfg)) {
        expect([kind, id, id in cfg[SECTION[kind]]]).toEqual([kind, id, true]);
        expect([kind, id, hasComponent(OTEL_CONTRIB_COMPONENTS, kind, id)]).toEqual([kind, id, true]);
      }
      for (const kind of COMPONENT_KINDS) {
        for (const id of Object.keys(cfg[SECTION[kind]] ?? {})) expect(hasComponent(OTEL_CONTRIB_COMPONENTS, kind, id)).toBe(true);
      }
    });

  test('the agent is the last pod a node gives up: Guaranteed QoS and its own preempting PriorityClass', () => {
    const pod = d().daemonSet.spec.template.spec;
    const { requests, limits } = pod.containers[0].resources;
    expect(requests).toEqual(limits);
    expect(Object.keys(limits).sort()).toEqual(['cpu', 'memory']);
    const pc = findOne(d().objects, 'PriorityClass', 'monitoring-otel-agent');
    expect(pod.priorityClassName).toBe(pc.metadata.name);
    expect(pc).toMatchObject({ value: 1_000_000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' });
    // Below the system classes, which the cluster's own components need.
    expect(pc.value).toBeLessThan(2_000_000_000);
    expect(schemaValidator().validate(pc)).toEqual([]);
  });

  test('memory_limiter is the first processor of every pipeline', () => {
    for (const cfg of [d().agentCfg, d().gatewayCfg]) {
      for (const p of Object.values<any>(cfg.service.pipelines)) expect(p.processors[0]).toBe('memory_limiter');
    }
  });

  test('memory limits derive from the container limit, with GOMEMLIMIT set', () => {
    const container = d().daemonSet.spec.template.spec.containers[0];
    expect(container.resources.limits.memory).toBe('512Mi');
    expect(d().agentCfg.processors.memory_limiter).toEqual({ check_interval: '1s', limit_mib: 409, spike_limit_mib: 102 });
    expect(container.env).toContainEqual({ name: 'GOMEMLIMIT', value: '409MiB' });
  });

  test('every receiver and server endpoint binds 0.0.0.0', () => {
    const endpoints = (o: any): string[] => (typeof o !== 'object' || o === null ? []
      : Object.entries(o).flatMap(([k, v]) => (k === 'endpoint' && typeof v === 'string' ? [v] : endpoints(v))));
    const receiverEndpoints = [...endpoints(d().agentCfg.receivers), ...endpoints(d().gatewayCfg.receivers)];
    expect(receiverEndpoints.length).toBe(9);
    for (const e of receiverEndpoints) expect(e).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(d().agentCfg.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
    expect(d().agentCfg.exporters.prometheus.endpoint).toBe('0.0.0.0:8889');
  });

  test('the agent load-balances by trace id to the gateway headless Service, which selects the gateway pods', () => {
    const lb = d().agentCfg.exporters.load_balancing;
    expect(lb.routing_key).toBe('traceID');
    expect(d().agentCfg.service.pipelines.traces.exporters).toContain('load_balancing');
    const { service, port } = serviceOf(d().objects, `${lb.resolver.dns.hostname}:${lb.resolver.dns.port}`);
    expect(service.spec.clusterIP).toBe('None');
    expect(d().statefulSet.spec.serviceName).toBe(service.metadata.name);
    expect(selects(service.spec.selector, podLabels(d().statefulSet))).toBe(true);
    const containerPorts = d().statefulSet.spec.template.spec.containers[0].ports;
    expect(containerPorts).toContainEqual({ name: port.targetPort, containerPort: 4317, protocol: 'TCP' });
    expect(d().gatewayCfg.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
  });

  test('the gateway exports to a jaeger-collector Service port with a persistent queue and retries', () => {
    const exporter = d().gatewayCfg.exporters['otlp_grpc/jaeger'];
    expect(exporter.endpoint).toBe('jaeger-collector.monitoring.svc:4317');
    expect(d().gatewayCfg.service.pipelines.traces.exporters).toEqual(['otlp_grpc/jaeger']);
    expect(exporter.sending_queue).toMatchObject({ enabled: true, storage: 'file_storage/queue', queue_size: d().otel.gatewayQueueSize });
    // Counted in spans, so the outage it absorbs is queue_size / kept spans per second whatever
    // the batches' fill: 2,000,000 spans, more than an hour at 500 kept spans/s per gateway.
    expect(exporter.sending_queue.sizer).toBe('items');
    expect(d().otel.gatewayQueueSize).toBe(2_000_000);
    expect(d().otel.gatewayQueueSize / 500 / 3600).toBeGreaterThan(1);
    expect(d().otel.gatewayQueueSize).toBeGreaterThanOrEqual(d().gatewayCfg.processors.batch.send_batch_max_size);
    expect(exporter.retry_on_failure.enabled).toBe(true);
    const dir = d().gatewayCfg.extensions['file_storage/queue'].directory;
    const mount = d().statefulSet.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.mountPath === dir);
    expect(d().statefulSet.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toContain(mount.name);
  });

  test('tail sampling: decision caches well above num_traces; pending traces decided, not dropped, on a graceful stop', () => {
    const ts = d().gatewayCfg.processors.tail_sampling;
    expect(ts.num_traces).toBe(100_000);
    expect(ts.decision_cache).toEqual({ sampled_cache_size: 1_000_000, non_sampled_cache_size: 1_000_000 });
    expect(ts.decision_cache.sampled_cache_size).toBeGreaterThanOrEqual(10 * ts.num_traces);
    expect(ts.drop_pending_traces_on_shutdown).toBe(false);
  });

  test('tail sampling runs only in the gateway, with the ERROR policy and a baseline of at most 30 %', () => {
    expect(JSON.stringify(d().agentCfg)).not.toContain('tail_sampling');
    expect(d().gatewayCfg.service.pipelines.traces.processors).toEqual(['memory_limiter', 'tail_sampling', 'batch']);
    const policies = d().gatewayCfg.processors.tail_sampling.policies;
    expect(policies).toContainEqual({ name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } });
    expect(policies).toContainEqual({ name: 'keep-slow', type: 'latency', latency: { threshold_ms: 1000 } });
    const baseline = policies.find((p: any) => p.type === 'probabilistic');
    expect(baseline.probabilistic.sampling_percentage).toBeLessThanOrEqual(30);
    expect(d().otel.baselinePercentage).toBe(30);
  });

  test('span metrics are computed in the agent on every span, before export, with ms histograms', () => {
    expect(d().agentCfg.service.pipelines.traces.exporters).toEqual(['span_metrics', 'load_balancing']);
    expect(d().agentCfg.connectors.span_metrics).toMatchObject({ namespace: 'traces.span.metrics', histogram: { unit: 'ms' } });
    // One series per service and node: pods of a service on one node must not overwrite each
    // other's cumulative counters in the prometheus exporter.
    expect(d().agentCfg.connectors.span_metrics.resource_metrics_key_attributes).toEqual(['service.name']);
    expect(d().agentCfg.service.pipelines['metrics/span-metrics']).toMatchObject({ receivers: ['span_metrics'], exporters: ['prometheus'] });
    expect(d().agentCfg.exporters.prometheus.translation_strategy).toBe('UnderscoreEscapingWithSuffixes');
  });

  test('a legacy client sending thrift-compact to jaeger-agent:6831/UDP reaches the agent on its node', () => {
    const svc = findOne(d().objects, 'Service', 'jaeger-agent');
    expect(svc.spec.internalTrafficPolicy).toBe('Local');
    const port = svc.spec.ports.find((p: any) => p.port === 6831);
    expect(port).toMatchObject({ protocol: 'UDP', targetPort: 'thrift-compact' });
    expect(selects(svc.spec.selector, podLabels(d().daemonSet))).toBe(true);
    expect(d().daemonSet.spec.template.spec.containers[0].ports)
      .toContainEqual({ name: 'thrift-compact', containerPort: 6831, protocol: 'UDP' });
    expect(d().agentCfg.receivers.jaeger.protocols.thrift_compact.endpoint).toBe('0.0.0.0:6831');
    expect(d().agentCfg.service.pipelines.traces.receivers).toContain('jaeger');
    expect(svc.spec.ports.map((p: any) => `${p.port}/${p.protocol}`)).toEqual(['6831/UDP', '6832/UDP', '5778/TCP', '5779/TCP']);
  });

  test('the otel-collector Service is node-local and every port targets a declared container port', () => {
    const svc = findOne(d().objects, 'Service', 'otel-collector');
    expect(svc.spec.internalTrafficPolicy).toBe('Local');
    const names = d().daemonSet.spec.template.spec.containers[0].ports.map((p: any) => p.name);
    for (const p of svc.spec.ports) expect(names).toContain(p.targetPort);
    // 5778/5779: the instrumentation's jaeger_remote sampler defaults to otel-collector:5779.
    expect(svc.spec.ports.map((p: any) => p.port)).toEqual([4317, 4318, 14250, 14268, 6831, 6832, 9411, 5778, 5779]);
    expect(d().otel.agentOtlpGrpcEndpoint).toBe('otel-collector.monitoring.svc:4317');
    expect(d().otel.agentOtlpHttpEndpoint).toBe('otel-collector.monitoring.svc:4318');
  });

  test('remote sampling for legacy clients proxies Jaeger on 5778', () => {
    const ext = d().agentCfg.extensions.jaegerremotesampling;
    expect(ext.source.remote.endpoint).toBe('jaeger-collector.monitoring.svc:5779');
    expect(ext.http.endpoint).toBe('0.0.0.0:5778');
    // Its gRPC server must not take the jaeger receiver's 14250.
    expect(ext.grpc.endpoint).toBe('0.0.0.0:5779');
    expect(d().agentCfg.service.extensions).toContain('jaegerremotesampling');
  });

  test('the agent queues and retries at the load balancer, so a batch for a gateway that went away is re-routed', () => {
    const lb = d().agentCfg.exporters.load_balancing;
    expect(lb.sending_queue).toMatchObject({ enabled: true });
    expect(lb.retry_on_failure).toMatchObject({ enabled: true });
    expect(lb.retry_on_failure.max_elapsed_time).not.toBe('0s'); // bounded: the queue must drain
    // A per-gateway queue would be dropped with its gateway; it only retries a fluke briefly.
    expect(lb.protocol.otlp.sending_queue).toEqual({ enabled: false });
    expect(lb.protocol.otlp.retry_on_failure.max_elapsed_time).toBe('5s');
  });

  test('metrics, span-metrics and health ports are named for the PodMonitors', () => {
    const agentPorts = d().daemonSet.spec.template.spec.containers[0].ports;
    const gatewayPorts = d().statefulSet.spec.template.spec.containers[0].ports;
    for (const ports of [agentPorts, gatewayPorts]) {
      expect(ports).toContainEqual({ name: 'metrics', containerPort: 8888, protocol: 'TCP' });
      expect(ports).toContainEqual({ name: 'health', containerPort: 13133, protocol: 'TCP' });
    }
    expect(agentPorts).toContainEqual({ name: 'span-metrics', containerPort: 8889, protocol: 'TCP' });
    expect(d().agentCfg.service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({ host: '0.0.0.0', port: 8888, without_units: false, without_type_suffix: false });
    expect(d().daemonSet.spec.template.spec.containers[0].readinessProbe.httpGet).toMatchObject({ port: 'health', path: '/' });
  });

  test('the agent covers every node and keeps it covered during updates', () => {
    expect(d().daemonSet.spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(d().daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('k8s_attributes watches only its own node, with read-only RBAC, and only the agent mounts a token', () => {
    expect(d().agentCfg.processors.k8s_attributes.filter.node_from_env_var).toBe('K8S_NODE_NAME');
    expect(d().daemonSet.spec.template.spec.containers[0].env)
      .toContainEqual({ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    // The pinned k8s_attributes starts one informer (pods) for this extract list; test/cluster's
    // rbac test checks the grant with SubjectAccessReviews, the e2e traces test that it suffices.
    const role = findOne(d().objects, 'ClusterRole', 'monitoring-otel-agent');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }]);
    const k8sAttributes = d().agentCfg.processors.k8s_attributes;
    expect(k8sAttributes.extract.metadata.filter((m: string) => m in K8S_ATTRIBUTES_METADATA_NEEDING_MORE_RULES)).toEqual([]);
    expect(k8sAttributes.extract.labels ?? []).toEqual([]);
    expect(k8sAttributes.extract.annotations ?? []).toEqual([]);
    expect(k8sAttributes.extract.deployment_name_from_replicaset).not.toBe(false);
    const binding = findOne(d().objects, 'ClusterRoleBinding', 'monitoring-otel-agent');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'otel-agent', namespace: 'monitoring' }]);
    expect(d().daemonSet.spec.template.spec.serviceAccountName).toBe('otel-agent');
    expect(d().daemonSet.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(d().statefulSet.spec.template.spec.serviceAccountName).toBe('otel-gateway');
    expect(d().statefulSet.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(ofKind(d().objects, 'ServiceAccount').map((o) => o.metadata.name).sort()).toEqual(['otel-agent', 'otel-gateway']);
  });

  test('pods are restricted, resourced, probed and roll on config change', () => {
    for (const w of [d().daemonSet, d().statefulSet]) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      const c = pod.containers[0];
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.resources.requests.memory).toBeDefined();
      expect(c.livenessProbe).toBeDefined();
      expect(c.image).toBe('ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.158.0');
      expect(w.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test('gateway: 2 replicas, PDB, no HPA by default', () => {
    expect(d().statefulSet.spec.replicas).toBe(2);
    const pdb = findOne(d().objects, 'PodDisruptionBudget', 'otel-gateway');
    expect(selects(pdb.spec.selector.matchLabels, podLabels(d().statefulSet))).toBe(true);
    expect(ofKind(d().objects, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  test('gateway replicas prefer different zones and nodes', () => {
    const spread = d().statefulSet.spec.template.spec.topologySpreadConstraints;
    expect(spread.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const c of spread) {
      expect(c.whenUnsatisfiable).toBe('ScheduleAnyway');
      expect(selects(c.labelSelector.matchLabels, podLabels(d().statefulSet))).toBe(true);
    }
  });

  test('roles describe both workloads with selectors matching their pods', () => {
    expect(d().otel.roles.map((r) => r.component).sort()).toEqual(['agent', 'gateway']);
    const agentRole = d().otel.roles.find((r) => r.component === 'agent')!;
    expect(selects(agentRole.selector, podLabels(d().daemonSet))).toBe(true);
    expect(agentRole.ports.map((p) => p.name)).toEqual(expect.arrayContaining(['metrics', 'span-metrics', 'health']));
    expect(agentRole.selector).toMatchObject({ 'app.kubernetes.io/name': 'opentelemetry-collector', 'app.kubernetes.io/component': 'agent' });
  });

  test('synth is deterministic, and the default output is stable', () => {
    expect(synth().objects).toEqual(d().objects);
    expect(d().objects).toMatchSnapshot();
  });
});

describe('OtelCollector props', () => {
  test('agent-only exports straight to Jaeger and has no tail sampling or gateway', () => {
    const { otel, objects } = synth({ mode: CollectorMode.AGENT_ONLY, backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' }) });
    const cfg = config(objects, 'otel-agent-config');
    expect(cfg.exporters['otlp_grpc/jaeger'].endpoint).toBe('jaeger-collector.tracing.svc:4317');
    expect(cfg.exporters.load_balancing).toBeUndefined();
    expect(JSON.stringify(objects)).not.toContain('tail_sampling');
    expect(ofKind(objects, 'StatefulSet')).toHaveLength(0);
    expect(otel.gatewayServiceName).toBeUndefined();
  });

  test('gateway-only has no agent', () => {
    const { otel, objects } = synth({ mode: CollectorMode.GATEWAY_ONLY });
    expect(ofKind(objects, 'DaemonSet')).toHaveLength(0);
    expect(otel.agentServiceName).toBeUndefined();
    expect(otel.roles.map((r) => r.component)).toEqual(['gateway']);
  });

  test('Jaeger endpoints from props reach the configs', () => {
    const { objects } = synth({ backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: 'j.tracing.svc:4317', samplingGrpcEndpoint: 'j.tracing.svc:5779' }) });
    expect(config(objects, 'otel-gateway-config').exporters['otlp_grpc/jaeger'].endpoint).toBe('j.tracing.svc:4317');
    expect(config(objects, 'otel-agent-config').extensions.jaegerremotesampling.source.remote.endpoint).toBe('j.tracing.svc:5779');
  });

  test('per-service overrides exclude the service from the global policy and add its own', () => {
    const { objects } = synth({ sampling: { services: { sigmavault: { baselinePercentage: 5 }, agents: { latencyThreshold: '5s' } } } });
    const policies = config(objects, 'otel-gateway-config').processors.tail_sampling.policies;
    const byName = Object.fromEntries(policies.map((p: any) => [p.name, p]));
    expect(byName.baseline.and.and_sub_policy).toEqual([
      { name: 'baseline-other-services', type: 'string_attribute', string_attribute: { key: 'service.name', values: ['sigmavault'], invert_match: true } },
      { name: 'sample', type: 'probabilistic', probabilistic: { sampling_percentage: 30 } },
    ]);
    expect(byName['baseline-sigmavault'].and.and_sub_policy).toEqual([
      { name: 'baseline-sigmavault-service', type: 'string_attribute', string_attribute: { key: 'service.name', values: ['sigmavault'] } },
      { name: 'sample', type: 'probabilistic', probabilistic: { sampling_percentage: 5 } },
    ]);
    expect(byName['keep-slow-agents'].and.and_sub_policy[1]).toEqual({ name: 'slow', type: 'latency', latency: { threshold_ms: 5000 } });
    expect(byName['keep-errors']).toBeDefined();
  });

  test('services whose policy-name slugs coincide still get unique policy names', () => {
    // The processor refuses a repeated name at start ("duplicate policy name"): a crash-loop.
    const services = { 'Checkout': { baselinePercentage: 5 }, 'checkout': { baselinePercentage: 6 }, 'café': { latencyThreshold: '2s' }, 'caf': { latencyThreshold: '3s' }, 'web': { baselinePercentage: 1 } };
    const { objects } = synth({ sampling: { services } });
    const names: string[] = config(objects, 'otel-gateway-config').processors.tail_sampling.policies.map((p: any) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('baseline-web'); // no collision, readable name kept
    expect(names.filter((n) => n.startsWith('baseline-checkout-'))).toHaveLength(2);
    expect(names.filter((n) => /^keep-slow-caf-[0-9a-f]{8}$/.test(n))).toHaveLength(2);
    // Stable: another service joining does not rename the colliding ones.
    const again = synth({ sampling: { services: { ...services, extra: { baselinePercentage: 2 } } } }).objects;
    const namesAgain: string[] = config(again, 'otel-gateway-config').processors.tail_sampling.policies.map((p: any) => p.name);
    expect(namesAgain).toEqual(expect.arrayContaining(names));
  });

  test('autoscaling adds an HPA and leaves replicas to it', () => {
    const { objects } = synth({ gateway: { autoscaling: { minReplicas: 2, maxReplicas: 6 } } });
    const hpa = findOne(objects, 'HorizontalPodAutoscaler', 'otel-gateway');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: 'StatefulSet', name: 'otel-gateway' } });
    expect(findOne(objects, 'StatefulSet', 'otel-gateway').spec.replicas).toBeUndefined();
    expect(schemaValidator().validate(hpa)).toEqual([]);
  });

  test('agent tolerations, priority class and remote-sampling switch', () => {
    const { objects } = synth({ agent: { placement: { tolerations: [], priorityClassName: 'system-node-critical' }, remoteSampling: false } });
    const pod = findOne(objects, 'DaemonSet', 'otel-agent').spec.template.spec;
    expect(pod.tolerations).toEqual([]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(ofKind(objects, 'PriorityClass')).toEqual([]);
    expect(config(objects, 'otel-agent-config').extensions.jaegerremotesampling).toBeUndefined();
    expect(findOne(objects, 'Service', 'jaeger-agent').spec.ports.map((p: any) => p.port)).toEqual([6831, 6832]);
    expect(findOne(objects, 'Service', 'otel-collector').spec.ports.map((p: any) => p.port)).not.toContain(5779);
  });

  test('span-metric dimensions are configurable', () => {
    const { objects } = synth({ agent: { spanMetrics: { dimensions: ['http.route'] } } });
    expect(config(objects, 'otel-agent-config').connectors.span_metrics.dimensions).toEqual([{ name: 'http.route' }]);
  });
});

describe('OtelCollector validation', () => {
  test('sampling 130 % fails with a clear message', () => {
    expect(() => synth({ sampling: { baselinePercentage: 130 } }))
      .toThrow('OtelCollector "otel": invalid prop "sampling.baselinePercentage" = 130: must be at most 100. Fix: use a percentage between 0 and 100');
    expect(() => synth({ sampling: { services: { ryot: { baselinePercentage: 130 } } } }))
      .toThrow('invalid prop "sampling.services["ryot"].baselinePercentage" = 130: must be at most 100');
  });

  test('a negative latency threshold fails with a clear message', () => {
    expect(() => synth({ sampling: { latencyThreshold: '-500ms' } }))
      .toThrow('OtelCollector "otel": invalid prop "sampling.latencyThreshold" = "-500ms": a duration cannot be negative');
    expect(() => synth({ sampling: { latencyThreshold: '0s' } })).toThrow('must be greater than zero');
  });

  test('a component the image lacks fails synth and names it', () => {
    const table = {
      ...OTEL_CONTRIB_COMPONENTS,
      distribution: 'otelcol-k8s 0.158.0',
      components: { ...OTEL_CONTRIB_COMPONENTS.components, processor: OTEL_CONTRIB_COMPONENTS.components.processor.filter((p) => p !== 'tail_sampling') },
    };
    expect(() => synth({ componentTable: table }))
      .toThrow('OtelCollector "otel": invalid prop "componentTable" = "otelcol-k8s 0.158.0": the gateway config uses processor "tail_sampling", which the image (otelcol-k8s 0.158.0) does not contain');
  });

  test('the built-in table is only for the tag it was made for; a table for another tag is accepted', () => {
    const old = { ...Images.OTEL_COLLECTOR, tag: '0.120.0' };
    expect(() => synth({ image: old }))
      .toThrow(`invalid prop "image.tag" = "0.120.0": the component table (otelcol-contrib ${Images.OTEL_COLLECTOR.tag}) was made for tag ${Images.OTEL_COLLECTOR.tag}`);
    expect(() => synth({ image: old, componentTable: { ...OTEL_CONTRIB_COMPONENTS, imageTags: ['0.120.0'] } })).not.toThrow();
    expect(() => synth({ image: { ...Images.OTEL_COLLECTOR, digest: `sha256:${'a'.repeat(64)}` } })).not.toThrow();
  });

  test('an image from another repository needs a component table', () => {
    expect(() => synth({ image: { repository: 'example.com/my-otelcol', tag: '1.0.0' } }))
      .toThrow(/invalid prop "componentTable" = undefined: image example.com\/my-otelcol is not the contrib distribution/);
  });

  test('bad mode, namespace, replicas and resources are refused', () => {
    expect(() => synth({ mode: 'sidecar' as any })).toThrow(/invalid prop "mode" = "sidecar".*agent-and-gateway, agent-only, gateway-only/);
    expect(() => synth({ namespace: 'Monitoring' })).toThrow('invalid prop "namespace" = "Monitoring"');
    expect(() => synth({ gateway: { replicas: 0 } })).toThrow('invalid prop "gateway.replicas" = 0');
    expect(() => synth({ agent: { resources: { memoryRequest: '1Gi' } } })).toThrow('invalid prop "agent.resources.memoryRequest" = "1Gi"');
  });
});

describe('component table', () => {
  test('uses the 2026 names and knows the deprecated aliases', () => {
    expect(componentType('otlp_grpc/jaeger')).toBe('otlp_grpc');
    for (const name of ['k8s_attributes', 'tail_sampling', 'memory_limiter', 'batch']) {
      expect(hasComponent(OTEL_CONTRIB_COMPONENTS, 'processor', name)).toBe(true);
    }
    expect(hasComponent(OTEL_CONTRIB_COMPONENTS, 'exporter', 'load_balancing')).toBe(true);
    expect(hasComponent(OTEL_CONTRIB_COMPONENTS, 'connector', 'span_metrics')).toBe(true);
    expect(hasComponent(OTEL_CONTRIB_COMPONENTS, 'processor', 'k8sattributes')).toBe(false);
    expect(OTEL_CONTRIB_COMPONENTS.deprecatedAliases!.loadbalancing).toBe('load_balancing');
  });
});
