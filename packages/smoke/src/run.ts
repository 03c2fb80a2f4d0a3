import { JaegerQueryClient, JaegerTrace } from './jaeger-query';
import { SmokeOptions } from './options';
import { RUN_ID_ATTRIBUTE, SAMPLE_SPANS, sendTraces, SentTrace } from './send';

/** One check of the report. */
export interface Check {
  /** Stable identifier, e.g. `traces-queryable`. */
  readonly name: string;
  readonly ok: boolean;
  /** What was seen, for a human. */
  readonly detail: string;
}

/** What happened to one service's traces. */
export interface ServiceOutcome {
  readonly service: string;
  /** Listed by /api/services. */
  readonly listed: boolean;
  /** Sample traces sent and found. */
  readonly sent: number;
  readonly found: number;
  /** Whether the error trace was queryable and marked as an error. */
  readonly errorTraceKept: boolean;
  /** Sent → first trace of the service queryable, in ms (undefined if none appeared). */
  readonly endToEndMs?: number;
}

/** The whole report (also the `--json` output). */
export interface SmokeReport {
  readonly ok: boolean;
  readonly runId: string;
  readonly otlpUrl: string;
  readonly queryUrl: string;
  readonly checks: Check[];
  readonly services: ServiceOutcome[];
  /** Slowest service's sent → queryable, in ms. */
  readonly endToEndMs?: number;
  readonly endToEndThresholdMs: number;
  /** Slowest query of the last poll, in ms. */
  readonly queryLatencyMs?: number;
  readonly queryThresholdMs: number;
}

/** Spans per sample trace and per error trace (see send.ts). */
const SAMPLE_TRACE_SPANS = 3;
const ERROR_TRACE_SPANS = 2;

