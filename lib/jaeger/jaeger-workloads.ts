/**
 * The Kubernetes objects of Jaeger's workloads: per role a ServiceAccount, the config ConfigMap
 * (annotated for the whole-stack checks, its checksum on the pod template), the restricted pod
 * with probes and GOMEMLIMIT, the StatefulSet or Deployment with its Services, HPA and PDB; the
 * ClusterIP front doors; the Elasticsearch/OpenSearch index-cleaner CronJob.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  addDisruptionBudget, ComponentIdentity, ResolvedResources, ImageSpec, imageRef,
  namespacedMeta, NON_ROOT_UID, parseDuration, PodPlacement, placedPodSpec, placementPodSpec, placementTemplateMeta, PortSpec, recommendedLabels, resourceRequirements,
  restrictedContainerSecurityContext, restrictedPodSecurityContext, selectorLabels, servicePort, spreadConstraints, WorkloadRole,
  Components, RETAIN_ON_PRUNE_ANNOTATIONS,
} from '../k8s';
import { collectorAutoscaler } from '../collector/autoscaling';
import { CollectorServiceAccount } from '../collector/service-account';
import { collectorConfigMap, collectorContainer, collectorVolumes, podTemplateMeta } from '../collector/workload';
import { HEALTH_PATH, JaegerProcessSpec } from './jaeger-config';
import type { HorizontalAutoscaling } from '../collector/autoscaling';
import type { JaegerRoleProp } from './jaeger-stack-props';
import { JaegerNames } from './names';
import { BADGER_MOUNT_PATH, SearchStorage } from './storage';
import { indexCleanerTlsEnv, retentionDays, StorageVolumes } from './storage-backends';
import { addWorkloadCertificate, tlsMount } from '../tls/collector-tls';
import { TlsLink, TlsWorkload, TracingTls } from '../tls/tracing-tls';

export const CONFIG_DIR = '/etc/jaeger/config';
export const CONFIG_KEY = 'config.yaml';
export const UI_CONFIG_KEY = 'ui-config.json';
export const SAMPLING_DIR = '/etc/jaeger/sampling';

/** The index cleaner's `--index-prefix` flag, as an env var (see addIndexCleaner). */
const INDEX_CLEANER_PREFIX_ENV = 'INDEX_PREFIX';

/** What the builders need of the stack, and where they record what they emitted. */
export interface JaegerWorkloadContext {
  /** The construct the objects are added to. */
  readonly scope: Construct;
  /** The stack, for messages. */
  readonly where: string;
  readonly namespace: string;
  readonly image: ImageSpec;
  /** The recommended labels of one component. */
  identity(component: string): ComponentIdentity;
  /** A workload's placement: its own over the stack's, checked. */
  placement(role: JaegerRoleProp | 'indexCleaner'): PodPlacement;
  /** Where a role's pod extras were given (`collector.placement` or the stack's `placement`). */
  placementProp(role: JaegerRoleProp): string;
  readonly roles: WorkloadRole[];
  readonly statefulSetNames: string[];
  readonly dataClaimNames: string[];
  /** Each Jaeger workload, by name (a JSON patch's way in). */
  readonly workloads: Record<string, ApiObject>;
}

/** One Jaeger workload to emit. */
export interface RoleSpec {
  readonly kind: 'StatefulSet' | 'Deployment';
  /** The stack prop that configures this role. */
  readonly prop: JaegerRoleProp;
  readonly name: string;
  readonly component: string;
  readonly process: JaegerProcessSpec;
  readonly ports: readonly PortSpec[];
  readonly resources: ResolvedResources;
  /** undefined: an HPA owns the count. */
  readonly replicas: number | undefined;
  readonly autoscaling?: Required<HorizontalAutoscaling>;
  readonly env: k8s.EnvVar[];
  /** Volumes the storage client needs (the search cluster's CA); none for the other roles. */
  readonly storageVolumes?: StorageVolumes;
  readonly badgerVolume: boolean;
  readonly samplingVolume: boolean;
  readonly uiConfig?: string;
  readonly startupSeconds: number;
  readonly terminationGracePeriodSeconds: number;
  /**
   * The role's own TLS certificate (server, client or both), mounted at the collectors' TLS
   * directory; with cert-manager, a Certificate for `services` is emitted beside it.
   * @default - none
   */
  readonly certificate?: RoleCertificate;
}

/** A role's certificate: the TLS settings, the workload whose Secret it is, the Services it is for. */
export interface RoleCertificate {
  readonly tls: TracingTls;
  readonly workload: TlsWorkload;
  readonly services: readonly string[];
}

