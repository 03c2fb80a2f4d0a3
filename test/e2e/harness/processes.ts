/** Stopping a container's processes as the kubelet does: SIGTERM, then SIGKILL after the grace period. */
import { ChildProcess } from 'child_process';
import * as fs from 'fs';

/** SIGTERM the container's processes, then SIGKILL after `graceMs` (at once when 0). */
export async function terminate(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (graceMs > 0) {
    signalLeaves(child.pid!, 'SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
    if (await Promise.race([exited.then(() => 'exited' as const), timeout]) === 'exited') return;
  }
  signalLeaves(child.pid!, 'SIGKILL');
  child.kill('SIGKILL');
  await exited;
}

/** Stops a program the harness started (not a container): SIGTERM, SIGKILL after `graceMs`; resolves when it has exited. */
export async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  timer.unref();
  await exited;
  clearTimeout(timer);
}

/** Every process's children, by parent pid, read from /proc now. */
export function processChildren(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/** Signals the innermost processes under `pid` (the container's entrypoint, below bwrap). */
function signalLeaves(pid: number, signal: NodeJS.Signals): void {
  const children = processChildren();
  const leaves: number[] = [];
  const walk = (p: number) => {
    const kids = children.get(p) ?? [];
    if (kids.length === 0) leaves.push(p);
    kids.forEach(walk);
  };
  walk(pid);
  for (const leaf of leaves) {
    try {
      process.kill(leaf, signal);
    } catch {
      // gone
    }
  }
}
