/**
 * The sizing model: for any load in its range, each tier gets what the benchmark says the load
 * needs plus the stated headroom, the gateways hold every trace for its decision wait, and the
 * sized constructs pass their own validation and the whole-stack checks.
 */
import * as fc from 'fast-check';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { JaegerStack, JaegerStorage, OtelCollector, validateStack } from '../../lib/internal';
import { MEMORY_LIMITER_REFUSE_RATIO, parseQuantity } from '../../lib/k8s/resources';
import * as M from '../../lib/sizing/measurements';
import { LOAD_RANGE, keptShare } from '../../lib/sizing/tracing-load';
import { TracingSizing, sizedTiers } from '../../lib/sizing/tracing-sizing';
import { main } from '../../lib/sizing/cli';
import { CollectorMode } from '../../lib/otel/otel-collector-props';
import { jaegerIn } from '../support/backend';

const cores = (q: string) => parseQuantity(q)!;
const bytes = (q: string) => parseQuantity(q)!;

const loadArb = fc.record({
  spansPerSecond: fc.integer({ min: 1, max: LOAD_RANGE.spansPerSecond.max }),
  nodes: fc.integer({ min: 1, max: 500 }),
  spansPerTrace: fc.integer({ min: 1, max: 200 }),
  errorShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  slowShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  baselinePercentage: fc.integer({ min: 0, max: 100 }),
  retentionHours: fc.integer({ min: 1, max: LOAD_RANGE.retentionHours.max }),
  decisionWaitSeconds: fc.integer({ min: 1, max: 60 }),
  outageMinutes: fc.integer({ min: 0, max: 240 }),
}).filter((l) => l.spansPerSecond / l.nodes <= LOAD_RANGE.spansPerSecondPerNode.max);

test('for any load in range, every tier fits the measured capacity with the stated headroom', () => {
  fc.assert(fc.property(loadArb, (load) => {
    const s = TracingSizing.forLoad(load);
    const scale = 1 + s.headroom;
    const total = load.spansPerSecond * scale;
    // Agent: the node's share of the load, at the measured cost per span, fits its CPU.
    expect(cores(sizedTiers(s).agent.resources.cpuRequest)).toBeGreaterThanOrEqual(M.AGENT_IDLE_CORES + ((total / load.nodes) / 1000) * M.AGENT_CORES_PER_1K - 1e-9);
    expect(sizedTiers(s).agent.resources.cpuLimit).toBe(sizedTiers(s).agent.resources.cpuRequest);
    expect(bytes(sizedTiers(s).agent.resources.memoryLimit) * MEMORY_LIMITER_REFUSE_RATIO)
      .toBeGreaterThanOrEqual((M.AGENT_RSS_BASE_MIB + ((total / load.nodes) / 1000) * M.AGENT_RSS_PER_1K_MIB) * 2 ** 20);
    // Gateways: together they have the CPU, and each holds its traces for the whole decision wait.
    expect(cores(sizedTiers(s).gateway.resources.cpuRequest) * sizedTiers(s).gateway.replicas).toBeGreaterThanOrEqual(M.GATEWAY_IDLE_CORES * sizedTiers(s).gateway.replicas + (total / 1000) * M.GATEWAY_CORES_PER_1K - 1e-9);
    expect(sizedTiers(s).gateway.tracesHeld * sizedTiers(s).gateway.replicas * load.spansPerTrace).toBeGreaterThanOrEqual(load.decisionWaitSeconds * total - load.spansPerTrace * sizedTiers(s).gateway.replicas);
    expect(sizedTiers(s).gateway.numTraces).toBeGreaterThanOrEqual(2 * sizedTiers(s).gateway.tracesHeld);
    expect(sizedTiers(s).gateway.decisionCacheSize).toBeGreaterThanOrEqual(10 * sizedTiers(s).gateway.numTraces);
    const held = M.GATEWAY_RSS_BASE_MIB * 2 ** 20 + sizedTiers(s).gateway.numTraces * load.spansPerTrace * M.GATEWAY_BYTES_PER_SPAN_HELD;
    expect(bytes(sizedTiers(s).gateway.resources.memoryLimit) * MEMORY_LIMITER_REFUSE_RATIO).toBeGreaterThanOrEqual(held);
    // The queue rides out the outage the load names, at the kept rate.
    const kept = keptShare(sizedTiers(s).load);
    expect(sizedTiers(s).gateway.queueSize * sizedTiers(s).gateway.replicas).toBeGreaterThanOrEqual(total * kept * load.outageMinutes * 60 - 1);
    // Jaeger: the stored share at its measured cost, and the volume for the whole retention.
    expect(cores(sizedTiers(s).jaeger.resources.cpuRequest)).toBeGreaterThanOrEqual(M.JAEGER_IDLE_CORES + ((total * kept) / 1000) * M.JAEGER_CORES_PER_1K - 1e-9);
    expect(cores(sizedTiers(s).jaeger.resources.cpuRequest)).toBeGreaterThanOrEqual(M.JAEGER_QUERY_CORES);
    expect(bytes(sizedTiers(s).jaeger.volumeSize)).toBeGreaterThanOrEqual(load.spansPerSecond * kept * load.retentionHours * 3600 * M.BADGER_BYTES_PER_SPAN * scale * 0.999);
  }), { numRuns: 300 });
});

