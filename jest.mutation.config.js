/** @type {import('jest').Config} */
// The killing set of `npm run test:mutation`: the unit tests that assert behaviour. A mutant
// counts as killed only by one of them, so snapshot assertions pass whatever they are given
// (test/support/mutation-setup.ts), and the tests that read the committed dist/ (unchanged by a
// mutant) or build the package and its API report (slow, about packaging) are left out.
const base = require('./jest.config');

module.exports = {
  ...base,
  reporters: ['default'],
  // Skips the tests after the first that kills the active mutant (test/support/mutation-environment.js).
  // An absolute path: StrykerJS loads it without resolving <rootDir>.
  testEnvironment: require('path').join(__dirname, 'test', 'support', 'mutation-environment.js'),
  // The guard that fails a run leaving temporary directories is for the whole suite: under
  // mutation testing one test run is one mutant, and a test a mutant breaks may leave its own.
  globalSetup: undefined,
  globalTeardown: undefined,
  setupFilesAfterEnv: [...base.setupFilesAfterEnv, '<rootDir>/test/support/mutation-setup.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/main.test.ts', // the platform's snapshot
    '<rootDir>/test/output.test.ts', // the committed dist/ and its schemas
    '<rootDir>/test/gitops/immutable-fields.test.ts', // pinned values of the committed dist/
    '<rootDir>/test/gitops/prune-protection.test.ts', // the committed dist/
    '<rootDir>/test/api-docs.test.ts', // jsii and jsii-docgen
    '<rootDir>/test/api-report.test.ts', // api-extractor
    '<rootDir>/test/package.test.ts', // npm pack and a consumer install
    '<rootDir>/test/architecture.test.ts', // dependency-cruiser on the import graph
    '<rootDir>/test/bench-report.test.ts', // the committed bench results
    '<rootDir>/test/bad-input/coverage.test.ts', // reads lib/'s source text, which the run has instrumented
    // Robustness, not behaviour: 2,000 random hostile props (about 40 s) and the smoke CLI's
    // processes would run for every mutant they cover, before any other test (Jest runs the
    // slowest file first), for crash-type kills the behavioural tests make anyway.
    '<rootDir>/test/properties/hostile-props.fuzz.test.ts',
    '<rootDir>/test/smoke/',
  ],
};