interface Seen {
  readonly at: number;
  readonly problem?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tag(span: JaegerTrace['spans'][number], key: string): unknown {
  return span.tags?.find((t) => t.key === key)?.value;
}

/** Why a sample trace is malformed, or undefined when it has the expected shape. */
function sampleProblem(found: JaegerTrace, service: string): string | undefined {
  const byName = (name: string) => found.spans.find((s) => s.operationName === name);
  const root = byName(SAMPLE_SPANS.ROOT);
  if (!root) return `no "${SAMPLE_SPANS.ROOT}" span`;
  if (found.processes[root.processID]?.serviceName !== service) return `root span is not attributed to service ${service}`;
  for (const name of [SAMPLE_SPANS.DB, SAMPLE_SPANS.CACHE]) {
    const span = byName(name);
    if (!span) return `no "${name}" child span`;
    if (!span.references?.some((r) => r.refType === 'CHILD_OF' && r.spanID === root.spanID)) return `"${name}" is not a child of the root span`;
    if (tag(span, 'db.system.name') === undefined) return `"${name}" lost its db.system.name attribute`;
  }
  return undefined;
}

function isErrorTrace(found: JaegerTrace): boolean {
  return found.spans.some((s) => tag(s, 'error') === true || tag(s, 'otel.status_code') === 'ERROR');
}

/** Sends the traces, waits for them in Jaeger, and judges the result. */
export async function runSmoke(options: SmokeOptions, progress: (message: string) => void): Promise<SmokeReport> {
  const checks: Check[] = [];
  progress(`sending ${options.tracesPerService} sample traces and 1 error trace for each of ${options.services.join(', ')} to ${options.otlpUrl}`);
  const sent = await sendTraces(options);
  const expectedSpans = options.services.length * (options.tracesPerService * SAMPLE_TRACE_SPANS + ERROR_TRACE_SPANS);
  const exportOk = sent.failures.length === 0 && sent.exportedSpans === expectedSpans;
  checks.push({
    name: 'otlp-export',
    ok: exportOk,
    detail: exportOk
      ? `${sent.exportedSpans} spans accepted by ${options.otlpUrl}/v1/traces`
      : `${sent.exportedSpans}/${expectedSpans} spans accepted${sent.failures.length ? `: ${sent.failures[0]}` : ''}`,
  });

  const byTraceId = new Map<string, SentTrace>(sent.traces.map((t) => [t.traceId.toLowerCase(), t]));
  const seen = new Map<string, Seen>();
  const listed = new Set<string>();
  const client = new JaegerQueryClient(options.queryUrl, options.requestTimeoutMs);
  let lastRoundLatencies: number[] = [];
  let lastError: string | undefined;
  const deadline = sent.sentAt + options.timeoutMs;
  const searchSince = sent.sentAt - 15 * 60_000; // generous: the client's clock may be ahead of the cluster's

  const servicesWithSample = () => options.services.filter((s) => sent.traces.some((t) => t.service === s && !t.error && seen.has(t.traceId)));
  const keptErrors = () => sent.traces.filter((t) => t.error && seen.has(t.traceId) && !seen.get(t.traceId)!.problem);
  const done = () => listed.size === options.services.length
    && servicesWithSample().length === options.services.length
    && keptErrors().length === options.services.length;

  while (sent.exportedSpans > 0) {
    const latencies: number[] = [];
    try {
      const services = await client.services();
      latencies.push(services.latencyMs);
      for (const s of options.services) if (services.value.includes(s)) listed.add(s);
      for (const service of options.services) {
        const result = await client.findTraces(service, { [RUN_ID_ATTRIBUTE]: options.runId }, searchSince, options.tracesPerService + 10);
        latencies.push(result.latencyMs);
        for (const found of result.value) {
          const ours = byTraceId.get(found.traceID.toLowerCase().padStart(32, '0'));
          if (!ours || seen.has(ours.traceId)) continue;
          const problem = ours.error
            ? (isErrorTrace(found) ? undefined : 'queryable but not marked as an error')
            : sampleProblem(found, service);
          seen.set(ours.traceId, { at: Date.now(), problem });
        }
      }
      lastRoundLatencies = latencies;
      lastError = undefined;
    } catch (e) {
      lastError = (e as Error).message;
    }
    const elapsed = Math.round((Date.now() - sent.sentAt) / 1000);
    progress(`waiting for traces (${elapsed}s/${Math.round(options.timeoutMs / 1000)}s): services listed ${listed.size}/${options.services.length}, `
      + `services with traces ${servicesWithSample().length}/${options.services.length}, error traces kept ${keptErrors().length}/${options.services.length}`
      + (lastError ? `; last query failed: ${lastError}` : ''));
    if (done() || Date.now() + options.pollIntervalMs > deadline) break;
    await sleep(options.pollIntervalMs);
  }

  const outcomes: ServiceOutcome[] = options.services.map((service) => {
    const mine = sent.traces.filter((t) => t.service === service);
    const firstSeen = Math.min(...mine.filter((t) => seen.has(t.traceId)).map((t) => seen.get(t.traceId)!.at));
    const errorTrace = mine.find((t) => t.error)!;
    return {
      service,
      listed: listed.has(service),
      sent: mine.filter((t) => !t.error).length,
      found: mine.filter((t) => !t.error && seen.has(t.traceId)).length,
      errorTraceKept: seen.has(errorTrace.traceId) && !seen.get(errorTrace.traceId)!.problem,
      ...(Number.isFinite(firstSeen) ? { endToEndMs: firstSeen - sent.sentAt } : {}),
    };
  });
  const notRun = sent.exportedSpans === 0 ? 'not checked: no span was accepted' : undefined;
  const why = lastError ? ` (last query failed: ${lastError})` : '';
  const list = (pick: (o: ServiceOutcome) => string) => outcomes.map(pick).join(', ');

  checks.push({
    name: 'services-listed',
    ok: outcomes.every((o) => o.listed),
    detail: notRun ?? `${list((o) => `${o.service} ${o.listed ? 'listed' : 'missing'}`)} in ${options.queryUrl}/api/services${why}`,
  });
  checks.push({
    name: 'traces-queryable',
    ok: outcomes.every((o) => o.found > 0),
    detail: notRun ?? `${list((o) => `${o.service} ${o.found}/${o.sent}`)} sample traces found (tail sampling may keep only a share)${why}`,
  });
  const problems = [...seen.entries()].filter(([id, s]) => s.problem && !byTraceId.get(id)!.error)
    .map(([id, s]) => `${byTraceId.get(id)!.service} ${id}: ${s.problem}`);
  checks.push({
    name: 'trace-structure',
    ok: problems.length === 0 && outcomes.some((o) => o.found > 0),
    detail: notRun ?? (problems.length ? problems.slice(0, 3).join('; ')
      : outcomes.some((o) => o.found > 0) ? 'server span with database-query and cache-lookup child spans and their attributes intact' : 'no trace to inspect'),
  });
  const errorProblems = sent.traces.filter((t) => t.error && seen.get(t.traceId)?.problem).map((t) => `${t.service}: ${seen.get(t.traceId)!.problem}`);
  checks.push({
    name: 'error-traces-kept',
    ok: outcomes.every((o) => o.errorTraceKept),
    detail: notRun ?? `${list((o) => `${o.service} ${o.errorTraceKept ? 'kept' : 'dropped'}`)}${errorProblems.length ? `; ${errorProblems.join('; ')}` : ''}`,
  });
  const latencies = outcomes.map((o) => o.endToEndMs);
  const endToEndMs = latencies.every((l) => l !== undefined) ? Math.max(...(latencies as number[])) : undefined;
  checks.push({
    name: 'end-to-end-latency',
    ok: endToEndMs !== undefined && endToEndMs <= options.e2eThresholdMs,
    detail: endToEndMs !== undefined
      ? `${(endToEndMs / 1000).toFixed(1)} s sent → queryable (threshold ${options.e2eThresholdMs / 1000} s, polled every ${options.pollIntervalMs / 1000} s)`
      : notRun ?? `not every service became queryable within ${options.timeoutMs / 1000} s`,
  });
  const queryLatencyMs = lastRoundLatencies.length ? Math.max(...lastRoundLatencies) : undefined;
  checks.push({
    name: 'query-latency',
    ok: queryLatencyMs !== undefined && queryLatencyMs <= options.queryThresholdMs,
    detail: queryLatencyMs !== undefined
      ? `slowest query ${Math.round(queryLatencyMs)} ms (threshold ${options.queryThresholdMs} ms)`
      : notRun ?? `no query succeeded${why}`,
  });

  return {
    ok: checks.every((c) => c.ok),
    runId: options.runId,
    otlpUrl: options.otlpUrl,
    queryUrl: options.queryUrl,
    checks,
    services: outcomes,
    ...(endToEndMs !== undefined ? { endToEndMs: Math.round(endToEndMs) } : {}),
    endToEndThresholdMs: options.e2eThresholdMs,
    ...(queryLatencyMs !== undefined ? { queryLatencyMs: Math.round(queryLatencyMs) } : {}),
    queryThresholdMs: options.queryThresholdMs,
  };
}
