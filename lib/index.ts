/**
 * cdk8s-tracing: constructs for a production distributed-tracing stack on Kubernetes.
 *
 * The public API, curated: the constructs, the validators a GitOps pipeline runs, the few
 * constants users compose with, and the types of their props. Everything else (builders, config
 * models, check helpers) is internal and may change in any release; tests reach it through
 * `lib/internal.ts`, which the package does not export.
 */

// The app and its charts.
export { GitOpsApp } from './gitops/gitops-app';
export { TracingChart } from './gitops/tracing-chart';

// The stack.
export { TracingNamespace } from './foundation/tracing-namespace';
export { TracingStorageClass } from './foundation/tracing-storage-class';
export { JaegerStack } from './jaeger/jaeger-stack';
export { JaegerStorage } from './jaeger/jaeger-storage';
export { SamplingStrategy } from './jaeger/sampling-strategies';
export { OtelCollector } from './otel/otel-collector';
export { TracingSizing } from './sizing/tracing-sizing';
export { StackNetworkPolicies } from './network/stack-network-policies';
export { TracingNetworkPolicies } from './network/tracing-network-policies';
export { Peers } from './network/peers';
export { TracingTls } from './tls/tracing-tls';
export { JaegerUiExposure } from './exposure/jaeger-ui-exposure';
export { UiAuth } from './exposure/ui-auth';
export { UiRoute } from './exposure/ui-route';

// Watching it.
export { Prometheus } from './monitoring/prometheus';
export { Grafana } from './grafana/grafana';
export { TracingMonitors } from './alerts/tracing-monitors';
export { TracingAlerts } from './alerts/tracing-alerts';
export { GrafanaDatasources } from './grafana/grafana-datasources';
export { GrafanaDashboards } from './grafana/grafana-dashboards';

// Instrumenting the services.
export { ServiceInstrumentation } from './instrumentation/service-instrumentation';
export { TraceSampler } from './instrumentation/trace-sampler';

// Checking the output (GitOpsApp runs these before it writes).
export { StackValidator } from './validation/stack-validator-api';
export { ComponentTables } from './validation/component-tables';

// What users compose with: pinned images, ports, the annotation of collector-config ConfigMaps.
export { Images } from './k8s/images';
export { Ports } from './k8s/ports';

// The closed sets of values props take (enums, as cdk8s-plus's are).
export { PodSecurityLevel } from './foundation/tracing-namespace';
export { CollectorMode } from './otel/otel-collector-props';
export { AlertSeverity } from './alerts/alert-rule';
export { OtlpProtocol, Propagator } from './instrumentation/otel-environment';
export { JaegerRemoteSamplingProtocol } from './instrumentation/trace-sampler';
export { ExistingVariablePolicy } from './instrumentation/instrument-workload';
export { IssuerKind, TlsLink } from './tls/tracing-tls';

// The types of the props and of what the constructs expose.
export type { GitOpsAppProps, GitOpsValidationProps } from './gitops/gitops-app';
export type { TracingChartProps } from './gitops/tracing-chart';
export type { TracingNamespaceProps } from './foundation/tracing-namespace';
export type { TracingStorageClassProps } from './foundation/tracing-storage-class';
export type {
  JaegerCollectorOptions, JaegerMonitorProps, JaegerRemoteStorageOptions, JaegerStackProps, JaegerWorkloadOptions,
} from './jaeger/jaeger-stack-props';
export type {
  CassandraStorageOptions, SearchStorageOptions, StorageCaSecret, StorageCredentials, StorageTls,
} from './jaeger/storage';
export type { IServiceStrategies, SamplingStrategiesProps } from './jaeger/sampling-strategies';
export type { ITracingBackend, TracingBackendEndpoints } from './jaeger/tracing-backend';
export type { AgentProps, GatewayProps, OtelCollectorProps } from './otel/otel-collector-props';
export type { SpanMetricsProps } from './otel/agent';
export type { HorizontalAutoscaling } from './collector/autoscaling';
export type { SamplingPolicyProps, ServiceSamplingOverride } from './otel/sampling-policy';
export type { AddComponentOptions } from './collector/extensible-config';
export type { IExtensibleCollector } from './collector/collector-workload';
export type { ComponentTable, ComponentTypes } from './collector/components';
export type { NetworkPeer } from './network/peers';
export type { CertIssuerRef, CertManagerTlsOptions, SecretTlsOptions, TlsSecretNames, TracingTlsOptions } from './tls/tracing-tls';
export type { JaegerUiExposureProps } from './exposure/jaeger-ui-exposure';
export type { NginxExternalAuthOptions, OAuth2ProxyOptions } from './exposure/ui-auth';
export type { GatewayParent, HttpRouteOptions, IngressRouteOptions } from './exposure/ui-route';
export type { StackNetworkPoliciesProps } from './network/stack-network-policies';
export type { TracingNetworkPoliciesProps } from './network/tracing-network-policies';
export type { ITracingComponent, ScrapeTarget } from './monitoring/contract';
export type { PrometheusAttributes } from './monitoring/prometheus';
export type { GrafanaAttributes } from './grafana/grafana';
export type { TracingMonitorsProps } from './alerts/tracing-monitors';
export type { TracingAlertRule, TracingAlertsProps } from './alerts/tracing-alerts';
export type { GrafanaDashboardsProps } from './grafana/grafana-dashboards';
export type { GrafanaDatasourcesProps, TraceToMetricsQuery } from './grafana/grafana-datasources';
export type { ServiceInstrumentationProps } from './instrumentation/service-instrumentation';
export type { OtelEnvironmentOptions } from './instrumentation/otel-environment';
export type { JaegerRemoteSamplerOptions } from './instrumentation/trace-sampler';
export type {
  InstrumentationResult, InstrumentedContainer, InstrumentWorkloadOptions,
} from './instrumentation/instrument-workload';
export type { ExternalRef, StackFinding, StackValidationOptions } from './validation';
export type { TracingLoad } from './sizing/tracing-load';
export type { ContainerResources, ImageSpec, PodPlacement, PortSpec, WorkloadRole } from './k8s';
