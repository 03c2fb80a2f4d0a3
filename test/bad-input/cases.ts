/** Every row of the bad-input table, per construct file. */
import { ALERTS_CASES } from './alerts.cases';
import { FOUNDATION_CASES } from './foundation.cases';
import { GRAFANA_CASES } from './grafana.cases';
import { INSTRUMENTATION_CASES } from './instrumentation.cases';
import { JAEGER_CASES } from './jaeger.cases';
import { NETWORK_CASES } from './network.cases';
import { NULL_CASES } from './null.cases';
import { OTEL_CASES } from './otel.cases';
import { JAEGER_OVERRIDE_CASES, STRATEGIES_CASES } from './strategies.cases';
import { COMPONENTS_CASES } from './components.cases';
import { CASSANDRA_CASES } from './cassandra.cases';
import { COLLECTOR_EXTENSION_CASES } from './collector-extension.cases';
import { SIZING_CASES } from './sizing.cases';
import { PLACEMENT_CASES, POD_EXTRAS_CASES, SERVICE_ANNOTATION_CASES } from './placement.cases';
import { TLS_CASES } from './tls.cases';
import { EXPOSURE_CASES } from './exposure.cases';
import { BadInputCase } from './table';
import { UNKNOWN_KEY_CASES } from './unknown-key.cases';
import { OBSERVERS_CASES } from './observers.cases';

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  ...FOUNDATION_CASES, ...JAEGER_CASES, ...CASSANDRA_CASES, ...OTEL_CASES, ...STRATEGIES_CASES, ...JAEGER_OVERRIDE_CASES, ...COMPONENTS_CASES, ...COLLECTOR_EXTENSION_CASES, ...NETWORK_CASES, ...ALERTS_CASES, ...OBSERVERS_CASES, ...GRAFANA_CASES, ...INSTRUMENTATION_CASES, ...NULL_CASES, ...SIZING_CASES, ...PLACEMENT_CASES, ...POD_EXTRAS_CASES, ...SERVICE_ANNOTATION_CASES, ...TLS_CASES, ...EXPOSURE_CASES, ...UNKNOWN_KEY_CASES,
];
