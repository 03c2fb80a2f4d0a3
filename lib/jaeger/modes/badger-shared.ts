/**
 * One Badger store shared by several collectors and a separate query: a single-replica
 * StatefulSet owns the Badger PVC and serves it (Jaeger's `remote_storage` extension).
 */
import { Components, Ports, serviceAddress } from '../../k8s';
import { headlessName } from '../jaeger-workloads';
import { JaegerNames } from '../names';
import { BadgerSharedStorage, TRACE_STORE } from '../storage';
import { badgerBackend, remoteStorageBackend } from '../storage-backends';
import type { JaegerStorageMode } from './mode';
import { collectorAndQueryRoles, OPS_PORTS } from './roles';

export const BADGER_SHARED_MODE: JaegerStorageMode<BadgerSharedStorage> = {
  fields: [],
  roleProps: ['collector', 'query', 'remoteStorage'],
  check: () => undefined,
  build(ctx) {
    const service = headlessName(JaegerNames.REMOTE_STORAGE);
    const remoteStorageEndpoint = serviceAddress(service, ctx.namespace, Ports.REMOTE_STORAGE_GRPC);
    const remoteStorage = {
      kind: 'StatefulSet' as const,
      prop: 'remoteStorage' as const,
      name: JaegerNames.REMOTE_STORAGE,
      component: Components.JAEGER_REMOTE_STORAGE,
      process: { serviceName: JaegerNames.REMOTE_STORAGE, traceBackends: { [TRACE_STORE]: badgerBackend(ctx.retention) }, remoteStorage: { storage: TRACE_STORE } },
      ports: [Ports.REMOTE_STORAGE_GRPC, Ports.OTLP_GRPC, ...OPS_PORTS],
      resources: ctx.resources('remoteStorage', ctx.props.remoteStorage),
      replicas: 1,
      env: [],
      badgerVolume: true,
      samplingVolume: false,
      startupSeconds: 300,
      terminationGracePeriodSeconds: 60,
    };
    const backend = remoteStorageBackend(remoteStorageEndpoint, serviceAddress(service, ctx.namespace, Ports.OTLP_GRPC));
    return { roles: [remoteStorage, ...collectorAndQueryRoles(ctx, backend)], remoteStorageEndpoint };
  },
};
