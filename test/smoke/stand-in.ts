/**
 * Stand-ins for a live stack, on 127.0.0.1 with random ports: an OTLP/HTTP receiver (JSON, as
 * the OpenTelemetry JS OTLP/HTTP exporter sends it) and a Jaeger query API that serves what the
 * receiver got in Jaeger's UI JSON format. Knobs simulate a slow pipeline, tail sampling that
 * drops traces, or one that loses error traces.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface StandInBehaviour {
  /** Traces become queryable this long after they were received. */
  delayMs?: number;
  /** Drop every trace (a broken pipeline). */
  dropAll?: boolean;
  /** Drop traces that contain an error span (a tail-sampling policy that loses errors). */
  dropErrors?: boolean;
  /** Respond to OTLP with this HTTP status. */
  otlpStatus?: number;
}

interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
  error: boolean;
  receivedAt: number;
}

export interface StandIn {
  otlpUrl: string;
  queryUrl: string;
  /** Requests the query API saw, e.g. `/api/traces?service=ryot&...`. */
  queries: string[];
  /** Spans received over OTLP. */
  received(): number;
  close(): Promise<void>;
}

/** An OTLP/JSON AnyValue → JS value. */
function anyValue(v: any): unknown {
  if (v == null) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  return JSON.stringify(v);
}

function attributes(list: any[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv: any) => [kv.key, anyValue(kv.value)]));
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Jaeger's UI JSON for one trace (the subset the smoke test reads, plus what Jaeger sets). */
function toJaeger(traceId: string, spans: StoredSpan[]): unknown {
  const services = [...new Set(spans.map((s) => s.service))];
  return {
    traceID: traceId,
    spans: spans.map((s) => ({
      traceID: traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: s.parentSpanId }] : [],
      tags: [
        ...Object.entries(s.attributes).map(([key, value]) => ({ key, type: typeof value === 'number' ? 'int64' : 'string', value })),
        ...(s.error ? [{ key: 'error', type: 'bool', value: true }, { key: 'otel.status_code', type: 'string', value: 'ERROR' }] : []),
      ],
      processID: `p${services.indexOf(s.service) + 1}`,
    })),
    processes: Object.fromEntries(services.map((name, i) => [`p${i + 1}`, { serviceName: name, tags: [] }])),
  };
}

export async function startStandIn(behaviour: StandInBehaviour = {}): Promise<StandIn> {
  const spans: StoredSpan[] = [];
  const queries: string[] = [];

  const otlp = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return json(res, 404, { message: 'not found' });
      if (!String(req.headers['content-type']).startsWith('application/json')) return json(res, 415, { message: 'expected OTLP/JSON' });
      if (behaviour.otlpStatus) return json(res, behaviour.otlpStatus, { message: 'stand-in refuses' });
      const request = JSON.parse(body);
      for (const rs of request.resourceSpans ?? []) {
        const service = String(attributes(rs.resource?.attributes)['service.name']);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name, service,
              attributes: attributes(s.attributes), error: s.status?.code === 2, receivedAt: Date.now(),
            });
          }
        }
      }
      json(res, 200, {});
    });
  });

  const visibleTraces = (): Map<string, StoredSpan[]> => {
    const traces = new Map<string, StoredSpan[]>();
    for (const s of spans) {
      if (Date.now() - s.receivedAt < (behaviour.delayMs ?? 0)) continue;
      traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s]);
    }
    for (const [id, trace] of traces) {
      if (behaviour.dropAll || (behaviour.dropErrors && trace.some((s) => s.error))) traces.delete(id);
    }
    return traces;
  };

  const query = http.createServer((req, res) => {
    queries.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === '/api/services') {
      const names = [...new Set([...visibleTraces().values()].flat().map((s) => s.service))];
      return json(res, 200, { data: names, total: names.length });
    }
    if (url.pathname === '/api/traces') {
      const service = url.searchParams.get('service');
      if (!service) return json(res, 400, { errors: [{ code: 400, msg: "parameter 'service' is required" }] });
      const tags: Record<string, string> = JSON.parse(url.searchParams.get('tags') ?? '{}');
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const data = [...visibleTraces()].filter(([, trace]) => trace.some((s) => s.service === service
        && Object.entries(tags).every(([k, v]) => s.attributes[k] === v))).slice(0, limit).map(([id, trace]) => toJaeger(id, trace));
      return json(res, 200, { data, total: 0, limit: 0, offset: 0, errors: null });
    }
    json(res, 404, { errors: [{ code: 404, msg: 'not found' }] });
  });

  const [otlpUrl, queryUrl] = await Promise.all([listen(otlp), listen(query)]);
  return {
    otlpUrl,
    queryUrl,
    queries,
    received: () => spans.length,
    close: async () => {
      otlp.closeAllConnections();
      query.closeAllConnections();
      await Promise.all([new Promise((r) => otlp.close(r)), new Promise((r) => query.close(r))]);
    },
  };
}
