/**
 * What TracingTls's factories make of their options: the defaults every construct then reads
 * (links, reload interval, certificate lifetime, issuer, Secret names) and what they refuse.
 */
import { IssuerKind, TlsLink, TracingTls } from '../../lib/internal';
import { checkIssuer, checkTracingTls } from '../../lib/tls/tracing-tls';

const issuer = { name: 'tracing-ca' };

describe('TracingTls.certManager', () => {
  test('defaults: the collector-to-collector links, 90-day certificates renewed 30 days ahead, files re-read every 5 minutes, a ClusterIssuer of cert-manager', () => {
    const tls = TracingTls.certManager({ issuer });
    expect(tls.links).toEqual([TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE]);
    expect([tls.duration, tls.renewBefore, tls.reloadInterval]).toEqual(['2160h', '720h', '5m']);
    expect(tls.issuer).toEqual({ name: 'tracing-ca', kind: IssuerKind.CLUSTER_ISSUER, group: 'cert-manager.io' });
  });

  test('what is given is kept; links in a fixed order whatever the order given', () => {
    const tls = TracingTls.certManager({
      issuer: { name: 'ca', kind: IssuerKind.ISSUER, group: 'awspca.cert-manager.io' }, duration: '720h', renewBefore: '240h', reloadInterval: '1m',
      links: [TlsLink.TO_JAEGER, TlsLink.APPS_TO_AGENT],
    });
    expect(tls.links).toEqual([TlsLink.APPS_TO_AGENT, TlsLink.TO_JAEGER]);
    expect([tls.duration, tls.renewBefore, tls.reloadInterval]).toEqual(['720h', '240h', '1m']);
    expect(tls.issuer).toEqual({ name: 'ca', kind: IssuerKind.ISSUER, group: 'awspca.cert-manager.io' });
    expect(tls.covers(TlsLink.TO_JAEGER)).toBe(true);
    expect(tls.covers(TlsLink.AGENT_TO_GATEWAY)).toBe(false);
  });

  test('the certificates\' Secrets have the default names', () => {
    const tls = TracingTls.certManager({ issuer });
    expect(['agent', 'gateway', 'jaegerCollector', 'jaegerQuery', 'jaegerRemoteStorage'].map((w) => tls.secretName(w)))
      .toEqual(['otel-agent-tls', 'otel-gateway-tls', 'jaeger-collector-tls', 'jaeger-query-tls', 'jaeger-remote-storage-tls']);
    expect(() => tls.secretName('query')).toThrow('TracingTls: invalid prop "secretName" = "query": not a workload with a certificate. Fix: use agent, gateway, jaegerCollector, jaegerQuery, jaegerRemoteStorage');
  });

  test('renewal must come before expiry, and the files must be re-read before renewal', () => {
    expect(() => TracingTls.certManager({ issuer, duration: '100h', renewBefore: '100h' })).toThrow('invalid prop "renewBefore" = "100h": not shorter than duration 100h');
    expect(() => TracingTls.certManager({ issuer, duration: '100h', renewBefore: '99h' })).not.toThrow();
    expect(() => TracingTls.certManager({ issuer, renewBefore: '1h', reloadInterval: '1h' })).toThrow('invalid prop "reloadInterval" = "1h": not shorter than renewBefore 1h');
    expect(() => TracingTls.certManager({ issuer, renewBefore: '1h', reloadInterval: '59m' })).not.toThrow();
  });
});

