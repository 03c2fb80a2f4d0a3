/** @type {import('jest').Config} */
// The node tier: dist/ on a real node (test/node/harness: kubelet, containerd, kube-proxy,
// CoreDNS, a NetworkPolicy enforcer). The e2e tier's settings: one file at a time (they share the
// node's bridge, ports and host settings), timeouts for real programs.
module.exports = { ...require('./jest.e2e.config'), testMatch: ['<rootDir>/test/node/**/*.node.ts'] };
