/**
 * The selector and port links rule by rule, on hand-made manifests: what each refuses (with the
 * reason it gives) and what it lets pass, malformed objects read without throwing.
 */
import { validateStack } from '../../lib/internal';
import { NS, Obj, container, podSpec, service, workload } from './fixtures';

const of = (check: string, objects: Obj[], options = {}) => validateStack(objects, options).filter((f) => f.check === check).map((f) => f.message);
const web = (labels: Obj = { app: 'web' }, namespace = NS) => workload('Deployment', 'web', labels, podSpec([container('web', [{ name: 'http', port: 8080, protocol: 'TCP' }])]), namespace);
const http = { name: 'http', port: 80, targetPort: 'http' };

test('a Service that selects nothing says why: pods in another namespace, an empty namespace, the closest miss', () => {
  expect(of('service-selector', [service('web', { app: 'web' }, [http]), web({ app: 'web' }, 'other')])).toEqual([
    'Service monitoring/web selector {app=web} → selects no pod template in namespace monitoring (Deployment other/web would match but is in another namespace)',
  ]);
  expect(of('service-selector', [service('web', { app: 'web' }, [http])])).toEqual([
    'Service monitoring/web selector {app=web} → selects no pod template in namespace monitoring (the namespace has no workloads in the output)',
  ]);
  expect(of('service-selector', [service('web', { app: 'web' }, [http]), web({ app: 'api' })])).toEqual([
    'Service monitoring/web selector {app=web} → selects no pod template in namespace monitoring (closest: Deployment monitoring/web has app=api, not web)',
  ]);
  expect(of('service-selector', [service('web', { app: 'web' }, [http]), web()])).toEqual([]);
});

test('Services without a selector to judge are skipped: ExternalName, none, an empty one, no spec at all', () => {
  const selectorless = [
    service('alias', { app: 'gone' }, [http], NS, { type: 'ExternalName', externalName: 'example.com' }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: NS }, spec: { ports: [http] } },
    service('empty', {}, [http]),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bare', namespace: NS } },
  ];
  expect(validateStack(selectorless).filter((f) => f.check.startsWith('service-'))).toEqual([]);
});

test('a Service port the selected pods do not declare names the port, the pods, and a container declaring it with another protocol', () => {
  expect(of('service-port', [service('web', { app: 'web' }, [{ port: 9090 }]), web()])).toEqual([
    'Service monitoring/web port 9090/TCP → no container port 9090 with protocol TCP on the pods it selects (Deployment monitoring/web)',
  ]);
  expect(of('service-port', [service('web', { app: 'web' }, [{ ...http, protocol: 'UDP' }]), web()])).toEqual([
    'Service monitoring/web port "http" (80/UDP) → no container port "http" with protocol UDP on the pods it selects (Deployment monitoring/web): '
    + 'container "web" declares it with protocol TCP',
  ]);
  expect(of('service-port', [service('web', { app: 'web' }, [http, { port: 8080 }]), web()])).toEqual([]);
});

