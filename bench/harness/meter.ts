/**
 * What a pod costs while the benchmark drives it: CPU seconds and resident memory summed over the
 * container's process tree, read from /proc as the kubelet's cAdvisor reads its cgroup. And the
 * resources the manifest gives it, enforced with a cgroup (v1 cpu and memory controllers) so a
 * rate that needs more CPU than the container is given is throttled here as on a node.
 */
import * as fs from 'fs';
import * as path from 'path';
import { processChildren } from '../../test/e2e/harness/processes';

const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE = 4096;

/** The pid and every descendant of it. */
export function processTree(root: number): number[] {
  const children = processChildren();
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    (children.get(p) ?? []).forEach(walk);
  };
  walk(root);
  return out;
}

/** CPU seconds (user + system) and resident bytes of a set of processes now. */
export function usage(pids: number[]): { cpuSeconds: number; rssBytes: number } {
  let ticks = 0;
  let pages = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      ticks += Number(after[11]) + Number(after[12]); // utime, stime (fields 14 and 15)
      pages += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // exited meanwhile
    }
  }
  return { cpuSeconds: ticks / CLOCK_TICKS, rssBytes: pages * PAGE };
}

/** Samples a process tree every `intervalMs` between start() and stop(): CPU used and peak RSS. */
export class Meter {
  private startCpu = 0;
  private peak = 0;
  private timer?: NodeJS.Timeout;
  private startedAt = 0;

  constructor(private readonly roots: () => number[], private readonly intervalMs = 200) {}

  private pids(): number[] {
    return this.roots().flatMap(processTree);
  }

  start(): void {
    this.startCpu = usage(this.pids()).cpuSeconds;
    this.peak = 0;
    this.startedAt = performance.now();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, usage(this.pids()).rssBytes);
    }, this.intervalMs);
  }

  stop(): { cpuSeconds: number; seconds: number; peakRssBytes: number } {
    if (this.timer) clearInterval(this.timer);
    const now = usage(this.pids());
    return { cpuSeconds: now.cpuSeconds - this.startCpu, seconds: (performance.now() - this.startedAt) / 1000, peakRssBytes: Math.max(this.peak, now.rssBytes) };
  }
}

const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * Puts processes in a cgroup with a CPU quota and a memory limit. The CPU given is the limit, or
 * the request when there is none (what the scheduler guarantees the container): the capacity a
 * sizing model may count on. Returns false (and changes nothing) when cgroups are not writable.
 */
export function confine(name: string, pids: number[], cpuCores: number, memoryBytes?: number): boolean {
  const cpu = path.join(CGROUP_ROOT, 'cpu', `bench-${name}`);
  const memory = path.join(CGROUP_ROOT, 'memory', `bench-${name}`);
  try {
    fs.mkdirSync(cpu, { recursive: true });
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_period_us'), '100000');
    fs.writeFileSync(path.join(cpu, 'cpu.cfs_quota_us'), String(Math.round(cpuCores * 100_000)));
    for (const pid of pids) fs.writeFileSync(path.join(cpu, 'cgroup.procs'), String(pid));
    if (memoryBytes) {
      fs.mkdirSync(memory, { recursive: true });
      fs.writeFileSync(path.join(memory, 'memory.limit_in_bytes'), String(memoryBytes));
      for (const pid of pids) fs.writeFileSync(path.join(memory, 'cgroup.procs'), String(pid));
    }
    return true;
  } catch {
    return false;
  }
}

/** Lifts (undefined) or sets again a confined group's CPU quota. */
export function setCpuQuota(name: string, cpuCores: number | undefined): void {
  try {
    fs.writeFileSync(path.join(CGROUP_ROOT, 'cpu', `bench-${name}`, 'cpu.cfs_quota_us'), cpuCores === undefined ? '-1' : String(Math.round(cpuCores * 100_000)));
  } catch {
    // not confined: nothing to lift
  }
}

/** Whether a confined group hit its memory limit (the kernel's OOM counter). */
export function oomKilled(name: string): boolean {
  try {
    return /oom_kill (\d+)/.exec(fs.readFileSync(path.join(CGROUP_ROOT, 'memory', `bench-${name}`, 'memory.oom_control'), 'utf8'))?.[1] !== '0';
  } catch {
    return false;
  }
}

/** Removes the benchmark's cgroups (their processes have exited or move back to the root). */
export function releaseAll(): void {
  for (const controller of ['cpu', 'memory']) {
    const dir = path.join(CGROUP_ROOT, controller);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir).filter((e) => e.startsWith('bench-'))) {
      const group = path.join(dir, entry);
      try {
        for (const pid of fs.readFileSync(path.join(group, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          fs.writeFileSync(path.join(dir, 'cgroup.procs'), pid);
        }
        fs.rmdirSync(group);
      } catch {
        // still busy: left for the next run's release
      }
    }
  }
}
