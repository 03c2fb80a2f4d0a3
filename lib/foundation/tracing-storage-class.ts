import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { RETAIN_ON_PRUNE_ANNOTATIONS, checkBoolean, checkDnsSubdomain, checkNonEmpty, clusterMeta, constructLabel, invalidProp, isObjectMap, checkInstanceName, checkProps } from '../k8s';
import { foundationIdentity } from './identity';

/** The StorageClass name the platform's plan uses for Jaeger's Badger volume. */
export const DEFAULT_STORAGE_CLASS = 'fast-ssd';

/** The AWS EBS CSI driver, the default provisioner. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/** gp3 with its baseline performance, which every gp3 volume gets at no extra cost. */
export const EBS_GP3_PARAMETERS: Readonly<Record<string, string>> = {
  type: 'gp3',
  iops: '3000',
  throughput: '125',
};

/** Props for {@link TracingStorageClass}. */
export interface TracingStorageClassProps {
  /**
   * Create the StorageClass. Set `false` when the cluster already owns one (many do): the
   * construct then emits nothing and only carries `name` to the constructs that need it.
   * @default true
   */
  readonly create?: boolean;
  /**
   * StorageClass name, created or existing.
   * @default 'fast-ssd'
   */
  readonly name?: string;
  /**
   * CSI provisioner (e.g. `pd.csi.storage.gke.io`, `disk.csi.azure.com`).
   * @default 'ebs.csi.aws.com'
   */
  readonly provisioner?: string;
  /**
   * Provisioner parameters. Values are strings, as the API requires.
   * @default - gp3, 3000 IOPS, 125 MiB/s with the default provisioner; none otherwise
   */
  readonly parameters?: Record<string, string>;
  /**
   * What happens to a volume when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * Keep the StorageClass when a GitOps sync would delete it (it leaves `dist/`, or the Argo CD
   * Application or Flux Kustomization is deleted): other workloads may have come to use it, and
   * the claims made from it still name it.
   * @default true
   */
  readonly retainOnPrune?: boolean;
}

/**
 * The SSD StorageClass for Jaeger's Badger store: expandable (a full trace store is fixed by
 * resizing the PVC) and `WaitForFirstConsumer`, so the volume is created in the zone where
 * the pod is scheduled.
 */
export class TracingStorageClass extends Construct {
  /** The StorageClass name to put in `storageClassName`. */
  public readonly name: string;
  /** Whether this construct emits the StorageClass. */
  public readonly created: boolean;

  constructor(scope: Construct, id: string, props: TracingStorageClassProps = {}) {
    super(scope, id);
    const where = constructLabel('TracingStorageClass', id);
    checkProps(where, props, { parameters: 'object' });
    this.name = checkDnsSubdomain(where, 'name', props.name ?? DEFAULT_STORAGE_CLASS);
    this.created = checkBoolean(where, 'create', props.create ?? true);
    // Ours carries the name as its instance label too; an existing class, not ours, may have a
    // longer name.
    if (this.created) checkInstanceName(where, 'name', this.name, 'fast-ssd');
    if (!this.created) {
      for (const prop of ['provisioner', 'parameters', 'reclaimPolicy', 'retainOnPrune'] as const) {
        if (props[prop] !== undefined) {
          invalidProp(where, prop, props[prop], 'has no effect when create is false (the StorageClass is not ours)',
            `remove "${prop}", or set create: true`);
        }
      }
      return;
    }
    const provisioner = checkNonEmpty(where, 'provisioner', props.provisioner ?? EBS_CSI_PROVISIONER,
      'name a CSI driver, e.g. "ebs.csi.aws.com"');
    const parameters = props.parameters ?? (provisioner === EBS_CSI_PROVISIONER ? EBS_GP3_PARAMETERS : {});
    if (!isObjectMap(parameters)) {
      invalidProp(where, 'parameters', parameters, 'expected a map of parameter names to string values', 'use e.g. { type: "gp3" }');
    }
    for (const [key, value] of Object.entries(parameters)) {
      if (typeof value !== 'string') {
        invalidProp(where, `parameters.${key}`, value, 'StorageClass parameters must be strings',
          `quote it: "${String(value)}"`);
      }
    }
    const reclaimPolicy = props.reclaimPolicy ?? 'Delete';
    if (reclaimPolicy !== 'Delete' && reclaimPolicy !== 'Retain') {
      invalidProp(where, 'reclaimPolicy', reclaimPolicy, 'not a reclaim policy', 'use "Delete" or "Retain"');
    }
    const retain = checkBoolean(where, 'retainOnPrune', props.retainOnPrune ?? true);
    new k8s.KubeStorageClass(this, 'Resource', {
      metadata: clusterMeta(this.name, foundationIdentity(this.name, 'storage-class'),
        retain ? { annotations: { ...RETAIN_ON_PRUNE_ANNOTATIONS } } : {}),
      provisioner,
      parameters: { ...parameters },
      reclaimPolicy,
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  }
}
