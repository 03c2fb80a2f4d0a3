/**
 * Jaeger's query latency as storage grows: spans written straight to a Jaeger's OTLP receiver up
 * to each size, then searches (service, last hour, 20 traces: the UI's default) and trace-by-id
 * reads of random stored traces; and, for Badger, the bytes its directory holds per stored span.
 */
import { execFileSync } from 'child_process';
import { JaegerApi } from '../../test/e2e/harness/traffic';
import { SERVICES, SPANS_PER_TRACE, kindOf, trace } from '../harness/load';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { percentile } from './latency';

export interface QueryPoint {
  readonly storedSpans: number;
  readonly searchP50Ms: number;
  readonly searchP95Ms: number;
  readonly byIdP50Ms: number;
  readonly byIdP95Ms: number;
  /** Bytes on disk (allocated blocks) per stored span, when the store is a directory. */
  readonly bytesPerSpan?: number;
  /** Share of trace-by-id reads of written traces that found nothing (a store that evicts). */
  readonly notFoundShare: number;
  /** Spans/s the writes were taken at (unpaced, without the CPU quota: set-up speed, not capacity). */
  readonly ingestRate: number;
}

const TRACES_PER_BATCH = 200;
const QUERIES = 40;

/** Allocated bytes under a directory (du), as a PersistentVolume would account them. */
function diskBytes(dir: string): number {
  return Number(execFileSync('du', ['-s', '--block-size=1', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/**
 * Writes spans up to each of `sizes` (cumulative) and measures queries at each size. Filling the
 * store is set-up, not a measurement: `filling(true)` may lift the CPU quota for it, and
 * `filling(false)` restores it before the queries are timed.
 */
export async function queryAtSizes(otlpUrl: string, jaeger: JaegerApi, sizes: number[], dataDir?: string, filling: (on: boolean) => void = () => undefined): Promise<QueryPoint[]> {
  const points: QueryPoint[] = [];
  const known: string[] = [];
  let written = 0;
  for (const size of sizes) {
    const started = performance.now();
    const startWritten = written;
    filling(true);
    while (written < size) {
      // A few batches in flight: generation of the next overlaps the receiver's work on these.
      const inFlight = Array.from({ length: 4 }, async () => {
        const spans = [];
        for (let t = 0; t < TRACES_PER_BATCH; t++) {
          const i = written / SPANS_PER_TRACE + t;
          const tr = trace(SERVICES[i % SERVICES.length], kindOf(i));
          if (i % 97 === 0) known.push(tr.traceId);
          spans.push(...tr.spans);
        }
        written += spans.length;
        const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
        for (let attempt = 0; attempt < 20; attempt++) {
          const res = await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body }).catch(() => undefined);
          if (res?.ok) return;
          await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
        }
        throw new Error(`Jaeger refused a batch 20 times at ${written} spans`);
      });
      await Promise.all(inFlight);
    }
    const ingestRate = (written - startWritten) / ((performance.now() - started) / 1000);
    // Stored before measuring: the last trace written is readable.
    const last = known[known.length - 1];
    for (let i = 0; i < 300 && (await jaeger.spanIds(last).catch(() => [])).length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    filling(false);
    await new Promise((r) => setTimeout(r, 2_000)); // the write backlog drains at the restored quota
    const search: number[] = [];
    const byId: number[] = [];
    let notFound = 0;
    for (let q = 0; q < QUERIES; q++) {
      const s = await jaeger.get(`/api/traces?service=${SERVICES[q % SERVICES.length]}&lookback=1h&limit=20`);
      if (s.status !== 200 || !(s.body.data?.length > 0)) throw new Error(`search at ${written} spans: ${s.status}`);
      search.push(s.ms);
      const g = await jaeger.get(`/api/traces/${known[Math.floor(Math.random() * known.length)]}`);
      if (g.status === 404) notFound++;
      else if (g.status !== 200) throw new Error(`trace-by-id at ${written} spans: ${g.status}`);
      byId.push(g.ms);
    }
    points.push({
      storedSpans: written,
      searchP50Ms: percentile(search, 0.5),
      searchP95Ms: percentile(search, 0.95),
      byIdP50Ms: percentile(byId, 0.5),
      byIdP95Ms: percentile(byId, 0.95),
      bytesPerSpan: dataDir ? diskBytes(dataDir) / written : undefined,
      notFoundShare: notFound / QUERIES,
      ingestRate,
    });
  }
  return points;
}
