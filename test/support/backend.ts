/**
 * The backend a lone OtelCollector exports to in tests: a Jaeger made elsewhere, imported with
 * `JaegerStack.fromEndpoints()`. `jaegerIn(ns)` is what the collector's old default was (the
 * `jaeger-collector` Service of its own namespace, sampling proxied from its port 5779), so a
 * test passing the collector's namespace synthesizes what it did before `backend` was required.
 * It calls the library: call it inside a test or a `fixture()`, never at load.
 */
import { ITracingBackend, JaegerStack, TracingTls } from '../../lib';

/** The `jaeger-collector` Service of `namespace`, imported (the agents proxy its sampling on 5779). */
export function jaegerIn(namespace = 'monitoring', tls?: TracingTls): ITracingBackend {
  return JaegerStack.fromEndpoints({ otlpGrpcEndpoint: `jaeger-collector.${namespace}.svc:4317`, ...(tls ? { tls } : {}) });
}

/**
 * Props with `backend: jaegerIn()` added, for tables of props (bad input, fuzzing) whose rows are
 * about another prop. Props that are not an object, or that set `backend` themselves (even to
 * `undefined`), are passed on as they are, so rows about the props or the backend see their own.
 */
export function withBackend<P>(props: P): P {
  if (props === null || typeof props !== 'object' || Array.isArray(props) || 'backend' in props) return props;
  return { ...props, backend: jaegerIn() };
}
