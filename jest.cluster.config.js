/** @type {import('jest').Config} */
// The cluster tier: the synthesized output applied to a real kube-apiserver and etcd (built from
// their Go modules, test/e2e/harness/binaries.ts). Set up like the e2e tier (one file at a time:
// each starts its own API server), with its own files and a shorter timeout.
module.exports = {
  ...require('./jest.e2e.config.js'),
  testMatch: ['<rootDir>/test/cluster/**/*.cluster.ts'],
  testTimeout: 300_000,
};
