import { checkHostPort, checkProps, FactorySpecs, invalidProp, isPlainObject, Ports } from '../k8s';
import type { TracingSizing } from '../sizing/tracing-sizing';
import { checkTracingTls, TracingTls } from '../tls/tracing-tls';
import type { ISamplingStrategiesSource } from './sampling-strategies';

/**
 * The Jaeger the collectors export to: a `JaegerStack` of the app, or one made elsewhere
 * imported with `JaegerStack.fromEndpoints()`. The collectors take its endpoints, its TLS and
 * its sizing from it, so the two ends cannot disagree.
 */
export interface ITracingBackend {
  /** OTLP/gRPC ingest address, `host:port`. */
  readonly otlpGrpcEndpoint: string;
  /** Remote sampling over gRPC, `host:port`. */
  readonly samplingGrpcEndpoint: string;
  /**
   * TLS of the links into it; the collectors use the same.
   * @default - plaintext
   */
  readonly tls?: TracingTls;
}

/** A Jaeger made elsewhere (another repository, chart or cluster), for `JaegerStack.fromEndpoints()`. */
export interface TracingBackendEndpoints {
  /** Its OTLP/gRPC ingest address, `host:port`, e.g. `jaeger-collector.tracing.svc:4317`. */
  readonly otlpGrpcEndpoint: string;
  /**
   * Its remote-sampling gRPC address, `host:port`: the agents proxy it (they serve a copy of the
   * strategies only for a `JaegerStack` of the app).
   * @default - the host of `otlpGrpcEndpoint`, port 5779
   */
  readonly samplingGrpcEndpoint?: string;
  /**
   * The TLS its receivers require (the same `TracingTls` it was built with).
   * @default - plaintext
   */
  readonly tls?: TracingTls;
}

/** What the collectors read of a backend. */
export interface BackendSpec {
  /** `JaegerStack "jaeger"` or `JaegerStack.fromEndpoints(...)`, for messages. */
  readonly description: string;
  readonly otlpGrpcEndpoint: string;
  readonly samplingGrpcEndpoint: string;
  readonly tls?: TracingTls;
  readonly sizing?: TracingSizing;
  /** The strategies the agents serve a copy of: a JaegerStack's own; none for an imported one. */
  readonly strategies?: ISamplingStrategiesSource;
}

/** Backends the library made: a JaegerStack registers itself, `fromEndpoints` its import. */
export const TRACING_BACKENDS = new FactorySpecs<ITracingBackend, BackendSpec>('JaegerStack or an imported backend',
  "pass the JaegerStack, or import one made elsewhere: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' })");

/** Validates an import's endpoints and registers it (`JaegerStack.fromEndpoints`). */
export function importBackend(endpoints: TracingBackendEndpoints): ITracingBackend {
  const where = 'JaegerStack.fromEndpoints()';
  if (!isPlainObject(endpoints)) {
    invalidProp(where, 'endpoints', endpoints, 'expected the endpoints of the Jaeger made elsewhere',
      "pass e.g. { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317' }");
  }
  checkProps(where, endpoints, 'TracingBackendEndpoints');
  const otlpGrpcEndpoint = checkHostPort(where, 'otlpGrpcEndpoint', endpoints.otlpGrpcEndpoint,
    'give host:port of Jaeger\'s OTLP gRPC port, e.g. "jaeger-collector.tracing.svc:4317"');
  const host = otlpGrpcEndpoint.slice(0, otlpGrpcEndpoint.lastIndexOf(':'));
  const samplingGrpcEndpoint = checkHostPort(where, 'samplingGrpcEndpoint', endpoints.samplingGrpcEndpoint ?? `${host}:${Ports.SAMPLING_GRPC.port}`,
    'give host:port of Jaeger\'s remote-sampling gRPC port, e.g. "jaeger-collector.tracing.svc:5779"');
  const tls = checkTracingTls(where, endpoints.tls);
  const backend: ITracingBackend = { otlpGrpcEndpoint, samplingGrpcEndpoint, ...(tls ? { tls } : {}) };
  TRACING_BACKENDS.set(backend, { description: where, otlpGrpcEndpoint, samplingGrpcEndpoint, tls });
  return backend;
}
