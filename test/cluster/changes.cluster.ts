/**
 * The changes users make to a running stack apply on top of it. A platform-like stack is
 * applied for real; then, one after the other, each change is synthesized and applied over the
 * previous state (server-side, as Flux and Argo CD do): no error, no warning. Changes that
 * Kubernetes refuses in place (the Badger volume size) are shown refused, and the migration the
 * docs/migrations.md documents for them is shown to work.
 */
import { Images } from '../../lib';
import { composeStack, PLATFORM_LIKE, StackOptions, VARIANTS } from '../support/stack-variants';
import { ApiServer, objectRef } from './support/api-server';

let server: ApiServer;
beforeAll(async () => {
  server = await ApiServer.start();
});
afterAll(async () => server?.stop());

/** The stack as first deployed: the platform's choices with network policies still off. */
const BASE: StackOptions = { ...PLATFORM_LIKE, networkPolicies: false };

/** Each change keeps the previous ones, as a repository's history does. */
const CHANGES: [string, (o: StackOptions) => StackOptions][] = [
  ['Jaeger image bumped to the next release', (o) => ({ ...o, jaeger: { ...o.jaeger, image: { ...Images.JAEGER, tag: '2.21.0' } } })],
  ['Collector image pinned by digest', (o) => ({ ...o, otel: { ...o.otel, image: { ...Images.OTEL_COLLECTOR, digest: `sha256:${'a'.repeat(64)}` } } })],
  ['gateway replicas raised', (o) => ({ ...o, otel: { ...o.otel, gateway: { ...o.otel?.gateway, replicas: 4 } } })],
  ['retention raised to 96h', (o) => ({ ...o, jaeger: { ...o.jaeger, retention: '96h' } })],
  ['agent and Jaeger resources raised', (o) => ({
    ...o,
    jaeger: { ...o.jaeger, allInOne: { resources: { cpuRequest: '1', memoryRequest: '2Gi', memoryLimit: '4Gi' } } },
    otel: { ...o.otel, agent: { ...o.otel?.agent, resources: { memoryRequest: '256Mi', memoryLimit: '512Mi' } } },
  })],
  ['one more service instrumented', (o) => ({ ...o, services: [...o.services, 'billing'] })],
  ['network policies switched on', (o) => ({ ...o, networkPolicies: true })],
  ['gateway autoscaling instead of fixed replicas', (o) => ({ ...o, otel: { ...o.otel, gateway: { autoscaling: { minReplicas: 3, maxReplicas: 6 } } } })],
];

function refs(objects: readonly any[]): Set<string> {
  return new Set(objects.map(objectRef));
}

test('the base stack applies for real', () => {
  const objects = composeStack(BASE);
  server.restrictedNamespaces(ApiServer.namespacesOf(objects));
  const outcome = server.apply(objects);
  expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
});

describe('changes applied one after the other', () => {
  let options = BASE;
  let previous = composeStack(BASE);
  test.each(CHANGES)('%s', (_name, change) => {
    options = change(options);
    const objects = composeStack(options);
    server.restrictedNamespaces(ApiServer.namespacesOf(objects));
    const outcome = server.apply(objects);
    expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
    // What a pruning sync (Argo CD prune, Flux garbage collection) would delete.
    const pruned = [...refs(previous)].filter((r) => !refs(objects).has(r));
    if (pruned.length) process.stdout.write(`${_name}: would prune ${pruned.join(', ')}\n`);
    previous = objects;
  });
});

describe('a change that needs a migration: the Badger volume size', () => {
  const resized = (): any[] => composeStack({ ...BASE, networkPolicies: true, jaeger: { ...BASE.jaeger, volumeSize: '100Gi' } });

  test('is refused in place (volumeClaimTemplates are immutable)', () => {
    const outcome = server.apply(resized());
    expect(outcome.errors.join('\n')).toMatch(/StatefulSet.*"jaeger" is invalid: spec: Forbidden: updates to statefulset spec for fields other than/);
  });

  test('applies after the documented migration (StatefulSet deleted with --cascade=orphan)', () => {
    // docs/migrations.md, "Changes that need a migration": the pod and its PVC stay; the PVC is resized in
    // place (the StorageClass allows expansion); the new StatefulSet adopts the pod.
    server.plane.kubectl(['delete', 'statefulset', 'jaeger', '-n', BASE.namespace, '--cascade=orphan', '--wait=false']);
    // The garbage collector (no controller manager runs here) would release the dependents and
    // drop the orphan finalizer; there are no dependents, so only the finalizer goes.
    server.plane.kubectl(['patch', 'statefulset', 'jaeger', '-n', BASE.namespace, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    const outcome = server.apply(resized());
    expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
    const sts = server.get('statefulset', 'jaeger', BASE.namespace);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('100Gi');
  });
});

test('another team\'s stack applies beside the platform\'s, with its own field manager: no shared object, no conflict', () => {
  const teamB = composeStack(VARIANTS['another team in its own namespaces']);
  const platform = new Set(composeStack(BASE).map(objectRef));
  expect(teamB.map(objectRef).filter((r) => platform.has(r))).toEqual([]);
  server.restrictedNamespaces(ApiServer.namespacesOf(teamB));
  const outcome = server.apply(teamB, { fieldManager: 'team-b' });
  expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
});
