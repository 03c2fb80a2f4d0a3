/** The storage modes, one entry each: what the stack validates and builds from. */
import { checkProps, checkReplicas, invalidProp, propsOf } from '../../k8s';
import type { JaegerCollectorOptions, JaegerStackProps } from '../jaeger-stack-props';
import { JaegerNames } from '../names';
import { STORAGE_FACTORIES } from '../jaeger-storage';
import type { JaegerStorageType, StorageSpec } from '../storage';
import { BADGER_SHARED_MODE } from './badger-shared';
import { CASSANDRA_MODE } from './cassandra';
import type { JaegerRoleProp, JaegerStorageMode } from './mode';
import { SEARCH_MODE } from './search';
import { BADGER_MODE, MEMORY_MODE } from './single-process';

type ModeOf<T extends JaegerStorageType> = JaegerStorageMode<Extract<StorageSpec, { type: T }>>;

export const STORAGE_MODES: { readonly [T in JaegerStorageType]: ModeOf<T> } = {
  'badger': BADGER_MODE,
  'badger-shared': BADGER_SHARED_MODE,
  'elasticsearch': SEARCH_MODE,
  'opensearch': SEARCH_MODE,
  'cassandra': CASSANDRA_MODE,
  'memory': MEMORY_MODE,
};

/** Every storage type, in the order messages list them. */
export const STORAGE_TYPES = Object.keys(STORAGE_MODES) as JaegerStorageType[];

export type { ExternalStorage, JaegerStorageMode, ModeBuild, ModeContext } from './mode';

/** Validates the options a storage factory was given against its mode's entry; returns them. */
export function checkStorage(where: string, storage: StorageSpec): StorageSpec {
  const mode = STORAGE_MODES[storage.type] as JaegerStorageMode<StorageSpec>;
  const fields = fieldsOf(mode);
  // A field of another mode (serverUrls on badger, maxTraces on elasticsearch) would be ignored.
  for (const key of Object.keys(storage)) {
    if (key !== 'type' && !fields.includes(key)) {
      const owners = STORAGE_TYPES.filter((t) => fieldsOf(STORAGE_MODES[t] as JaegerStorageMode<StorageSpec>).includes(key));
      invalidProp(where, `storage.${key}`, (storage as any)[key], `has no effect with ${STORAGE_FACTORIES[storage.type]}`,
        `remove it${owners.length ? `; it belongs to ${owners.map((t) => STORAGE_FACTORIES[t]).join(' or ')}` : ''}`
        + (fields.length ? `; this mode takes ${fields.join(', ')}` : '; this mode takes no options'));
    }
  }
  // Nested keys and kinds (a typo in credentials, a string where a list of servers belongs).
  const { type: _type, ...options } = storage;
  if (mode.options) checkProps(where, options, mode.options, 'storage');
  mode.check(where, storage);
  return storage;
}

function fieldsOf(mode: JaegerStorageMode<StorageSpec>): readonly string[] {
  return mode.options ? propsOf(mode.options) : mode.fields ?? [];
}

const ROLE_PROPS: readonly JaegerRoleProp[] = ['allInOne', 'collector', 'query', 'remoteStorage'];

/** Refuses role and mode props the storage mode's topology has no place for, explaining the way out. */
export function checkModeProps(where: string, type: JaegerStorageType, props: JaegerStackProps): void {
  const mode = STORAGE_MODES[type] as JaegerStorageMode<StorageSpec>;
  if (mode.scaleOut) {
    const { problem, fix } = mode.scaleOut;
    const replicas = props.allInOne?.replicas;
    if (replicas !== undefined && checkReplicas(where, 'allInOne.replicas', replicas) > 1) invalidProp(where, 'allInOne.replicas', replicas, problem, fix);
    for (const role of ['collector', 'query'] as const) {
      const options = props[role] as JaegerCollectorOptions | undefined;
      if ((options?.replicas ?? 1) > 1) invalidProp(where, `${role}.replicas`, options!.replicas, problem, fix);
      if (options?.autoscaling) invalidProp(where, `${role}.autoscaling`, options.autoscaling, problem, fix);
    }
  }
  for (const role of ROLE_PROPS.filter((r) => props[r] !== undefined && !mode.roleProps.includes(r))) {
    invalidProp(where, role, props[role], `has no effect with ${STORAGE_FACTORIES[type]}: ${topologyOf(mode)}`,
      mode.roleProps.includes('allInOne') ? 'set allInOne.resources instead'
        : `set ${mode.roleProps.join(' and ')} instead, or use a storage mode that runs ${role === 'remoteStorage' ? `a remote storage (${STORAGE_FACTORIES['badger-shared']})` : 'this role'}`);
  }
  for (const prop of (['indexCleanerImage'] as const).filter((p) => props[p] !== undefined && !mode.modeProps?.includes(p))) {
    invalidProp(where, prop, props[prop], `has no effect with ${STORAGE_FACTORIES[type]}: only Elasticsearch/OpenSearch have an index cleaner`,
      `remove it, or use ${STORAGE_FACTORIES.elasticsearch} or ${STORAGE_FACTORIES.opensearch}`);
  }
  if (props.collector?.replicas !== undefined) checkReplicas(where, 'collector.replicas', props.collector.replicas);
  if (props.query?.replicas !== undefined) checkReplicas(where, 'query.replicas', props.query.replicas);
}

/** What runs, in words, for the messages. */
function topologyOf(mode: JaegerStorageMode<StorageSpec>): string {
  return mode.roleProps.includes('allInOne')
    ? `collector and query run in one process, the "${JaegerNames.ALL_IN_ONE}" StatefulSet`
    : 'collectors and query run as separate Deployments';
}
