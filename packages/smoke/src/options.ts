import { parseArgs } from 'util';

/** Sample traces per service: (1 - 0.2)^60 = 1.5e-6 per service, so a 20 % baseline does not fail the check by chance. */
export const DEFAULT_TRACES_PER_SERVICE = 60;

/**
 * The services the smoke test impersonates unless told (`--services`): made-up names, so a run
 * never mixes its traces into a real service's. Name your own services to also check their
 * remote-sampling strategies and dashboards.
 */
export const DEFAULT_SERVICES = ['smoke-frontend', 'smoke-backend'];

/** Everything the smoke test needs, validated. */
export interface SmokeOptions {
  /** OTLP/HTTP base URL (the agent's 4318, or the gateway's); `/v1/traces` is appended. */
  readonly otlpUrl: string;
  /** Jaeger query base URL (UI/API on 16686). */
  readonly queryUrl: string;
  /** Services to send traces as. */
  readonly services: string[];
  /** Sample (non-error) traces per service. */
  readonly tracesPerService: number;
  /** How long to wait for the traces to become queryable, in ms. */
  readonly timeoutMs: number;
  /** Pass threshold for sent → queryable, in ms. */
  readonly e2eThresholdMs: number;
  /** Pass threshold for one query, in ms. */
  readonly queryThresholdMs: number;
  /** Pause between polls, in ms. */
  readonly pollIntervalMs: number;
  /** Per-request timeout, in ms. */
  readonly requestTimeoutMs: number;
  /** Tag on every span, to find this run's traces. */
  readonly runId: string;
  /** Machine-readable report on stdout. */
  readonly json: boolean;
}

/** A bad command line: exit code 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `Usage: cdk8s-tracing-smoke [options]

Smoke test for a live tracing stack. Sends sample traces for each service over
OTLP/HTTP (a server span with a database-query and a cache-lookup child span,
with attributes) plus one error trace per service, then polls Jaeger's query API
until the services and traces appear. Reports each check as pass/fail, the
end-to-end latency (sent -> queryable) and the query latency, and whether the
error traces were kept by tail sampling. Progress goes to stderr.

Reach the cluster first, e.g.:
  kubectl -n monitoring port-forward svc/otel-collector 4318:4318 &
  kubectl -n monitoring port-forward svc/jaeger-query 16686:16686 &

Options:
  --otlp-url URL            OTLP/HTTP base URL; /v1/traces is appended
                            (default http://localhost:4318)
  --query-url URL           Jaeger query base URL (default http://localhost:16686)
  --services LIST           comma-separated service names
                            (default ${DEFAULT_SERVICES.join(',')})
  --traces-per-service N    sample traces per service (default 60). Tail sampling
                            keeps only a share p of ordinary traces; a service passes
                            when at least one of its traces is queryable, which
                            fails by chance (1-p)^N: 1.5e-6 at p = 0.2
  --timeout SECONDS         how long to wait for the traces (default 120; the
                            gateway holds each trace for its decision_wait first)
  --e2e-threshold SECONDS   pass threshold for sent -> queryable (default 60)
  --query-threshold MS      pass threshold for one query (default 1000)
  --poll-interval MS        pause between polls (default 2000)
  --request-timeout MS      timeout of each HTTP request (default 10000)
  --run-id ID               tag smoke.run.id on every span (default: random)
  --json                    print the report as JSON on stdout
  -h, --help                show this help

Exit status: 0 all checks passed, 1 a check failed, 2 bad command line.
`;

function positive(name: string, raw: string | undefined, fallback: number, opts: { integer?: boolean; scale?: number } = {}): number {
  if (raw === undefined) return fallback * (opts.scale ?? 1);
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || (opts.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${opts.integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return value * (opts.scale ?? 1);
}

function baseUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--${name} must be an http or https URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** Parses argv (without node and script); `help` when -h/--help was given. */
export function parseOptions(argv: string[]): SmokeOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'otlp-url': { type: 'string' },
        'query-url': { type: 'string' },
        'services': { type: 'string' },
        'traces-per-service': { type: 'string' },
        'timeout': { type: 'string' },
        'e2e-threshold': { type: 'string' },
        'query-threshold': { type: 'string' },
        'poll-interval': { type: 'string' },
        'request-timeout': { type: 'string' },
        'run-id': { type: 'string' },
        'json': { type: 'boolean' },
        'help': { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const services = (v.services ?? DEFAULT_SERVICES.join(',')).split(',').map((s) => s.trim());
  for (const s of services) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s)) throw new UsageError(`--services: "${s}" is not a usable service name`);
  }
  if (new Set(services).size !== services.length) throw new UsageError('--services lists a service twice');
  const runId = v['run-id'] ?? `smoke-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new UsageError(`--run-id must be letters, digits, ".", "_" or "-", got "${runId}"`);
  const timeoutMs = positive('timeout', v.timeout, 120, { scale: 1000 });
  return {
    otlpUrl: baseUrl('otlp-url', v['otlp-url'] ?? 'http://localhost:4318'),
    queryUrl: baseUrl('query-url', v['query-url'] ?? 'http://localhost:16686'),
    services,
    // 20 failed by chance 1 % of the time per service at a 20 % baseline (the e2e tier saw it).
    tracesPerService: positive('traces-per-service', v['traces-per-service'], DEFAULT_TRACES_PER_SERVICE, { integer: true }),
    timeoutMs,
    e2eThresholdMs: positive('e2e-threshold', v['e2e-threshold'], 60, { scale: 1000 }),
    queryThresholdMs: positive('query-threshold', v['query-threshold'], 1000),
    pollIntervalMs: positive('poll-interval', v['poll-interval'], 2000),
    requestTimeoutMs: positive('request-timeout', v['request-timeout'], 10_000),
    runId,
    json: v.json ?? false,
  };
}
