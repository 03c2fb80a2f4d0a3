import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { checkNumber, checkProps, constructLabel } from '../k8s';

/** The Argo CD annotation that orders a sync. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Props for {@link TracingChart}. */
export interface TracingChartProps {
  /**
   * The namespace of every namespaced object in the chart that sets none itself.
   * @default - none (each construct's own namespace)
   */
  readonly namespace?: string;
  /**
   * Labels applied to every object in the chart.
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * Argo CD sync wave of every object in this chart: lower waves are applied (and healthy)
   * before higher ones, so the namespace and StorageClass exist before workloads use them.
   * @default - no sync-wave annotation (wave 0)
   */
  readonly syncWave?: number;
}

/**
 * A Chart for GitOps output: resource names without hash suffixes (stable names that
 * other manifests and humans can refer to) and an optional Argo CD sync wave.
 */
export class TracingChart extends Chart {
  /** The sync wave given in props, if any. */
  public readonly syncWave?: number;

  constructor(scope: Construct, id: string, props: TracingChartProps = {}) {
    checkProps(constructLabel('TracingChart', id), props, 'TracingChartProps');
    super(scope, id, { ...props, disableResourceNameHashes: true });
    if (props.syncWave !== undefined) {
      this.syncWave = checkNumber(constructLabel('TracingChart', id), 'syncWave', props.syncWave, { integer: true });
    }
  }

  public toJson(): any[] {
    if (this.syncWave !== undefined) {
      for (const obj of this.node.findAll()) {
        if (obj instanceof ApiObject && Chart.of(obj) === this) {
          obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(this.syncWave));
        }
      }
    }
    return super.toJson();
  }
}
