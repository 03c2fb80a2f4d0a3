/**
 * Every way the harness runs a pod differently from a kubelet on a real node, in one list, each
 * with its reason. The goal is an empty list; an entry is a place where the e2e tests prove less
 * than a cluster would. Configs and pod specs are never edited: where one would have to be, it
 * is an entry here and the edit happens in one place (cluster.ts reads this list).
 */
export interface Substitution {
  /** What differs. */
  readonly what: string;
  /** Why it cannot be as in a cluster here. */
  readonly why: string;
  /** What the e2e tests therefore do not prove. */
  readonly unproven: string;
  /** Where the node tier (test/node, a real kubelet) proves it instead, when it does. */
  readonly provenOnNode?: string;
}

export const SUBSTITUTIONS: readonly Substitution[] = [
  {
    what: 'The Jaeger binary has no UI assets (they are built by npm in Jaeger\'s release); the UI shows a placeholder page.',
    why: 'The source archive carries the UI only as a placeholder (the jaeger-ui submodule is empty); the query API, which the tests use, is complete.',
    unproven: 'The UI itself (its config file is still read: the Monitor tab switch).',
  },
  {
    what: 'Container images are the cached binaries on the host\'s /usr, not the released images.',
    why: 'No container runtime or registry is reachable; the binaries are built from the same published modules at the same versions (the Collector from the contrib manifest\'s module lines for our components).',
    unproven: 'Contents of the released images beyond the binary (the Collector image carries more components; our build has the component table\'s).',
    provenOnNode: 'test/node/workloads.node.ts: every workload of dist/ Ready under containerd and runc from images laid out as the released ones (entrypoint, non-root user, read-only root, file capabilities), tagged as dist/ names them.',
  },
  {
    what: 'ClusterIP Services resolve in DNS to the ready pods\' addresses; there is no virtual IP or kube-proxy, and internalTrafficPolicy: Local is not applied.',
    why: 'No kube-proxy runs. A Service whose port differs from its target port is refused by the harness instead of being silently rewritten.',
    unproven: 'Load balancing per connection, and the node-local routing of the otel-collector Service (every pod reaches every agent).',
    provenOnNode: 'test/node/network.node.ts: an app\'s spans reach Jaeger through the Services\' virtual IPs (kube-proxy, iptables), and kube-proxy writes the agent Service\'s node-local chain.',
  },
  {
    what: 'Resource requests and limits are not enforced (no cgroups); GOMEMLIMIT and memory_limiter\'s limit_mib work as written, limit_percentage computes from the host\'s memory.',
    why: 'The machine runs cgroup v1 in a container of its own; the harness does not partition it.',
    unproven: 'OOM kills at the memory limit and CPU throttling.',
    provenOnNode: 'In part: test/node/workloads.node.ts (e) runs every container under its cgroup limits; a gateway whose limit is set to 128Mi in the cluster is OOM-killed by the kernel under a burst, restarts, delivers what its persistent queue held, and the agents\' alert fires. CPU throttling is not measured.',
  },
  {
    what: 'Volumes are host directories: emptyDir sizeLimit is not enforced; PVCs are directories that outlive their pods.',
    why: 'No storage provisioner.',
    unproven: 'Disk-full behaviour at the claim size.',
    provenOnNode: 'In part: on the node the claims are provisioned dynamically for their StorageClass when the first pod is scheduled (test/node/workloads.node.ts), emptyDirs are the kubelet\'s and claims outlive their pods as in a cluster; disk-full at the claim size is not (a local-path volume has no size limit).',
  },
  {
    what: 'The prometheus-operator is not run: each PodMonitor endpoint becomes a Prometheus scrape job with the operator\'s job name, its target labels (namespace, pod, container, endpoint, job) and the monitor\'s own relabelings; the PrometheusRule groups become one rule file.',
    why: 'The operator needs a kubelet-backed cluster to reconcile into; the translation keeps what the rules see (labels and names).',
    unproven: 'The operator\'s selection of monitors by the release label, and its generated config beyond those labels.',
    provenOnNode: 'test/node/workloads.node.ts: the prometheus-operator v0.93.0 selects dist/\'s PodMonitors and PrometheusRule by the release label into a Prometheus it runs in monitoring; every endpoint is a healthy target through the enforced policies, every rule group loads, Jaeger\'s Monitor tab reads it through prometheus-operated, and an alert fires.',
  },
  {
    what: 'Prometheus runs ten times faster: scrapes and rule evaluation every 3 s instead of 30 s, every range window and every alert `for` divided by ten.',
    why: 'An alert that needs 5 m of data would need 5 m of test; scaling every duration keeps the scrapes per window the same.',
    unproven: 'Behaviour that depends on absolute time (staleness after 5 m, very short windows).',
  },
  {
    what: 'The prometheus-operated Service name resolves to the harness\'s Prometheus (on the bridge).',
    why: 'Jaeger\'s Monitor tab reads that Service; there is no kube-prometheus-stack here.',
    unproven: 'Nothing of the stack\'s own.',
  },
  {
    what: 'The control plane holds the stack\'s namespaces, service accounts and RBAC; the harness\'s pods are not Pod objects in it. The traces test registers one Pod (with a ReplicaSet owner and the harness\'s address as its IP) standing for an app pod.',
    why: 'No kubelet registers pods. The one registered Pod lets k8s_attributes, with its own token and only the stack\'s ClusterRole, label the spans the tests send.',
    unproven: 'k8s_attributes under pod churn (IPs reused by new pods) and for more than one sending pod.',
    provenOnNode: 'In part: test/node/network.node.ts sends from real app pods, two and then a replacement of the first under its name, each labelled with its own pod; a new pod taking a deleted one\'s IP is not yet tested.',
  },
  {
    what: 'The OIDC issuer oauth2-proxy signs users in with is the test\'s own identity provider: the issuer\'s public host name resolves in cluster DNS to it on the bridge, and its certificate is from the test CA, which the pods\' trust store (/etc/ssl/certs/ca-certificates.crt, the host\'s bundle standing for the image\'s) has appended. The proxy\'s arguments and environment are as written.',
    why: 'No identity provider outside the machine is reachable; a real issuer\'s certificate chains to a public CA already in the image\'s bundle, which a test CA cannot, so the CA is added to the bundle rather than to the proxy\'s flags or environment.',
    unproven: 'A real identity provider\'s discovery document, token responses and claims (Keycloak, Dex, Entra ID, Google), the distroless image\'s own CA bundle, and the cluster\'s DNS and egress to the internet.',
  },
  {
    what: 'A user\'s own images (the consumer app\'s log-shipper sidecar) run test/e2e/health-stand-in, which only answers probes on :2020; the pods keep the user\'s image reference. The consumer app\'s shop Deployment is not run: the test sends what it would, where its environment says.',
    why: 'Those images are the user\'s, not the library\'s, and are not reachable here; what the library decides is the pod around them.',
    unproven: 'The sidecar\'s own work, and the shop\'s SDK (the go-sdk test runs a real SDK against dist/).',
  },
  {
    what: 'OpenSearch with TLS and basic authentication (the consumer app\'s storage) is the real node behind a front in the harness: HTTPS on 9200 with a certificate from the test CA for the Service name, one user\'s credentials checked, the requests passed on unchanged.',
    why: 'The node is built without the security plugin; the front plays the part of it Jaeger meets (the TLS handshake and the Authorization header).',
    unproven: 'The security plugin\'s roles and index permissions (which indices the user may write and delete).',
  },
];
