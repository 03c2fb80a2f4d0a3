/**
 * One Badger store shared by several collectors and a separate query: a single-replica
 * StatefulSet owns the Badger PVC and serves it (Jaeger's `remote_storage` extension).
 */
import { Components, Ports, serviceAddress } from '../../k8s';
import { headlessName, RoleSpec } from '../jaeger-workloads';
import { TlsLink, TlsWorkload } from '../../tls/tracing-tls';
import { JaegerNames } from '../names';
import { BadgerSharedStorage, TRACE_STORE } from '../storage';
import { badgerBackend, remoteStorageBackend } from '../storage-backends';
import type { JaegerStorageMode } from './mode';
import { collectorAndQueryRoles, OPS_PORTS } from './roles';

export const BADGER_SHARED_MODE: JaegerStorageMode<BadgerSharedStorage> = {
  roleProps: ['collector', 'query', 'remoteStorage'],
  check: () => undefined,
  build(ctx) {
    const service = headlessName(JaegerNames.REMOTE_STORAGE);
    const remoteStorageEndpoint = serviceAddress(service, ctx.namespace, Ports.REMOTE_STORAGE_GRPC);
    // Mutual TLS between Jaeger's processes: each mounts its own certificate of the CA.
    const tls = ctx.tls?.covers(TlsLink.JAEGER_STORAGE) ? ctx.tls : undefined;
    const certificate = (workload: TlsWorkload, services: string[]): Pick<RoleSpec, 'certificate'> =>
      (tls ? { certificate: { tls, workload, services } } : {});
    const remoteStorage: RoleSpec = {
      kind: 'StatefulSet' as const,
      prop: 'remoteStorage' as const,
      name: JaegerNames.REMOTE_STORAGE,
      component: Components.JAEGER_REMOTE_STORAGE,
      process: {
        serviceName: JaegerNames.REMOTE_STORAGE,
        traceBackends: { [TRACE_STORE]: badgerBackend(ctx.retention) },
        remoteStorage: { storage: TRACE_STORE, ...(tls ? { tls } : {}) },
      },
      ports: [Ports.REMOTE_STORAGE_GRPC, Ports.OTLP_GRPC, ...OPS_PORTS],
      resources: ctx.resources('remoteStorage', ctx.props.remoteStorage),
      replicas: 1,
      // The remote-storage extension always traces itself (internal/jtracer, no setting) to the
      // SDK's default endpoint, localhost:4317: its own OTLP receiver, so its spans land in the
      // users' trace store, or, with mutual TLS there, fail every few seconds. Sampled off.
      env: [{ name: 'OTEL_TRACES_SAMPLER', value: 'always_off' }],
      badgerVolume: true,
      samplingVolume: false,
      startupSeconds: 300,
      terminationGracePeriodSeconds: 60,
      ...certificate('jaegerRemoteStorage', [service]),
    };
    const backend = remoteStorageBackend(remoteStorageEndpoint, serviceAddress(service, ctx.namespace, Ports.OTLP_GRPC), tls);
    const [collector, query] = collectorAndQueryRoles(ctx, backend);
    return {
      roles: [
        remoteStorage,
        { ...collector, ...certificate('jaegerCollector', [JaegerNames.COLLECTOR]) },
        { ...query, ...certificate('jaegerQuery', [JaegerNames.QUERY]) },
      ],
      remoteStorageEndpoint,
    };
  },
};
