/**
 * An exporter added to a collector whose pods the NetworkPolicies restrict must be let out, or
 * the whole-stack validator names the blocked egress (trap 7 of the composition issue): a CNI
 * that enforces the policies drops the connection silently.
 */
import { Chart } from 'cdk8s';
import { JaegerStack, OtelCollector, Peers, StackNetworkPolicies, StackValidator } from '../../lib/internal';
import { synthObjects, testChart } from '../support/synth';

const ARCHIVE = { endpoint: 'https://archive.example.com:4318' };

function stack(options: { policies?: boolean; allow?: boolean; exporter?: object } = {}): any[] {
  const chart: Chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing' });
  const otel = new OtelCollector(chart, 'otel', { namespace: 'tracing', backend: jaeger });
  otel.gateway!.addExporter('otlp_http/archive', options.exporter ?? ARCHIVE);
  if (options.policies ?? true) {
    const policies = new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
    if (options.allow) {
      const gateway = otel.roles.find((r) => r.component === 'gateway')!;
      policies.allowEgress(gateway, Peers.cidr('archive', '203.0.113.0/24'), [{ name: 'archive', port: 4318, protocol: 'TCP' }]);
    }
  }
  return synthObjects(chart);
}

const egressFindings = (objects: any[]) => StackValidator.validate(objects).filter((f) => f.check === 'collector-egress');

test('an exporter to an address outside the cluster, not let out by the policies, is named with its port and the fix', () => {
  const findings = egressFindings(stack());
  expect(findings.map((f) => f.message)).toEqual([
    'StatefulSet tracing/otel-gateway: exporter "otlp_http/archive" endpoint "https://archive.example.com:4318" (ConfigMap tracing/otel-gateway-config) → '
    + 'no NetworkPolicy lets its pods out on port 4318; allow it, e.g. policies.allowEgress(otel.roles.find((r) => r.component === \'gateway\')!, '
    + 'Peers.cidr(\'<name>\', \'<CIDR of the endpoint>\'), [{ name: \'<name>\', port: 4318, protocol: \'TCP\' }])',
  ]);
});

test('allowed by an egress policy of the gateways, or with no policies at all, nothing is found', () => {
  expect(egressFindings(stack({ allow: true }))).toEqual([]);
  expect(egressFindings(stack({ policies: false }))).toEqual([]);
});

test('the port follows the URL: https without a port is 443', () => {
  const findings = egressFindings(stack({ exporter: { endpoint: 'https://archive.example.com/otlp' } }));
  expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('no NetworkPolicy lets its pods out on port 443')]);
});

test('the stack\'s own hops (agents → gateways, gateways → Jaeger, agents\' sampling proxy) need nothing more', () => {
  const chart = testChart();
  const jaeger = new JaegerStack(chart, 'jaeger', { namespace: 'tracing' });
  const otel = new OtelCollector(chart, 'otel', { namespace: 'otel', backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }) });
  new StackNetworkPolicies(chart, 'policies', { jaeger, otel });
  expect(egressFindings(synthObjects(chart))).toEqual([]);
});
