/** What the rule builders share: how they add a rule, their windows and grouping labels. */
import { TracingAlertRule } from '../alert-rule';
import { TargetLabels } from '../../monitoring/promql';

/** Adds one rule to a group of the PrometheusRule (TracingAlerts.addAlert). */
export type AddAlert = (group: string, rule: TracingAlertRule) => void;

/** The agents' exporter to the gateways (its `exporter` label). */
export const LOAD_BALANCING_EXPORTER = 'load_balancing';

/** Rate window of the alerts: long enough for a 30s scrape interval to give a stable rate. */
export const WINDOW = '5m';
/** Rate window of the sampling check: tail sampling decides traces 30s+ after they start. */
export const SAMPLING_WINDOW = '30m';

export const L = TargetLabels;
export const TIER = ['namespace', L.NAME, L.COMPONENT];
export const POD = ['namespace', 'pod', L.NAME, L.COMPONENT];
