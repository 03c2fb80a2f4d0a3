import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  COLLECTOR_CONFIG_ANNOTATION, CONFIG_CHECKSUM_ANNOTATION, ComponentIdentity, ResolvedResources, ImageSpec, PortSpec, Ports,
  containerPort, goMemLimitEnv, healthProbes, imageRef, namespacedMeta, recommendedLabels,
  resourceRequirements, restrictedContainerSecurityContext,
} from '../k8s';
import { CONFIG_DIR, CONFIG_KEY, configChecksum } from './config';
import { ExtensibleCollectorConfig } from './extensible-config';

/** Name of the config volume and of the scratch volume. */
const CONFIG_VOLUME = 'config';
const TMP_VOLUME = 'tmp';

/**
 * The collector container of any Collector build (the Collector, Jaeger v2): which image, ports,
 * resources and extra mounts, and where the build reads its config and answers health checks.
 */
export interface CollectorContainerSpec {
  /** Image to run. */
  readonly image: ImageSpec;
  /** Container resources (GOMEMLIMIT is derived from the memory limit). */
  readonly resources: ResolvedResources;
  /** Ports the container serves. */
  readonly ports: readonly PortSpec[];
  /** Extra environment. */
  readonly env?: readonly k8s.EnvVar[];
  /** Extra volume mounts, after the config and scratch mounts. */
  readonly volumeMounts?: readonly k8s.VolumeMount[];
  /**
   * The container's name.
   * @default 'otelcol'
   */
  readonly containerName?: string;
  /**
   * Where the config volume is mounted.
   * @default '/conf'
   */
  readonly configDir?: string;
  /**
   * The arguments that point the build at its config.
   * @default [`--config=<configDir>/config.yaml`]
   */
  readonly args?: readonly string[];
  /**
   * The HTTP path the health extension answers on, how long a start may take before the
   * liveness probe counts, and the port (a second build in the same pod needs its own).
   * @default - "/" (health_check) on Ports.HEALTH, 60 s
   */
  readonly health?: { readonly path: string; readonly startupSeconds: number; readonly port?: PortSpec };
  /**
   * The volume holding the config (a second build in the same pod mounts its own).
   * @default 'config'
   */
  readonly configVolume?: string;
}

/** What every collector workload shares: who it is, where, which image and config. */
export interface CollectorWorkloadSpec extends CollectorContainerSpec, CollectorConfigFiles {
  /** The config, rendered when the manifests are written (so later `add*` calls are in it). */
  readonly config: ExtensibleCollectorConfig;
}

/** The config files of a collector build: the config itself and any file the build reads beside it. */
export interface CollectorConfigFiles {
  /** Recommended-label identity of the pods. */
  readonly identity: ComponentIdentity;
  /** Namespace of the ConfigMap. */
  readonly namespace: string;
  /** Base name: the ConfigMap is `<name>-config`. */
  readonly name: string;
  /**
   * The config: a model rendered when the manifests are written (so later `add*` calls are in
   * it), or text already rendered and checked (Jaeger's).
   */
  readonly config: ExtensibleCollectorConfig | string;
  /**
   * Other files beside `config.yaml` (Jaeger's UI config), by key.
   * @default - none
   */
  readonly extraFiles?: Readonly<Record<string, string>>;
}

function rendered(config: ExtensibleCollectorConfig | string): string {
  return typeof config === 'string' ? config : config.render();
}

/**
 * The config in a ConfigMap annotated for the whole-stack validator; returns its name.
 * @param id construct id of the ConfigMap in `scope`
 */
export function collectorConfigMap(scope: Construct, files: CollectorConfigFiles, id = 'ConfigMap'): string {
  const name = `${files.name}-config`;
  new k8s.KubeConfigMap(scope, id, {
    metadata: namespacedMeta(name, files.namespace, files.identity, {
      annotations: { [COLLECTOR_CONFIG_ANNOTATION]: CONFIG_KEY },
    }),
    // Rendered when the manifests are written, so add* calls made after construction are in it.
    data: { [CONFIG_KEY]: Lazy.any({ produce: () => rendered(files.config) }), ...files.extraFiles },
  });
  return name;
}

/** The collector container: pinned image, restricted, probes on the health extension, GOMEMLIMIT. */
export function collectorContainer(spec: CollectorContainerSpec): k8s.Container {
  const configDir = spec.configDir ?? CONFIG_DIR;
  // health_check extension answers on "/" (extension/healthcheckextension README: `path`, default "/").
  const health = spec.health ?? { path: '/', startupSeconds: 60 };
  return {
    name: spec.containerName ?? 'otelcol',
    image: imageRef(spec.image),
    imagePullPolicy: 'IfNotPresent',
    args: [...spec.args ?? [`--config=${configDir}/${CONFIG_KEY}`]],
    ports: spec.ports.map(containerPort),
    env: [goMemLimitEnv(spec.resources), ...(spec.env ?? [])],
    resources: resourceRequirements(spec.resources),
    securityContext: restrictedContainerSecurityContext(),
    ...healthProbes(health.port ?? Ports.HEALTH, health.path, health.startupSeconds),
    volumeMounts: [
      { name: spec.configVolume ?? CONFIG_VOLUME, mountPath: configDir, readOnly: true },
      { name: TMP_VOLUME, mountPath: '/tmp' },
      ...(spec.volumeMounts ?? []),
    ],
  };
}

/** How a pod mounts its config ConfigMap and scratch space. */
export interface CollectorVolumeOptions {
  /**
   * Mount only `config.yaml` of the ConfigMap; false mounts every key (the build reads other
   * files beside its config, as Jaeger's UI reads `ui-config.json`).
   * @default true
   */
  readonly configOnly?: boolean;
  /**
   * Size limit of the `/tmp` scratch volume (the root filesystem is read-only).
   * @default '64Mi'
   */
  readonly tmpSizeLimit?: string;
  /**
   * The config volume's name (a second build in the same pod mounts its own config).
   * @default 'config'
   */
  readonly configVolume?: string;
  /**
   * Add the `/tmp` scratch volume (a second build in the same pod shares the first's).
   * @default true
   */
  readonly scratch?: boolean;
}

/** The config and scratch volumes every collector pod mounts. */
export function collectorVolumes(configMapName: string, options: CollectorVolumeOptions = {}): k8s.Volume[] {
  const items = options.configOnly ?? true ? { items: [{ key: CONFIG_KEY, path: CONFIG_KEY }] } : {};
  const config: k8s.Volume = { name: options.configVolume ?? CONFIG_VOLUME, configMap: { name: configMapName, ...items } };
  if (options.scratch === false) return [config];
  return [config, { name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString(options.tmpSizeLimit ?? '64Mi') } }];
}

/**
 * Pod-template metadata: recommended labels and the checksum of the config files as written, so
 * a changed config rolls the pods.
 */
export function podTemplateMeta(files: Pick<CollectorConfigFiles, 'identity' | 'config' | 'extraFiles'>): k8s.ObjectMeta {
  const checksum = () => configChecksum(rendered(files.config), ...Object.values(files.extraFiles ?? {}));
  return {
    labels: recommendedLabels(files.identity),
    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: Lazy.any({ produce: checksum }) },
  };
}
