/** @type {import('jest').Config} */
// The e2e tier: the pinned binaries run from synthesized manifests (test/e2e/harness). One test
// file at a time (they share the harness's bridge), with timeouts for real programs.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
};
