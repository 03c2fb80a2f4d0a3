/**
 * Links that fail once the stack is used, case by case on hand-made manifests: Grafana
 * datasources into the output's namespaces, the StorageClass of every claim (PVCs and
 * StatefulSet claim templates), the Service backends of Ingresses and HTTPRoutes.
 */
import { validateStack } from '../../lib/internal';
import { Obj, container, namedPort, podSpec, service, workload } from './fixtures';
import { Ports } from '../../lib/internal';

const of = (check: string, objects: Obj[], options = {}) => validateStack(objects, options).filter((f) => f.check === check).map((f) => f.message);

test('every StatefulSet claim template\'s StorageClass must be created or declared; "" asks for none', () => {
  const set = (storageClassName?: string) => workload('StatefulSet', 'db', { app: 'db' }, podSpec([container('db')]), 'monitoring', {
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], ...(storageClassName === undefined ? {} : { storageClassName }) } }],
  });
  expect(of('storage-class', [set('fast-ssd')])).toEqual([
    'StatefulSet monitoring/db volumeClaimTemplate "data" storageClassName "fast-ssd" → StorageClass fast-ssd is not in the output; create it (TracingStorageClass), '
    + 'or declare it external: validation.external: [{ kind: \'StorageClass\', name: \'fast-ssd\' }] (TracingStorageClass with create: false does this for you in a GitOpsApp)',
  ]);
  expect(of('storage-class', [set('fast-ssd'), { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast-ssd' }, provisioner: 'x' }])).toEqual([]);
  expect(of('storage-class', [set('fast-ssd')], { external: [{ kind: 'StorageClass', name: 'fast-ssd' }] })).toEqual([]);
  expect(of('storage-class', [set('')])).toEqual([]);
  expect(of('storage-class', [set()])).toEqual([]);
  // Malformed templates are read without throwing: no spec is no class, no name is an empty one.
  const templates = (volumeClaimTemplates: Obj[]) => workload('StatefulSet', 'db', { app: 'db' }, podSpec([container('db')]), 'monitoring', { volumeClaimTemplates });
  expect(of('storage-class', [templates([{ metadata: { name: 'data' } }])])).toEqual([]);
  expect(of('storage-class', [templates([{ spec: { storageClassName: 'fast-ssd' } }])])).toEqual([expect.stringMatching(/^StatefulSet monitoring\/db volumeClaimTemplate "" storageClassName "fast-ssd" → /)]);
  expect(of('storage-class', [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'monitoring' } }])).toEqual([]);
});

test('a datasource file: every datasource with a URL into the output\'s namespaces, others and non-datasource text skipped', () => {
  const datasources = (text: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ds', namespace: 'monitoring' }, data: { 'ds.yaml': text, other: 7 } });
  expect(of('datasource-url', [datasources('datasources:\n  - null\n  - name: NoUrl\n  - name: Jaeger\n    url: http://jaeger-query:16686\n')])).toEqual([
    'ConfigMap monitoring/ds key "ds.yaml": datasource "Jaeger" url "http://jaeger-query:16686" → Service monitoring/jaeger-query is not in the output; '
    + 'create it, or declare it external: validation.external: [{ kind: \'Service\', namespace: \'monitoring\', name: \'jaeger-query\' }]',
  ]);
  expect(of('datasource-url', [datasources('datasources: none\n')])).toEqual([]);
  expect(of('datasource-url', [datasources('datasources: [unclosed\n')])).toEqual([]);
  expect(of('datasource-url', [datasources('datasources:\n  - name: Else\n    url: http://prometheus.elsewhere.svc:9090\n')])).toEqual([]);
});

test('Ingress backends: the default backend and every path (no path is "/"), by port number or name; resource backends skipped', () => {
  const query = service('jaeger-query', { app: 'q' }, [namedPort(Ports.QUERY_HTTP)]);
  const ingress = (spec: Obj) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ui', namespace: 'monitoring' }, spec });
  const backend = (port: Obj, name = 'jaeger-query') => ({ service: { name, port } });
  expect(of('route-backend', [query, ingress({ defaultBackend: backend({ number: 80 }) })])).toEqual([
    expect.stringMatching(/^Ingress monitoring\/ui defaultBackend → Service monitoring\/jaeger-query has no port 80/),
  ]);
  expect(of('route-backend', [query, ingress({ rules: [{ http: { paths: [{ pathType: 'Prefix', backend: backend({ name: 'grpc' }) }] } }] })])).toEqual([
    expect.stringMatching(/^Ingress monitoring\/ui rules\[0\] path "\/" → Service monitoring\/jaeger-query has no port named "grpc"/),
  ]);
  expect(of('route-backend', [query, ingress({ rules: [{ http: { paths: [{ path: '/ui', backend: backend({ number: 16686 }) }] } }] })])).toEqual([]);
  expect(of('route-backend', [query, ingress({ rules: [{ http: { paths: [{ path: '/ui', backend: backend({ name: 'query-http' }) }] } }] })])).toEqual([]);
  expect(of('route-backend', [query, ingress({ rules: [{ http: { paths: [{ path: '/x', backend: { resource: { kind: 'Bucket', name: 'b' } } }] } }, {}] })])).toEqual([]);
  expect(of('route-backend', [ingress({ defaultBackend: backend({}, 'gone') })])).toEqual([expect.stringContaining('defaultBackend → Service monitoring/gone is not in the output')]);
  // Malformed Ingresses are read without throwing: no spec, a backend with no port.
  expect(of('route-backend', [query, ingress(undefined as unknown as Obj)])).toEqual([]);
  expect(of('route-backend', [query, ingress({ defaultBackend: { service: { name: 'jaeger-query' } } })])).toEqual([]);
  expect(of('route-backend', [ingress({ rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'gone' } } }] } }] })]))
    .toEqual([expect.stringContaining('rules[0] path "/" → Service monitoring/gone is not in the output')]);
});

test('HTTPRoute backendRefs: Services of the core group only, in the route\'s namespace unless they name theirs', () => {
  const route = (backendRefs: Obj[]) => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'ui', namespace: 'monitoring' }, spec: { rules: [{ backendRefs }] },
  });
  expect(of('route-backend', [route([{ name: 'gone', port: 80 }])])).toEqual([expect.stringContaining('rules[0] backendRef → Service monitoring/gone is not in the output')]);
  expect(of('route-backend', [route([{ kind: 'Service', group: '', name: 'gone', namespace: 'other', port: 80 }])]))
    .toEqual([expect.stringContaining('→ Service other/gone is not in the output')]);
  expect(of('route-backend', [route([{ kind: 'Backend', group: 'example.com', name: 'gone' }])])).toEqual([]);
  expect(of('route-backend', [route([{ kind: 'Service', group: 'example.com', name: 'gone' }])])).toEqual([]);
  expect(of('route-backend', [route([{ kind: 'Bucket', name: 'gone' }])])).toEqual([]);
});