test('every sized value passes the constructs\' own validation and the whole-stack checks', () => {
  fc.assert(fc.property(loadArb, fc.constantFrom('badger', 'badger-shared'), (load, storage) => {
    const sizing = TracingSizing.forLoad(load);
    const app = new App();
    const chart = new Chart(app, 'c');
    const jaeger = new JaegerStack(chart, 'jaeger', { sizing, storage: storage === 'badger' ? JaegerStorage.badger() : JaegerStorage.badgerShared() });
    // Given once, to the stack: the collectors exporting to it follow it.
    new OtelCollector(chart, 'otel', { backend: jaeger });
    const objects = chart.toJson();
    expect(validateStack(objects).map((f) => f.message)).toEqual([]);
    const gateway = parse(objects.find((o: any) => o.metadata?.name === 'otel-gateway-config').data['config.yaml']);
    expect(gateway.processors.tail_sampling.num_traces).toBe(sizedTiers(sizing).gateway.numTraces);
  }), { numRuns: 25 });
});

test('a load whose traces would overflow one gateway\'s num_traces gets more gateways instead', () => {
  // Found by the property test: 117k spans/s of one-span traces held for 57 s.
  const s = TracingSizing.forLoad({ spansPerSecond: 116_960, nodes: 3, spansPerTrace: 1, decisionWaitSeconds: 57 });
  expect(sizedTiers(s).gateway.numTraces).toBeLessThanOrEqual(10_000_000);
  expect(sizedTiers(s).gateway.numTraces * sizedTiers(s).gateway.replicas).toBeGreaterThanOrEqual(2 * 57 * 116_960 * 1.5);
});

test('more load never sizes a tier smaller', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (a, b) => {
    const [lo, hi] = [TracingSizing.forLoad({ spansPerSecond: Math.min(a, b), nodes: 2 }), TracingSizing.forLoad({ spansPerSecond: Math.max(a, b), nodes: 2 })];
    expect(cores(sizedTiers(hi).agent.resources.cpuRequest)).toBeGreaterThanOrEqual(cores(sizedTiers(lo).agent.resources.cpuRequest));
    expect(cores(sizedTiers(hi).gateway.resources.cpuRequest) * sizedTiers(hi).gateway.replicas).toBeGreaterThanOrEqual(cores(sizedTiers(lo).gateway.resources.cpuRequest) * sizedTiers(lo).gateway.replicas);
    expect(sizedTiers(hi).gateway.numTraces * sizedTiers(hi).gateway.replicas).toBeGreaterThanOrEqual(sizedTiers(lo).gateway.numTraces * sizedTiers(lo).gateway.replicas);
    expect(bytes(sizedTiers(hi).jaeger.volumeSize)).toBeGreaterThanOrEqual(bytes(sizedTiers(lo).jaeger.volumeSize));
  }), { numRuns: 200 });
});

test('props set by hand win over the sizing; the rest comes from it', () => {
  const sizing = TracingSizing.forLoad({ spansPerSecond: 40_000, nodes: 4 });
  const chart = new Chart(new App(), 'c');
  new OtelCollector(chart, 'otel', { backend: jaegerIn(), sizing, gateway: { replicas: 7, resources: { cpuRequest: '3' } } });
  const gateway = chart.toJson().find((o: any) => o.kind === 'StatefulSet' && o.metadata.name === 'otel-gateway');
  expect(gateway.spec.replicas).toBe(7);
  const r = gateway.spec.template.spec.containers[0].resources;
  expect(r.requests.cpu).toBe('3');
  expect(r.limits.memory).toBe(sizedTiers(sizing).gateway.resources.memoryLimit);
});

test('a sampling decisionWait equal to the sized one in other units is accepted', () => {
  const sizing = TracingSizing.forLoad({ spansPerSecond: 1_000, nodes: 2 });
  expect(() => new OtelCollector(new Chart(new App(), 'c'), 'otel', { backend: jaegerIn(), sizing, sampling: { decisionWait: '10000ms' } })).not.toThrow();
});

test('the sizing of a gateway-only or agent-only collector leaves the absent tier alone', () => {
  const sizing = TracingSizing.forLoad({ spansPerSecond: 1_000, nodes: 2 });
  expect(() => new OtelCollector(new Chart(new App(), 'a'), 'otel', { backend: jaegerIn(), sizing, mode: CollectorMode.GATEWAY_ONLY })).not.toThrow();
  expect(() => new OtelCollector(new Chart(new App(), 'b'), 'otel', { backend: jaegerIn(), sizing, mode: CollectorMode.AGENT_ONLY })).not.toThrow();
});

describe('cdk8s-tracing-size', () => {
  const run = (args: string[]) => {
    let out = '';
    let err = '';
    const status = main(args, (s) => { out += s; }, (s) => { err += s; });
    return { status, out, err };
  };

  test('prints the sizing of every tier as YAML', () => {
    const r = run(['--spans-per-second', '2000', '--nodes', '3', '--retention-hours', '24']);
    expect(r.status).toBe(0);
    const printed = parse(r.out);
    const expected = TracingSizing.forLoad({ spansPerSecond: 2000, nodes: 3, retentionHours: 24 });
    expect(printed.gateway.numTraces).toBe(sizedTiers(expected).gateway.numTraces);
    expect(printed.jaeger.volumeSize).toBe(sizedTiers(expected).jaeger.volumeSize);
    expect(printed.agent.resources).toEqual(sizedTiers(expected).agent.resources);
  });

  test('a bad command line or load exits 2 naming the problem', () => {
    expect(run(['--nodes', '3'])).toMatchObject({ status: 2, err: expect.stringContaining('load.spansPerSecond') });
    expect(run(['--spans-per-second', 'lots', '--nodes', '3'])).toMatchObject({ status: 2, err: expect.stringContaining('--spans-per-second: "lots" is not a number') });
    expect(run(['--colour'])).toMatchObject({ status: 2, err: expect.stringContaining('Usage:') });
  });
});
