/**
 * NetworkPolicies of the collector modes other than the platform's: each hop that mode really
 * uses is allowed, and nothing opens more than it needs.
 */
import { CollectorMode, JaegerStack, OtelCollector, StackNetworkPolicies } from '../../lib';
import { fixture } from '../support/fixture';
import { isAllowed, PodRef } from '../support/netpol';
import { schemaValidator } from '../support/schema';
import { synthObjects, testChart } from '../support/synth';

const tcp = (port: number) => ({ port, protocol: 'TCP' as const });
const app: PodRef = { namespace: 'default', labels: { 'app.kubernetes.io/name': 'ryot' } };

function build(mode: CollectorMode.AGENT_ONLY | CollectorMode.GATEWAY_ONLY, agent?: { remoteSampling?: boolean }) {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger');
  const otel = new OtelCollector(chart, 'otel', { backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }), mode, ...(agent ? { agent } : {}) });
  new StackNetworkPolicies(chart, 'np', { jaeger, otel });
  const objects = synthObjects(chart);
  const podOf = (kind: string, name: string): PodRef => {
    const w = objects.find((o) => o.kind === kind && o.metadata.name === name);
    return { namespace: w.metadata.namespace, labels: w.spec.template.metadata.labels };
  };
  return { objects, podOf };
}

describe('agent-only', () => {
  const built = fixture(() => {
    const { objects, podOf } = build(CollectorMode.AGENT_ONLY);
    return { objects, agent: podOf('DaemonSet', 'otel-agent'), jaeger: podOf('StatefulSet', 'jaeger') };
  });

  test('policies are schema-valid', () => {
    const { objects } = built();
    for (const o of objects) expect(schemaValidator().validate(o)).toEqual([]);
  });

  test('the agent reaches Jaeger for OTLP and for the remote-sampling proxy (5779)', () => {
    const { objects, agent, jaeger } = built();
    expect(isAllowed(objects, agent, jaeger, tcp(4317))).toBe(true);
    expect(isAllowed(objects, agent, jaeger, tcp(5779))).toBe(true);
    expect(isAllowed(objects, agent, jaeger, tcp(16686))).toBe(false);
  });

  test('without the proxy the agent gets OTLP only', () => {
    const { objects: o, podOf: p } = build(CollectorMode.AGENT_ONLY, { remoteSampling: false });
    expect(isAllowed(o, p('DaemonSet', 'otel-agent'), p('StatefulSet', 'jaeger'), tcp(4317))).toBe(true);
    expect(isAllowed(o, p('DaemonSet', 'otel-agent'), p('StatefulSet', 'jaeger'), tcp(5779))).toBe(false);
  });
});

describe('gateway-only', () => {
  const built = fixture(() => {
    const { objects, podOf } = build(CollectorMode.GATEWAY_ONLY);
    return { objects, gateway: podOf('StatefulSet', 'otel-gateway'), jaeger: podOf('StatefulSet', 'jaeger') };
  });

  test('senders (their own agents) reach the gateways on OTLP, and nothing else of them', () => {
    const { objects, gateway } = built();
    expect(isAllowed(objects, app, gateway, tcp(4317))).toBe(true);
    expect(isAllowed(objects, app, gateway, tcp(4318))).toBe(true);
    expect(isAllowed(objects, app, gateway, tcp(8888))).toBe(false);
  });

  test('the gateways reach Jaeger on OTLP', () => {
    const { objects, gateway, jaeger } = built();
    expect(isAllowed(objects, gateway, jaeger, tcp(4317))).toBe(true);
  });
});

test('a rule with no ports (which would allow every port) is refused', () => {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger');
  const policies = new StackNetworkPolicies(chart, 'np', { jaeger });
  expect(() => policies.allowEgress(jaeger.roles[0], { name: 'x', cidr: '10.0.0.0/8' }, []))
    .toThrow(/invalid prop "ports of all-in-one" = \[\]: a rule with no ports would allow every port/);
});