describe('monitors', () => {
  const serviceMonitor = (spec: Obj, name = 'mon') => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name, namespace: NS }, spec });
  const podMonitor = (spec: Obj, name = 'mon') => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name, namespace: NS }, spec });
  const webService = service('web', { app: 'web' }, [http]);

  test('a ServiceMonitor tells where it looked: its own namespace, the ones it names, any', () => {
    const none = { selector: { matchLabels: { app: 'gone' } }, endpoints: [{ port: 'http' }] };
    expect(of('monitor-selector', [webService, web(), serviceMonitor(none)])).toEqual([
      'ServiceMonitor monitoring/mon selector {app=gone} → selects no Service in namespace monitoring (closest: Service monitoring/web has app=web, not gone)',
    ]);
    expect(of('monitor-selector', [webService, web(), serviceMonitor({ ...none, namespaceSelector: { matchNames: ['a', 'b'] } })])).toEqual([
      'ServiceMonitor monitoring/mon selector {app=gone} → selects no Service in namespaces a, b',
    ]);
    expect(of('monitor-selector', [webService, web(), serviceMonitor({ ...none, namespaceSelector: { any: true } })])).toEqual([
      'ServiceMonitor monitoring/mon selector {app=gone} → selects no Service in any namespace (closest: Service monitoring/web has app=web, not gone)',
    ]);
    // An empty namespaceSelector is the monitor's own namespace; a Service without labels is a candidate with none.
    const unlabelled = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain', namespace: NS }, spec: { selector: { app: 'web' }, ports: [http] } };
    expect(of('monitor-selector', [unlabelled, web(), serviceMonitor({ ...none, namespaceSelector: {} })])).toEqual([
      'ServiceMonitor monitoring/mon selector {app=gone} → selects no Service in namespace monitoring (closest: Service monitoring/plain has no label app)',
    ]);
    expect(of('monitor-selector', [webService, web(), serviceMonitor({ selector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchNames: ['elsewhere'] } })])).toHaveLength(1);
    expect(of('monitor-selector', [webService, web(), serviceMonitor({ selector: { matchLabels: { app: 'web' } } })])).toEqual([]);
  });

  test('a ServiceMonitor endpoint port must be a port name of a Service it selects; targetPort endpoints are not judged', () => {
    const portless = service('portless', { app: 'web' }, [], NS);
    portless.metadata.labels = { app: 'web' };
    expect(of('monitor-port', [webService, portless, web(), serviceMonitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'metrics' }, { targetPort: 9090 }] })])).toEqual([
      'ServiceMonitor monitoring/mon endpoint port "metrics" → no Service it selects has a port of that name (Service monitoring/web has "http"; Service monitoring/portless has no ports)',
    ]);
    const unnamed = service('web', { app: 'web' }, [{ port: 80 }]);
    expect(of('monitor-port', [unnamed, web(), serviceMonitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http' }] })]))
      .toEqual([expect.stringContaining('(Service monitoring/web has 80)')]);
    expect(of('monitor-port', [webService, web(), serviceMonitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http' }] })])).toEqual([]);
    expect(of('monitor-port', [webService, web(), serviceMonitor({ selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 9090 }] })])).toEqual([]);
  });

  test('a PodMonitor looks at pod templates of its namespaces only, and its endpoint ports at their container port names', () => {
    expect(of('monitor-selector', [web({ app: 'web' }, 'other'), podMonitor({ selector: { matchLabels: { app: 'web' } }, podMetricsEndpoints: [{ port: 'http' }] })])).toEqual([
      'PodMonitor monitoring/mon selector {app=web} → selects no pod template in namespace monitoring',
    ]);
    expect(of('monitor-selector', [web({ app: 'api' }), podMonitor({ selector: { matchLabels: { app: 'web' } } })])).toEqual([
      'PodMonitor monitoring/mon selector {app=web} → selects no pod template in namespace monitoring (closest: Deployment monitoring/web has app=api, not web)',
    ]);
    expect(of('monitor-port', [web(), podMonitor({ selector: { matchLabels: { app: 'web' } }, podMetricsEndpoints: [{ port: 'metrics' }, { targetPort: 9090 }] })])).toEqual([
      'PodMonitor monitoring/mon podMetricsEndpoints port "metrics" → no container port of that name on the pods it selects (Deployment monitoring/web has "http")',
    ]);
    const unnamedPorts = workload('Deployment', 'raw', { app: 'raw' }, podSpec([container('raw', [{ name: '', port: 9100 } as any])]));
    expect(of('monitor-port', [unnamedPorts, podMonitor({ selector: { matchLabels: { app: 'raw' } }, podMetricsEndpoints: [{ port: 'metrics' }] })]))
      .toEqual([expect.stringContaining('(Deployment monitoring/raw has 9100)')]);
    expect(of('monitor-port', [web(), podMonitor({ selector: { matchLabels: { app: 'web' } }, podMetricsEndpoints: [{ port: 'http' }] })])).toEqual([]);
    // Without a spec a monitor selects everything in its namespace and judges no endpoint.
    expect(validateStack([web(), { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'bare', namespace: NS } }]).filter((f) => f.check.startsWith('monitor-'))).toEqual([]);
    expect(validateStack([webService, web(), { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'bare', namespace: NS } }]).filter((f) => f.check.startsWith('monitor-'))).toEqual([]);
  });
});

