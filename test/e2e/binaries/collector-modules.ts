/** Which Collector component type each module of otelcol-manifest.yaml registers. */

/**
 * Module (last path element) → the type name it registers, as the built binary's `components`
 * command reports it (asserted again by the e2e tier, so this map cannot drift either).
 */
export const MODULE_TYPES: Record<string, string> = {
  otlpreceiver: 'otlp', jaegerreceiver: 'jaeger', zipkinreceiver: 'zipkin', kafkareceiver: 'kafka', prometheusreceiver: 'prometheus',
  memorylimiterprocessor: 'memory_limiter', batchprocessor: 'batch', k8sattributesprocessor: 'k8s_attributes',
  tailsamplingprocessor: 'tail_sampling', attributesprocessor: 'attributes', resourceprocessor: 'resource',
  filterprocessor: 'filter', transformprocessor: 'transform',
  otlpexporter: 'otlp_grpc', otlphttpexporter: 'otlp_http', loadbalancingexporter: 'load_balancing',
  prometheusexporter: 'prometheus', debugexporter: 'debug', kafkaexporter: 'kafka',
  spanmetricsconnector: 'span_metrics', forwardconnector: 'forward',
  healthcheckextension: 'health_check', filestorage: 'file_storage', jaegerremotesampling: 'jaegerremotesampling', zpagesextension: 'zpages',
};
