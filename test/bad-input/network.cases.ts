import { JaegerStack, JaegerStorage, OtelCollector, Peers, Ports, StackNetworkPolicies, TracingNetworkPolicies, WorkloadRole } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { jaegerIn } from '../support/backend';

const tnp = rowsFor('TracingNetworkPolicies', ({ chart }, props) => new TracingNetworkPolicies(chart, SUBJECT, props));
const badId = rowsFor('TracingNetworkPolicies', ({ chart }, props) => new TracingNetworkPolicies(chart, 'Policies for the stack', props),
  { where: 'TracingNetworkPolicies "Policies for the stack"' });

/** Two roles of a made-up pipeline, for the allow* methods. */
const AGENT: WorkloadRole = { component: 'agent', namespace: 'monitoring', selector: { app: 'agent' }, ports: [Ports.OTLP_GRPC] };
const GATEWAY: WorkloadRole = { component: 'gateway', namespace: 'monitoring', selector: { app: 'gateway' }, ports: [Ports.OTLP_GRPC] };
const method = rowsFor('TracingNetworkPolicies',
  ({ deps }, call: (p: TracingNetworkPolicies) => unknown) => call(deps),
  { setup: (chart) => new TracingNetworkPolicies(chart, SUBJECT) });

const egressToGateway = (p: TracingNetworkPolicies) => p.allowEgress(AGENT, Peers.role(GATEWAY, 'monitoring'), [Ports.OTLP_GRPC]);
const allowedOnce = rowsFor('TracingNetworkPolicies',
  ({ deps }, call: (p: TracingNetworkPolicies) => unknown) => call(deps),
  { setup: (chart) => egressToGateway(new TracingNetworkPolicies(chart, SUBJECT)) });

const stack = (storage?: object) => rowsFor('StackNetworkPolicies',
  ({ chart }, props) => new StackNetworkPolicies(chart, SUBJECT, props),
  {
    setup: (chart) => ({
      jaeger: new JaegerStack(chart, 'jaeger', storage ? { storage: storage as any } : {}),
      otel: new OtelCollector(chart, 'otel', { backend: jaegerIn() }),
    }),
  });
const snp = stack();
const snpEs = stack(JaegerStorage.elasticsearch({ serverUrls: ['https://es.logging.svc:9200'] }));

export const NETWORK_CASES: BadInputCase[] = [
  badId('id', 'Policies for the stack', {}, 'the id is the instance label'),
  tnp('namespace', 'Monitoring', { namespace: 'Monitoring' }),
  tnp('stackSelector', {}, { stackSelector: {} }, 'selects every pod'),
  tnp('stackSelector.app', 'a b', { stackSelector: { app: 'a b' } }),
  tnp('stackSelector', 'tracing', { stackSelector: 'tracing' as any }),
  tnp('kubeApiCidrs', [], { kubeApiCidrs: [] }),
  tnp('dns', 'kube-dns', { dns: 'kube-dns' as any }),
  tnp('dns.cidr', 'cluster', { dns: { name: 'dns', cidr: 'cluster' } }),
  snp('dns', 53, (d: any) => ({ ...d, dns: 53 })),
  tnp('kubeApiCidrs', '10.0.0.1/32', { kubeApiCidrs: '10.0.0.1/32' as any }),
  tnp('kubeApiCidrs[0]', '10.0.0.1', { kubeApiCidrs: ['10.0.0.1'] }, 'no prefix length'),
  tnp('kubeApiCidrs[1]', '300.0.0.0/8', { kubeApiCidrs: ['10.0.0.1/32', '300.0.0.0/8'] }),
  method('ports of gateway', `${Ports.SAMPLING_GRPC.name} ${Ports.SAMPLING_GRPC.port}/TCP`,
    (p: TracingNetworkPolicies) => p.allowHop(AGENT, GATEWAY, [Ports.SAMPLING_GRPC]), 'port the role does not serve'),
  allowedOnce('policies', 'agent-egress-to-gateway', (p: TracingNetworkPolicies) => egressToGateway(p), 'hop allowed twice'),
  method('allowIngress.from[0].name', 'Grafana',
    (p: TracingNetworkPolicies) => p.allowIngress(GATEWAY, Peers.podsInAnyNamespace('Grafana', { app: 'grafana' }), [Ports.OTLP_GRPC])),
  method('allowEgress.to.cidr', '10.0.0.0', (p: TracingNetworkPolicies) => p.allowEgress(AGENT, Peers.cidr('es', '10.0.0.0'), [Ports.OTLP_GRPC])),

  snp('jaeger', undefined, {}, 'missing'),
  snp('jaeger', { namespace: 'monitoring' }, { jaeger: { namespace: 'monitoring' } }, 'not a JaegerStack'),
  snp('otel', {}, (d: any) => ({ jaeger: d.jaeger, otel: {} })),
  snp('namespace', 'Monitoring', (d: any) => ({ ...d, namespace: 'Monitoring' })),
  snp('stackSelector', {}, (d: any) => ({ ...d, stackSelector: {} })),
  snp('kubeApiCidrs[0]', 'api-server', (d: any) => ({ ...d, kubeApiCidrs: ['api-server'] })),
  snp('appsToJaegerCollector', 'yes', (d: any) => ({ ...d, appsToJaegerCollector: 'yes' })),
  snp('apps.name', '', (d: any) => ({ ...d, apps: { name: '' } })),
  snp('apps', 'any', (d: any) => ({ ...d, apps: 'any' })),
  snp('prometheus', { name: 'prometheus', cidr: '10.0.0.0/8', podLabels: {} },
    (d: any) => ({ ...d, prometheus: { name: 'prometheus', cidr: '10.0.0.0/8', podLabels: {} } }), 'cidr and pods'),
  snp('prometheusPort', 70000, (d: any) => ({ ...d, prometheusPort: 70000 })),
  snp('prometheusPort', 0, (d: any) => ({ ...d, prometheusPort: 0 })),
  snp('queryClients', 'grafana', (d: any) => ({ ...d, queryClients: 'grafana' })),
  snp('queryClients[0].podLabels.app', 'grafana ui', (d: any) => ({ ...d, queryClients: [Peers.podsInAnyNamespace('grafana', { app: 'grafana ui' })] })),
  snp('queryClients[0].namespaces.bad key', 'bad key', (d: any) => ({ ...d, queryClients: [{ name: 'grafana', namespaces: { 'bad key': 'x' } }] })),
  snp('externalStorage', { name: 'es', cidr: '10.0.0.0/8' }, (d: any) => ({ ...d, externalStorage: Peers.cidr('es', '10.0.0.0/8') }), 'no external storage'),
  snpEs('externalStorage.except', ['10.0.0.0/8'], (d: any) => ({ ...d, externalStorage: { name: 'es', except: ['10.0.0.0/8'] } }), 'except without cidr'),
  snpEs('externalStorage.cidr', '10.0.0.0/33', (d: any) => ({ ...d, externalStorage: Peers.cidr('es', '10.0.0.0/33') })),
  snpEs('externalStorage.except[0]', 'none', (d: any) => ({ ...d, externalStorage: Peers.cidr('es', '10.0.0.0/8', ['none']) })),
];
