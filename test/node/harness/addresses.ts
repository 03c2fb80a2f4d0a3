/** The node tier's addresses (private ranges; the e2e tier's bridge uses 198.18.0.0/15). */
/** The pod network: one bridge, one /24, the node's address its gateway (the API server binds there too). */
export const BRIDGE = 'kbr0';
export const POD_SUBNET = '10.244.0.0/24';
export const NODE_IP = '10.244.0.1';
/** kubeadm's default Service range; the DNS Service takes its tenth address, as kubeadm's does. */
export const SERVICE_RANGE = '10.96.0.0/16';
export const DNS_IP = '10.96.0.10';
/** The `kubernetes` Service's address (the range's first), which in-cluster clients dial. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const NODE_NAME = 'node-1';

