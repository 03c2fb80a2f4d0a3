/**
 * What users would otherwise deploy, run from the same pinned binaries under the same load and
 * the same resources as ours: the OpenTelemetry Collector Helm chart's default agent (its
 * values.yaml `config`, as the chart renders it for `mode: daemonset` with no presets) and
 * Jaeger's all-in-one defaults (no `--config`: the embedded all-in-one.yaml, memory storage).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { terminate } from '../../test/e2e/harness/processes';
import { JaegerApi, eventually } from '../../test/e2e/harness/traffic';
import { Meter, confine, processTree } from '../harness/meter';
import { payloads, send } from '../harness/load';
import { SPANS_PER_BATCH, TRACES_PER_BATCH, TierCost } from './pipeline';

/**
 * The chart's default `config` (opentelemetry-helm-charts, charts/opentelemetry-collector/
 * values.yaml and templates/_config.tpl): OTLP, Jaeger and Zipkin receivers, the memory_limiter
 * the chart injects (5 s, 80 % / 25 % of the memory limit), `batch: {}` and the `debug` exporter.
 * Listening on loopback stands in for `${env:MY_POD_IP}`.
 */
const HELM_DEFAULT_AGENT = `
receivers:
  otlp:
    protocols:
      grpc: { endpoint: 127.0.0.1:4317 }
      http: { endpoint: 127.0.0.1:4318 }
  jaeger:
    protocols:
      grpc: { endpoint: 127.0.0.1:14250 }
      thrift_http: { endpoint: 127.0.0.1:14268 }
      thrift_compact: { endpoint: 127.0.0.1:6831 }
  zipkin:
    endpoint: 127.0.0.1:9411
  prometheus:
    config:
      scrape_configs:
        - job_name: opentelemetry-collector
          scrape_interval: 10s
          static_configs:
            - targets: [127.0.0.1:8888]
processors:
  batch: {}
  memory_limiter:
    check_interval: 5s
    limit_percentage: 80
    spike_limit_percentage: 25
exporters:
  debug: {}
extensions:
  health_check:
    endpoint: 127.0.0.1:13133
service:
  extensions: [health_check]
  telemetry:
    metrics:
      readers:
        - pull:
            exporter:
              prometheus: { host: 127.0.0.1, port: 8888 }
  pipelines:
    traces:
      receivers: [otlp, jaeger, zipkin]
      processors: [memory_limiter, batch]
      exporters: [debug]
    metrics:
      receivers: [otlp, prometheus]
      processors: [memory_limiter, batch]
      exporters: [debug]
`;

/** A process the benchmark starts on the host, confined like the pod it is compared with. */
export class HostProcess {
  private child?: ChildProcess;

  constructor(private readonly name: string, private readonly argv: string[], private readonly env: Record<string, string> = {},
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'))) {}

  async start(readyUrl: string, cpuCores: number, memoryBytes?: number): Promise<void> {
    const log = fs.openSync(path.join(this.dir, 'log'), 'a');
    this.child = spawn(this.argv[0], this.argv.slice(1), { stdio: ['ignore', log, log], env: { PATH: process.env.PATH ?? '', HOME: this.dir, ...this.env }, cwd: this.dir });
    fs.closeSync(log);
    confine(this.name, [this.child.pid!], cpuCores, memoryBytes);
    await eventually(`${this.name} ready`, async () => ((await fetch(readyUrl).catch(() => undefined))?.ok ? true : undefined), 60_000, 250);
  }

  meter(): Meter {
    return new Meter(() => (this.child?.pid ? processTree(this.child.pid) : []));
  }

  logs(): string {
    return fs.readFileSync(path.join(this.dir, 'log'), 'utf8');
  }

  async stop(): Promise<void> {
    await terminate(this.child, 5_000);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function helmDefaultAgent(collectorBinary: string): HostProcess {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-helm-'));
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, HELM_DEFAULT_AGENT);
  return new HostProcess('helm-agent', [collectorBinary, '--config', config], {}, dir);
}

export function jaegerAllInOne(jaegerBinary: string): HostProcess {
  return new HostProcess('jaeger-all-in-one', [jaegerBinary]);
}

/** The same paced load as the pipeline phase, into a host process's OTLP/HTTP receiver. */
export async function hostPhase(target: HostProcess, otlpUrl: string, rate: number, seconds: number, settleSeconds: number): Promise<TierCost & { achievedRate: number; refusedAtSender: number }> {
  const batches = payloads(Math.max(2, Math.ceil((rate * seconds) / SPANS_PER_BATCH)), TRACES_PER_BATCH);
  const m = target.meter();
  m.start();
  const result = await send(otlpUrl, batches, SPANS_PER_BATCH, rate);
  await new Promise((r) => setTimeout(r, settleSeconds * 1000));
  const used = m.stop();
  const accepted = result.sent - result.refused;
  return {
    cpuSeconds: used.cpuSeconds,
    seconds: used.seconds,
    coresPer1kSpansPerSecond: accepted > 0 ? used.cpuSeconds / (accepted / 1000) : 0,
    peakRssBytes: used.peakRssBytes,
    accepted,
    refused: result.refused,
    failed: 0,
    achievedRate: result.rate,
    refusedAtSender: result.refused,
  };
}

export const jaegerApi = (): JaegerApi => new JaegerApi('http://127.0.0.1:16686');