describe('TracingTls.fromSecrets', () => {
  test('defaults: the collector-to-collector links, the default Secret names, no issuer', () => {
    const tls = TracingTls.fromSecrets();
    expect(tls.links).toEqual([TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE]);
    expect(tls.secretName('gateway')).toBe('otel-gateway-tls');
    expect([tls.issuer, tls.duration, tls.renewBefore]).toEqual([undefined, undefined, undefined]);
  });

  test('a Secret named for one workload replaces only that one; one Secret for two workloads is refused', () => {
    const tls = TracingTls.fromSecrets({ secretNames: { gateway: 'team-gateway-tls' } });
    expect([tls.secretName('gateway'), tls.secretName('agent')]).toEqual(['team-gateway-tls', 'otel-agent-tls']);
    expect(() => TracingTls.fromSecrets({ secretNames: { gateway: 'shared-tls', agent: 'shared-tls' } }))
      .toThrow('names one Secret for two workloads');
    expect(() => TracingTls.fromSecrets({ secretNames: { gateway: 'otel-agent-tls' } })).toThrow('names one Secret for two workloads');
  });

  test('links: a non-empty list of known links, each once', () => {
    expect(() => TracingTls.fromSecrets({ links: [] })).toThrow('invalid prop "links" = []: expected a non-empty list of links');
    expect(() => TracingTls.fromSecrets({ links: ['to-jaeger', 'to-jaeger'] as unknown as TlsLink[] })).toThrow('lists a link twice');
    expect(() => TracingTls.fromSecrets({ links: ['to-agent'] as unknown as TlsLink[] })).toThrow('invalid prop "links[0]" = "to-agent": not a link');
  });
});

test('checkIssuer: a ClusterIssuer of cert-manager.io unless told otherwise; a kind it does not know is refused', () => {
  expect(checkIssuer('X', { name: 'ca' })).toEqual({ name: 'ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  expect(checkIssuer('X', { name: 'ca', kind: 'Issuer' })).toEqual({ name: 'ca', kind: 'Issuer', group: 'cert-manager.io' });
  expect(() => checkIssuer('X', { name: 'ca', kind: 'CertIssuer' })).toThrow('X: invalid prop "issuer.kind" = "CertIssuer": not an issuer kind. Fix: use Issuer or ClusterIssuer');
  expect(() => checkIssuer('X', undefined)).toThrow('X: invalid prop "issuer" = undefined: expected { name, kind?, group? }');
});

test('checkTracingTls: nothing, or a TracingTls made by a factory', () => {
  const tls = TracingTls.fromSecrets();
  expect(checkTracingTls('X', undefined)).toBeUndefined();
  expect(checkTracingTls('X', tls)).toBe(tls);
  expect(() => checkTracingTls('X', { links: [] })).toThrow('X: invalid prop "tls" = {"links":[]}: expected a TracingTls');
});

describe('what the factories refuse, word for word', () => {
  test('options that are no object, an issuer that is none, and the fixes', () => {
    expect(() => TracingTls.certManager(null as any)).toThrow(
      'TracingTls.certManager(): invalid prop "options" = null: expected { issuer, ... }. Fix: use e.g. { issuer: { name: \'tracing-ca\' } }');
    expect(() => TracingTls.fromSecrets(null as any)).toThrow(
      'TracingTls.fromSecrets(): invalid prop "options" = null: expected { secretNames?, links?, reloadInterval? }. Fix: use e.g. { secretNames: { gateway: \'my-gateway-tls\' } }');
    expect(() => checkIssuer('T', null)).toThrow('T: invalid prop "issuer" = null: expected { name, kind?, group? }. Fix: name the issuer');
    expect(() => TracingTls.certManager({ issuer, renewBefore: '1h', reloadInterval: '1h' })).toThrow(
      'not shorter than renewBefore 1h: a collector could hold an expired certificate. Fix: give a reloadInterval well under renewBefore, e.g. "5m"');
  });

  test('links: the advice lists every link', () => {
    expect(() => TracingTls.certManager({ issuer, links: [] })).toThrow(
      'invalid prop "links" = []: expected a non-empty list of links. Fix: list some of apps-to-agent, agent-to-gateway, to-jaeger, jaeger-storage, or leave links out for the collector-to-collector ones');
    expect(() => TracingTls.certManager({ issuer, links: ['to-collector' as TlsLink] })).toThrow(
      'invalid prop "links[0]" = "to-collector": not a link. Fix: use one of apps-to-agent, agent-to-gateway, to-jaeger, jaeger-storage');
  });
});
