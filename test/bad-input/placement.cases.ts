/** Placement props: the same checks on every workload, reached through each construct's path. */
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
