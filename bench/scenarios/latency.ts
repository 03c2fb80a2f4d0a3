/**
 * From a span's end to being queryable: error traces (which every policy keeps) sent with their
 * root ending now, then Jaeger polled by trace id until every span is there. Through the whole
 * pipeline (the gateways hold each trace for decision_wait) and straight into Jaeger's receiver.
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { JaegerApi } from '../../test/e2e/harness/traffic';
import { SPANS_PER_TRACE, trace } from '../harness/load';

export interface LatencyResult {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)] ?? NaN;
};

/** Sends `count` error traces to `otlpUrl`, one every `spacingMs`, and times each to Jaeger. */
export async function endToQueryable(otlpUrl: string, jaeger: JaegerApi, count: number, spacingMs: number, timeoutMs: number): Promise<LatencyResult> {
  const timings = await Promise.all(Array.from({ length: count }, async (_, i) => {
    await new Promise((r) => setTimeout(r, i * spacingMs));
    const ended = Date.now();
    const t = trace('checkout', 'error', ended);
    const res = await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(ProtobufTraceSerializer.serializeRequest(t.spans)!) });
    if (!res.ok) throw new Error(`latency probe refused: ${res.status}`);
    while (Date.now() - ended < timeoutMs) {
      const ids = await jaeger.spanIds(t.traceId).catch(() => []);
      if (ids.length === SPANS_PER_TRACE) return Date.now() - ended;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`trace ${t.traceId} not queryable within ${timeoutMs} ms`);
  }));
  return { samples: timings.length, p50Ms: percentile(timings, 0.5), p95Ms: percentile(timings, 0.95) };
}
