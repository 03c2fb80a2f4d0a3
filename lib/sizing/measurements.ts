/**
 * What the sizing model knows, each figure from one benchmark run (`npm run bench`), the one
 * MEASURED_IN names: the pinned binaries started from dist/ with its hand-set resources on the
 * e2e pod runner, OTLP/HTTP protobuf load of five-span traces, 1k and 5k spans/s three times
 * each, then doubling from 10k. `test/sizing/measurements.test.ts` recomputes every figure from
 * that file (bench/report.ts `sizingConstants`), so they cannot drift from the run they cite.
 * Re-run the benchmark after a change to the pipeline (processors, exporters, versions), commit
 * the run under bench/runs/ and update these together.
 */

/** The benchmark run the figures come from, relative to the repository root. */
export const MEASURED_IN = 'bench/runs/2026-12-03-hand-set-defaults.json';

// CPU is a least-squares fit over every phase: idle cores (probes, metrics, housekeeping) plus a
// cost per span; dividing a phase's CPU by its spans alone would charge the idle work to them.

/** Agent: idle cores, and cores per 1,000 spans/s received. */
export const AGENT_IDLE_CORES = 0.0053;
export const AGENT_CORES_PER_1K = 0.013;
/** Agent: resident memory with no load, and its growth per 1,000 spans/s. */
export const AGENT_RSS_BASE_MIB = 102;
export const AGENT_RSS_PER_1K_MIB = 1.4;

/** Gateway: idle cores per replica, and cores per 1,000 spans/s received (all replicas together). */
export const GATEWAY_IDLE_CORES = 0.0066;
export const GATEWAY_CORES_PER_1K = 0.013;
/** Gateway: resident memory per replica with no traces held, and bytes per span held for the decision wait. */
export const GATEWAY_RSS_BASE_MIB = 100;
export const GATEWAY_BYTES_PER_SPAN_HELD = 1648;

/** Jaeger (Badger, one process): idle cores, and cores per 1,000 spans/s stored. */
export const JAEGER_IDLE_CORES = 0.02;
export const JAEGER_CORES_PER_1K = 0.096;
/** Jaeger: peak resident memory at the paced rates (1k and 5k spans/s into the agent). */
export const JAEGER_RSS_MIB = 961;
/** Badger: bytes on disk per stored span with a million spans stored (allocated blocks, before compaction). */
export const BADGER_BYTES_PER_SPAN = 483;

/**
 * Jaeger: the CPU it had in the cited run, and the search p95 (one service, last hour, 20
 * traces) it gave there with a million spans stored, about an hour of a 500 spans/s platform.
 * Ingest alone would size it smaller; with half this CPU the search p95 was 997 ms, at the
 * plan's 1 s limit (bench/runs/2026-12-03-sized-jaeger-250m.json).
 */
export const JAEGER_QUERY_CORES = 0.5;
export const JAEGER_SEARCH_P95_MS = 316;

/**
 * Not measured: bytes per span in the gateway's file_storage queue (protobuf records plus the
 * bbolt pages), the figure the gateway's queueStorageSize doc states. The benchmark has no
 * outage phase yet to measure it.
 */
export const QUEUE_BYTES_PER_SPAN = 1_500;

/** Decision cache entries cost about 100 bytes each (see DECISION_CACHE_FACTOR). */
export const DECISION_CACHE_ENTRY_BYTES = 100;
