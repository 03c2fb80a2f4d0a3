/** Placement props: the same checks on every workload, reached through each construct's path. */
import { k8s } from 'cdk8s-plus-33';
import { JaegerStack, JaegerStorage, OtelCollector } from '../../lib/internal';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { withBackend } from '../support/backend';

const j = rowsFor('JaegerStack', ({ chart }, props) => new JaegerStack(chart, SUBJECT, props));
const o = rowsFor('OtelCollector', ({ chart }, props) => new OtelCollector(chart, SUBJECT, withBackend(props)));
const shared = JaegerStorage.badgerShared();
const search = JaegerStorage.opensearch({ serverUrls: ['https://search.example.com:9200'] });

export const PLACEMENT_CASES: BadInputCase[] = [
  j('placement', 'pool-a', { placement: 'pool-a' }),
  j('placement.nodeSelecter', { pool: 'a' }, { placement: { nodeSelecter: { pool: 'a' } } }, 'a misspelt field'),
  j('placement.nodeSelector.pool', 'a b', { placement: { nodeSelector: { pool: 'a b' } } }),
  j('placement.tolerations', { key: 'dedicated' }, { placement: { tolerations: { key: 'dedicated' } } }),
  j('placement.tolerations[0].effect', 'NoRun', { placement: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoRun' }] } }),
  j('placement.affinity', ['zone-a'], { placement: { affinity: ['zone-a'] } }),
  j('placement.topologySpreadConstraints', { maxSkew: 1 }, { placement: { topologySpreadConstraints: { maxSkew: 1 } } }),
  j('placement.topologySpreadConstraints[0]', 'zone', { placement: { topologySpreadConstraints: ['zone'] } }),
  j('placement.topologySpreadConstraints[0].topologyKey', undefined, { placement: { topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }] } }, 'no key'),
  j('placement.topologySpreadConstraints[0].maxSkew', 0, { placement: { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 0, whenUnsatisfiable: 'DoNotSchedule' }] } }),
  j('placement.topologySpreadConstraints[0].whenUnsatisfiable', 'Never', { placement: { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 1, whenUnsatisfiable: 'Never' }] } }),
  j('placement.topologySpreadConstraints[0].labelSelector', 'app', { placement: { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: 'app' }] } }),
  j('placement.affinity.nodeAfinity', {}, { placement: { affinity: { nodeAfinity: {} } } }, 'a misspelt kind'),
  j('placement.affinity.podAntiAffinity', [], { placement: { affinity: { podAntiAffinity: [] } } }),
  j('placement.priorityClassName', 'High_Priority', { placement: { priorityClassName: 'High_Priority' } }),
  j('placement.imagePullSecrets', 'registry', { placement: { imagePullSecrets: 'registry' } }),
  j('placement.imagePullSecrets[0]', 'Registry Creds', { placement: { imagePullSecrets: ['Registry Creds'] } }),
  j('placement.podLabels.app.kubernetes.io/name', 'app.kubernetes.io/name', { placement: { podLabels: { 'app.kubernetes.io/name': 'mine' } } }, 'the library\'s own label'),
  j('placement.podLabels.team', 'a team', { placement: { podLabels: { team: 'a team' } } }),
  j('placement.podAnnotations', ['sidecar'], { placement: { podAnnotations: ['sidecar'] } }),
  j('placement.podAnnotations.checksum/config', 'checksum/config', { placement: { podAnnotations: { 'checksum/config': 'x' } } }, 'the library\'s own annotation'),
  j('placement.podAnnotations.sidecar.istio.io/inject', false, { placement: { podAnnotations: { 'sidecar.istio.io/inject': false } } }, 'not a string'),
  j('placement.serviceAccountAnnotations.-role', '-role', { placement: { serviceAccountAnnotations: { '-role': 'arn' } } }, 'not a key'),
  j('collector.placement.nodeSelector.pool', 'a b', { storage: shared, collector: { placement: { nodeSelector: { pool: 'a b' } } } }),
  j('query.placement.priorityClassName', 'Q', { storage: search, query: { placement: { priorityClassName: 'Q' } } }),
  j('remoteStorage.placement', 7, { storage: shared, remoteStorage: { placement: 7 } }),
  j('allInOne.placement.imagePullSecrets[1]', '', { allInOne: { placement: { imagePullSecrets: ['ok', ''] } } }),
  o('gateway.placement.tolerations[0].operator', 'Has', { gateway: { placement: { tolerations: [{ key: 'k', operator: 'Has' }] } } }),
  o('agent.placement.affinity', 'zone-a', { agent: { placement: { affinity: 'zone-a' } } }),
  o('agent.nodeSelector', { pool: 'a' }, { agent: { nodeSelector: { pool: 'a' } } }, 'removed in 0.2: agent.placement says it'),
  o('agent.tolerations', [], { agent: { tolerations: [] } }, 'removed in 0.2: agent.placement says it'),
  o('agent.priorityClassName', 'system-node-critical', { agent: { priorityClassName: 'system-node-critical' } }, 'removed in 0.2: agent.placement says it'),
];

