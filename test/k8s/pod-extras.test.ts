/**
 * The pods' escape hatch (PodPlacement's extraEnv, extraVolumes, extraVolumeMounts, sidecars,
 * initContainers): added to every workload that takes a placement, after the library's own,
 * under restricted Pod Security; a clash with the library's names is refused and leaves nothing.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import {
  JaegerStack, JaegerStorage, JaegerUiExposure, OtelCollector, PodPlacement, UiAuth, UiRoute, validateStack,
} from '../../lib/internal';
import { schemaValidator } from '../support/schema';
import { findOne, synthObjects, testApp, testChart } from '../support/synth';
import { jaegerIn } from '../support/backend';

const SIDECAR = {
  name: 'proxy', image: 'ghcr.io/example/proxy:1.2.3',
  resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
  readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(9901) } },
  livenessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(9901) } },
};
const EXTRAS: PodPlacement = {
  extraEnv: [
    { name: 'HTTPS_PROXY', value: 'http://proxy.internal:3128' },
    { name: 'NO_PROXY', value: '.svc,10.96.0.1' },
    { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'exporter-token', key: 'token' } } },
  ],
  extraVolumes: [{ name: 'ca-bundle', configMap: { name: 'corporate-ca' } }],
  extraVolumeMounts: [{ name: 'ca-bundle', mountPath: '/etc/corporate-ca' }],
  sidecars: [SIDECAR],
  initContainers: [{ ...SIDECAR, name: 'fetch-secrets', readinessProbe: undefined, livenessProbe: undefined }],
};
const podOf = (objects: any[], kind: string, name: string) => findOne(objects, kind, name).spec.template.spec;

test('the agents\' pods carry the extras after the library\'s own, sidecars restricted, and pass every check', () => {
  const chart = testChart();
  new OtelCollector(chart, 'otel', { backend: new JaegerStack(chart, 'jaeger'), agent: { placement: EXTRAS } });
  const objects = synthObjects(chart);
  const pod = podOf(objects, 'DaemonSet', 'otel-agent');
  const [main, ...others] = pod.containers;
  expect(main.name).toBe('otelcol');
  expect(main.env.map((e: any) => e.name).slice(0, 1)).toEqual(['GOMEMLIMIT']);
  expect(main.env.slice(-3)).toEqual(EXTRAS.extraEnv);
  expect(main.volumeMounts.slice(-1)).toEqual([{ name: 'ca-bundle', mountPath: '/etc/corporate-ca', readOnly: true }]);
  expect(pod.volumes.slice(-1)).toEqual(EXTRAS.extraVolumes);
  expect(others.map((c: any) => c.name)).toEqual(['sampling', 'proxy']); // the library's sidecar, then the extras'
  expect(others[1].securityContext).toEqual(main.securityContext); // the library's restricted context
  expect(pod.initContainers.map((c: any) => [c.name, c.securityContext.runAsNonRoot])).toEqual([['fetch-secrets', true]]);
  for (const o of objects) expect(schemaValidator().validate(o)).toEqual([]);
  // The whole-stack checks see the extras too: what they reference must exist, or be declared made elsewhere.
  expect(validateStack(objects).map((f) => f.message)).toEqual([
    expect.stringContaining('env API_TOKEN of container "otelcol" → Secret monitoring/exporter-token is not in the output'),
    expect.stringContaining('volume "ca-bundle" → ConfigMap monitoring/corporate-ca is not in the output'),
  ]);
  const external = [{ kind: 'Secret', namespace: 'monitoring', name: 'exporter-token' }, { kind: 'ConfigMap', namespace: 'monitoring', name: 'corporate-ca' }];
  expect(validateStack(objects, { external })).toEqual([]);
  // The gateways take none of the agents' extras.
  expect(podOf(objects, 'StatefulSet', 'otel-gateway').containers.map((c: any) => c.name)).toEqual(['otelcol']);
});

test('a tightening of the security context is kept; a mount may ask to be writable', () => {
  const chart = testChart();
  new OtelCollector(chart, 'otel', {
    backend: jaegerIn(),
    gateway: { placement: {
      sidecars: [{ ...SIDECAR, securityContext: { runAsUser: 65532 } }],
      extraVolumes: [{ name: 'spool', emptyDir: {} }], extraVolumeMounts: [{ name: 'spool', mountPath: '/spool', readOnly: false }],
    } },
  });
  const pod = podOf(synthObjects(chart), 'StatefulSet', 'otel-gateway');
  expect(pod.containers[1].securityContext).toMatchObject({ runAsUser: 65532, runAsNonRoot: true, allowPrivilegeEscalation: false });
  expect(pod.containers[0].volumeMounts.slice(-1)).toEqual([{ name: 'spool', mountPath: '/spool', readOnly: false }]);
});

test('Jaeger: the stack\'s extras reach every role, a role\'s own replace them, the index cleaner\'s Job takes none', () => {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', {
    storage: JaegerStorage.opensearch({ serverUrls: ['https://search.example.com:9200'] }),
    placement: { extraEnv: [{ name: 'TEAM', value: 'platform' }] },
    query: { placement: { extraEnv: [{ name: 'TEAM', value: 'query' }] } },
  });
  const objects = synthObjects(chart);
  const team = (kind: string, name: string) => podOf(objects, kind, name).containers[0].env.filter((e: any) => e.name === 'TEAM').map((e: any) => e.value);
  expect(team('Deployment', 'jaeger-collector')).toEqual(['platform']);
  expect(team('Deployment', 'jaeger-query')).toEqual(['query']);
  const cleaner = findOne(objects, 'CronJob', 'jaeger-es-index-cleaner').spec.jobTemplate.spec.template.spec;
  expect(cleaner.containers[0].env.some((e: any) => e.name === 'TEAM')).toBe(false);
  expect(validateStack(objects)).toEqual([]);
});

test('the UI\'s oauth2-proxy takes its placement\'s extras', () => {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger');
  new JaegerUiExposure(chart, 'ui', {
    jaeger, host: 'jaeger.example.com', route: UiRoute.ingress({ className: 'nginx' }),
    auth: UiAuth.oauth2Proxy({
      issuerUrl: 'https://sso.example.com', secretName: 'oidc', emailDomains: ['example.com'],
      placement: { extraEnv: [{ name: 'OAUTH2_PROXY_COOKIE_DOMAINS', value: '.example.com' }] },
    }),
  });
  const pod = podOf(synthObjects(chart), 'Deployment', 'jaeger-ui-proxy');
  expect(pod.containers[0].env.slice(-1)).toEqual([{ name: 'OAUTH2_PROXY_COOKIE_DOMAINS', value: '.example.com' }]);
});

test('a clash with the library\'s own names is refused, and the refused construct leaves the tree and its namespace', () => {
  const chart = new Chart(testApp(), 'c', { disableResourceNameHashes: true });
  expect(() => new OtelCollector(chart, 'otel', { backend: jaegerIn(), agent: { placement: { extraEnv: [{ name: 'GOMEMLIMIT', value: '1GiB' }] } } }))
    .toThrow('OtelCollector "otel": invalid prop "agent.placement.extraEnv[0].name" = "GOMEMLIMIT": is the library\'s own environment variable. Fix: use another environment variable');
  expect(chart.node.tryFindChild('otel')).toBeUndefined();
  expect(synthObjects(chart)).toEqual([]);
  // The namespace it claimed is free again: a corrected collector takes it.
  new OtelCollector(chart, 'otel', { backend: jaegerIn() });
  expect(synthObjects(chart).length).toBeGreaterThan(10);
});
