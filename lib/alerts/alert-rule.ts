/** Alert severities, as the `severity` label (the values Alertmanager routes on in kube-prometheus). */
export enum AlertSeverity {
  /** Page someone now: spans are being lost or the stack is down. */
  CRITICAL = 'critical',
  /** Look today: the stack is degraded or heading for trouble. */
  WARNING = 'warning',
  /** For dashboards and routing; nobody is paged. */
  INFO = 'info',
}
export const ALERT_SEVERITIES: readonly AlertSeverity[] = Object.values(AlertSeverity);

/** One alerting rule. */
export interface TracingAlertRule {
  /** Alert name (CamelCase). */
  readonly alert: string;
  /** PromQL expression; the alert fires for every series it returns. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires (a Prometheus duration). */
  readonly for: string;
  /** The `severity` label. */
  readonly severity: AlertSeverity;
  /** One line: what is wrong. */
  readonly summary: string;
  /** The values that matter (`{{ $value }}`, `{{ $labels.pod }}`) and what to look at. */
  readonly description: string;
  /**
   * Constant labels added to the alert besides `severity`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}
