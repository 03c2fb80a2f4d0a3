/**
 * Apps other than the committed platform, composed from the library the way a user composes
 * them: every Jaeger storage mode, every collector mode, network policies on and off, and another
 * team's stack in its own namespaces. Each is a list of objects, as `cdk8s synth` would write it.
 */
import { App } from 'cdk8s';
import { k8s } from 'cdk8s-plus-33';
import {
  CollectorMode, Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStackProps, JaegerStorage, OtelCollector,
  OtelCollectorProps, Prometheus, ServiceInstrumentation, StackNetworkPolicies, TracingAlerts, TracingChart, TracingMonitors,
  IssuerKind, TlsLink, TracingNamespace, TracingStorageClass, TracingTls, JaegerUiExposure, JaegerUiExposureProps, UiAuth, UiRoute,
} from '../../lib';
import { PLATFORM } from '../../main';

/** What a composed stack is made of. */
export interface StackOptions {
  /** Where the stack runs (a TracingNamespace is emitted for it). */
  readonly namespace: string;
  /** Where the instrumented services run. */
  readonly servicesNamespace: string;
  readonly storage: JaegerStorage;
  readonly mode: CollectorMode;
  readonly networkPolicies: boolean;
  readonly services: readonly string[];
  /** A StorageClass of the app's own (cluster-scoped: one team creates it, others use it). */
  readonly storageClass?: string;
  /** A PriorityClass the app creates (cluster-scoped), for workloads placed with it. */
  readonly priorityClass?: string;
  readonly jaeger?: Partial<JaegerStackProps>;
  readonly otel?: Partial<OtelCollectorProps>;
  /** The Jaeger UI exposed outside the cluster (and its traffic allowed when policies are on). */
  readonly ui?: Omit<JaegerUiExposureProps, 'jaeger'>;
}

/** The platform's choices (main.ts) as StackOptions: the base that user changes start from. */
export const PLATFORM_LIKE: StackOptions = {
  namespace: 'monitoring',
  servicesNamespace: 'default',
  storage: JaegerStorage.badger(),
  mode: CollectorMode.AGENT_AND_GATEWAY,
  networkPolicies: true,
  services: ['ryot', 'sigmalang', 'sigmavault', 'agents'],
  storageClass: 'fast-ssd',
  jaeger: { retention: '72h' },
  otel: { sampling: { baselinePercentage: 20 } },
};

/** Composes a whole stack (foundation, Jaeger, collectors, policies, monitoring, Grafana, SDK env). */
export function composeStack(o: StackOptions): any[] {
  const app = new App({ outdir: '/nonexistent' });
  const foundation = new TracingChart(app, 'foundation', { syncWave: -1 });
  new TracingNamespace(foundation, 'namespace', { name: o.namespace });
  if (o.storageClass) new TracingStorageClass(foundation, 'storage-class', { ...PLATFORM.storageClass, name: o.storageClass });
  if (o.priorityClass) new k8s.KubePriorityClass(foundation, 'priority-class', { metadata: { name: o.priorityClass }, value: 100_000 });

  const chart = new TracingChart(app, 'stack');
  const services = o.services.map((s) => new ServiceInstrumentation(chart, `svc-${s}`, {
    // The agents' node-local Service, as the SDK environment's endpoint was before `collector`.
    serviceName: s, namespace: o.servicesNamespace, endpoint: `http://otel-collector.${o.namespace}.svc:4318`,
  }));
  const jaeger = new JaegerStack(chart, 'jaeger', {
    namespace: o.namespace,
    storage: o.storage,
    ...(o.storageClass ? { storageClassName: o.storageClass } : {}),
    sampling: { services: Object.fromEntries(services.map((s) => [s.serviceName, s.samplingStrategy])) },
    ...o.jaeger,
  });
  const otel = new OtelCollector(chart, 'otel', {
    namespace: o.namespace,
    mode: o.mode,
    // As main.ts: the collectors take Jaeger's endpoints and TLS from the stack, and the agents
    // serve a copy of its strategies (gateways alone serve none).
    backend: jaeger,
    ...o.otel,
    ...(o.mode === 'agent-and-gateway' && o.storageClass ? { gateway: { queueStorageClassName: o.storageClass, ...o.otel?.gateway } } : {}),
  });
  const uiExposure = o.ui ? new JaegerUiExposure(chart, 'ui', { jaeger, ...o.ui }) : undefined;
  if (o.networkPolicies) new StackNetworkPolicies(chart, 'policies', { jaeger, otel, ...(uiExposure ? { uiExposure } : {}) });

  const monitoring = new TracingChart(app, 'monitoring', { syncWave: 1 });
  // The watchers take the stack's namespace, parts, claims and keep ratio from its constructs.
  const components = [jaeger, otel];
  const prometheus = Prometheus.fromExisting({ namespace: o.namespace });
  const grafana = Grafana.fromExisting({ namespace: o.namespace });
  new TracingMonitors(monitoring, 'monitors', { prometheus, components });
  new TracingAlerts(monitoring, 'alerts', { prometheus, components });
  new GrafanaDatasources(monitoring, 'datasources', { grafana, jaeger });
  new GrafanaDashboards(monitoring, 'dashboards', { grafana, components });
  return app.charts.flatMap((c) => c.toJson());
}

