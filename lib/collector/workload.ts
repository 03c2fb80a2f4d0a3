import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  COLLECTOR_CONFIG_ANNOTATION, CONFIG_CHECKSUM_ANNOTATION, ComponentIdentity, ContainerResources, ImageSpec, PortSpec, Ports,
  containerPort, goMemLimitEnv, healthProbes, imageRef, namespacedMeta, recommendedLabels,
  resourceRequirements, restrictedContainerSecurityContext,
} from '../k8s';
import { CONFIG_DIR, CONFIG_KEY, configChecksum } from './config';
import { ExtensibleCollectorConfig } from './extensible-config';

/** Name of the config volume and of the scratch volume. */
const CONFIG_VOLUME = 'config';
const TMP_VOLUME = 'tmp';

/** What every collector workload shares: who it is, where, which image and config. */
export interface CollectorWorkloadSpec {
  /** Recommended-label identity of the pods. */
  readonly identity: ComponentIdentity;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Base name: the ConfigMap is `<name>-config`. */
  readonly name: string;
  /** Image to run. */
  readonly image: ImageSpec;
  /** The config, rendered when the manifests are written (so later `add*` calls are in it). */
  readonly config: ExtensibleCollectorConfig;
  /** Container resources. */
  readonly resources: ContainerResources;
  /** Ports the container serves. */
  readonly ports: readonly PortSpec[];
  /** Extra environment. */
  readonly env?: readonly k8s.EnvVar[];
  /** Extra volume mounts. */
  readonly volumeMounts?: readonly k8s.VolumeMount[];
}

/** The config in a ConfigMap annotated for the whole-stack validator; returns its name. */
export function collectorConfigMap(scope: Construct, spec: CollectorWorkloadSpec): string {
  const name = `${spec.name}-config`;
  new k8s.KubeConfigMap(scope, 'ConfigMap', {
    metadata: namespacedMeta(name, spec.namespace, spec.identity, {
      annotations: { [COLLECTOR_CONFIG_ANNOTATION]: CONFIG_KEY },
    }),
    // Rendered when the manifests are written, so add* calls made after construction are in it.
    data: { [CONFIG_KEY]: Lazy.any({ produce: () => spec.config.render() }) },
  });
  return name;
}

/** The collector container: pinned image, restricted, probes on health_check, GOMEMLIMIT. */
export function collectorContainer(spec: CollectorWorkloadSpec): k8s.Container {
  return {
    name: 'otelcol',
    image: imageRef(spec.image),
    imagePullPolicy: 'IfNotPresent',
    args: [`--config=${CONFIG_DIR}/${CONFIG_KEY}`],
    ports: spec.ports.map(containerPort),
    env: [goMemLimitEnv(spec.resources), ...(spec.env ?? [])],
    resources: resourceRequirements(spec.resources),
    securityContext: restrictedContainerSecurityContext(),
    // health_check extension answers on "/" (extension/healthcheckextension README: `path`, default "/").
    ...healthProbes(Ports.HEALTH, '/', 60),
    volumeMounts: [
      { name: CONFIG_VOLUME, mountPath: CONFIG_DIR, readOnly: true },
      { name: TMP_VOLUME, mountPath: '/tmp' },
      ...(spec.volumeMounts ?? []),
    ],
  };
}

/** The config and scratch volumes every collector pod mounts. */
export function collectorVolumes(configMapName: string): k8s.Volume[] {
  return [
    { name: CONFIG_VOLUME, configMap: { name: configMapName, items: [{ key: CONFIG_KEY, path: CONFIG_KEY }] } },
    { name: TMP_VOLUME, emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
  ];
}

/** Pod-template metadata: recommended labels and the checksum of the config as written. */
export function podTemplateMeta(identity: ComponentIdentity, config: ExtensibleCollectorConfig): k8s.ObjectMeta {
  return {
    labels: recommendedLabels(identity),
    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: Lazy.any({ produce: () => configChecksum(config.render()) }) },
  };
}
