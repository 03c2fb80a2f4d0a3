/**
 * A real OpenSearch node beside the harness's cluster, standing in for the cluster users point
 * the opensearch storage mode at: it listens on the bridge (where pods reach it) and the Service
 * name the manifests use resolves to it.
 *
 * Jaeger's index cleaner deletes by an index's creation time, not by the date in its name, and
 * OpenSearch refuses to set `index.creation_date`. So old indices are made the way they come to
 * exist in a cluster: by a node whose clock says it is that day. `seed` runs the node once under
 * libfaketime (Debian's faketime), moving its clock back day by day, before the real start reuses
 * the same data directory.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { Binary } from './binaries';
import { TestCertificateAuthority } from './certificates';
import { LocalCluster, Peer, sleep } from './cluster';
import { GATEWAY_IP } from './network';
import { terminate } from './processes';

export const OPENSEARCH_PORT = 9200;
/** Where a secured node listens, behind its front (on the host only). */
const BEHIND_FRONT = { host: '127.0.0.1', port: 9201 };

/**
 * OpenSearch's security plugin as a user's cluster runs it: HTTPS on 9200 with a certificate
 * for the Service name, from `ca`, and HTTP basic authentication of one user.
 */
export interface OpenSearchSecurity {
  readonly ca: TestCertificateAuthority;
  readonly username: string;
  readonly password: string;
}
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

export class LocalOpenSearch implements Peer {
  private process?: ChildProcess;
  private dir = '';

  private front?: https.Server;
  /** Requests the secured front answered, by outcome (`authenticated` or `refused`). */
  readonly frontRequests = { authenticated: 0, refused: 0 };

  /**
   * `service` and `namespace` name the Service the stack's serverUrls point at. With `security`
   * the node sits behind a front that plays OpenSearch's security plugin (see SUBSTITUTIONS).
   */
  constructor(private readonly binary: Binary, private readonly namespace: string, private readonly service: string,
    private readonly security?: OpenSearchSecurity) {}

  /** The URL the test process uses (the node itself, never the secured front). */
  get url(): string {
    return this.security ? `http://${BEHIND_FRONT.host}:${BEHIND_FRONT.port}` : `http://${GATEWAY_IP}:${OPENSEARCH_PORT}`;
  }

  /** Indices to create before the start, by how many days ago they were created. */
  private readonly seeds = new Map<number, string[]>();

  /** Has `indices` exist from the start, created `daysAgo` days before now. */
  seed(daysAgo: number, indices: string[]): this {
    this.seeds.set(daysAgo, [...(this.seeds.get(daysAgo) ?? []), ...indices]);
    return this;
  }

  async start(cluster: LocalCluster): Promise<void> {
    this.dir = path.join(cluster.dir, 'opensearch');
    fs.mkdirSync(this.dir, { recursive: true });
    if (this.seeds.size > 0) await this.createSeeds();
    await this.launch();
    if (this.security) await this.startFront(this.security);
    cluster.addServiceRecord(this.namespace, this.service, GATEWAY_IP);
  }

  /** HTTPS on the bridge for the Service's name; requests with the user's credentials pass to the node. */
  private async startFront(security: OpenSearchSecurity): Promise<void> {
    const { cert, key } = security.ca.issue('opensearch', [`${this.service}.${this.namespace}.svc`], ['server auth']);
    const expected = `Basic ${Buffer.from(`${security.username}:${security.password}`).toString('base64')}`;
    this.front = https.createServer({ cert, key }, (req, res) => {
      if (req.headers.authorization !== expected) {
        this.frontRequests.refused++;
        res.writeHead(401, { 'www-authenticate': 'Basic realm="OpenSearch Security"', 'content-type': 'application/json' });
        res.end('{"error":"Unauthorized"}');
        return;
      }
      this.frontRequests.authenticated++;
      const upstream = http.request({ ...BEHIND_FRONT, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve, reject) => {
      this.front!.once('error', reject);
      this.front!.listen(OPENSEARCH_PORT, GATEWAY_IP, () => resolve());
    });
  }

  private async createSeeds(): Promise<void> {
    if (!fs.existsSync(LIBFAKETIME)) throw new Error(`seeding old indices needs libfaketime (${LIBFAKETIME}): apt-get install faketime`);
    const clock = path.join(this.dir, 'faketime');
    const days = [...this.seeds.keys()].sort((a, b) => b - a);
    fs.writeFileSync(clock, `-${days[0]}d\n`);
    // The clock file is re-read every second; monotonic time stays real so timers behave.
    await this.launch({ LD_PRELOAD: LIBFAKETIME, FAKETIME_TIMESTAMP_FILE: clock, FAKETIME_CACHE_DURATION: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' });
    for (const daysAgo of days) {
      fs.writeFileSync(clock, `-${daysAgo}d\n`);
      await sleep(2000);
      for (const index of this.seeds.get(daysAgo)!) await this.request('PUT', `/${index}`);
    }
    await this.stop();
  }

  private async launch(env: Record<string, string> = {}): Promise<void> {
    const log = fs.openSync(path.join(this.dir, 'opensearch.log'), 'a');
    const listen = this.security ? [BEHIND_FRONT.host, String(BEHIND_FRONT.port)] : [GATEWAY_IP, String(OPENSEARCH_PORT)];
    this.process = spawn(this.binary.path, [path.join(this.dir, 'data'), ...listen],
      { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
    fs.closeSync(log);
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (this.process.exitCode !== null) throw new Error(`OpenSearch exited (${this.process.exitCode}):\n${this.logTail()}`);
      try {
        const health = await (await fetch(`${this.url}/_cluster/health`)).json() as { status?: string };
        if (health.status === 'green' || health.status === 'yellow') break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`OpenSearch not healthy after 180 s:\n${this.logTail()}`);
      await sleep(1000);
    }
  }

  async stop(): Promise<void> {
    const front = this.front;
    this.front = undefined;
    if (front) {
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
    await terminate(this.process, 15_000);
    this.process = undefined;
  }

  /** Starts the node again on its data (after `stop`, for an outage), once it is healthy. */
  async restart(): Promise<void> {
    await this.launch();
    if (this.security) await this.startFront(this.security);
  }

  /** GET or another method on the OpenSearch REST API; returns the parsed JSON body. */
  async request(method: string, urlPath: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.url}${urlPath}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`OpenSearch ${method} ${urlPath}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Names of the indices that exist now. */
  async indices(): Promise<string[]> {
    const rows = await this.request('GET', '/_cat/indices?format=json') as Array<{ index: string }>;
    return rows.map((r) => r.index).sort();
  }

  /** Index name → creation time (ISO). */
  async creationDates(): Promise<Record<string, string>> {
    const rows = await this.request('GET', '/_cat/indices?format=json&h=index,creation.date.string') as Array<Record<string, string>>;
    return Object.fromEntries(rows.map((r) => [r.index, r['creation.date.string']]));
  }

  private logTail(): string {
    const file = path.join(this.dir, 'opensearch.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-40).join('\n') : '';
  }
}