/** A sidecar as the extras take it: resources and probes given, the security context left to the library. */
const SIDECAR = {
  name: 'proxy', image: 'ghcr.io/example/proxy:1.2.3',
  resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
  readinessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(9901) } },
  livenessProbe: { httpGet: { path: '/ready', port: k8s.IntOrString.fromNumber(9901) } },
};
const secretVolume = { name: 'extra', secret: { secretName: 'extra' } };

/** The pod extras: what any pod would refuse, and clashes with the library's own names. */
export const POD_EXTRAS_CASES: BadInputCase[] = [
  o('agent.placement.extraEnv[0].name', 'MY=VAR', { agent: { placement: { extraEnv: [{ name: 'MY=VAR', value: 'x' }] } } }),
  o('agent.placement.extraEnv[0]', 'TOKEN', { agent: { placement: { extraEnv: [{ name: 'TOKEN' }] } } }, 'neither value nor valueFrom'),
  o('agent.placement.extraEnv[0].valueFrom.secretKeyRef.name', 'My Secret', { agent: { placement: { extraEnv: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'My Secret', key: 'token' } } }] } } }),
  o('agent.placement.extraEnv[0].valueFrom.configMapKeyRef.key', '../x', { agent: { placement: { extraEnv: [{ name: 'TOKEN', valueFrom: { configMapKeyRef: { name: 'cm', key: '../x' } } }] } } }),
  o('agent.placement.extraEnv[0].name', 'GOMEMLIMIT', { agent: { placement: { extraEnv: [{ name: 'GOMEMLIMIT', value: '1GiB' }] } } }, 'the library\'s own'),
  o('gateway.placement.extraEnv', 'HTTPS_PROXY', { gateway: { placement: { extraEnv: [{ name: 'HTTPS_PROXY', value: 'http://proxy.example.com:3128' }] } } }, 'a proxy without NO_PROXY'),
  o('gateway.placement.extraVolumes[0].name', 'config', { gateway: { placement: { extraVolumes: [{ name: 'config', emptyDir: {} }] } } }, 'the library\'s own'),
  o('gateway.placement.extraVolumes[0].name', 'Extra', { gateway: { placement: { extraVolumes: [{ name: 'Extra', emptyDir: {} }] } } }),
  o('agent.placement.extraVolumes[0].hostPath', '/var/log', { agent: { placement: { extraVolumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] } } }, 'forbidden by restricted'),
  o('agent.placement.extraVolumeMounts[0].name', 'other', { agent: { placement: { extraVolumes: [secretVolume], extraVolumeMounts: [{ name: 'other', mountPath: '/extra' }] } } }, 'not an extra volume'),
  o('agent.placement.extraVolumeMounts[0].mountPath', 'extra', { agent: { placement: { extraVolumes: [secretVolume], extraVolumeMounts: [{ name: 'extra', mountPath: 'extra' }] } } }),
  o('agent.placement.extraVolumeMounts[0].mountPath', '/tmp', { agent: { placement: { extraVolumes: [secretVolume], extraVolumeMounts: [{ name: 'extra', mountPath: '/tmp' }] } } }, 'the library\'s own'),
  o('agent.placement.sidecars[0].name', 'otelcol', { agent: { placement: { sidecars: [{ ...SIDECAR, name: 'otelcol' }] } } }, 'the library\'s own'),
  o('agent.placement.sidecars[0].name', 'Proxy', { agent: { placement: { sidecars: [{ ...SIDECAR, name: 'Proxy' }] } } }),
  o('agent.placement.sidecars[0].image', '', { agent: { placement: { sidecars: [{ ...SIDECAR, image: '' }] } } }),
  o('agent.placement.sidecars[0].resources', undefined, { agent: { placement: { sidecars: [{ ...SIDECAR, resources: undefined }] } } }, 'no resources'),
  o('agent.placement.sidecars[0]', 'proxy', { agent: { placement: { sidecars: [{ ...SIDECAR, livenessProbe: undefined }] } } }, 'no probe'),
  o('agent.placement.sidecars[0].resources.limits.memory', '64Mi', { agent: { placement: { sidecars: [{ ...SIDECAR, resources: { limits: { memory: '64Mi' } } }] } } }, 'a string, not a k8s.Quantity'),
  o('agent.placement.sidecars[0].readinessProbe.httpGet.port', 9901, { agent: { placement: { sidecars: [{ ...SIDECAR, readinessProbe: { httpGet: { port: 9901 } } }] } } }, 'a number, not a k8s.IntOrString'),
  o('agent.placement.sidecars[0].securityContext.privileged', true, { agent: { placement: { sidecars: [{ ...SIDECAR, securityContext: { privileged: true } }] } } }),
  o('agent.placement.sidecars[0].securityContext.runAsUser', 0, { agent: { placement: { sidecars: [{ ...SIDECAR, securityContext: { runAsUser: 0 } }] } } }),
  o('agent.placement.sidecars[0].securityContext.capabilities', { add: ['NET_ADMIN'], drop: ['ALL'] }, { agent: { placement: { sidecars: [{ ...SIDECAR, securityContext: { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } } }] } } }),
  o('agent.placement.initContainers[0].name', 'otelcol', { agent: { placement: { initContainers: [{ ...SIDECAR, name: 'otelcol' }] } } }, 'the library\'s own container'),
  j('collector.placement.extraEnv[0].name', 'GOMEMLIMIT', { storage: shared, collector: { placement: { extraEnv: [{ name: 'GOMEMLIMIT', value: '1GiB' }] } } }, 'a role\'s own'),
  j('placement.extraVolumes[0].name', 'tmp', { placement: { extraVolumes: [{ name: 'tmp', emptyDir: {} }] } }, 'the stack\'s, every role'),
  j('placement.initContainers[0].securityContext.seccompProfile', { type: 'Unconfined' }, { placement: { initContainers: [{ ...SIDECAR, securityContext: { seccompProfile: { type: 'Unconfined' } } }] } }),
];

/** The front doors' Service annotations. */
export const SERVICE_ANNOTATION_CASES: BadInputCase[] = [
  j('collectorServiceAnnotations.topology mode', 'topology mode', { collectorServiceAnnotations: { 'topology mode': 'Auto' } }),
  j('queryServiceAnnotations.example.com/skip', true, { queryServiceAnnotations: { 'example.com/skip': true } }),
  o('agent.serviceAnnotations.-x', '-x', { agent: { serviceAnnotations: { '-x': '1' } } }),
  o('gateway.serviceAnnotations.example.com/port', 4317, { gateway: { serviceAnnotations: { 'example.com/port': 4317 } } }),
];
