/**
 * Least privilege, checked by the API server's authorizer: dist/ is applied for real, then for
 * every ServiceAccount it creates, SubjectAccessReviews show the account can do what its
 * config needs (the agent's k8s_attributes reads) and nothing else (no Secrets, no writes),
 * and the account's full rule list (SelfSubjectRulesReview, as `kubectl auth can-i --list`)
 * holds nothing beyond those needs and what every authenticated user has.
 */
import { distObjects } from '../e2e/harness/stack';
import { ApiServer } from './support/api-server';
import { PLATFORM } from '../../main';

let server: ApiServer;
const objects = distObjects();
const accounts = objects.filter((o) => o.kind === 'ServiceAccount').map((o) => ({ name: o.metadata.name, namespace: o.metadata.namespace }));

beforeAll(async () => {
  server = await ApiServer.start();
  server.restrictedNamespaces(ApiServer.namespacesOf(objects));
  const outcome = server.apply(objects);
  if (outcome.status !== 0) throw new Error(`dist/ did not apply: ${outcome.errors.join('\n')}`);
});
afterAll(async () => server?.stop());

interface Access { verb: string; group: string; resource: string; namespace?: string }

/** The user and groups the API server authenticates a ServiceAccount's token as. */
function identity(account: { name: string; namespace: string }): { user: string; groups: string[] } {
  return {
    user: `system:serviceaccount:${account.namespace}:${account.name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${account.namespace}`, 'system:authenticated'],
  };
}

/** The accesses the authorizer grants the account, by SubjectAccessReview. */
function granted(account: { name: string; namespace: string }, accesses: readonly Access[]): Access[] {
  if (accesses.length === 0) return [];
  const { user, groups } = identity(account);
  const answers = server.review(accesses.map((a) => ({
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
    spec: { user, groups, resourceAttributes: { verb: a.verb, group: a.group, resource: a.resource, ...(a.namespace ? { namespace: a.namespace } : {}) } },
  })));
  return accesses.filter((_, i) => answers[i].status.allowed === true);
}

/**
 * What each ServiceAccount's pods need from the API, stated here rather than read from the
 * library: the agent's k8s_attributes (Collector 0.158, the agent's extract list) lists and
 * watches pods and nothing else; the e2e tier shows that suffices. Nothing else calls the API.
 */
function needs(account: string): Access[] {
  if (account !== 'otel-agent') return [];
  return ['list', 'watch'].map((verb) => ({ verb, group: '', resource: 'pods' }));
}

/** Accesses no account of the stack may have. */
const FORBIDDEN: Access[] = [
  ...['get', 'list', 'watch'].map((verb) => ({ verb, group: '', resource: 'secrets' })),
  ...['get', 'list', 'watch'].map((verb) => ({ verb, group: '', resource: 'secrets', namespace: PLATFORM.namespace })),
  ...['create', 'update', 'patch', 'delete', 'deletecollection'].flatMap((verb) => [
    { verb, group: '', resource: 'pods' }, { verb, group: '', resource: 'configmaps', namespace: PLATFORM.namespace },
    { verb, group: 'apps', resource: 'replicasets' }, { verb, group: '', resource: 'namespaces' },
  ]),
  { verb: 'create', group: '', resource: 'pods/exec', namespace: PLATFORM.namespace },
  { verb: 'create', group: '', resource: 'serviceaccounts/token', namespace: PLATFORM.namespace },
  { verb: 'get', group: '', resource: 'configmaps', namespace: 'kube-system' },
  { verb: 'list', group: '', resource: 'nodes' },
  { verb: 'impersonate', group: '', resource: 'users' },
  { verb: 'escalate', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { verb: '*', group: '*', resource: '*' },
];

test('the stack creates the ServiceAccounts the test expects', () => {
  expect(accounts.map((a) => a.name).sort()).toEqual(['jaeger', 'otel-agent', 'otel-gateway']);
});

describe.each(accounts.map((a) => [a.name, a]))('ServiceAccount %s', (_name, account) => {
  test('can do what its config needs', () => {
    expect(granted(account, needs(account.name))).toEqual(needs(account.name));
  });

  test('cannot read Secrets, write anything, or escalate', () => {
    expect(granted(account, FORBIDDEN)).toEqual([]);
  });

  test('holds no rule beyond its needs and what every authenticated user has', () => {
    // What `kubectl auth can-i --list` asks: every rule the account holds in its namespace,
    // cluster-wide rules included.
    const [review] = server.review([{
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: account.namespace },
    }], identity(account));
    expect(review.status.incomplete).toBe(false);
    const rules = review.status;
    const resourceRules = (rules.resourceRules ?? []).flatMap((r: any) => r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) =>
      r.verbs.map((v: string) => `${v} ${g || 'core'}/${res}`))));
    // Every authenticated user may review its own access (system:basic-user).
    const everyone = ['create authorization.k8s.io/selfsubjectaccessreviews', 'create authorization.k8s.io/selfsubjectrulesreviews',
      'create authentication.k8s.io/selfsubjectreviews'];
    const expected = needs(account.name).map((a) => `${a.verb} ${a.group || 'core'}/${a.resource}`);
    expect(resourceRules.filter((r: string) => !everyone.includes(r)).sort()).toEqual(expected.sort());
  });
});
