import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { RETAIN_ON_PRUNE_ANNOTATIONS, checkBoolean, checkDnsSubdomain, checkNonEmpty, clusterMeta, constructLabel, invalidProp, isObjectMap, checkInstanceName, checkProps, clusterScoped } from '../k8s';
import { foundationIdentity } from './identity';

/** The StorageClass name when none is given: says what it is for, and no cloud's name. */
const DEFAULT_NAME = 'tracing-ssd';
const EXAMPLE_PROVISIONER = 'pd.csi.storage.gke.io';

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
   * @default 'tracing-ssd'
   */
  readonly name?: string;
  /**
   * CSI provisioner of the created class: your cluster's SSD-capable driver (e.g.
   * `pd.csi.storage.gke.io`, `disk.csi.azure.com`). Required when `create` is true: the library
   * does not guess a cloud.
   * @default - none; required when create is true
   */
  readonly provisioner?: string;
  /**
   * Provisioner parameters (the disk type, IOPS, ...). Values are strings, as the API requires.
   * @default {}
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
    checkProps(where, props, 'TracingStorageClassProps');
    this.name = checkDnsSubdomain(where, 'name', props.name ?? DEFAULT_NAME);
    this.created = checkBoolean(where, 'create', props.create ?? true);
    // Ours carries the name as its instance label too; an existing class, not ours, may have a
    // longer name.
    if (this.created) checkInstanceName(where, 'name', this.name, DEFAULT_NAME);
    if (!this.created) {
      for (const prop of ['provisioner', 'parameters', 'reclaimPolicy', 'retainOnPrune'] as const) {
        if (props[prop] !== undefined) {
          invalidProp(where, prop, props[prop], 'has no effect when create is false (the StorageClass is not ours)',
            `remove "${prop}", or set create: true`);
        }
      }
      return;
    }
    if (props.provisioner === undefined) {
      invalidProp(where, 'provisioner', undefined, 'is required when the StorageClass is created',
        `name your cluster's CSI driver (e.g. "${EXAMPLE_PROVISIONER}"), or set create: false to use an existing class`);
    }
    const provisioner = checkNonEmpty(where, 'provisioner', props.provisioner, `name a CSI driver, e.g. "${EXAMPLE_PROVISIONER}"`);
    const parameters = props.parameters ?? {};
    if (!isObjectMap(parameters)) {
      invalidProp(where, 'parameters', parameters, 'expected a map of parameter names to string values', 'use e.g. { type: "pd-ssd" }');
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
    clusterScoped(new k8s.KubeStorageClass(this, 'Resource', {
      metadata: clusterMeta(this.name, foundationIdentity(this.name, 'storage-class'),
        retain ? { annotations: { ...RETAIN_ON_PRUNE_ANNOTATIONS } } : {}),
      provisioner,
      parameters: { ...parameters },
      reclaimPolicy,
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    }));
  }
}
