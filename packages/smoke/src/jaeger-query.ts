/**
 * A small client of Jaeger's HTTP query API (the one the UI uses; Jaeger v2 keeps it under
 * /api, see jaegertracing/jaeger cmd/jaeger/internal/extension/jaegerquery/internal/http_handler.go):
 * GET /api/services → {data: string[]}, GET /api/traces?service=&tags=&start=&limit= →
 * {data: Trace[]} where a Trace is {traceID, spans: [{spanID, operationName, references,
 * tags: [{key, value}], processID}], processes: {<id>: {serviceName}}}.
 */

/** The parts of a Jaeger trace the smoke test reads. */
export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: Array<{
    readonly spanID: string;
    readonly operationName: string;
    readonly references?: Array<{ readonly refType: string; readonly spanID: string }>;
    readonly tags?: Array<{ readonly key: string; readonly value: unknown }>;
    readonly processID: string;
  }>;
  readonly processes: Record<string, { readonly serviceName: string }>;
}

/** A timed response. */
export interface Timed<T> {
  readonly value: T;
  readonly latencyMs: number;
}

export class JaegerQueryClient {
  constructor(private readonly baseUrl: string, private readonly requestTimeoutMs: number) {}

  private async get<T>(path: string, params: Record<string, string> = {}): Promise<Timed<T>> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const started = performance.now();
    const response = await fetch(url, { signal: AbortSignal.timeout(this.requestTimeoutMs), headers: { accept: 'application/json' } });
    const body = await response.text();
    const latencyMs = performance.now() - started;
    if (!response.ok) throw new Error(`GET ${url.pathname} → HTTP ${response.status}: ${body.slice(0, 200)}`);
    return { value: JSON.parse(body) as T, latencyMs };
  }

  /** Service names Jaeger has seen. */
  async services(): Promise<Timed<string[]>> {
    const { value, latencyMs } = await this.get<{ data: string[] | null }>('/api/services');
    return { value: value.data ?? [], latencyMs };
  }

  /** Traces of `service` since `startMs` whose spans carry every tag in `tags`. */
  async findTraces(service: string, tags: Record<string, string>, startMs: number, limit: number): Promise<Timed<JaegerTrace[]>> {
    const { value, latencyMs } = await this.get<{ data: JaegerTrace[] | null }>('/api/traces', {
      service,
      tags: JSON.stringify(tags),
      start: String(Math.floor(startMs * 1000)), // microseconds
      limit: String(limit),
    });
    return { value: value.data ?? [], latencyMs };
  }
}
