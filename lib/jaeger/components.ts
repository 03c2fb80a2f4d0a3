import type { ComponentTable } from '../collector/components';
import { Images } from '../k8s';

/**
 * The components of the Jaeger v2 binary, by kind, under the type names it accepts. Jaeger is an
 * OpenTelemetry Collector build: its configs (and a role's `config` override) are checked
 * against this table as the Collector's are against `OTEL_CONTRIB_COMPONENTS`.
 *
 * Source: the `components` command of the Jaeger 2.20.0 binary the e2e tier builds from the
 * release's source (cmd/jaeger/internal/components.go), which test/e2e/components compares with
 * this table. 2.20 is built on collector core 0.155: the 2026 renames apply (`otlp_grpc`,
 * `otlp_http`, `span_metrics`), and it has the `basicauth` extension.
 */
export const JAEGER_COMPONENTS: ComponentTable = {
  distribution: `jaeger ${Images.JAEGER.tag}`,
  components: {
    receiver: ['jaeger', 'kafka', 'nop', 'otlp', 'zipkin'],
    processor: ['adaptive_sampling', 'attributes', 'batch', 'filter', 'memory_limiter', 'tail_sampling'],
    exporter: ['debug', 'jaeger_storage_exporter', 'kafka', 'nop', 'otlp_grpc', 'otlp_http', 'prometheus'],
    connector: ['forward', 'span_metrics'],
    extension: ['basicauth', 'expvar', 'healthcheckv2', 'jaeger_query', 'jaeger_storage', 'pprof', 'remote_sampling', 'remote_storage', 'sigv4auth', 'storage_cleaner', 'zpages'],
  },
  deprecatedAliases: { otlp: 'otlp_grpc', otlphttp: 'otlp_http', spanmetrics: 'span_metrics' },
};
