/** @type {import('jest').Config} */
// The consumer tier: the library packed with `npm pack`, installed from the tarball into a fresh
// cdk8s app (test/consumer/app) and used there as another team would. Its own tier because
// packing compiles the library with jsii, which npm test's API check also does: two compiles
// writing build/ at once would race.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/consumer/**/*.consumer.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
};
