/**
 * Small hand-built manifests for the validator tests: a consistent stack (Jaeger, a gateway, an
 * agent, monitors, PDB, HPA, a CronJob) in which every link resolves and every pod is compliant,
 * and builders to make more.
 */
import { Yaml } from 'cdk8s';
import { parse } from 'yaml';
import {
  COLLECTOR_CONFIG_ANNOTATION, PortSpec, Ports, containerPort, restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from '../../lib/internal';

export type Obj = Record<string, any>;

export const NS = 'monitoring';

/** A container that passes the restricted PSS and the operational rules. */
export function container(name: string, ports: PortSpec[] = [], extra: Obj = {}): Obj {
  const probe = { httpGet: { path: '/status', port: 13133 } };
  return {
    name,
    image: 'example/app:1.2.3',
    ports: ports.map(containerPort),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: probe,
    livenessProbe: probe,
    securityContext: restrictedContainerSecurityContext(),
    ...extra,
  };
}

/** A compliant pod spec around the given containers. */
export function podSpec(containers: Obj[], extra: Obj = {}): Obj {
  return { securityContext: restrictedPodSecurityContext(), automountServiceAccountToken: false, containers, ...extra };
}

function meta(name: string, namespace: string, labels: Obj = {}, annotations?: Obj): Obj {
  return { name, namespace, labels, ...(annotations ? { annotations } : {}) };
}

/** A workload (Deployment, StatefulSet, DaemonSet) whose pods carry `labels`. */
export function workload(kind: 'Deployment' | 'StatefulSet' | 'DaemonSet', name: string, labels: Obj, spec: Obj, namespace = NS, extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: meta(name, namespace, labels),
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec },
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      ...extra,
    },
  };
}

/** A Service selecting `selector`, with ports `[name, port, targetPort, protocol]`. */
export function service(name: string, selector: Obj, ports: Obj[], namespace = NS, extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, namespace, { app: name }),
    spec: { selector, ports, ...extra },
  };
}

/** A Service port targeting the container port by name (as servicePort() in lib/k8s does). */
export function namedPort(p: PortSpec): Obj {
  return { name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol };
}

export function configMap(name: string, data: Obj, namespace = NS, annotations?: Obj): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, namespace, {}, annotations), data };
}

/** A ConfigMap holding a collector config under `config.yaml`, annotated for the validator. */
export function collectorConfig(name: string, config: Obj, namespace = NS): Obj {
  return configMap(name, { 'config.yaml': Yaml.stringify(config) }, namespace, { [COLLECTOR_CONFIG_ANNOTATION]: 'config.yaml' });
}

export const JAEGER_LABELS = { app: 'jaeger' };
export const GATEWAY_LABELS = { app: 'gateway' };
export const AGENT_LABELS = { app: 'agent' };

const configVolume = (name: string): Obj => ({ name: 'config', configMap: { name } });

/** The gateway's config: tail sampling to Jaeger, span metrics through a connector. */
export function gatewayConfig(): Obj {
  return {
    extensions: { health_check: { endpoint: '0.0.0.0:13133' }, 'file_storage/queue': { directory: '/var/lib/queue' } },
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
    processors: { memory_limiter: { check_interval: '1s', limit_percentage: 80 }, batch: {} },
    connectors: { span_metrics: {} },
    exporters: {
      'otlp_grpc/jaeger': {
        endpoint: 'jaeger-collector.monitoring.svc:4317',
        tls: { insecure: true },
        sending_queue: { enabled: true, storage: 'file_storage/queue' },
      },
      'otlp_http/vendor': { endpoint: 'https://ingest.vendor.example.com:443' },
      prometheus: { endpoint: '0.0.0.0:8889' },
    },
    service: {
      extensions: ['health_check', 'file_storage/queue'],
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp_grpc/jaeger', 'otlp_http/vendor', 'span_metrics'] },
        metrics: { receivers: ['span_metrics'], processors: ['batch'], exporters: ['prometheus'] },
      },
    },
  };
}

/** The agent's config: load-balance to the gateway's headless Service. */
export function agentConfig(): Obj {
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
    exporters: { load_balancing: { routing_key: 'traceID', protocol: { otlp: { tls: { insecure: true } } }, resolver: { k8s: { service: 'otel-gateway-headless.monitoring', ports: [4317] } } } },
    service: { pipelines: { traces: { receivers: ['otlp'], exporters: ['load_balancing'] } } },
  };
}

/** Jaeger's config: storage backends, query, remote sampling. */
export function jaegerConfig(): Obj {
  return {
    extensions: {
      jaeger_storage: { backends: { main: { badger: { ephemeral: false } } } },
      jaeger_query: { storage: { traces: 'main' } },
    },
    receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: 'main' } },
    service: {
      extensions: ['jaeger_storage', 'jaeger_query'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
    },
  };
}

