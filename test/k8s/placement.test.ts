/**
 * Placement reaches every workload the stack emits — Jaeger's roles and index cleaner, the
 * gateways, the agents — with a role's own fields over the stack's, and never changes what the
 * library itself relies on (selector labels, the config checksum, the agents' reach).
 */
import { CollectorMode, JaegerStack, JaegerStorage, OtelCollector, PodPlacement, StackValidator } from '../../lib/internal';
import { ofKind, synthObjects, testChart } from '../support/synth';
import { jaegerIn } from '../support/backend';

const STACK: PodPlacement = {
  nodeSelector: { pool: 'tracing' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'tracing', effect: 'NoSchedule' }],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'arch', operator: 'In', values: ['arm64'] }] }] } } },
  priorityClassName: 'tracing-high',
  imagePullSecrets: ['mirror-credentials'],
  podLabels: { team: 'platform' },
  podAnnotations: { 'example.com/owner': 'platform' },
  serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/jaeger' },
};

/** Every pod template of the objects, by workload name. */
function pods(objects: any[]): Map<string, { template: any; serviceAccount: any }> {
  const accounts = new Map(ofKind(objects, 'ServiceAccount').map((sa) => [sa.metadata.name, sa]));
  const workloads = [...ofKind(objects, 'StatefulSet'), ...ofKind(objects, 'Deployment'), ...ofKind(objects, 'DaemonSet')]
    .map((w) => [w.metadata.name, w.spec.template] as const);
  const jobs = ofKind(objects, 'CronJob').map((c) => [c.metadata.name, c.spec.jobTemplate.spec.template] as const);
  return new Map([...workloads, ...jobs].map(([name, template]) => [name, { template, serviceAccount: accounts.get(template.spec.serviceAccountName) }]));
}

function expectPlaced(name: string, pod: { template: any; serviceAccount: any }, placement: PodPlacement) {
  const spec = pod.template.spec;
  expect({ name, nodeSelector: spec.nodeSelector }).toEqual({ name, nodeSelector: placement.nodeSelector });
  expect({ name, tolerations: spec.tolerations }).toEqual({ name, tolerations: placement.tolerations });
  expect({ name, affinity: spec.affinity }).toEqual({ name, affinity: placement.affinity });
  expect({ name, priority: spec.priorityClassName }).toEqual({ name, priority: placement.priorityClassName });
  expect({ name, pull: spec.imagePullSecrets }).toEqual({ name, pull: placement.imagePullSecrets!.map((n) => ({ name: n })) });
  expect(pod.template.metadata.labels).toMatchObject(placement.podLabels!);
  expect(pod.template.metadata.annotations).toMatchObject(placement.podAnnotations!);
  expect(pod.serviceAccount.metadata.annotations).toEqual(placement.serviceAccountAnnotations);
}

const MODES: [string, () => JaegerStorage, string[]][] = [
  ['badger', () => JaegerStorage.badger(), ['jaeger']],
  ['badger-shared', () => JaegerStorage.badgerShared(), ['jaeger-remote-storage', 'jaeger-collector', 'jaeger-query']],
  ['opensearch', () => JaegerStorage.opensearch({ serverUrls: ['https://search.example.com:9200'] }), ['jaeger-collector', 'jaeger-query', 'jaeger-es-index-cleaner']],
];

test.each(MODES)('the stack\'s placement reaches every Jaeger workload (%s)', (_mode, storage, names) => {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', { storage: storage(), placement: STACK });
  const objects = synthObjects(chart);
  const byName = pods(objects);
  expect([...byName.keys()].sort()).toEqual([...names].sort());
  for (const [name, pod] of byName) expectPlaced(name, pod, STACK);
  // and the whole-stack checks follow the pull secret and the PriorityClass (the user's)
  const external = [{ kind: 'Secret', namespace: 'monitoring', name: 'mirror-credentials' }, { kind: 'PriorityClass', name: 'tracing-high' }] as const;
  expect(StackValidator.validate(objects, { external: [...external] })).toEqual([]);
});

test('a role\'s own placement wins field by field; maps merge; the library\'s labels and spread stay', () => {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', {
    storage: JaegerStorage.badgerShared(),
    placement: { nodeSelector: { pool: 'tracing' }, podLabels: { team: 'platform' } },
    collector: { replicas: 3, placement: { nodeSelector: { zone: 'a' }, podLabels: { tier: 'ingest' }, priorityClassName: 'ingest' } },
  });
  const byName = pods(synthObjects(chart));
  const collector = byName.get('jaeger-collector')!.template;
  expect(collector.spec.nodeSelector).toEqual({ pool: 'tracing', zone: 'a' });
  expect(collector.spec.priorityClassName).toBe('ingest');
  expect(collector.metadata.labels).toMatchObject({ 'team': 'platform', 'tier': 'ingest', 'app.kubernetes.io/component': 'collector' });
  expect(collector.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
  // no topologySpreadConstraints in the placement: the library's soft spread of the replicas stays
  expect(collector.spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
  const query = byName.get('jaeger-query')!.template;
  expect(query.spec.nodeSelector).toEqual({ pool: 'tracing' });
  expect(query.spec.priorityClassName).toBeUndefined();
});

