/**
 * (h) `cdk8s-tracing-smoke` against the harness exactly as a user runs it against a cluster (the
 * compiled bin, its defaults, an OTLP and a query URL), and the same command failing when the
 * gateway's error-trace policy is removed.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { LocalCluster } from './harness/cluster';
import { distObjects, startCluster } from './harness/stack';
import { stackObjects } from './harness/variants';
import { PLATFORM, PLATFORM_SERVICES } from '../../main';
import { JaegerStorage } from '../../lib';

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', '..', 'packages', 'smoke', 'src', 'cli.ts');

async function smoke(cluster: LocalCluster, namespace: string, timeoutSeconds = 90): Promise<{ code: number; stdout: string }> {
  const agent = cluster.pods.find((p) => p.plan.workload === 'DaemonSet/otel-agent')!;
  const query = cluster.serviceAddress(namespace, 'jaeger-query');
  try {
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', CLI,
      '--otlp-url', `http://${agent.ip}:4318`, '--query-url', `http://${query}:16686`, '--timeout', String(timeoutSeconds),
      // The platform's services, as its runbook runs it.
      '--services', PLATFORM_SERVICES.join(',')], { timeout: 150_000 });
    return { code: 0, stdout };
  } catch (e: any) {
    return { code: e.code, stdout: `${e.stdout}\n${e.stderr}` };
  }
}

test('passes against the committed dist/', async () => {
  const cluster = await startCluster(distObjects());
  try {
    const { code, stdout } = await smoke(cluster, PLATFORM.namespace);
    expect({ code, stdout }).toEqual({ code: 0, stdout: expect.stringContaining('all checks passed') });
  } finally {
    await cluster.stop();
  }
});

test('fails, naming the error traces, when the gateway keeps no error traces', async () => {
  const objects = stackObjects({ storage: JaegerStorage.memory() }, { sampling: { keepErrors: false, baselinePercentage: 0 } });
  const cluster = await startCluster(objects);
  try {
    // Nothing will ever be kept, so the command fails at its timeout: 40 s is four decision
    // waits, ample for a kept trace to have shown up (span end to queryable is about 11 s).
    const { code, stdout } = await smoke(cluster, 'tracing', 40);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL\s+\S*error/);
  } finally {
    await cluster.stop();
  }
});
