/** @type {import('jest').Config} */
// The node tier: dist/ on a real node (test/node/harness: kubelet, containerd, kube-proxy,
// CoreDNS). One file at a time: they share the node's bridge, ports and host settings.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/node/**/*.node.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
};
