/**
 * The Kubernetes programs, from k8s.io/kubernetes at one version (its staging modules at their
 * published v0 versions), and the etcd that version is tested with.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Binary, goInstalled, moduleDir, moduleProgram } from './build-tools';

/** The API server the cluster tier applies dist/ to (the schema the unit tests check is 1.33). */
export const KUBERNETES_VERSION = '1.33.13';
/** etcd for that API server (3.6 is the line Kubernetes 1.33 is tested with). */
export const ETCD_VERSION = 'v3.6.16';

/** The programs of k8s.io/kubernetes the tiers run: the control plane, the node's and kubectl. */
export type KubernetesCommand = 'kube-apiserver' | 'kubectl' | 'kube-controller-manager' | 'kube-scheduler' | 'kubelet' | 'kube-proxy';

/** A program of k8s.io/kubernetes at KUBERNETES_VERSION. */
export function kubernetes(cmd: KubernetesCommand): Binary {
  return moduleProgram({
    image: cmd, file: `${cmd}-v${KUBERNETES_VERSION}`, runs: KUBERNETES_VERSION, what: cmd,
    require: 'k8s.io/kubernetes', version: `v${KUBERNETES_VERSION}`, pkg: `k8s.io/kubernetes/cmd/${cmd}`, replaces: () => stagingReplaces(`v${KUBERNETES_VERSION}`),
  });
}

/**
 * k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/apiserver, …) with paths
 * inside its own tree, which a dependent module cannot see: point each at its published
 * v0.MINOR.PATCH instead, the standard way to build from k8s.io/kubernetes.
 */
function stagingReplaces(version: string): string[] {
  const gomod = fs.readFileSync(path.join(moduleDir('k8s.io/kubernetes', version), 'go.mod'), 'utf8');
  const staging = version.replace(/^v1\./, 'v0.');
  return [...gomod.matchAll(/^\s*(k8s\.io\/[\w.-]+) => \.\/staging\//gm)].map((m) => `${m[1]} => ${m[1]} ${staging}`);
}

export function etcd(): Binary {
  return moduleProgram({
    image: 'etcd', file: `etcd-${ETCD_VERSION}`, runs: ETCD_VERSION, what: 'etcd',
    require: 'go.etcd.io/etcd/server/v3', version: ETCD_VERSION, pkg: '.',
    // etcd's own main.go is this one call; its root module cannot be required (local replaces).
    extraFiles: { 'main.go': 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' },
  });
}

/**
 * CoreDNS, the cluster DNS. Kubernetes 1.33's kubeadm installs v1.12.0; the module proxy serves
 * only v1.14 and later, whose kubernetes plugin reads the same EndpointSlices.
 */
export const COREDNS_VERSION = 'v1.14.7';

/** CoreDNS with its default plugin set. */
export function coredns(): Binary {
  return goInstalled({ image: 'coredns', pkg: 'github.com/coredns/coredns', version: COREDNS_VERSION, what: 'CoreDNS', program: 'coredns' });
}

/**
 * The NetworkPolicy enforcer: kube-router's firewall controller (iptables and ipset, which this
 * kernel has), run without its router and service proxy. v2.1.0 is the only version the module
 * proxy serves; flaws are reported against it (its dependencies' CVEs). It runs only inside the
 * node tier, on the node's private bridge, with nothing reachable from outside the machine; the
 * policy engines that would be preferred need what this kernel lacks (kube-network-policies: an
 * nftables queue) or are not served as modules (Calico, Cilium).
 */
export const KUBE_ROUTER_VERSION = 'v2.1.0';

export function kubeRouter(): Binary {
  return goInstalled({
    image: 'kube-router', pkg: 'github.com/cloudnativelabs/kube-router/v2/cmd/kube-router', version: KUBE_ROUTER_VERSION,
    what: 'kube-router (firewall controller)', program: 'kube-router',
  });
}

