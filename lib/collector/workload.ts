import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  COLLECTOR_CONFIG_ANNOTATION, CONFIG_CHECKSUM_ANNOTATION, ComponentIdentity, ContainerResources, ImageSpec, PortSpec, Ports,
  containerPort, goMemLimitEnv, healthProbes, imageRef, namespacedMeta, recommendedLabels,
  resourceRequirements, restrictedContainerSecurityContext,
} from '../k8s';
import { CONFIG_DIR, CONFIG_KEY, CollectorConfig, configChecksum, renderConfig } from './config';

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
  /** The (already checked) config. */
  readonly config: CollectorConfig;
  /** Container resources. */
  readonly resources: ContainerResources;
  /** Ports the container serves. */
  readonly ports: readonly PortSpec[];
  /** Extra environment. */
  readonly env?: readonly k8s.EnvVar[];
  /** Extra volume mounts. */
  readonly volumeMounts?: readonly k8s.VolumeMount[];
}

/** The rendered config in a ConfigMap annotated for the whole-stack validator; returns the rendered text. */
export function collectorConfigMap(scope: Construct, spec: CollectorWorkloadSpec): { name: string; rendered: string } {
  const name = `${spec.name}-config`;
  const rendered = renderConfig(spec.config);
  new k8s.KubeConfigMap(scope, 'ConfigMap', {
    metadata: namespacedMeta(name, spec.namespace, spec.identity, {
      annotations: { [COLLECTOR_CONFIG_ANNOTATION]: CONFIG_KEY },
    }),
    data: { [CONFIG_KEY]: rendered },
  });
  return { name, rendered };
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

/** Pod-template metadata: recommended labels and the config checksum. */
export function podTemplateMeta(identity: ComponentIdentity, rendered: string): k8s.ObjectMeta {
  return {
    labels: recommendedLabels(identity),
    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: configChecksum(rendered) },
  };
}
