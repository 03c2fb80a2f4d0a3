/**
 * The validator's manifest helpers on their own: how findings are ordered, where a namespaced
 * object without a namespace lives, where each kind keeps its pod template (malformed ones
 * skipped), which containers serve, what a selector matches and how it and a near miss are told.
 */
import {
  closestMiss, declaredPorts, describeLabels, describeObject, describeSelector, matchesSelector, podTemplates, servingContainers, sortFindings,
} from '../../lib/validation/manifest';

const finding = (check: string, message: string) => ({ check, source: 'x', message });

test('findings: sorted by message, exact duplicates dropped, equal messages of two checks kept in input order', () => {
  expect(sortFindings([finding('a', 'm2'), finding('a', 'm1'), finding('a', 'm3'), finding('a', 'm1')]).map((f) => f.message)).toEqual(['m1', 'm2', 'm3']);
  expect(sortFindings([finding('a', 'm3'), finding('a', 'm2'), finding('a', 'm1')]).map((f) => f.message)).toEqual(['m1', 'm2', 'm3']);
  expect(sortFindings([finding('second', 'same'), finding('first', 'same'), finding('third', 'a')]).map((f) => f.check)).toEqual(['third', 'second', 'first']);
});

test('a namespaced object without a namespace is in default; a cluster-scoped one is named without one', () => {
  expect(describeObject({ kind: 'Service', metadata: { name: 's' } })).toBe('Service default/s');
  expect(describeObject({ kind: 'Service', metadata: { name: 's', namespace: 'tracing' } })).toBe('Service tracing/s');
  expect(describeObject({ kind: 'ClusterRole', metadata: { name: 'r', namespace: 'tracing' } })).toBe('ClusterRole r');
});

test('labels are told sorted by key', () => {
  expect(describeLabels({ b: '1', a: '2' })).toBe('{a=2, b=1}');
  expect(describeLabels({})).toBe('{}');
});

test('every workload kind\'s pod template is found where that kind keeps it; objects without one are skipped, not a crash', () => {
  const spec = { containers: [{ name: 'c' }] };
  const template = { metadata: { labels: { app: 'x' } }, spec };
  const objects = [
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'].map((kind) => ({ kind, metadata: { name: kind.toLowerCase(), namespace: 'ns' }, spec: { template } })),
    { kind: 'CronJob', metadata: { name: 'cron', namespace: 'ns' }, spec: { jobTemplate: { spec: { template } } } },
    { kind: 'Pod', metadata: { name: 'pod', namespace: 'ns', labels: { app: 'x' } }, spec },
  ];
  const found = podTemplates(objects);
  expect(found.map((t) => [t.owner, t.labels, t.spec, t.runsToCompletion])).toEqual([
    ['Deployment ns/deployment', { app: 'x' }, spec, false], ['StatefulSet ns/statefulset', { app: 'x' }, spec, false],
    ['DaemonSet ns/daemonset', { app: 'x' }, spec, false], ['ReplicaSet ns/replicaset', { app: 'x' }, spec, false],
    ['ReplicationController ns/replicationcontroller', { app: 'x' }, spec, false], ['Job ns/job', { app: 'x' }, spec, true],
    ['CronJob ns/cron', { app: 'x' }, spec, true], ['Pod ns/pod', { app: 'x' }, spec, false],
  ]);
  const malformed = [
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'].map((kind) => ({ kind, metadata: { name: 'bare' } })),
    { kind: 'CronJob', metadata: { name: 'no-job-spec' }, spec: { jobTemplate: {} } },
    { kind: 'Deployment', metadata: { name: 'no-labels' }, spec: { template: { spec } } },
    { kind: 'ConfigMap', metadata: { name: 'not-a-workload' }, spec: { template } },
  ];
  expect(podTemplates(malformed).map((t) => [t.owner, t.labels])).toEqual([['Deployment default/no-labels', {}]]);
});

test('serving containers: the regular ones and native sidecars (init containers that restart Always), not plain init containers', () => {
  const spec = {
    containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }],
    initContainers: [
      { name: 'setup', ports: [{ containerPort: 9000 }] },
      { name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] },
      { name: 'once', restartPolicy: 'OnFailure' },
    ],
  };
  expect(servingContainers(spec).map((c) => c.name)).toEqual(['app', 'proxy']);
  expect(servingContainers({ initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] }).map((c) => c.name)).toEqual(['proxy']);
  expect(declaredPorts({ owner: 'o', object: {}, kind: 'Deployment', namespace: 'ns', labels: {}, spec, runsToCompletion: false })).toEqual([
    { name: 'http', number: 8080, protocol: 'TCP', container: 'app' },
    { name: 'dns', number: 53, protocol: 'UDP', container: 'proxy' },
  ]);
});

test('a selector matches by its labels and by each expression operator; an unknown operator matches nothing; none matches everything', () => {
  const labels = { app: 'jaeger', tier: 'backend' };
  const expr = (operator: string, key: string, values?: string[]) => matchesSelector({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }, labels);
  expect(matchesSelector(undefined, labels)).toBe(true);
  expect(matchesSelector({}, labels)).toBe(true);
  expect(matchesSelector({ matchLabels: { app: 'jaeger' } }, labels)).toBe(true);
  expect(matchesSelector({ matchLabels: { app: 'otel' } }, labels)).toBe(false);
  expect([expr('In', 'app', ['jaeger', 'x']), expr('In', 'app', ['x']), expr('In', 'zone', ['jaeger']), expr('In', 'app')]).toEqual([true, false, false, false]);
  expect([expr('NotIn', 'app', ['x']), expr('NotIn', 'app', ['jaeger']), expr('NotIn', 'zone', ['jaeger']), expr('NotIn', 'app')]).toEqual([true, false, true, true]);
  expect([expr('Exists', 'app'), expr('Exists', 'zone')]).toEqual([true, false]);
  expect([expr('DoesNotExist', 'zone'), expr('DoesNotExist', 'app')]).toEqual([true, false]);
  expect(expr('Gt', 'app', ['1'])).toBe(false);
  // Every expression must hold: a later failing one rejects after earlier ones pass.
  expect(matchesSelector({ matchLabels: { app: 'jaeger' }, matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'tier', operator: 'In', values: ['frontend'] }] }, labels)).toBe(false);
});

test('a selector is told with its labels sorted, then each expression with its values', () => {
  expect(describeSelector(undefined)).toBe('{}');
  expect(describeSelector({ matchLabels: { b: '1', a: '2' } })).toBe('{a=2, b=1}');
  expect(describeSelector({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'zone', operator: 'Exists' }, { key: 'y', operator: 'NotIn', values: [] }] }))
    .toBe('{app=x, tier In (a, b), zone Exists, y NotIn}');
});

test('the closest miss is the candidate with the fewest differing labels, each told; none when nothing differs or nothing is there', () => {
  const wanted = { b: '2', a: '1' };
  expect(closestMiss(wanted, [
    { name: 'Deployment ns/far', labels: { c: '3' } },
    { name: 'Deployment ns/near', labels: { a: '1', b: '9' } },
    { name: 'Deployment ns/also-near', labels: { a: '7', b: '2' } },
  ])).toBe('closest: Deployment ns/near has b=9, not 2');
  expect(closestMiss(wanted, [{ name: 'Deployment ns/far', labels: {} }])).toBe('closest: Deployment ns/far has no label a; no label b');
  expect(closestMiss(wanted, [{ name: 'Deployment ns/same', labels: { a: '1', b: '2', c: '3' } }])).toBe('');
  expect(closestMiss(wanted, [])).toBe('');
});
