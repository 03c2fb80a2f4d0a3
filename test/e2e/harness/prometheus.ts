/**
 * A real Prometheus scraping what the stack's PodMonitors select, with the stack's
 * PrometheusRules loaded. The prometheus-operator is not run: each PodMonitor endpoint becomes a
 * scrape job with the operator's job name, target labels and the monitor's own relabelings, fed
 * by a file of the selected pods' addresses that follows readiness.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { Binary } from './binaries';
import { LocalCluster, sleep } from './cluster';
import { GATEWAY_IP } from './network';
import { probePort } from './probes';
import { durationSeconds, scaleRanges, seconds } from './promql';

export const PROMETHEUS_PORT = 9090;

/** `app.kubernetes.io/name` → `app_kubernetes_io_name`, as Kubernetes service discovery names label metas. */
const metaName = (label: string) => label.replace(/[^a-zA-Z0-9_]/g, '_');

export interface PrometheusOptions {
  /** Scrape and evaluation interval (the monitors ask for 30 s). */
  readonly interval: string;
  /**
   * Time runs this many times faster for the rules: every range window and every `for` is
   * divided by it, so a rule sees as many scrapes per window as it would at the monitors'
   * interval. Use 30 s / interval.
   * @default 1
   */
  readonly timeScale?: number;
}

export class LocalPrometheus {
  private process?: ChildProcess;
  private readonly dir: string;
  readonly url = `http://${GATEWAY_IP}:${PROMETHEUS_PORT}`;
  private timer?: NodeJS.Timeout;

  constructor(private readonly cluster: LocalCluster, private readonly binary: Binary, private readonly options: PrometheusOptions) {
    this.dir = path.join(cluster.dir, 'prometheus');
  }

  private podMonitorJobs(): any[] {
    const jobs: any[] = [];
    for (const pm of this.cluster.objects.filter((o) => o.kind === 'PodMonitor')) {
      (pm.spec.podMetricsEndpoints ?? []).forEach((ep: any, i: number) => {
        const job = `podMonitor/${pm.metadata.namespace}/${pm.metadata.name}/${i}`;
        jobs.push({
          job_name: job,
          scrape_interval: this.options.interval,
          metrics_path: ep.path ?? '/metrics',
          file_sd_configs: [{ files: [this.targetsFile(job)], refresh_interval: '1s' }],
          relabel_configs: [
            // What the operator generates for every PodMonitor endpoint.
            { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
            { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
            { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
            { target_label: 'job', replacement: `${pm.metadata.namespace}/${pm.metadata.name}` },
            { target_label: 'endpoint', replacement: String(ep.port) },
            ...(ep.relabelings ?? []).map((r: any) => ({
              ...(r.sourceLabels ? { source_labels: r.sourceLabels } : {}),
              ...(r.targetLabel ? { target_label: r.targetLabel } : {}),
              ...(r.action ? { action: r.action } : {}),
              ...(r.regex ? { regex: r.regex } : {}),
              ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
            })),
          ],
          metric_relabel_configs: (ep.metricRelabelings ?? []).map((r: any) => ({ source_labels: r.sourceLabels, target_label: r.targetLabel, action: r.action, regex: r.regex })),
          __monitor: pm,
          __endpoint: ep,
        });
      });
    }
    return jobs;
  }

  private targetsFile(job: string): string {
    return path.join(this.dir, 'targets', `${job.replace(/\//g, '_')}.json`);
  }

  /** Writes each job's targets: the ready pods its monitor selects, at the endpoint's port. */
  private writeTargets(jobs: any[]): void {
    for (const job of jobs) {
      const pm = job.__monitor;
      const ep = job.__endpoint;
      const namespaces: string[] = pm.spec.namespaceSelector?.matchNames ?? [pm.metadata.namespace];
      const selector: Record<string, string> = pm.spec.selector?.matchLabels ?? {};
      const targets = this.cluster.pods
        .filter((p) => p.ready && namespaces.includes(p.plan.namespace) && Object.entries(selector).every(([k, v]) => p.plan.labels[k] === v))
        .flatMap((p) => p.plan.spec.containers.filter((c: any) => (c.ports ?? []).some((port: any) => port.name === ep.port)).map((c: any) => ({
          targets: [`${p.ip}:${probePort(ep.port, c.ports)}`],
          labels: {
            __meta_kubernetes_namespace: p.plan.namespace,
            __meta_kubernetes_pod_name: p.plan.name,
            __meta_kubernetes_pod_container_name: c.name,
            ...Object.fromEntries(Object.entries(p.plan.labels).map(([k, v]) => [`__meta_kubernetes_pod_label_${metaName(k)}`, v])),
          },
        })));
      const file = this.targetsFile(job.job_name);
      const text = JSON.stringify(targets);
      if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
      fs.writeFileSync(`${file}.tmp`, text);
      fs.renameSync(`${file}.tmp`, file); // Prometheus must never read a half-written file
    }
  }

  /** The stack's PrometheusRules as one rule file, with time scaled (see timeScale). */
  private rules(): unknown {
    const scale = this.options.timeScale ?? 1;
    const groups = this.cluster.objects.filter((o) => o.kind === 'PrometheusRule').flatMap((r) => r.spec.groups);
    return {
      groups: groups.map((g: any) => ({
        ...g,
        interval: this.options.interval,
        rules: g.rules.map((r: any) => ({
          ...r,
          expr: scaleRanges(r.expr, scale),
          ...(r.for ? { for: seconds(durationSeconds(r.for) / scale) } : {}),
        })),
      })),
    };
  }

  async start(): Promise<void> {
    fs.mkdirSync(path.join(this.dir, 'targets'), { recursive: true });
    const jobs = this.podMonitorJobs();
    this.writeTargets(jobs);
    fs.writeFileSync(path.join(this.dir, 'rules.yaml'), stringify(this.rules()));
    fs.writeFileSync(path.join(this.dir, 'prometheus.yaml'), stringify({
      global: { scrape_interval: this.options.interval, evaluation_interval: this.options.interval },
      rule_files: [path.join(this.dir, 'rules.yaml')],
      scrape_configs: jobs.map(({ __monitor, __endpoint, ...job }) => job),
    }));
    const log = fs.openSync(path.join(this.dir, 'prometheus.log'), 'a');
    this.process = spawn(this.binary.path, [
      `--config.file=${path.join(this.dir, 'prometheus.yaml')}`, `--storage.tsdb.path=${path.join(this.dir, 'data')}`,
      `--web.listen-address=${GATEWAY_IP}:${PROMETHEUS_PORT}`, '--web.enable-lifecycle',
    ], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.timer = setInterval(() => this.writeTargets(jobs), 1_000);
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`${this.url}/-/ready`)).ok) return;
      } catch {
        // starting
      }
      await sleep(250);
    }
    throw new Error(`Prometheus did not become ready:\n${fs.readFileSync(path.join(this.dir, 'prometheus.log'), 'utf8').slice(-2000)}`);
  }

  /** An instant query; returns the result vector. */
  async query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body: any = await res.json();
    if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
    return body.data.result;
  }

  /** Every metric name Prometheus has stored. */
  async metricNames(): Promise<string[]> {
    const body: any = await (await fetch(`${this.url}/api/v1/label/__name__/values`)).json();
    return body.data;
  }

  /** The alerts and their states (pending / firing). */
  async alerts(): Promise<Array<{ labels: Record<string, string>; state: string }>> {
    const body: any = await (await fetch(`${this.url}/api/v1/alerts`)).json();
    return body.data.alerts;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }
}
