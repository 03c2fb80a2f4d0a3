import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import {
  addDisruptionBudget, ComponentIdentity, ResolvedResources, ImageSpec, NON_ROOT_UID, PodPlacement, placedPodSpec, placementTemplateMeta, PortSpec, Ports,
  listenAddress, memoryLimiter, namespacedMeta, restrictedPodSecurityContext, selectorLabels, servicePort, WorkloadNames, spreadConstraints, RETAIN_ON_PRUNE_ANNOTATIONS,
} from '../k8s';
import { CollectorConfig, emptyConfig, internalTelemetry } from '../collector/config';
import { CollectorWorkload } from '../collector/collector-workload';
import { ExtensibleCollectorConfig } from '../collector/extensible-config';
import { ComponentTable } from '../collector/components';
import { collectorAutoscaler, HorizontalAutoscaling } from '../collector/autoscaling';
import { CollectorServiceAccount } from '../collector/service-account';
import { ResolvedSamplingPolicy, tailSamplingProcessor } from './sampling-policy';
import { collectorConfigMap, collectorContainer, collectorVolumes, podTemplateMeta } from '../collector/workload';
import { addWorkloadCertificate, linkClientTls, linkServerTls, tlsMount } from '../tls/collector-tls';
import { TlsLink, TracingTls } from '../tls/tracing-tls';

/** The persistent sending queue of the gateways. */
export interface GatewayQueue {
  /** Spans the queue holds per replica before it refuses data. */
  readonly size: number;
  /** Size of each replica's volume (a Kubernetes quantity). */
  readonly storageSize: string;
  /**
   * StorageClass of the volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/** Props for {@link OtelGateway}. Usually built by {@link OtelCollector}. */
export interface OtelGatewayProps {
  /** Namespace of every object. */
  readonly namespace: string;
  /** Recommended-label identity of the gateway. */
  readonly identity: ComponentIdentity;
  /** Image to run. */
  readonly image: ImageSpec;
  /** Components of that image. */
  readonly componentTable: ComponentTable;
  /** Jaeger's OTLP gRPC endpoint (`host:port`). */
  readonly jaegerOtlpGrpcEndpoint: string;
  /** The tail-sampling policy. */
  readonly samplingPolicy: ResolvedSamplingPolicy;
  /** Replicas (the HPA's minimum when autoscaling). */
  readonly replicas: number;
  /**
   * Autoscaling.
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: Required<HorizontalAutoscaling>;
  /** The persistent queue. */
  readonly queue: GatewayQueue;
  /** Container resources. */
  readonly resources: ResolvedResources;
  /**
   * TLS on the links the gateway is an end of.
   * @default - plaintext
   */
  readonly tls?: TracingTls;
  /** Construct label for error messages. */
  readonly where: string;
  /** The config (built by `gatewayConfig` from these props), with the user's additions and override. */
  readonly config: ExtensibleCollectorConfig;
  /** Where the gateways run and what they carry. */
  readonly placement: PodPlacement;
  /** Annotations on the gateways' Service. */
  readonly serviceAnnotations?: Record<string, string>;
}

/** Name of the gateway's StatefulSet, ConfigMap prefix, ServiceAccount, PDB, HPA. */
export const GATEWAY_NAME = WorkloadNames.OTEL_GATEWAY;

/** The largest batch the gateway's batch processor sends (the queue must hold at least one). */
export const GATEWAY_BATCH_MAX_SPANS = 16_384;

/** Where each gateway keeps its sending queue. */
export const QUEUE_DIR = '/var/lib/otelcol/queue';

/** Volume (and claim template) name of the queue. */
const QUEUE_VOLUME = WorkloadNames.GATEWAY_QUEUE_CLAIM;

/** Ports of the gateway pods. */
export const GATEWAY_PORTS: readonly PortSpec[] = [Ports.OTLP_GRPC, Ports.OTLP_HTTP, Ports.HEALTH, Ports.METRICS];

/** The gateway's config (exported for tests and inspection). */
export function gatewayConfig(props: Pick<OtelGatewayProps, 'jaegerOtlpGrpcEndpoint' | 'samplingPolicy' | 'queue' | 'resources' | 'tls'>): CollectorConfig {
  const config = emptyConfig(internalTelemetry(Ports.METRICS.port));
  // Mutual: only collectors with a certificate of the CA may hand spans to tail sampling.
  const agentsTls = () => linkServerTls(props.tls, TlsLink.AGENT_TO_GATEWAY, true);
  config.receivers.otlp = {
    protocols: {
      grpc: { endpoint: listenAddress(Ports.OTLP_GRPC), ...agentsTls() },
      http: { endpoint: listenAddress(Ports.OTLP_HTTP), ...agentsTls() },
    },
  };
  config.processors.memory_limiter = memoryLimiter(props.resources);
  config.processors.tail_sampling = tailSamplingProcessor(props.samplingPolicy);
  config.processors.batch = { send_batch_size: 8192, send_batch_max_size: GATEWAY_BATCH_MAX_SPANS, timeout: '200ms' };
  // extension/storage/filestorage README: directory (must exist: the volume's mount point),
  // timeout (file lock), compaction (on start, on the same volume, which has the space).
  config.extensions['file_storage/queue'] = { directory: QUEUE_DIR, timeout: '5s', compaction: { on_start: true, directory: QUEUE_DIR } };
  config.extensions.health_check = { endpoint: listenAddress(Ports.HEALTH) };
  config.exporters['otlp_grpc/jaeger'] = {
    endpoint: props.jaegerOtlpGrpcEndpoint,
    tls: linkClientTls(props.tls, TlsLink.TO_JAEGER),
    // exporterhelper: the queue lives in file_storage, so a restart keeps what was not yet
    // sent; retries never stop (max_elapsed_time 0), so a Jaeger outage fills the queue
    // instead of dropping spans.
    // Sized in spans (`sizer: items`, exporterhelper queuebatch): a batch count would make the
    // outage it absorbs depend on how full the 200 ms batches are.
    sending_queue: { enabled: true, num_consumers: 10, sizer: 'items', queue_size: props.queue.size, storage: 'file_storage/queue' },
    retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '30s', max_elapsed_time: '0s' },
  };
  config.service.extensions.push('health_check', 'file_storage/queue');
  config.service.pipelines.traces = {
    receivers: ['otlp'],
    processors: ['memory_limiter', 'tail_sampling', 'batch'],
    exporters: ['otlp_grpc/jaeger'],
  };
  return config;
}

