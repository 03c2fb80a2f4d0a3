/**
 * TracingTls factories and the `tls` prop of what it is given to: the JaegerStack, or a Jaeger
 * imported with `JaegerStack.fromEndpoints()` (the collectors take the TLS of their backend).
 */
import { JaegerStack, TracingTls } from '../../lib/internal';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const cm = rowsFor('TracingTls', (_ctx, props) => TracingTls.certManager(props), { where: 'TracingTls.certManager()' });
const sec = rowsFor('TracingTls', (_ctx, props) => TracingTls.fromSecrets(props), { where: 'TracingTls.fromSecrets()' });
const use = rowsFor('TracingTls', (_ctx, workload) => TracingTls.fromSecrets().secretName(workload), { where: 'TracingTls' });
const j = rowsFor('JaegerStack', ({ chart }, props) => new JaegerStack(chart, SUBJECT, props));
const imported = rowsFor('JaegerStack', (_ctx, endpoints) => JaegerStack.fromEndpoints(endpoints), { where: 'JaegerStack.fromEndpoints()' });
const issuer = { name: 'tracing-ca' };

export const TLS_CASES: BadInputCase[] = [
  cm('options', 'tracing-ca', 'tracing-ca'),
  cm('issuer', undefined, {}, 'no issuer'),
  cm('issuer.name', 'Tracing CA', { issuer: { name: 'Tracing CA' } }),
  cm('issuer.kind', 'CertIssuer', { issuer: { name: 'ca', kind: 'CertIssuer' } }),
  cm('issuer.group', '', { issuer: { name: 'ca', group: '' } }),
  cm('duration', '90d', { issuer, duration: '90d' }, 'days are no Go unit'),
  cm('duration', '30m', { issuer, duration: '30m' }, 'under cert-manager\'s hour'),
  cm('renewBefore', '1m', { issuer, renewBefore: '1m' }, 'under five minutes'),
  cm('renewBefore', '2160h', { issuer, renewBefore: '2160h' }, 'not under the duration'),
  cm('reloadInterval', '720h', { issuer, reloadInterval: '720h' }, 'not under renewBefore'),
  cm('reloadInterval', '1s', { issuer, reloadInterval: '1s' }, 'below the range'),
  cm('links', [], { issuer, links: [] }, 'empty'),
  cm('links[0]', 'apps-to-jaeger', { issuer, links: ['apps-to-jaeger'] }),
  cm('links', ['to-jaeger', 'to-jaeger'], { issuer, links: ['to-jaeger', 'to-jaeger'] }, 'twice'),
  sec('options', 7, 7),
  sec('secretNames', 'gateway-tls', { secretNames: 'gateway-tls' }),
  sec('secretNames.query', 'query-tls', { secretNames: { query: 'query-tls' } }, 'not a workload'),
  sec('secretNames.gateway', 'Gateway TLS', { secretNames: { gateway: 'Gateway TLS' } }),
  sec('secretNames', { agent: 'shared-tls', gateway: 'shared-tls' }, { secretNames: { agent: 'shared-tls', gateway: 'shared-tls' } }, 'one Secret twice'),
  use('secretName', 'query', 'query'),
  j('tls', { issuer }, { tls: { issuer } }, 'options instead of a TracingTls'),
  imported('tls', { issuer }, { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317', tls: { issuer } }, 'options instead of a TracingTls, for an imported Jaeger'),
  imported('tls', true, { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317', tls: true }),
];
