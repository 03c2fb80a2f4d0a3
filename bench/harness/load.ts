/**
 * Load as instrumented services make it: traces of SPANS_PER_TRACE spans with the attributes an
 * HTTP server and its database client record, encoded as OTLP protobuf by the OpenTelemetry JS
 * SDK's own serializer (what its http/protobuf exporter sends), and posted at a paced rate.
 * Payloads are encoded before a measured phase so the generator's CPU is not in the figures.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'crypto';

export const SPANS_PER_TRACE = 5;
/** Shares of the traffic the gateway's policies keep whole (errors) or by latency (slow). */
export const ERROR_SHARE = 0.02;
export const SLOW_SHARE = 0.03;
export const SERVICES = ['checkout', 'inventory', 'payments', 'search'];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const hr = (ms: number): [number, number] => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
const resources = new Map(SERVICES.map((s) => [s, resourceFromAttributes({ 'service.name': s, 'service.version': '1.4.2', 'k8s.namespace.name': 'shop', 'telemetry.sdk.language': 'nodejs' })]));
const scope = { name: 'bench', version: '1.0.0' };

export type TraceKind = 'ordinary' | 'error' | 'slow';

/** The kind of the i-th trace of a run: the error and slow shares, spread evenly. */
export function kindOf(i: number): TraceKind {
  if (i % Math.round(1 / ERROR_SHARE) === 0) return 'error';
  if (i % Math.round(1 / SLOW_SHARE) === 1) return 'slow';
  return 'ordinary';
}

/** One trace: a SERVER root and SPANS_PER_TRACE - 1 CLIENT children, ending `endMs`. */
export function trace(service: string, kind: TraceKind, endMs = Date.now()): { traceId: string; spans: ReadableSpan[] } {
  const traceId = hex(16);
  const total = kind === 'slow' ? 1_500 : 45;
  const start = endMs - total;
  const resource = resources.get(service)!;
  const rootId = hex(8);
  const span = (spanId: string, name: string, kindOfSpan: SpanKind, startMs: number, durationMs: number, attributes: Record<string, string | number>, error = false, parent?: string): ReadableSpan => ({
    name,
    kind: kindOfSpan,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    parentSpanContext: parent ? { traceId, spanId: parent, traceFlags: 1 } : undefined,
    startTime: hr(startMs),
    endTime: hr(startMs + durationMs),
    duration: hr(durationMs),
    status: error ? { code: SpanStatusCode.ERROR, message: 'deadline exceeded' } : { code: SpanStatusCode.UNSET },
    attributes,
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  });
  const spans = [span(rootId, 'POST /api/orders', SpanKind.SERVER, start, total, {
    'http.request.method': 'POST', 'http.route': '/api/orders', 'http.response.status_code': kind === 'error' ? 500 : 200,
    'url.scheme': 'http', 'server.address': `${service}.shop.svc`, 'user_agent.original': 'okhttp/4.12.0',
  }, kind === 'error')];
  for (let c = 1; c < SPANS_PER_TRACE; c++) {
    spans.push(span(hex(8), c % 2 ? 'SELECT orders' : 'GET inventory', SpanKind.CLIENT, start + c, total / (c + 1), c % 2
      ? { 'db.system': 'postgresql', 'db.operation.name': 'SELECT', 'db.collection.name': 'orders', 'server.address': 'postgres.shop.svc' }
      : { 'http.request.method': 'GET', 'url.full': 'http://inventory.shop.svc/items', 'http.response.status_code': 200 },
    kind === 'error' && c === 1, rootId));
  }
  return { traceId, spans };
}

/** Encoded batches of `tracesPerBatch` traces, `count` of them, ready to post. */
export function payloads(count: number, tracesPerBatch: number, offset = 0): Buffer[] {
  const out: Buffer[] = [];
  for (let b = 0; b < count; b++) {
    const spans: ReadableSpan[] = [];
    for (let t = 0; t < tracesPerBatch; t++) {
      const i = offset + b * tracesPerBatch + t;
      spans.push(...trace(SERVICES[i % SERVICES.length], kindOf(i)).spans);
    }
    out.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));
  }
  return out;
}

export interface SendResult {
  readonly sent: number;
  readonly refused: number;
  readonly seconds: number;
  /** Achieved spans/s (below the asked rate when the receiver is slower than the pacing). */
  readonly rate: number;
}

/**
 * Posts payloads to an OTLP/HTTP endpoint at `spansPerSecond`, with up to `inFlight` requests
 * open (an SDK's exporter keeps a few). A batch the receiver answers with an error, or does not
 * answer within 10 s, counts as refused: the SDK would drop it.
 */
export async function send(url: string, batches: Buffer[], spansPerBatch: number, spansPerSecond: number, inFlight = 8): Promise<SendResult> {
  const started = performance.now();
  const intervalMs = (spansPerBatch / spansPerSecond) * 1000;
  let next = 0;
  let refused = 0;
  const worker = async () => {
    for (let i = next++; i < batches.length; i = next++) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: batches[i], signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) refused += spansPerBatch;
      } catch {
        refused += spansPerBatch;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sent = batches.length * spansPerBatch;
  return { sent, refused, seconds, rate: sent / seconds };
}
