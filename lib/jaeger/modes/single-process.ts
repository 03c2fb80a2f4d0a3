/**
 * The modes that run collector and query in one process (the `jaeger` StatefulSet): Badger, the
 * default, and memory, for development.
 */
import { checkNumber } from '../../k8s';
import type { BadgerStorage, MemoryStorage } from '../storage';
import { badgerBackend, memoryBackend } from '../storage-backends';
import type { JaegerStorageMode } from './mode';
import { allInOneRole } from './roles';

export const BADGER_MODE: JaegerStorageMode<BadgerStorage> = {
  roleProps: ['allInOne'],
  scaleOut: {
    problem: 'Badger is an embedded, single-process store: a second pod cannot open the same files, and a query in another pod cannot read them',
    fix: 'keep one replica, or choose a topology that scales: JaegerStorage.badgerShared() (collectors and query over one remote-storage pod that owns Badger), or JaegerStorage.elasticsearch({ serverUrls }) / .opensearch({ serverUrls })',
  },
  check: () => undefined,
  build: (ctx) => ({ roles: [allInOneRole(ctx, badgerBackend(ctx.retention), { badgerVolume: true })] }),
};

export const MEMORY_MODE: JaegerStorageMode<MemoryStorage> = {
  fields: ['maxTraces'],
  roleProps: ['allInOne'],
  scaleOut: {
    problem: 'memory storage lives inside one process: each replica would hold different traces and query would see only its own',
    fix: 'keep one replica (memory is for development), or use JaegerStorage.badgerShared(), .elasticsearch({ serverUrls }) or .opensearch({ serverUrls })',
  },
  check(where, storage) {
    if (storage.maxTraces !== undefined) checkNumber(where, 'storage.maxTraces', storage.maxTraces, { min: 1, integer: true });
  },
  build: (ctx, storage) => ({ roles: [allInOneRole(ctx, memoryBackend(storage), { badgerVolume: false })] }),
};
