import { ComponentTable, OTEL_CONTRIB_COMPONENTS } from '../collector/components';
import { JAEGER_COMPONENTS } from '../jaeger/components';

/**
 * The component tables of the pinned images: a generated or overridden config that names a
 * component missing from its image's table fails synth instead of crash-looping in the cluster.
 * Pass your own `ComponentTable` (`componentTable` prop) for another build.
 */
export class ComponentTables {
  /** The OpenTelemetry Collector contrib distribution of `Images.OTEL_COLLECTOR`. */
  public static readonly OTEL_CONTRIB: ComponentTable = OTEL_CONTRIB_COMPONENTS;
  /** The Jaeger v2 binary of `Images.JAEGER`. */
  public static readonly JAEGER: ComponentTable = JAEGER_COMPONENTS;

  private constructor() {}
}
