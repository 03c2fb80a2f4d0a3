export * from './manifest';
export * from './stack-index';
export * from './stack-validator';
export { parseClusterAddress, type ClusterAddress } from './collector-config-checks';
export * from './pod-security';
