/**
 * The library's layering, checked by test/architecture.test.ts. Each rule says why.
 * Lower layers: k8s (Kubernetes helpers), collector (the Collector config model and workload
 * parts) and monitoring (PromQL, monitoring identity); the
 * constructs sit on them and meet through their public props, never through each other's files.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and the layers meaningless.',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'grafana-not-alerts',
      severity: 'error',
      comment: 'Dashboards and alerts share PromQL and identity through lib/monitoring, not through each other.',
      from: { path: '^lib/grafana/' },
      to: { path: '^lib/alerts/' },
    },
    {
      name: 'monitoring-is-below-its-users',
      severity: 'error',
      comment: 'lib/monitoring holds what alerts and grafana share; it may use only k8s.',
      from: { path: '^lib/monitoring/' },
      to: { path: '^lib/(?!monitoring/|k8s/)' },
    },
    {
      name: 'collector-is-below-its-users',
      severity: 'error',
      comment: 'lib/collector is the collector layer under otel (and Jaeger, itself a collector build); it may use only k8s.',
      from: { path: '^lib/collector/' },
      to: { path: '^lib/(?!collector/|k8s/)' },
    },
    {
      name: 'k8s-is-the-bottom',
      severity: 'error',
      comment: 'lib/k8s is the Kubernetes layer every construct uses; it knows none of them.',
      from: { path: '^lib/k8s/' },
      to: { path: '^lib/(?!k8s/)' },
    },
    {
      name: 'lib-not-tests-or-app',
      severity: 'error',
      comment: 'The library ships alone: no test code, no app (main.ts) inside it.',
      from: { path: '^lib/' },
      to: { path: '^(test|main\\.ts|bench)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