const search = (type: 'elasticsearch' | 'opensearch'): JaegerStorage => JaegerStorage[type]({
  serverUrls: ['https://search-http.logging.svc:9200'],
  indexPrefix: 'team',
  credentials: { secretName: 'search-credentials' },
  tls: { caSecret: { name: 'search-ca' } },
});

/** Placement with every field set, for the variant that puts it on every workload. */
const PLACED = {
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'tracing', effect: 'NoSchedule' }],
  affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['tracing'] }] } }] } },
  topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }],
  priorityClassName: 'tracing-high',
  imagePullSecrets: ['mirror-credentials'],
  podLabels: { team: 'platform' },
  podAnnotations: { 'example.com/owner': 'platform' },
  serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/tracing' },
} as const;

/** TLS on every link, certificates from a cert-manager ClusterIssuer. */
const TLS = TracingTls.certManager({ issuer: { name: 'tracing-ca' }, links: [TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER] });

/** The second team's TLS: the default links, its own Issuer. */
const TEAM_B_TLS = TracingTls.certManager({ issuer: { name: 'team-b-ca', kind: IssuerKind.ISSUER } });

/** One variant per storage mode, per collector mode, policies on and off, placement, and a second team. */
export const VARIANTS: Record<string, StackOptions> = {
  'badger, agent-and-gateway, policies': PLATFORM_LIKE,
  'badger-shared, agent-and-gateway, policies': { ...PLATFORM_LIKE, storage: JaegerStorage.badgerShared() },
  'elasticsearch, agent-and-gateway, policies': { ...PLATFORM_LIKE, storage: search('elasticsearch') },
  'opensearch, agent-only, no policies': { ...PLATFORM_LIKE, storage: search('opensearch'), mode: CollectorMode.AGENT_ONLY, networkPolicies: false, otel: {} },
  'memory, gateway-only, policies': { ...PLATFORM_LIKE, storage: JaegerStorage.memory(), mode: CollectorMode.GATEWAY_ONLY },
  'badger, agent-only, policies': { ...PLATFORM_LIKE, mode: CollectorMode.AGENT_ONLY, otel: {} },
  'badger, agent-and-gateway, no policies': { ...PLATFORM_LIKE, networkPolicies: false },
  'opensearch, placement on every workload': {
    ...PLATFORM_LIKE,
    storage: search('opensearch'),
    priorityClass: PLACED.priorityClassName,
    jaeger: { retention: '72h', placement: PLACED as any },
    otel: {
      sampling: { baselinePercentage: 20 },
      gateway: { placement: PLACED as any },
      agent: { placement: { ...PLACED, tolerations: undefined, nodeSelector: undefined, priorityClassName: undefined } as any },
    },
  },
  'badger, TLS on every link, UI on an Ingress behind oauth2-proxy': {
    ...PLATFORM_LIKE,
    jaeger: { retention: '72h', tls: TLS },
    otel: { sampling: { baselinePercentage: 20 } },
    ui: {
      host: 'jaeger.example.com',
      route: UiRoute.ingress({ className: 'nginx', issuer: { name: 'letsencrypt' } }),
      auth: UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.example.com/realms/platform', secretName: 'jaeger-ui-oidc', emailDomains: ['example.com'] }),
    },
  },
  'another team in its own namespaces': {
    namespace: 'team-b-tracing',
    servicesNamespace: 'team-b',
    storage: JaegerStorage.badgerShared(),
    mode: CollectorMode.AGENT_AND_GATEWAY,
    networkPolicies: true,
    services: ['checkout', 'payments'],
    // TLS with the default links: between the collectors, to Jaeger, and Jaeger's processes to
    // the remote storage; certificates from the team's own namespaced Issuer.
    jaeger: { instance: 'team-b-jaeger', retention: '24h', tls: TEAM_B_TLS },
    otel: { instance: 'team-b-otel' },
    ui: {
      host: 'jaeger.team-b.example.com',
      route: UiRoute.httpRoute({ gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' } }),
      auth: UiAuth.oauth2Proxy({ issuerUrl: 'https://sso.example.com/realms/team-b', secretName: 'jaeger-ui-oidc', allowedGroups: ['team-b'] }),
    },
  },
};