/**
 * The tail-sampling gateways: a StatefulSet, so that each replica keeps its own persistent
 * queue volume across restarts and rescheduling (a Deployment would either lose an emptyDir
 * queue with the pod or have every replica fight over one ReadWriteOnce volume). The
 * StatefulSet's headless Service is also what the agents' load-balancing exporter resolves.
 */
export class OtelGateway extends CollectorWorkload {
  /** Labels selecting the gateway pods. */
  public readonly selector: Record<string, string>;
  /** The gateway's ServiceAccount. */
  public readonly serviceAccountName: string;
  /** The gateways' StatefulSet. */
  public readonly workload: ApiObject;

  constructor(scope: Construct, id: string, props: OtelGatewayProps & {
    /** The ClusterIP Service name. */ readonly serviceName: string;
    /** The headless Service name. */ readonly headlessServiceName: string;
  }) {
    super(scope, id, props.config);
    this.selector = selectorLabels(props.identity);
    const meta = (name: string) => namespacedMeta(name, props.namespace, props.identity);

    const account = new CollectorServiceAccount(this, 'Rbac', {
      annotations: props.placement.serviceAccountAnnotations, name: GATEWAY_NAME, namespace: props.namespace, identity: props.identity });
    this.serviceAccountName = account.name;
    const holdsCertificate = props.tls !== undefined && (props.tls.covers(TlsLink.AGENT_TO_GATEWAY) || props.tls.covers(TlsLink.TO_JAEGER));
    const tls = holdsCertificate ? tlsMount(props.tls!, 'gateway') : undefined;
    if (tls) {
      addWorkloadCertificate(this, 'Certificate', props.tls!, {
        workload: 'gateway', namespace: props.namespace, identity: props.identity, services: [props.headlessServiceName, props.serviceName],
      });
    }
    const spec = {
      identity: props.identity, namespace: props.namespace, name: GATEWAY_NAME, image: props.image,
      config: props.config, resources: props.resources, ports: GATEWAY_PORTS,
      volumeMounts: [{ name: QUEUE_VOLUME, mountPath: QUEUE_DIR }, ...(tls ? [tls.mount] : [])],
    };
    const configMapName = collectorConfigMap(this, spec);

    new k8s.KubeService(this, 'Service', {
      metadata: { ...meta(props.serviceName), ...(props.serviceAnnotations ? { annotations: { ...props.serviceAnnotations } } : {}) },
      spec: { type: 'ClusterIP', selector: this.selector, ports: [Ports.OTLP_GRPC, Ports.OTLP_HTTP].map(servicePort) },
    });
    // Headless: DNS answers with one A record per ready gateway pod.
    new k8s.KubeService(this, 'HeadlessService', {
      metadata: meta(props.headlessServiceName),
      spec: { clusterIp: 'None', selector: this.selector, ports: [servicePort(Ports.OTLP_GRPC)], publishNotReadyAddresses: false },
    });

    this.workload = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: meta(GATEWAY_NAME),
      spec: {
        serviceName: props.headlessServiceName,
        // Under an HPA the replica count is the HPA's: leaving it out keeps GitOps from fighting it.
        ...(props.autoscaling ? {} : { replicas: props.replicas }),
        // Replicas are interchangeable: start and stop them together, not one by one.
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: this.selector },
        updateStrategy: { type: 'RollingUpdate' },
        // A replica removed by a scale-down keeps its queue; scaling up again drains it.
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Retain', whenDeleted: 'Retain' },
        template: {
          metadata: placementTemplateMeta(podTemplateMeta(spec), props.placement),
          spec: placedPodSpec(props.where, 'gateway.placement', {
            serviceAccountName: account.name,
            automountServiceAccountToken: account.usesApi,
            securityContext: restrictedPodSecurityContext({ fsGroup: NON_ROOT_UID }),
            // Time to flush the in-memory batch into the persistent queue.
            terminationGracePeriodSeconds: 60,
            containers: [collectorContainer(spec)],
            volumes: [...collectorVolumes(configMapName), ...(tls ? [tls.volume] : [])],
            // Two gateways on one node would fail together: spread them unless placed otherwise.
          }, props.placement, this.selector, { topologySpreadConstraints: spreadConstraints(this.selector) }),
        },
        volumeClaimTemplates: [{
          // The queue holds spans already decided: no sync may delete a claim (the
          // StatefulSet's retention policy keeps them from Kubernetes' own cleanup).
          metadata: { name: QUEUE_VOLUME, labels: selectorLabels(props.identity), annotations: { ...RETAIN_ON_PRUNE_ANNOTATIONS } },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(props.queue.storageClassName ? { storageClassName: props.queue.storageClassName } : {}),
            resources: { requests: { storage: k8s.Quantity.fromString(props.queue.storageSize) } },
          },
        }],
      },
    });

    addDisruptionBudget(this, 'Pdb', meta(GATEWAY_NAME), this.selector);

    if (props.autoscaling) {
      collectorAutoscaler(this, 'Hpa', {
        metadata: meta(GATEWAY_NAME), target: { kind: 'StatefulSet', name: GATEWAY_NAME }, autoscaling: props.autoscaling,
        // Every rescale reshuffles trace ids between gateways: scale down slowly.
        behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Pods', value: 1, periodSeconds: 300 }] } },
      });
    }
  }
}
