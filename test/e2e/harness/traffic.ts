/**
 * Test traffic: traces with known ids, sent as an application would (OTLP/HTTP here; gRPC and
 * the legacy Jaeger client in the tests that need them), and Jaeger's query API read back.
 */
import { randomBytes } from 'crypto';

export interface SpanSpec {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly service: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly error?: boolean;
  readonly attributes?: Record<string, string | number | boolean>;
}

export type TraceKind = 'ordinary' | 'error' | 'slow';

export const hexId = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * A three-span trace (server span, a database child and a cache child) of one kind: an error
 * trace has an ERROR status on the database span; a slow one lasts 1.5 s (the gateway's latency
 * policy keeps traces over 1 s).
 */
export function makeTrace(service: string, kind: TraceKind, attributes: Record<string, string> = {}): SpanSpec[] {
  const traceId = hexId(16);
  const root = hexId(8);
  const start = Date.now() - 2_000;
  const total = kind === 'slow' ? 1_500 : 40;
  const common = { traceId, service, attributes: { ...attributes, 'e2e.kind': kind } };
  return [
    { ...common, spanId: root, name: 'GET /orders', startMs: start, durationMs: total },
    { ...common, spanId: hexId(8), parentSpanId: root, name: 'SELECT orders', startMs: start + 5, durationMs: total / 2, error: kind === 'error' },
    { ...common, spanId: hexId(8), parentSpanId: root, name: 'cache get', startMs: start + 2, durationMs: 2 },
  ];
}

const anyValue = (v: string | number | boolean) =>
  typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };

const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

/** The OTLP/JSON ExportTraceServiceRequest for spans (grouped into one resource per service). */
export function otlpJson(spans: SpanSpec[]): unknown {
  const byService = new Map<string, SpanSpec[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return {
    resourceSpans: [...byService.entries()].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{
        scope: { name: 'cdk8s-tracing-e2e' },
        spans: list.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          name: s.name,
          kind: s.parentSpanId ? 3 : 2, // CLIENT children under a SERVER root
          startTimeUnixNano: nanos(s.startMs),
          endTimeUnixNano: nanos(s.startMs + s.durationMs),
          attributes: Object.entries(s.attributes ?? {}).map(([key, value]) => ({ key, value: anyValue(value) })),
          status: s.error ? { code: 2, message: 'query failed' } : { code: 0 },
        })),
      }],
    })),
  };
}

/** POSTs spans to an OTLP/HTTP receiver; throws unless every span was accepted. */
export async function postOtlpHttp(baseUrl: string, spans: SpanSpec[]): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlpJson(spans)),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`OTLP/HTTP ${baseUrl} → ${res.status}: ${body.slice(0, 300)}`);
  const partial = body ? JSON.parse(body).partialSuccess : undefined;
  if (partial?.rejectedSpans && Number(partial.rejectedSpans) > 0) throw new Error(`OTLP/HTTP ${baseUrl} rejected ${partial.rejectedSpans} spans: ${partial.errorMessage}`);
}

/**
 * POSTs spans to an OTLP/HTTP receiver as a collector's exporter would and returns the status,
 * or 0 when nothing answered: for tests of what a receiver accepts, refuses or drops.
 */
export async function otlpHttpStatus(baseUrl: string, spans: SpanSpec[], timeoutMs = 10_000): Promise<number> {
  try {
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(otlpJson(spans)), signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Jaeger's query APIs (the UI's /api and the v3 API), as used by the tests. */
export class JaegerApi {
  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<{ status: number; body: any; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the message
    }
    return { status: res.status, body, ms };
  }

  async services(): Promise<string[]> {
    const { body } = await this.get('/api/services');
    return body?.data ?? [];
  }

  /** The span ids Jaeger holds for a trace (empty when not found). */
  async spanIds(traceId: string): Promise<string[]> {
    const { status, body } = await this.get(`/api/traces/${traceId}`);
    if (status === 404) return [];
    if (status !== 200) throw new Error(`GET /api/traces/${traceId} → ${status}: ${JSON.stringify(body).slice(0, 200)}`);
    return (body.data?.[0]?.spans ?? []).map((s: any) => s.spanID);
  }
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

/** One scrape of a Prometheus endpoint: metric name → summed value over all series. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { accept: 'text/plain;version=0.0.4' } });
  const totals = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([^\s{]+)(\{.*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    totals.set(m[1], (totals.get(m[1]) ?? 0) + Number(m[3]));
  }
  return totals;
}

/** Sends spans in batches to OTLP/HTTP receivers, a batch at a time per receiver. */
export async function sendAll(batches: Array<{ url: string; spans: SpanSpec[] }>, batchSize = 600): Promise<void> {
  const jobs: Array<{ url: string; spans: SpanSpec[] }> = [];
  for (const b of batches) {
    for (let i = 0; i < b.spans.length; i += batchSize) jobs.push({ url: b.url, spans: b.spans.slice(i, i + batchSize) });
  }
  const workers = Array.from({ length: 4 }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await postOtlpHttp(job.url, job.spans);
  });
  await Promise.all(workers);
}

/** Runs `fn` over items with a bounded number in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}