test('the gateways and the agents take their own placement', () => {
  const chart = testChart();
  const spread = [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { team: 'platform' } } }];
  new OtelCollector(chart, 'otel', {
    backend: jaegerIn(),
    gateway: { placement: { ...STACK, topologySpreadConstraints: spread } },
    agent: { placement: { ...STACK, tolerations: undefined, nodeSelector: undefined, priorityClassName: undefined } },
  });
  const byName = pods(synthObjects(chart));
  const gateway = byName.get('otel-gateway')!;
  expectPlaced('otel-gateway', gateway, STACK);
  expect(gateway.template.spec.topologySpreadConstraints).toEqual(spread);
  const agent = byName.get('otel-agent')!;
  // the agents keep their reach (every taint tolerated, every node) and their own PriorityClass
  expect(agent.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  expect(agent.template.spec.nodeSelector).toBeUndefined();
  expect(agent.template.spec.priorityClassName).toBe('monitoring-otel-agent');
  expect(agent.template.spec.affinity).toEqual(STACK.affinity);
  expect(agent.template.spec.imagePullSecrets).toEqual([{ name: 'mirror-credentials' }]);
  expect(agent.template.metadata.labels).toMatchObject({ team: 'platform' });
  expect(agent.serviceAccount.metadata.annotations).toEqual(STACK.serviceAccountAnnotations);
});

test('the agents\' scheduling fields may come from their placement instead', () => {
  const chart = testChart();
  new OtelCollector(chart, 'otel', { backend: jaegerIn(), agent: { placement: { nodeSelector: { os: 'linux' }, priorityClassName: 'system-node-critical', tolerations: [] } } });
  const agent = pods(synthObjects(chart)).get('otel-agent')!.template.spec;
  expect(agent).toMatchObject({ nodeSelector: { os: 'linux' }, priorityClassName: 'system-node-critical', tolerations: [] });
});

test('a PriorityClass the pods name must exist (the API server refuses their pods otherwise); the system ones always do', () => {
  // Found by the cluster tier: Priority admission refused every pod of a stack placed with a
  // PriorityClass nobody created, while every object itself was accepted.
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', { placement: { priorityClassName: 'tracing-high' }, allInOne: { placement: { priorityClassName: 'tracing-high' } } });
  new OtelCollector(chart, 'otel', { backend: jaegerIn(), mode: CollectorMode.GATEWAY_ONLY, gateway: { placement: { priorityClassName: 'system-cluster-critical' } } });
  const findings = StackValidator.validate(synthObjects(chart)).map((f) => f.message);
  expect(findings).toEqual([
    "StatefulSet monitoring/jaeger priorityClassName → PriorityClass tracing-high is not in the output; create it, or declare it external: validation.external: [{ kind: 'PriorityClass', name: 'tracing-high' }]",
  ]);
});

test('a spread constraint without a labelSelector spreads the workload\'s own pods', () => {
  // Found by the cluster tier: the API server warns that a null labelSelector matches no pod.
  const chart = testChart();
  const spread = [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }];
  new JaegerStack(chart, 'jaeger', { storage: JaegerStorage.badgerShared(), placement: { topologySpreadConstraints: spread } });
  const objects = synthObjects(chart);
  const workloads = [...ofKind(objects, 'StatefulSet'), ...ofKind(objects, 'Deployment')];
  expect(workloads).toHaveLength(3);
  for (const w of workloads) {
    expect({ name: w.metadata.name, spread: w.spec.template.spec.topologySpreadConstraints })
      .toEqual({ name: w.metadata.name, spread: [{ ...spread[0], labelSelector: { matchLabels: w.spec.selector.matchLabels } }] });
  }
});

test('spread constraints: maxSkew a whole number of at least 1, whenUnsatisfiable one of the two policies (exact advice)', () => {
  const spread = (c: object) => () => new JaegerStack(testChart(), 'jaeger', { placement: { topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', ...c } as any] } });
  expect(spread({ maxSkew: 1.5 })).toThrow('JaegerStack "jaeger": invalid prop "placement.topologySpreadConstraints[0].maxSkew" = 1.5: expected an integer. Fix: use an integer in 1..∞');
  expect(spread({ whenUnsatisfiable: 'Never' })).toThrow(
    'invalid prop "placement.topologySpreadConstraints[0].whenUnsatisfiable" = "Never": not a spread policy. Fix: use DoNotSchedule or ScheduleAnyway');
  expect(spread({})).not.toThrow();
});

test('a pod template gets annotations only when the library or the placement has some', () => {
  const objects = synthObjects(((c) => { new JaegerStack(c, 'jaeger', { storage: JaegerStorage.opensearch({ serverUrls: ['https://os:9200'] }) }); return c; })(testChart()));
  const cleaner = ofKind(objects, 'CronJob')[0].spec.jobTemplate.spec.template.metadata;
  expect('annotations' in cleaner).toBe(false);
  const annotated = synthObjects(((c) => {
    new JaegerStack(c, 'jaeger', { storage: JaegerStorage.opensearch({ serverUrls: ['https://os:9200'] }), placement: { podAnnotations: { 'example.com/owner': 'team-b' } } });
    return c;
  })(testChart()));
  expect(ofKind(annotated, 'CronJob')[0].spec.jobTemplate.spec.template.metadata.annotations).toEqual({ 'example.com/owner': 'team-b' });
});
