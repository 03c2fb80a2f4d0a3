import { context, Span, SpanKind, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ReadableSpan, SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DB_NAMESPACE, ATTR_DB_OPERATION_NAME, ATTR_DB_QUERY_TEXT, ATTR_DB_SYSTEM_NAME, ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_SERVER_ADDRESS,
  ATTR_SERVICE_NAME, DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import { SmokeOptions } from './options';

/** The span attribute that marks this run's spans (searchable in Jaeger as a tag). */
export const RUN_ID_ATTRIBUTE = 'smoke.run.id';
/** Instrumentation scope of the smoke test's spans. */
const SCOPE = 'cdk8s-tracing-smoke';

/** Span names of one sample trace. */
export const SAMPLE_SPANS = {
  ROOT: 'GET /api/items/{id}',
  DB: 'SELECT items',
  CACHE: 'cache lookup',
  ERROR_ROOT: 'POST /api/items',
  ERROR_DB: 'INSERT items',
} as const;

/** One trace the smoke test sent. */
export interface SentTrace {
  readonly service: string;
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** Whether this is the error trace (status ERROR, exception event). */
  readonly error: boolean;
}

/** The outcome of sending. */
export interface SendResult {
  readonly traces: SentTrace[];
  /** Spans the OTLP endpoint accepted. */
  readonly exportedSpans: number;
  /** Export failures (empty when every batch was accepted). */
  readonly failures: string[];
  /** When the last batch was flushed (epoch ms): the start of the end-to-end latency. */
  readonly sentAt: number;
}

/** A readable reason from whatever an exporter rejected with (an Error or a list of them). */
function describe(reason: unknown): string {
  const first = Array.isArray(reason) ? reason[0] : reason;
  return first instanceof Error ? first.message : String(first);
}

/** Wraps the OTLP exporter to learn whether each batch was accepted. */
class RecordingExporter implements SpanExporter {
  public exportedSpans = 0;
  public readonly failures: string[] = [];
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.exportedSpans += spans.length;
      else this.failures.push(describe(result.error ?? 'export failed'));
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function child(tracer: Tracer, parent: Span, name: string, attributes: Record<string, string | number>, start: number, end: number): Span {
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime: start }, trace.setSpan(context.active(), parent));
  span.end(end);
  return span;
}

/** A request served by the service: server span → database query and cache lookup. */
function sampleTrace(tracer: Tracer, service: string, runId: string, start: number): string {
  const tag = { [RUN_ID_ATTRIBUTE]: runId };
  const root = tracer.startSpan(SAMPLE_SPANS.ROOT, {
    kind: SpanKind.SERVER,
    startTime: start,
    attributes: { ...tag, [ATTR_HTTP_REQUEST_METHOD]: 'GET', [ATTR_HTTP_ROUTE]: '/api/items/{id}', [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200 },
  });
  child(tracer, root, SAMPLE_SPANS.CACHE, {
    // db.system.name "redis" is in the incubating semantic conventions; the key is stable
    ...tag, [ATTR_DB_SYSTEM_NAME]: 'redis', [ATTR_DB_OPERATION_NAME]: 'GET', [ATTR_SERVER_ADDRESS]: `${service}-cache`, 'cache.hit': 'false',
  }, start + 1, start + 3);
  child(tracer, root, SAMPLE_SPANS.DB, {
    ...tag, [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL, [ATTR_DB_NAMESPACE]: service,
    [ATTR_DB_OPERATION_NAME]: 'SELECT', [ATTR_DB_QUERY_TEXT]: 'SELECT * FROM items WHERE id = $1', [ATTR_SERVER_ADDRESS]: `${service}-db`,
  }, start + 4, start + 16);
  root.end(start + 18);
  return root.spanContext().traceId;
}

/** A failed request: the database rejects the insert; both spans have status ERROR. */
function errorTrace(tracer: Tracer, service: string, runId: string, start: number): string {
  const tag = { [RUN_ID_ATTRIBUTE]: runId };
  const root = tracer.startSpan(SAMPLE_SPANS.ERROR_ROOT, {
    kind: SpanKind.SERVER,
    startTime: start,
    attributes: { ...tag, [ATTR_HTTP_REQUEST_METHOD]: 'POST', [ATTR_HTTP_ROUTE]: '/api/items', [ATTR_HTTP_RESPONSE_STATUS_CODE]: 500, [ATTR_ERROR_TYPE]: '500' },
  });
  const db = tracer.startSpan(SAMPLE_SPANS.ERROR_DB, {
    kind: SpanKind.CLIENT,
    startTime: start + 2,
    attributes: {
      ...tag, [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL, [ATTR_DB_NAMESPACE]: service,
      [ATTR_DB_OPERATION_NAME]: 'INSERT', [ATTR_DB_QUERY_TEXT]: 'INSERT INTO items VALUES ($1)', [ATTR_ERROR_TYPE]: 'UniqueViolation',
    },
  }, trace.setSpan(context.active(), root));
  db.recordException({ name: 'UniqueViolation', message: 'duplicate key value violates unique constraint "items_pkey"' }, start + 9);
  db.setStatus({ code: SpanStatusCode.ERROR, message: 'duplicate key' });
  db.end(start + 10);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'internal error' });
  root.end(start + 12);
  return root.spanContext().traceId;
}

/**
 * Sends `tracesPerService` sample traces and one error trace per service over OTLP/HTTP with
 * the OpenTelemetry SDK (one tracer provider per service, since the service name is a
 * resource attribute), then flushes.
 */
export async function sendTraces(options: SmokeOptions): Promise<SendResult> {
  const exporter = new RecordingExporter(new OTLPTraceExporter({
    url: `${options.otlpUrl}/v1/traces`,
    timeoutMillis: options.requestTimeoutMs,
  }));
  const traces: SentTrace[] = [];
  const providers: BasicTracerProvider[] = [];
  const start = Date.now();
  for (const service of options.services) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service, [RUN_ID_ATTRIBUTE]: options.runId }),
      // Explicit, so an OTEL_TRACES_SAMPLER in the caller's shell cannot drop the test traces.
      sampler: new AlwaysOnSampler(),
      spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 512, maxQueueSize: 4096 })],
    });
    providers.push(provider);
    const tracer = provider.getTracer(SCOPE);
    for (let i = 0; i < options.tracesPerService; i++) {
      traces.push({ service, traceId: sampleTrace(tracer, service, options.runId, start + i * 20), error: false });
    }
    traces.push({ service, traceId: errorTrace(tracer, service, options.runId, start), error: true });
  }
  // Providers share the exporter: flush them all, then shut the exporter down once.
  // A refused batch rejects the flush; the recording exporter has already noted why.
  const flushed = await Promise.allSettled(providers.map((p) => p.forceFlush()));
  for (const result of flushed) {
    if (result.status === 'rejected' && exporter.failures.length === 0) exporter.failures.push(describe(result.reason));
  }
  const sentAt = Date.now();
  await exporter.shutdown().catch(() => undefined);
  return { traces, exportedSpans: exporter.exportedSpans, failures: exporter.failures, sentAt };
}
