/**
 * The harness's own network: one bridge, and one network namespace per pod attached to it by a
 * veth pair, so every pod has its own address and its own `0.0.0.0:4317`. Addresses come from
 * 198.18.0.0/16 (RFC 2544, set aside for network testing), which nothing outside this machine
 * routes: only the harness's namespaces and the test process on this machine carry traffic.
 */
import { execFileSync } from 'child_process';

/** Bridge name, and the prefix of every namespace and link the harness makes (for clean-up). */
export const PREFIX = 'ctr';
const BRIDGE = `${PREFIX}br0`;
export const SUBNET_PREFIX = '198.18';
/** The bridge's address: the "node" side, where DNS and the API server listen. */
export const GATEWAY_IP = `${SUBNET_PREFIX}.0.1`;

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // already gone
  }
}

/**
 * Removes every namespace and link an earlier (crashed or still-dying) run may have left. A
 * namespace outlives `ip netns delete` while any process is still in it, and its veth with it;
 * so the processes are killed first and the host ends of the veths deleted explicitly (that is
 * synchronous), or the next run's `ip link add` finds the old name still taken.
 */
export function cleanNetwork(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const name = line.split(' ')[0];
    if (!name?.startsWith(`${PREFIX}-`)) continue;
    for (const pid of safeIp('netns', 'pids', name).split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    tryIp('netns', 'delete', name);
  }
  for (const line of safeIp('-o', 'link', 'show').split('\n')) {
    const link = /^\d+: ([^:@]+)/.exec(line)?.[1];
    if (link?.startsWith(`${PREFIX}h`)) tryIp('link', 'delete', link);
  }
  tryIp('link', 'delete', BRIDGE);
}

function safeIp(...args: string[]): string {
  try {
    return ip(...args);
  } catch {
    return '';
  }
}

/** Creates the bridge with the gateway address; the test process reaches pods through it. */
export function createBridge(): void {
  cleanNetwork();
  ip('link', 'add', BRIDGE, 'type', 'bridge');
  ip('addr', 'add', `${GATEWAY_IP}/16`, 'dev', BRIDGE);
  ip('link', 'set', BRIDGE, 'up');
}

let nextHost = 10;
const byPod = new Map<string, PodNetwork>();

/** A pod's network namespace: name and address. Made once per pod name; survives restarts. */
export interface PodNetwork {
  readonly netns: string;
  readonly ip: string;
}

/** Creates (or returns) the namespace of a pod, with loopback up and a default route to the bridge. */
export function podNetwork(podKey: string): PodNetwork {
  const existing = byPod.get(podKey);
  if (existing) return existing;
  const index = nextHost++;
  const net = { netns: `${PREFIX}-${index}`, ip: `${SUBNET_PREFIX}.${Math.floor(index / 250)}.${(index % 250) + 2}` };
  const host = `${PREFIX}h${index}`;
  tryIp('link', 'delete', host); // a veth left by a namespace that was still dying
  ip('netns', 'add', net.netns);
  ip('link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', net.netns);
  ip('link', 'set', host, 'master', BRIDGE);
  ip('link', 'set', host, 'up');
  ip('-n', net.netns, 'addr', 'add', `${net.ip}/16`, 'dev', 'eth0');
  ip('-n', net.netns, 'link', 'set', 'eth0', 'up');
  ip('-n', net.netns, 'link', 'set', 'lo', 'up');
  ip('-n', net.netns, 'route', 'add', 'default', 'via', GATEWAY_IP);
  byPod.set(podKey, net);
  return net;
}

/** Forgets every pod network (after cleanNetwork). */
export function resetPodNetworks(): void {
  byPod.clear();
  nextHost = 10;
}
