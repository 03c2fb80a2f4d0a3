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
    what: 'Claims are provisioned by rancher\'s local-path-provisioner v0.0.30 (a process of the test, registered under the StorageClass\'s provisioner name, ebs.csi.aws.com): a directory on the node per claim, made by a helper pod of Debian\'s static busybox, not an EBS volume.',
    why: 'No cloud here; the StorageClass, its WaitForFirstConsumer binding and its reclaim policy are dist/\'s and run through the real external-provisioner protocol.',
    unproven: 'The EBS CSI driver\'s parameters (type gp3, iops, throughput), volume expansion, and disk-full behaviour at the claim size (a directory is not size-limited).',
  },
  {
    what: 'The NetworkPolicy enforcer is kube-router v2.1.0\'s firewall controller (iptables and ipset), the only version the module proxy serves.',
    why: 'This kernel has no nftables queue (kube-network-policies needs one); Calico and Cilium are not served as modules. Flaws are reported against kube-router v2.1.0; it runs only inside the test, on a private bridge.',
    unproven: 'Differences between enforcers (kube-router rejects with ICMP where Cilium drops; both refuse).',
  },
  {
    what: 'Flux is its kustomize-controller alone (v1.9.6, with the ExternalArtifact feature gate): its source is an ExternalArtifact whose status the test sets to an archive of dist/ it serves over HTTP on the host, not a GitRepository that source-controller checks out.',
    why: 'The Kustomization, its staged server-side apply, health checks (wait), garbage collection and prune opt-outs are kustomize-controller\'s; source-controller only turns a Git revision into such an archive. v1.9.6 is the newest release this Go toolchain builds (v1.10 needs Go 1.27).',
    unproven: 'Source-controller\'s Git checkout and its revision format (main@sha1:…); Argo CD (not run: see docs/testing.md).',
  },
  {
    what: 'Of kube-prometheus-stack, only the prometheus-operator (a process of the test) and one Prometheus it runs, selecting by the release label as the chart does; it scrapes and evaluates every 5 s (the chart: 30 s). No kube-state-metrics, no kubelet/cAdvisor scraping, no Alertmanager.',
    why: 'The stack\'s monitors, rules and policies are what dist/ decides; the shorter intervals let the test wait seconds instead of minutes (the rules\' own `for` are dist/\'s).',
    unproven: 'Alerts on kube-state-metrics and cAdvisor series (TracingAgentMissingOnNode, the memory ratios, the volume fill ratios) have no data here; the unit tier\'s promtool tests judge them on recorded series.',
  },
];
