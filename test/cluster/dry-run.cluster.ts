/**
 * Kubernetes itself judges the output: the committed dist/ and every variant app are applied
 * server-side with dryRun=All to a real kube-apiserver (validation, defaulting, admission with
 * PodSecurity, CRD schemas) in namespaces that enforce the restricted Pod Security Standard.
 * Zero rejections, zero warnings.
 */
import { distObjects } from '../e2e/harness/stack';
import { ApiServer, objectRef } from './support/api-server';
import { composeStack, VARIANTS } from '../support/stack-variants';
import { twoStacks } from '../support/two-stacks';
import { POD_SECURITY_VERSION } from '../../lib/foundation/tracing-namespace';

let server: ApiServer;
beforeAll(async () => {
  server = await ApiServer.start();
});
afterAll(async () => server?.stop());

/** A pod made from a workload's template, as its controller would create it. */
function podsOf(objects: readonly any[]): any[] {
  return objects.filter((o) => o.spec?.template?.spec?.containers || o.spec?.jobTemplate).map((o) => {
    const template = o.spec.jobTemplate ? o.spec.jobTemplate.spec.template : o.spec.template;
    const name = `${o.metadata.name}-0`;
    // The StatefulSet controller adds a volume per claim template, named after it.
    const claims = (o.spec.volumeClaimTemplates ?? []).map((t: any) => ({
      name: t.metadata.name, persistentVolumeClaim: { claimName: `${t.metadata.name}-${name}` },
    }));
    return {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: o.metadata.namespace, labels: template.metadata?.labels },
      spec: { ...template.spec, volumes: [...(template.spec.volumes ?? []), ...claims] },
    };
  });
}

const apps: [string, () => any[]][] = [
  ['the committed dist/', distObjects],
  ...Object.entries(VARIANTS).map(([name, options]): [string, () => any[]] => [name, () => composeStack(options)]),
  ['two stacks in two namespaces sharing one Prometheus and one Grafana', twoStacks],
];

describe.each(apps)('%s', (_name, objectsOf) => {
  const objects = objectsOf();

  test('every object is accepted by the API server with no warning (dryRun=All)', () => {
    server.restrictedNamespaces(ApiServer.namespacesOf(objects));
    const outcome = server.apply(objects, { dryRun: true });
    expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
    expect(outcome.status).toBe(0);
    expect(outcome.applied).toHaveLength(objects.length);
  });

  test('every pod its workloads would create is admitted under restricted Pod Security', () => {
    // Workload templates only warn; Pods are where `enforce` refuses. The ServiceAccounts must
    // exist for the ServiceAccount admission plugin, so they are created first, for real.
    const namespaces = ApiServer.namespacesOf(objects);
    server.restrictedNamespaces(namespaces);
    // PriorityClasses too: the Priority admission plugin refuses a pod naming a class that does not exist.
    const accounts = objects.filter((o) => o.kind === 'ServiceAccount' || o.kind === 'PriorityClass');
    expect(server.apply(accounts).errors).toEqual([]);
    const pods = podsOf(objects);
    expect(pods.length).toBeGreaterThan(0);
    const outcome = server.apply(pods, { dryRun: true });
    expect({ pods: pods.map(objectRef), errors: outcome.errors, warnings: outcome.warnings })
      .toEqual({ pods: pods.map(objectRef), errors: [], warnings: [] });
  });
});

describe('the judge', () => {
  // Proof that this tier can fail: objects the library must never emit are refused or warned about.
  test('refuses invalid objects and warns about pod templates below restricted', () => {
    server.restrictedNamespaces(['judge']);
    const container = { name: 'c', image: 'busybox:1.36' };
    const outcome = server.apply([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'dup', namespace: 'judge' },
        spec: { selector: { a: 'b' }, ports: [{ name: 'x', port: 1 }, { name: 'x', port: 2 }] } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'loose', namespace: 'judge' },
        spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [container] } } } },
    ], { dryRun: true });
    expect(outcome.errors.join('\n')).toMatch(/Service "dup" is invalid: spec.ports\[1\].name: Duplicate value: "x"/);
    expect(outcome.warnings.join('\n')).toContain(`would violate PodSecurity "restricted:${POD_SECURITY_VERSION}"`);
    // No controller manager runs, so the namespace's default ServiceAccount is made here.
    server.apply([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'judge' } }]);
    const pod = server.apply([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loose', namespace: 'judge' }, spec: { containers: [container] } }], { dryRun: true });
    expect(pod.errors.join('\n')).toContain(`forbidden: violates PodSecurity "restricted:${POD_SECURITY_VERSION}"`);
  });
});
