/**
 * How the node tier's cluster differs from a production one, each with why and what it leaves
 * unproven. The e2e tier's own list is test/e2e/harness/substitutions.ts; its entries marked
 * there as proven on the node are proven by the tests named here.
 */
import { Substitution } from '../../e2e/harness/substitutions';
import { IMAGE_DIFFERENCES } from './images';

export const NODE_SUBSTITUTIONS: readonly Substitution[] = [
  {
    what: 'One node: the control plane, the node\'s programs and the NetworkPolicy enforcer are processes of the test on this machine, not static pods and DaemonSets; every component authenticates as the cluster admin (a token), not with its own identity.',
    why: 'One machine; the node\'s and controllers\' own credentials (bootstrap tokens, CSRs) are kubeadm\'s business, not what dist/ decides.',
    unproven: 'Spreading over nodes (the gateways\' anti-affinity and topology spread, internalTrafficPolicy: Local between two nodes: only the rules kube-proxy writes for it are checked), and the Node authorizer.',
  },
  {
    what: `Images are made here from the cached binaries, laid out as the released images (entrypoint path, user, CA bundle, file capabilities): ${IMAGE_DIFFERENCES.join('; ')}.`,
    why: 'No registry is reachable; the binaries are built from the same published modules at the same versions.',
    unproven: 'The released images\' other contents (the Collector image carries more components; Jaeger\'s has a shell).',
  },
  {
    what: 'Claims bind to local PersistentVolumes the test creates on the node (one per claim the StatefulSets will make, of their class and size); no provisioner runs.',
    why: 'The first slice of the node tier; a local-path provisioner from its module is the next step.',
    unproven: 'Dynamic provisioning of the StorageClass, and disk-full behaviour at the claim size (a local volume is not size-limited).',
  },
  {
    what: 'The NetworkPolicy enforcer is kube-router v2.1.0\'s firewall controller (iptables and ipset), the only version the module proxy serves.',
    why: 'This kernel has no nftables queue (kube-network-policies needs one); Calico and Cilium are not served as modules. Flaws are reported against kube-router v2.1.0; it runs only inside the test, on a private bridge.',
    unproven: 'Differences between enforcers (kube-router rejects with ICMP where Cilium drops; both refuse).',
  },
];
