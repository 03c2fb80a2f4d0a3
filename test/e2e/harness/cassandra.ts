/**
 * A real Cassandra node beside the harness's cluster, standing in for the cluster users point
 * the cassandra storage mode at: it listens on the bridge (where pods reach it), the Service name
 * the manifests use resolves to it, and it asks for a password (PasswordAuthenticator, the
 * built-in `cassandra` superuser), so the credentials really travel from the Secret.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { stringify } from 'yaml';
import { Binary } from './binaries';
import { LocalCluster, Peer, sleep } from './cluster';
import { GATEWAY_IP } from './network';
import { terminate } from './processes';

export const CASSANDRA_PORT = 9042;
/** The superuser a fresh node creates (CassandraRoleManager), the credentials the test's Secret holds. */
export const CASSANDRA_CREDENTIALS = { username: 'cassandra', password: 'cassandra' };

export class LocalCassandra implements Peer {
  private process?: ChildProcess;
  private dir = '';

  /** `service` and `namespace` name the Service the stack's servers point at. */
  constructor(private readonly binary: Binary, private readonly namespace: string, private readonly service: string) {}

  async start(cluster: LocalCluster): Promise<void> {
    this.dir = path.join(cluster.dir, 'cassandra');
    const data = (name: string) => path.join(this.dir, 'data', name);
    fs.mkdirSync(this.dir, { recursive: true });
    // The smallest single-node config: one token, the node its own seed, on the bridge address.
    const config = {
      cluster_name: 'e2e',
      num_tokens: 1,
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
      endpoint_snitch: 'SimpleSnitch',
      seed_provider: [{ class_name: 'org.apache.cassandra.locator.SimpleSeedProvider', parameters: [{ seeds: `${GATEWAY_IP}:7000` }] }],
      listen_address: GATEWAY_IP,
      rpc_address: GATEWAY_IP,
      native_transport_port: CASSANDRA_PORT,
      storage_port: 7000,
      commitlog_sync: 'periodic',
      commitlog_sync_period: '10000ms',
      data_file_directories: [data('data')],
      commitlog_directory: data('commitlog'),
      saved_caches_directory: data('saved_caches'),
      hints_directory: data('hints'),
      cdc_raw_directory: data('cdc'),
      authenticator: 'PasswordAuthenticator',
      authorizer: 'AllowAllAuthorizer',
      start_native_transport: true,
    };
    const configFile = path.join(this.dir, 'cassandra.yaml');
    fs.writeFileSync(configFile, stringify(config));
    const log = fs.openSync(path.join(this.dir, 'cassandra.log'), 'a');
    this.process = spawn(this.binary.path, [configFile], { stdio: ['ignore', log, log], env: process.env });
    fs.closeSync(log);
    // Ready when CQL listens and the default superuser exists (created some seconds after start).
    const deadline = Date.now() + 180_000;
    while (!(await this.listening()) || !this.log().includes('Created default superuser role')) {
      if (this.process.exitCode !== null) throw new Error(`Cassandra exited (${this.process.exitCode}):\n${this.logTail()}`);
      if (Date.now() > deadline) throw new Error(`Cassandra not ready after 180 s:\n${this.logTail()}`);
      await sleep(1000);
    }
    cluster.addServiceRecord(this.namespace, this.service, GATEWAY_IP);
  }

  async stop(): Promise<void> {
    await terminate(this.process, 15_000);
    this.process = undefined;
  }

  /** The node's log so far. */
  log(): string {
    const file = path.join(this.dir, 'cassandra.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  private listening(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(CASSANDRA_PORT, GATEWAY_IP);
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
  }

  private logTail(): string {
    return this.log().split('\n').slice(-40).join('\n');
  }
}
