import type { ComponentTable } from '../collector/components';
import { Images } from '../k8s';

/**
 * The components of the Jaeger v2 binary, by kind, under the type names it accepts. Jaeger is an
 * OpenTelemetry Collector build: its configs (and a role's `config` override) are checked
 * against this table as the Collector's are against `OTEL_CONTRIB_COMPONENTS`.
 *
 * Source: the `components` command of the Jaeger binary the e2e tier builds (jaeger module
 * v1.75.0, the v2.12.0 release; cmd/jaeger/internal/components.go), which test/e2e/components
 * compares with this table. `Images.JAEGER` is 2.20.0: see the README for why the binary is 2.12.
 */
export const JAEGER_COMPONENTS: ComponentTable = {
  distribution: `jaeger ${Images.JAEGER.tag}`,
  components: {
    receiver: ['jaeger', 'kafka', 'nop', 'otlp', 'zipkin'],
    processor: ['adaptive_sampling', 'attributes', 'batch', 'filter', 'memory_limiter', 'tail_sampling'],
    exporter: ['debug', 'jaeger_storage_exporter', 'kafka', 'nop', 'otlp', 'otlphttp', 'prometheus'],
    connector: ['forward', 'spanmetrics'],
    extension: ['expvar', 'healthcheckv2', 'jaeger_query', 'jaeger_storage', 'pprof', 'remote_sampling', 'remote_storage', 'sigv4auth', 'storage_cleaner', 'zpages'],
  },
};
