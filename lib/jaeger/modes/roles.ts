/**
 * The workloads storage modes are made of: one process doing everything, or collectors and
 * query as Deployments (over a remote store or an external cluster), and Badger's remote storage.
 */
import { Components, PortSpec, Ports } from '../../k8s';
import { JaegerNames } from '../names';
import type { RoleSpec } from '../jaeger-workloads';
import { TRACE_STORE } from '../storage';
import type { ModeContext, StorageClient } from './mode';

/** Ports of each kind of Jaeger process. */
export const INGEST_PORTS: readonly PortSpec[] = [
  Ports.OTLP_GRPC, Ports.OTLP_HTTP, Ports.JAEGER_GRPC, Ports.JAEGER_THRIFT_HTTP, Ports.SAMPLING_HTTP, Ports.SAMPLING_GRPC,
];
export const QUERY_PORTS: readonly PortSpec[] = [Ports.QUERY_HTTP, Ports.QUERY_GRPC];
export const OPS_PORTS: readonly PortSpec[] = [Ports.HEALTH, Ports.METRICS];

/** Collectors when neither `collector.replicas` nor autoscaling says otherwise. */
export const DEFAULT_COLLECTOR_REPLICAS = 3;
const DEFAULT_QUERY_REPLICAS = 2;
const NO_CLIENT: StorageClient = { env: [], volumes: { volumes: [], mounts: [] } };

/** Collector and query in one process: the `jaeger` StatefulSet (Badger, memory). */
export function allInOneRole(ctx: ModeContext, traceBackend: Record<string, unknown>, opts: { badgerVolume: boolean }): RoleSpec {
  return {
    kind: 'StatefulSet',
    prop: 'allInOne',
    name: JaegerNames.ALL_IN_ONE,
    component: Components.JAEGER_ALL_IN_ONE,
    process: {
      serviceName: 'jaeger', traceBackends: { [TRACE_STORE]: traceBackend }, metricBackends: ctx.metricBackends, ingest: ctx.ingest, query: ctx.query,
    },
    ports: [...INGEST_PORTS, ...QUERY_PORTS, ...OPS_PORTS],
    resources: ctx.resources('allInOne', ctx.props.allInOne),
    replicas: ctx.props.allInOne?.replicas ?? 1,
    env: [],
    badgerVolume: opts.badgerVolume,
    samplingVolume: true,
    uiConfig: ctx.uiConfig,
    // Badger replays its value log on start; give it time before liveness counts.
    startupSeconds: 300,
    terminationGracePeriodSeconds: 60,
  };
}

/** The collectors and the query Deployments over one trace backend. */
export function collectorAndQueryRoles(ctx: ModeContext, traceBackend: Record<string, unknown>, client: StorageClient = NO_CLIENT): RoleSpec[] {
  const autoscaling = ctx.autoscaling(ctx.props.collector);
  const traceBackends = { [TRACE_STORE]: traceBackend };
  return [{
    kind: 'Deployment',
    prop: 'collector',
    name: JaegerNames.COLLECTOR,
    component: Components.JAEGER_COLLECTOR,
    process: { serviceName: JaegerNames.COLLECTOR, traceBackends, ingest: ctx.ingest },
    ports: [...INGEST_PORTS, ...OPS_PORTS],
    resources: ctx.resources('collector', ctx.props.collector),
    replicas: autoscaling ? undefined : ctx.props.collector?.replicas ?? DEFAULT_COLLECTOR_REPLICAS,
    autoscaling,
    env: client.env,
    storageVolumes: client.volumes,
    badgerVolume: false,
    samplingVolume: true,
    startupSeconds: 120,
    // Time to flush the batch processor to storage after the Service stops sending.
    terminationGracePeriodSeconds: 60,
  }, {
    kind: 'Deployment',
    prop: 'query',
    name: JaegerNames.QUERY,
    component: Components.JAEGER_QUERY,
    process: { serviceName: JaegerNames.QUERY, traceBackends, metricBackends: ctx.metricBackends, query: ctx.query },
    ports: [...QUERY_PORTS, ...OPS_PORTS],
    resources: ctx.resources('query', ctx.props.query),
    replicas: ctx.props.query?.replicas ?? DEFAULT_QUERY_REPLICAS,
    env: client.env,
    storageVolumes: client.volumes,
    badgerVolume: false,
    samplingVolume: false,
    uiConfig: ctx.uiConfig,
    startupSeconds: 120,
    terminationGracePeriodSeconds: 30,
  }];
}
