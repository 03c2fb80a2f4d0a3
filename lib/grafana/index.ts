export * from './dashboard-model';
export * from './tracing-dashboards';
export * from './grafana-dashboards';
export * from './grafana-datasources';
export * from './grafana';
