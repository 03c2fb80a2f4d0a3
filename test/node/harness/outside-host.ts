/**
 * A host outside the cluster for egress tests: its own network namespace on this machine, joined
 * to the host by a veth pair on a private /30, serving HTTP with the probe. Pods reach it through
 * the node's routing (never an address outside this machine).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';

const NETNS = 'node-tier-outside';
const HOST_SIDE = 'nto0';
const NS_SIDE = 'nto1';
export const OUTSIDE_IP = '10.250.0.2';
export const OUTSIDE_PORT = 8080;

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export class OutsideHost {
  private server?: ChildProcess;

  /** Makes the namespace and starts `probe serve` in it. */
  start(probe: string): void {
    this.stop();
    ip(['netns', 'add', NETNS]);
    ip(['link', 'add', HOST_SIDE, 'type', 'veth', 'peer', 'name', NS_SIDE]);
    ip(['link', 'set', NS_SIDE, 'netns', NETNS]);
    ip(['addr', 'add', '10.250.0.1/30', 'dev', HOST_SIDE]);
    ip(['link', 'set', HOST_SIDE, 'up']);
    ip(['-n', NETNS, 'addr', 'add', `${OUTSIDE_IP}/30`, 'dev', NS_SIDE]);
    ip(['-n', NETNS, 'link', 'set', NS_SIDE, 'up']);
    ip(['-n', NETNS, 'link', 'set', 'lo', 'up']);
    ip(['-n', NETNS, 'route', 'add', 'default', 'via', '10.250.0.1']);
    this.server = spawn('ip', ['netns', 'exec', NETNS, probe, 'serve', `${OUTSIDE_IP}:${OUTSIDE_PORT}`], { stdio: 'ignore' });
  }

  stop(): void {
    this.server?.kill('SIGKILL');
    spawnSync('ip', ['link', 'del', HOST_SIDE], { stdio: 'ignore' });
    spawnSync('ip', ['netns', 'del', NETNS], { stdio: 'ignore' });
  }
}
