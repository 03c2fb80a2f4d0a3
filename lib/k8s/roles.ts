import { PortSpec } from './ports';

/**
 * What a construct tells the rest of the stack about one of its workloads: where its pods are,
 * how to select them and which ports they serve. Monitors, NetworkPolicies and the whole-stack
 * validator are generated from these, the same values the Services use, so they cannot drift.
 */
export interface WorkloadRole {
  /** `app.kubernetes.io/component` of the role, e.g. `collector`, `agent`. */
  readonly component: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** The labels that select exactly this role's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Every port the pods serve. */
  readonly ports: PortSpec[];
  /** The pods' ServiceAccount, if they have one of their own. */
  readonly serviceAccountName?: string;
}

/**
 * Annotation on a ConfigMap that holds an OpenTelemetry-Collector-style config (the Collector's
 * or Jaeger v2's); its value is the data key. The whole-stack validator parses these configs to
 * check that every pipeline component is defined and every exporter endpoint resolves to a
 * Service port in the output.
 */
export const COLLECTOR_CONFIG_ANNOTATION = 'tracing.cdk8s.io/collector-config';

/**
 * Pod-template annotation holding the sha256 of a collector's or Jaeger's config, so a config
 * change rolls the pods (a mounted ConfigMap changes under a running process otherwise).
 */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';
