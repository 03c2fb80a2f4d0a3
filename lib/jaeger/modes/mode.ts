/**
 * Jaeger's topology as data: one {@link JaegerStorageMode} per storage type says which props the
 * mode takes, which role props it has a place for, and which workloads it runs. The stack reads
 * the entry to validate and to build; adding a mode is one entry and its backend renderer.
 */
import type { k8s } from 'cdk8s-plus-33';
import type { ComponentIdentity, ResolvedResources, ContainerResources, ImageSpec, PortSpec, PropsStruct, WorkloadRole } from '../../k8s';
import type { JaegerProcessSpec } from '../jaeger-config';
import type { HorizontalAutoscaling } from '../../collector/autoscaling';
import type { JaegerCollectorOptions, JaegerRoleProp, JaegerStackProps } from '../jaeger-stack-props';
import type { JaegerWorkloadContext, RoleSpec } from '../jaeger-workloads';
import type { StorageVolumes } from '../storage-backends';
import type { TracingTls } from '../../tls/tracing-tls';

export type { JaegerRoleProp } from '../jaeger-stack-props';

/** The roles whose resources have defaults. */
export type JaegerResourceRole = JaegerRoleProp | 'indexCleaner';

/** The stack's checked, shared settings every mode builds its roles from. */
export interface ModeContext {
  /** The construct label for errors. */
  readonly where: string;
  readonly namespace: string;
  /** The stack's props (each mode reads only its own role props, already allowed by the entry). */
  readonly props: JaegerStackProps;
  /** The checked retention, a Go duration. */
  readonly retention: string;
  /** What the ingest process of every mode does (receivers, sampling). */
  readonly ingest: NonNullable<JaegerProcessSpec['ingest']>;
  /** What the query process of every mode does. */
  readonly query: NonNullable<JaegerProcessSpec['query']>;
  /** The Monitor tab's metric backends, when it is on. */
  readonly metricBackends?: Record<string, unknown>;
  /** The UI config file, when the Monitor tab is on. */
  readonly uiConfig?: string;
  /** The role's default resources merged with its prop, checked. */
  resources(role: JaegerResourceRole, options?: { readonly resources?: ContainerResources }): ResolvedResources;
  /** The collectors' checked autoscaling, if asked. */
  autoscaling(options?: JaegerCollectorOptions): Required<HorizontalAutoscaling> | undefined;
  /** The Jaeger image. */
  readonly image: ImageSpec;
  /** The recommended-label identity of one of the stack's components. */
  identity(component: string): ComponentIdentity;
  /** TLS between the tiers, when the stack was given it (a mode applies the links it has). */
  readonly tls?: TracingTls;
}

/** Storage outside the stack that its pods connect to: what network policies must let out. */
export interface ExternalStorage {
  /** The ports the storage serves on. */
  readonly ports: PortSpec[];
  /** Pods other than the ingest and query roles that connect too (the index cleaner). */
  readonly otherClients: WorkloadRole[];
}

/** What a mode builds. */
export interface ModeBuild {
  /** The workloads, in output order. */
  readonly roles: readonly RoleSpec[];
  /** The remote storage's gRPC address, for a mode that runs one. */
  readonly remoteStorageEndpoint?: string;
  /** The storage outside the stack, for a mode that uses one. */
  readonly external?: ExternalStorage;
  /** Objects besides the roles (the index cleaner), added after them. */
  addExtras?(ctx: JaegerWorkloadContext): void;
}

/** Credentials and volumes a storage client's pods need. */
export interface StorageClient {
  readonly env: k8s.EnvVar[];
  readonly volumes: StorageVolumes;
}

/** One storage mode: its props, its place for role props, its workloads. */
export interface JaegerStorageMode<S extends { readonly type: string }> {
  /** The struct of the factory's options (`storage` besides `type`), checked at every depth. */
  readonly options?: PropsStruct;
  /**
   * The options `storage` takes besides `type`, for a factory without an options struct.
   * @default - the keys of `options`, or none
   */
  readonly fields?: readonly string[];
  /** The role props this mode's topology has a place for; any other is refused. */
  readonly roleProps: readonly JaegerRoleProp[];
  /** Stack props only this mode uses (e.g. `indexCleanerImage`); refused with the others. */
  readonly modeProps?: readonly 'indexCleanerImage'[];
  /**
   * For a mode that runs in one process: why a second replica cannot work, and where to go.
   * @default - the mode scales its collectors and query
   */
  readonly scaleOut?: { readonly problem: string; readonly fix: string };
  /** Validates the mode's own options (`fields` is already enforced). */
  check(where: string, storage: S): void;
  /** The workloads and what else the stack needs. */
  build(ctx: ModeContext, storage: S): ModeBuild;
}
