/**
 * Cluster DNS for the harness: dnsmasq on the bridge answers `*.svc.cluster.local` from a hosts
 * file the cluster rewrites whenever a pod's readiness changes (SIGHUP re-reads it), and nothing
 * else (no upstream servers: a name outside the cluster does not resolve, as in a closed network).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GATEWAY_IP } from './network';

export const CLUSTER_DOMAIN = 'cluster.local';

export class ClusterDns {
  private readonly hostsFile: string;
  private process?: ChildProcess;
  private last = '';

  constructor(private readonly dir: string) {
    this.hostsFile = path.join(dir, 'cluster-hosts');
  }

  start(): void {
    fs.writeFileSync(this.hostsFile, '');
    this.process = spawn('dnsmasq', [
      '--keep-in-foreground', '--conf-file=/dev/null', '--bind-interfaces', `--listen-address=${GATEWAY_IP}`,
      '--no-resolv', '--no-hosts', `--addn-hosts=${this.hostsFile}`, `--local=/${CLUSTER_DOMAIN}/`, '--local=/svc/',
      '--local-ttl=1', '--no-negcache', '--user=root', `--pid-file=${path.join(this.dir, 'dnsmasq.pid')}`,
      `--log-facility=${path.join(this.dir, 'dnsmasq.log')}`,
    ], { stdio: 'ignore' });
  }

  /** Replaces every record: name → addresses (several addresses give several A records). */
  update(records: Map<string, string[]>): void {
    const lines = [...records.entries()].sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([name, ips]) => ips.map((addr) => `${addr} ${name}`));
    const text = lines.join('\n') + '\n';
    if (text === this.last) return;
    this.last = text;
    fs.writeFileSync(this.hostsFile, text);
    this.process?.kill('SIGHUP');
  }

  stop(): void {
    this.process?.kill('SIGTERM');
    this.process = undefined;
  }
}

/** The resolv.conf a pod in `namespace` gets (what the kubelet writes for ClusterFirst). */
export function resolvConf(namespace: string): string {
  return `nameserver ${GATEWAY_IP}\nsearch ${namespace}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\noptions ndots:5\n`;
}
