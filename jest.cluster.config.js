/** @type {import('jest').Config} */
// The cluster tier: the synthesized output applied to a real kube-apiserver and etcd (built from
// their Go modules, test/e2e/harness/binaries.ts). One file at a time: each starts its own.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/cluster/**/*.cluster.ts'],
  testTimeout: 300_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
};
