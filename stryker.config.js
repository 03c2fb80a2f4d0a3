// `npm run test:mutation`: StrykerJS mutates the modules that decide what runs in a cluster and
// runs the behavioural unit tests (jest.mutation.config.js) against each mutant. Incremental:
// the committed results file lets a run re-test only the mutants a change touched.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js' },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: [
    'lib/otel/agent.ts',
    'lib/otel/gateway.ts',
    'lib/otel/sampling-policy.ts',
    'lib/collector/config.ts',
    'lib/jaeger/jaeger-config.ts',
    'lib/validation/*.ts',
    // Two constants, read at load: nothing a mutant could change (ignoreStatic).
    '!lib/validation/component-tables.ts',
    'lib/network/*.ts',
    'lib/tls/*.ts',
    'lib/k8s/placement.ts',
    'lib/k8s/pod-extras.ts',
    'lib/alerts/rules/*.ts',
  ],
  ignoreStatic: true,
  // `break` fails a run whose total is lower; test/support/mutation-report.ts holds every module
  // to it on its own.
  thresholds: { high: 95, low: 90, break: 90 },
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
