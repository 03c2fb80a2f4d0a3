/** Jaeger's query API on the node, from the host (the pod's address: the node routes to it). */
import { RealNode } from './node';

/** Jaeger's query API (`http://<jaeger-0>:16686/api`), as it is now (a replaced pod has a new address). */
export function jaegerApi(node: RealNode): string {
  return `http://${node.podIp('tracing', 'jaeger-0')}:16686/api`;
}

/** How many traces of `service` named `operation` Jaeger holds (over the last hour). */
export async function tracesInJaeger(node: RealNode, service: string, operation: string): Promise<number> {
  const end = Date.now() * 1000;
  const url = `${jaegerApi(node)}/traces?service=${service}&operation=${operation}&limit=100000&start=${end - 3_600_000_000}&end=${end + 60_000_000}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Jaeger ${url}: ${res.status}`);
  return new Set(((await res.json()) as { data: any[] }).data.map((t) => t.traceID)).size;
}

/** Polls until Jaeger holds `expected` such traces or `timeoutMs` passes; returns the last count. */
export async function waitForTraces(node: RealNode, service: string, operation: string, expected: number, timeoutMs: number): Promise<number> {
  let stored = 0;
  for (const deadline = Date.now() + timeoutMs; stored < expected && Date.now() < deadline;) {
    stored = await tracesInJaeger(node, service, operation).catch(() => 0);
    if (stored < expected) await new Promise((r) => setTimeout(r, 5_000));
  }
  return stored;
}