export function addRole(ctx: JaegerWorkloadContext, role: RoleSpec, config: string, volume: { volumeSize: string; storageClassName?: string }): void {
  const ns = ctx.namespace;
  const id = ctx.identity(role.component);
  const selector = selectorLabels(id);
  const placement = ctx.placement(role.prop);
  addServiceAccount(ctx, role.name, id, placement);
  // Jaeger v2 is a Collector build: the collector layer's ConfigMap (annotated for the
  // whole-stack checks), volumes and checksum, with the UI config beside config.yaml.
  const files = { identity: id, namespace: ns, name: role.name, config, extraFiles: role.uiConfig ? { [UI_CONFIG_KEY]: role.uiConfig } : undefined };
  const configMapName = collectorConfigMap(ctx.scope, files, `${role.name}-config`);
  // The sampling strategies are left out on purpose: remote_sampling re-reads its file every
  // `sampling.reloadInterval` (and the kubelet refreshes the mounted ConfigMap), so a change to
  // one service's strategy reaches the SDKs without restarting Jaeger and losing its batches.
  const volumes = collectorVolumes(configMapName, { configOnly: false, tmpSizeLimit: '256Mi' });
  // Mounted after the config and scratch mounts the collector container builder adds.
  const mounts: k8s.VolumeMount[] = [];
  if (role.samplingVolume) {
    volumes.push({ name: 'sampling', configMap: { name: JaegerNames.SAMPLING_STRATEGIES } });
    mounts.push({ name: 'sampling', mountPath: SAMPLING_DIR, readOnly: true });
  }
  if (role.badgerVolume) mounts.push({ name: JaegerNames.DATA_CLAIM, mountPath: BADGER_MOUNT_PATH });
  if (role.certificate) {
    const { tls, workload, services } = role.certificate;
    const mount = tlsMount(tls, workload);
    volumes.push(mount.volume);
    mounts.push(mount.mount);
    addWorkloadCertificate(ctx.scope, `${role.name}-certificate`, tls, { workload, namespace: ns, identity: id, services });
  }
  volumes.push(...role.storageVolumes?.volumes ?? []);
  mounts.push(...role.storageVolumes?.mounts ?? []);

  const multiReplica = role.autoscaling !== undefined || (role.replicas ?? 1) > 1;
  const podSpec: k8s.PodSpec = placedPodSpec(ctx.where, ctx.placementProp(role.prop), {
    serviceAccountName: role.name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    // fsGroup: the kubelet makes the Badger volume group-writable for UID 10001.
    securityContext: restrictedPodSecurityContext(role.badgerVolume ? { fsGroup: NON_ROOT_UID } : {}),
    terminationGracePeriodSeconds: role.terminationGracePeriodSeconds,
    // Jaeger v2 is a Collector build: the collector layer's container, with Jaeger's paths.
    containers: [collectorContainer({
      containerName: 'jaeger',
      image: ctx.image,
      args: ['--config', `${CONFIG_DIR}/${CONFIG_KEY}`],
      configDir: CONFIG_DIR,
      health: { path: HEALTH_PATH, startupSeconds: role.startupSeconds },
      ports: role.ports,
      env: role.env,
      resources: role.resources,
      volumeMounts: mounts,
    })],
    volumes,
  }, placement, selector, multiReplica ? { topologySpreadConstraints: spreadConstraints(selector) } : {});
  // The checksum always covers the UI config slot, so adding a UI config rolls the pods.
  const meta = podTemplateMeta({ ...files, extraFiles: { [UI_CONFIG_KEY]: role.uiConfig ?? '' } });
  const template: k8s.PodTemplateSpec = { metadata: placementTemplateMeta(meta, placement), spec: podSpec };
  const metadata = namespacedMeta(role.name, ns, id);

  if (role.kind === 'StatefulSet') {
    const headless = headlessName(role.name);
    new k8s.KubeService(ctx.scope, `${role.name}-headless`, {
      metadata: namespacedMeta(headless, ns, id),
      spec: {
        clusterIp: 'None',
        selector,
        ports: role.ports.map(servicePort),
      },
    });
    ctx.workloads[role.name] = new k8s.KubeStatefulSet(ctx.scope, role.name, {
      metadata,
      spec: {
        serviceName: headless,
        replicas: role.replicas,
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate' },
        ...(role.badgerVolume ? { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' } } : {}),
        template,
        ...(role.badgerVolume ? {
          volumeClaimTemplates: [{
            // Selector labels only: volumeClaimTemplates are immutable, so a version label
            // here would make every upgrade fail to apply. The trace store is data: no sync
            // may delete a claim, and neither may a scale-down or deleting the StatefulSet.
            metadata: { name: JaegerNames.DATA_CLAIM, labels: selector, annotations: { ...RETAIN_ON_PRUNE_ANNOTATIONS } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(volume.storageClassName === undefined ? {} : { storageClassName: volume.storageClassName }),
              resources: { requests: { storage: k8s.Quantity.fromString(volume.volumeSize) } },
            },
          }],
        } : {}),
      },
    });
    ctx.statefulSetNames.push(role.name);
    if (role.badgerVolume) ctx.dataClaimNames.push(`${JaegerNames.DATA_CLAIM}-${role.name}-0`);
  } else {
    ctx.workloads[role.name] = new k8s.KubeDeployment(ctx.scope, role.name, {
      metadata,
      spec: {
        ...(role.replicas !== undefined ? { replicas: role.replicas } : {}),
        selector: { matchLabels: selector },
        // Never below the wanted count during a rollout: collectors are the ingest path.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
        template,
      },
    });
  }
  if (role.autoscaling) {
    collectorAutoscaler(ctx.scope, `${role.name}-hpa`, { metadata, target: { kind: role.kind, name: role.name }, autoscaling: role.autoscaling });
  }
  if (multiReplica) {
    addDisruptionBudget(ctx.scope, `${role.name}-pdb`, metadata, selector);
  }
  ctx.roles.push({
    component: role.component,
    namespace: ns,
    selector,
    ports: [...role.ports],
    serviceAccountName: role.name,
  });
}

/**
 * The roles, the ingest one with TLS on its receivers when `tls` protects the link to Jaeger (its
 * certificate, `jaeger-collector`'s, may already be there as a remote-storage client's).
 */
export function withIngestTls(roles: readonly RoleSpec[], tls: TracingTls | undefined): RoleSpec[] {
  if (!tls?.covers(TlsLink.TO_JAEGER)) return [...roles];
  return roles.map((role) => role.process.ingest ? {
    ...role,
    process: { ...role.process, ingest: { ...role.process.ingest, tls } },
    certificate: role.certificate ?? { tls, workload: 'jaegerCollector', services: [JaegerNames.COLLECTOR] },
  } : role);
}

/** A ServiceAccount of one's own per workload (policies can tell them apart); no API token. */
export function addServiceAccount(ctx: JaegerWorkloadContext, name: string, id: ComponentIdentity, placement: PodPlacement): void {
  new CollectorServiceAccount(ctx.scope, `${name}-service-account`, {
    name, namespace: ctx.namespace, identity: id, annotations: placement.serviceAccountAnnotations,
  });
}

/** A ClusterIP Service selecting one component's pods. */
export function addService(
  ctx: JaegerWorkloadContext, name: string, component: string, ports: readonly PortSpec[], annotations?: Record<string, string>,
): void {
  const id = ctx.identity(component);
  new k8s.KubeService(ctx.scope, `${name}-service`, {
    metadata: namespacedMeta(name, ctx.namespace, id, { annotations: annotations && { ...annotations } }),
    spec: { type: 'ClusterIP', selector: selectorLabels(id), ports: ports.map(servicePort) },
  });
}

/**
 * Retention for Elasticsearch/OpenSearch: a daily CronJob deletes the indices older than the
 * retention (jaeger repo, cmd/es-index-cleaner: args `NUM_OF_DAYS URL`; flags also read from
 * env with `.`/`-` → `_`: the prefix flag is `--index-prefix` (cmd/es-index-cleaner/app/flags.go),
 * so its variable is `INDEX_PREFIX`, not `ES_INDEX_PREFIX`, which the cleaner ignores and then
 * finds no index to delete (jaegertracing/helm-charts#634); credentials are `es.username` /
 * `es.password`, so `ES_USERNAME` / `ES_PASSWORD`; TLS is `es.tls.*`, see IndexCleanerTlsEnv).
 * It connects with the same CA, server name and verification as the collectors and query.
 */
export function addIndexCleaner(ctx: JaegerWorkloadContext, cleaner: {
  storage: SearchStorage; retention: string; image: ImageSpec; credentialEnv: k8s.EnvVar[]; storageVolumes: StorageVolumes;
  resources: ResolvedResources; schedule: string;
}): void {
  const { storage, retention, image, credentialEnv, storageVolumes, resources } = cleaner;
  const id = { ...ctx.identity(Components.JAEGER_INDEX_CLEANER), version: image.tag };
  const days = retentionDays(parseDuration(retention)!);
  const labels = recommendedLabels(id);
  const placement = ctx.placement('indexCleaner');
  addServiceAccount(ctx, JaegerNames.INDEX_CLEANER, id, placement);
  ctx.workloads[JaegerNames.INDEX_CLEANER] = new k8s.KubeCronJob(ctx.scope, 'index-cleaner', {
    metadata: namespacedMeta(JaegerNames.INDEX_CLEANER, ctx.namespace, id),
    spec: {
      schedule: cleaner.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 1800,
          template: {
            metadata: placementTemplateMeta({ labels }, placement),
            spec: {
              restartPolicy: 'OnFailure',
              serviceAccountName: JaegerNames.INDEX_CLEANER,
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              securityContext: restrictedPodSecurityContext(),
              containers: [{
                name: 'index-cleaner',
                image: imageRef(image),
                imagePullPolicy: 'IfNotPresent',
                args: [String(days), storage.serverUrls[0]],
                env: [
                  ...(storage.indexPrefix ? [{ name: INDEX_CLEANER_PREFIX_ENV, value: storage.indexPrefix }] : []),
                  ...credentialEnv,
                  ...indexCleanerTlsEnv(storage),
                ],
                resources: resourceRequirements(resources),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...storageVolumes.mounts],
              }],
              volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }, ...storageVolumes.volumes],
              ...placementPodSpec(placement, selectorLabels(id)),
            },
          },
        },
      },
    },
  });
}

/** The headless Service of a StatefulSet. */
export function headlessName(statefulSet: string): string {
  return `${statefulSet}-headless`;
}