test('a PodDisruptionBudget must select a pod template of its namespace; expressions that exclude every one are named', () => {
  const pdb = (spec?: Obj) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: NS }, ...(spec ? { spec } : {}) });
  expect(of('pdb-selector', [web(), pdb({ selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } })])).toEqual([
    'PodDisruptionBudget monitoring/pdb selector {app=web, tier Exists} → selects no pod template in namespace monitoring (its matchExpressions exclude every pod template)',
  ]);
  expect(of('pdb-selector', [web(), pdb({ selector: { matchLabels: { app: 'web' } } })])).toEqual([]);
  expect(of('pdb-selector', [web(), pdb()])).toEqual([]);
});

test('an autoscaler\'s target must exist; one of the same name and another scalable kind is pointed out, nothing else', () => {
  const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' } } };
  expect(of('hpa-target', [hpa, web()])).toEqual([
    'HorizontalPodAutoscaler monitoring/web scaleTargetRef → StatefulSet monitoring/web is not in the output (there is Deployment monitoring/web: wrong kind?)',
  ]);
  const unrelated = [web({ app: 'web' }, 'other'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: NS } }, { apiVersion: 'v1', kind: 'ConfigMap' }];
  expect(of('hpa-target', [hpa, ...unrelated])).toEqual(['HorizontalPodAutoscaler monitoring/web scaleTargetRef → StatefulSet monitoring/web is not in the output']);
  expect(of('hpa-target', [{ ...hpa, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } } }, web()])).toEqual([]);
});

test('a workload\'s selector must match its own pod labels (Pods and CronJobs have none to judge); a StatefulSet\'s serviceName must exist', () => {
  expect(of('workload-selector', [workload('Deployment', 'web', { app: 'web' }, podSpec([container('web')]), NS, { selector: { matchLabels: { app: 'other' } } })])).toEqual([
    'Deployment monitoring/web selector {app=other} → does not match its own pod template labels {app=web}',
  ]);
  const template = { metadata: { labels: { app: 'job' } }, spec: podSpec([container('job')]) };
  expect(of('workload-selector', [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: NS }, spec: { selector: { matchLabels: { app: 'x' } }, template } }])).toHaveLength(1);
  expect(of('workload-selector', [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: NS, labels: { app: 'p' } }, spec: { ...podSpec([container('p')]), selector: { matchLabels: { app: 'x' } } } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: NS }, spec: { schedule: '0 * * * *', selector: { matchLabels: { app: 'x' } }, jobTemplate: { spec: { template } } } },
    workload('Deployment', 'free', { app: 'free' }, podSpec([container('free')]), NS, { selector: undefined }),
  ])).toEqual([]);

  const set = (serviceName: unknown, kind: 'StatefulSet' | 'Deployment' = 'StatefulSet') => workload(kind, 'db', { app: 'db' }, podSpec([container('db')]), NS, { serviceName });
  expect(of('statefulset-service', [set('db-headless')])).toEqual([
    'StatefulSet monitoring/db serviceName → Service monitoring/db-headless is not in the output; create the headless Service that governs the pods\' DNS names',
  ]);
  expect(of('statefulset-service', [set('db-headless'), service('db-headless', { app: 'db' }, [], NS, { clusterIP: 'None' })])).toEqual([]);
  expect(of('statefulset-service', [set('db-headless')], { external: [{ kind: 'Service', namespace: NS, name: 'db-headless' }] })).toEqual([]);
  expect(of('statefulset-service', [set(''), set(7), set('gone', 'Deployment')])).toEqual([]);
});