/** A consistent stack: every link resolves, every pod is compliant. */
export function goodStack(): Obj[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    // Jaeger: StatefulSet with a claim template, a config, a Secret, a ServiceAccount
    workload('StatefulSet', 'jaeger', JAEGER_LABELS, podSpec([
      container('jaeger', [Ports.OTLP_GRPC, Ports.QUERY_HTTP, Ports.METRICS, Ports.JAEGER_THRIFT_COMPACT], {
        env: [{ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'password' } } },
          { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 'maybe-later', key: 'x', optional: true } } }],
        volumeMounts: [{ name: 'config', mountPath: '/etc/jaeger' }, { name: 'data', mountPath: '/data' }],
      }),
    ], { serviceAccountName: 'jaeger', volumes: [configVolume('jaeger-config')] }), NS, {
      serviceName: 'jaeger-collector',
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }),
    service('jaeger-collector', JAEGER_LABELS, [namedPort(Ports.OTLP_GRPC), namedPort(Ports.METRICS), namedPort(Ports.JAEGER_THRIFT_COMPACT)]),
    service('jaeger-query', JAEGER_LABELS, [{ name: 'http', port: 80, targetPort: Ports.QUERY_HTTP.port }]),
    collectorConfig('jaeger-config', jaegerConfig()),
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('es-credentials', NS), stringData: { password: 'x' } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('jaeger', NS) },
    // Gateway: Deployment + Service + headless Service + PDB + HPA
    workload('Deployment', 'otel-gateway', GATEWAY_LABELS, podSpec([
      container('collector', [Ports.OTLP_GRPC, Ports.METRICS], { volumeMounts: [{ name: 'config', mountPath: '/conf' }] }),
    ], { volumes: [configVolume('otel-gateway'), { name: 'queue', persistentVolumeClaim: { claimName: 'gateway-queue' } }] })),
    service('otel-gateway', GATEWAY_LABELS, [namedPort(Ports.OTLP_GRPC)]),
    service('otel-gateway-headless', GATEWAY_LABELS, [namedPort(Ports.OTLP_GRPC)], NS, { clusterIP: 'None' }),
    collectorConfig('otel-gateway', gatewayConfig()),
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('gateway-queue', NS), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('otel-gateway', NS), spec: { maxUnavailable: 1, selector: { matchLabels: GATEWAY_LABELS } } },
    {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('otel-gateway', NS),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'otel-gateway' }, minReplicas: 2, maxReplicas: 5 },
    },
    // Agent: DaemonSet with a PodMonitor
    workload('DaemonSet', 'otel-agent', AGENT_LABELS, podSpec([
      container('agent', [Ports.OTLP_GRPC, Ports.METRICS], { volumeMounts: [{ name: 'config', mountPath: '/conf' }] }),
    ], { volumes: [configVolume('otel-agent')] })),
    collectorConfig('otel-agent', agentConfig()),
    // Monitors
    {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: meta('jaeger', NS),
      spec: { selector: { matchLabels: { app: 'jaeger-collector' } }, endpoints: [{ port: 'metrics' }] },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta('otel-agent', NS),
      spec: { selector: { matchLabels: AGENT_LABELS }, podMetricsEndpoints: [{ port: 'metrics' }] },
    },
    // A CronJob (no probes needed) reading the Secret
    {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('index-cleaner', NS),
      spec: {
        schedule: '0 1 * * *',
        jobTemplate: { spec: { template: { metadata: { labels: { app: 'cleaner' } }, spec: podSpec([
          container('cleaner', [], { readinessProbe: undefined, livenessProbe: undefined, envFrom: [{ secretRef: { name: 'es-credentials' } }] }),
        ], { restartPolicy: 'OnFailure' }) } } },
      },
    },
  ].map((o) => JSON.parse(JSON.stringify(o)));
}

/** The object of this kind and name in a list (throws when missing, so a test typo is loud). */
export function get(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`fixture has no ${kind} ${name}`);
  return found;
}

/** The first container of a workload's pod template. */
export function firstContainer(obj: Obj): Obj {
  const spec = obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template.spec : obj.spec.template.spec;
  return spec.containers[0];
}

/** The pod spec of a workload. */
export function podSpecOf(obj: Obj): Obj {
  return obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template.spec : obj.spec.template.spec;
}

/** Parses a collector ConfigMap's config, lets `edit` change it, and writes it back. */
export function editConfig(objects: Obj[], name: string, edit: (config: Obj) => void): void {
  const cm = get(objects, 'ConfigMap', name);
  const config = parse(cm.data['config.yaml']);
  edit(config);
  cm.data['config.yaml'] = Yaml.stringify(config);
}
