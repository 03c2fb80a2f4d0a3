import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-33';
import { k8s } from 'cdk8s-plus-33';
import { checkServiceSamplingStrategy, DEFAULT_SAMPLING_STRATEGY, IServiceStrategies, SamplingStrategy } from '../jaeger/sampling-strategies';
import { checkDnsSubdomain, resolveNamespace, constructLabel, invalidProp, isDnsSubdomain, isLabelValue, namespacedMeta, checkProps } from '../k8s';
import { InstrumentationResult, InstrumentWorkloadOptions, instrumentWorkload } from './instrument-workload';
import { OtelEnv, OtelEnvironment, OtelEnvironmentOptions, otelEnvironment } from './otel-environment';

/** `app.kubernetes.io/name` of the objects the instrumentation emits. */
export const INSTRUMENTATION_APP_NAME = 'opentelemetry-instrumentation';

/** Props for {@link ServiceInstrumentation}. */
export interface ServiceInstrumentationProps extends OtelEnvironmentOptions {
  /**
   * Namespace of the service's workloads (`envFrom` reads only a ConfigMap in the pod's own
   * namespace, so there is no library default).
   * @default - the Chart's namespace; required in a Chart without one
   */
  readonly namespace?: string;
  /**
   * Name of the ConfigMap.
   * @default `<serviceName>-otel`
   */
  readonly configMapName?: string;
  /**
   * The service's remote-sampling strategy (used when its SDK runs a `jaeger_remote` sampler,
   * and by legacy Jaeger clients). Exposed as {@link ServiceInstrumentation.samplingStrategy}
   * for `JaegerStack`'s `sampling.services`.
   * @default SamplingStrategy.probabilistic(1) - every trace; the tail-sampling gateway decides
   */
  readonly samplingStrategy?: SamplingStrategy;
  /**
   * The Jaeger stack that serves the strategy: it is added to the stack's strategies
   * (`JaegerStack.addServiceStrategy`), so the app does not carry it there.
   * @default - the strategy is only exposed as `samplingStrategy`
   */
  readonly jaeger?: IServiceStrategies;
}

/**
 * The OpenTelemetry SDK environment of a service whose workloads are defined elsewhere (their
 * own repo or chart), as a ConfigMap for `envFrom`.
 *
 * A ConfigMap cannot carry downward-API references, and Kubernetes expands `$(NAME)` only in
 * `env` values, never in `envFrom`. So the ConfigMap holds the fixed variables (service name,
 * endpoint, protocol, sampler, propagators, static resource attributes), and {@link ServiceInstrumentation.podEnv}
 * is the short `env` snippet that adds `k8s.pod.name`, `k8s.namespace.name` and
 * `k8s.node.name`. Without the snippet, the agent's `k8s_attributes` processor still adds the
 * pod, namespace and node to every span (it matches the connection's source IP), so the
 * snippet is a belt to those braces.
 */
export class ServiceInstrumentation extends Construct {
  /**
   * Instruments an existing workload in place (a cdk8s-plus workload or a raw `ApiObject` such
   * as a `KubeDeployment`): adds the SDK environment to each of its containers, checked as the
   * construct's props are. No ConfigMap is made; the variables are inlined.
   */
  public static instrumentWorkload(workload: kplus.AbstractPod | ApiObject, options: InstrumentWorkloadOptions): InstrumentationResult {
    return instrumentWorkload(workload, options);
  }

  /** The service name. */
  public readonly serviceName: string;
  /** The namespace of the ConfigMap (and the service). */
  public readonly namespace: string;
  /** The ConfigMap's name. */
  public readonly configMapName: string;
  /** The OTLP endpoint the service exports to. */
  public readonly endpoint: string;
  /** The service's remote-sampling strategy, for `JaegerStack`'s `sampling.services[serviceName]`. */
  public readonly samplingStrategy: SamplingStrategy;
  /** The `envFrom` entry for the service's containers. */
  public readonly envFrom: k8s.EnvFromSource;
  /**
   * The `env` entries to put in each container (after its own variables) for pod, namespace
   * and node resource attributes. They include the ConfigMap's static resource attributes,
   * because an `env` variable overrides the same name from `envFrom`.
   */
  public readonly podEnv: k8s.EnvVar[];
  private readonly environment: OtelEnvironment;

  constructor(scope: Construct, id: string, props: ServiceInstrumentationProps) {
    super(scope, id);
    const where = constructLabel('ServiceInstrumentation', id);
    // Required props: JavaScript callers can still leave them out.
    if (props === undefined) invalidProp(where, 'props', props, 'props are required', 'pass at least { serviceName: "<the service.name its SDK reports>" }');
    checkProps(where, props, 'ServiceInstrumentationProps');
    if (props.jaeger !== undefined && typeof (props.jaeger as Partial<IServiceStrategies>)?.addServiceStrategy !== 'function') {
      invalidProp(where, 'jaeger', props.jaeger, 'expected the JaegerStack that serves the strategies', 'pass the JaegerStack construct, or leave jaeger out');
    }
    this.environment = otelEnvironment(where, props);
    this.serviceName = this.environment.serviceName;
    const chartNamespace = Chart.of(this).namespace;
    if (props.namespace === undefined && chartNamespace === undefined) {
      invalidProp(where, 'namespace', undefined, 'is required outside a Chart with a namespace: envFrom reads only a ConfigMap in the pod\'s own namespace',
        'give the namespace of the service\'s workloads, or make the construct in a Chart with that namespace');
    }
    this.namespace = resolveNamespace(this, where, 'namespace', props.namespace);
    if (props.configMapName === undefined && !isDnsSubdomain(`${this.serviceName.toLowerCase()}-otel`)) {
      // The default name comes from the service name: blame what the user wrote.
      invalidProp(where, 'serviceName', this.serviceName, 'cannot name the ConfigMap (the default name is "<serviceName>-otel")',
        'use letters, digits, "-" and "." in the service name, or set configMapName');
    }
    if (!isLabelValue(this.serviceName.toLowerCase())) {
      // The ConfigMap's app.kubernetes.io/instance label is the service name; the API server
      // refuses label values over 63 characters or ending in "-", "_" or ".".
      invalidProp(where, 'serviceName', this.serviceName, 'cannot be a label value (at most 63 characters, ending with a letter or digit)',
        'use a shorter service name');
    }
    this.configMapName = checkDnsSubdomain(where, 'configMapName', props.configMapName ?? `${this.serviceName.toLowerCase()}-otel`);
    this.endpoint = this.environment.endpoint;
    this.samplingStrategy = checkServiceSamplingStrategy(where, 'samplingStrategy', props.samplingStrategy ?? DEFAULT_SAMPLING_STRATEGY);
    this.envFrom = { configMapRef: { name: this.configMapName } };
    this.podEnv = this.environment.podVars();
    props.jaeger?.addServiceStrategy(this.serviceName, this.samplingStrategy);

    const data: Record<string, string> = Object.fromEntries(this.environment.staticVars);
    if (this.environment.staticResourceAttributes) {
      data[OtelEnv.RESOURCE_ATTRIBUTES] = this.environment.staticResourceAttributes;
    }
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: namespacedMeta(this.configMapName, this.namespace, {
        name: INSTRUMENTATION_APP_NAME, instance: this.serviceName.toLowerCase(), component: 'sdk-environment',
      }),
      data,
    });
  }

  /** Every variable for one container inlined as `env` (no ConfigMap needed), in dependency order. */
  public containerEnv(containerName?: string): k8s.EnvVar[] {
    return this.environment.containerVars(containerName);
  }
}
