/** Kubelet probes (httpGet, tcpSocket) against a pod's address, with the kubelet's timing fields. */
import * as net from 'net';

export type ContainerProbe = any;

export interface ProbeState {
  readonly spec: ContainerProbe;
  nextAt: number;
  failures: number;
  successes: number;
  running: boolean;
}

export function newProbeState(spec: ContainerProbe): ProbeState {
  return { spec, nextAt: Date.now() + (spec.initialDelaySeconds ?? 0) * 1000, failures: 0, successes: 0, running: false };
}

/** Resolves a probe's port (a number or a container port name) as the kubelet does. */
export function probePort(port: number | string, ports: any[]): number {
  if (typeof port === 'number') return port;
  const found = ports.find((p) => p.name === port);
  if (!found) throw new Error(`probe port ${port} names no container port`);
  return found.containerPort;
}

/** One probe attempt: true on success (HTTP 200–399, or a TCP connect), within timeoutSeconds. */
export async function runProbe(probe: ContainerProbe, ip: string, ports: any[]): Promise<boolean> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    if (scheme !== 'http') throw new Error(`probe scheme ${scheme} is not supported by the harness`);
    const url = `http://${ip}:${probePort(probe.httpGet.port, ports)}${probe.httpGet.path ?? '/'}`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 400;
    } catch {
      return false;
    }
  }
  if (probe.tcpSocket) {
    const port = probePort(probe.tcpSocket.port, ports);
    return new Promise((resolve) => {
      const socket = net.connect({ host: ip, port, timeout: timeoutMs });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('timeout', () => { socket.destroy(); resolve(false); });
      socket.once('error', () => resolve(false));
    });
  }
  throw new Error(`probe kind ${Object.keys(probe).join(', ')} is not supported by the harness`);
}
