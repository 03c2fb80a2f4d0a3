/**
 * Peers (the ready-made sides of a connection) and how a peer becomes the `from`/`to` of a
 * NetworkPolicy rule: what each selects, which is what the default-deny lets through.
 */
import { checkPeer, Peers, renderPeer } from '../../lib/network/peers';

const ROLE = { component: 'gateway', namespace: 'tracing', selector: { 'app.kubernetes.io/component': 'gateway' } } as any;
const NS = 'kubernetes.io/metadata.name';

describe('Peers', () => {
  test('a role in the policy\'s namespace: its pods there', () => {
    expect(Peers.role(ROLE, 'tracing')).toEqual({ name: 'gateway', podLabels: ROLE.selector, namespaces: 'same' });
  });

  test('a role in another namespace: its pods in that namespace only, by the name label the API server sets', () => {
    const peer = Peers.role(ROLE, 'apps');
    expect(peer).toEqual({ name: 'gateway', podLabels: ROLE.selector, namespaces: { [NS]: 'tracing' } });
    expect(renderPeer(peer)).toEqual({ namespaceSelector: { matchLabels: { [NS]: 'tracing' } }, podSelector: { matchLabels: ROLE.selector } });
  });

  test('pods in one namespace, in any namespace, any pod, an IP range', () => {
    expect(Peers.podsInNamespace('prometheus', 'monitoring', { app: 'prometheus' })).toEqual({ name: 'prometheus', podLabels: { app: 'prometheus' }, namespaces: { [NS]: 'monitoring' } });
    expect(Peers.podsInAnyNamespace('grafana', { app: 'grafana' })).toEqual({ name: 'grafana', podLabels: { app: 'grafana' }, namespaces: 'any' });
    expect(Peers.anyPod()).toEqual({ name: 'any-pod', namespaces: 'any' });
    expect(Peers.anyPod('apps')).toEqual({ name: 'apps', namespaces: 'any' });
    expect(Peers.cidr('search', '10.0.0.0/8')).toEqual({ name: 'search', cidr: '10.0.0.0/8' });
    expect(Peers.cidr('search', '10.0.0.0/8', ['10.1.0.0/16'])).toEqual({ name: 'search', cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] });
  });
});

describe('renderPeer', () => {
  test('same namespace: a pod selector alone (the policy\'s namespace)', () => {
    expect(renderPeer({ name: 'x', podLabels: { a: 'b' } })).toEqual({ podSelector: { matchLabels: { a: 'b' } } });
    expect(renderPeer({ name: 'x', podLabels: { a: 'b' }, namespaces: 'same' })).toEqual({ podSelector: { matchLabels: { a: 'b' } } });
  });

  test('any namespace: an empty namespace selector; no pod labels: every pod', () => {
    expect(renderPeer(Peers.podsInAnyNamespace('g', { a: 'b' }))).toEqual({ namespaceSelector: {}, podSelector: { matchLabels: { a: 'b' } } });
    expect(renderPeer(Peers.anyPod())).toEqual({ namespaceSelector: {}, podSelector: {} });
  });

  test('an IP range, with the ranges inside it that stay denied (an empty list says nothing)', () => {
    expect(renderPeer(Peers.cidr('s', '10.0.0.0/8', ['10.1.0.0/16']))).toEqual({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } });
    expect(renderPeer(Peers.cidr('s', '10.0.0.0/8', []))).toEqual({ ipBlock: { cidr: '10.0.0.0/8' } });
  });
});

describe('checkPeer', () => {
  const check = (peer: unknown) => () => checkPeer('X "x"', 'peer', peer as any);

  test('returns a valid peer as given', () => {
    const pods = Peers.podsInNamespace('prometheus', 'monitoring', { app: 'prometheus' });
    expect(checkPeer('X "x"', 'peer', pods)).toBe(pods);
    const range = Peers.cidr('search', '10.0.0.0/8', ['10.1.0.0/16']);
    expect(checkPeer('X "x"', 'peer', range)).toBe(range);
    expect(checkPeer('X "x"', 'peer', Peers.anyPod())).toEqual({ name: 'any-pod', namespaces: 'any' });
    expect(checkPeer('X "x"', 'peer', { name: 'x', podLabels: { a: 'b' } })).toEqual({ name: 'x', podLabels: { a: 'b' } }); // the policy's namespace
  });

  test('refuses what would select something else than meant', () => {
    const notAPeer = 'expected a peer { name, podLabels?, namespaces? } or { name, cidr }. '
      + 'Fix: build it with Peers.podsInNamespace(), Peers.podsInAnyNamespace(), Peers.anyPod() or Peers.cidr()';
    expect(check('prometheus')).toThrow(`X "x": invalid prop "peer" = "prometheus": ${notAPeer}`);
    expect(check(null)).toThrow(`X "x": invalid prop "peer" = null: ${notAPeer}`);
    expect(check({ name: 'x', cidr: '10.0.0.0/8', podLabels: { a: 'b' } })).toThrow('not both');
    expect(check({ name: 'x', cidr: '10.0.0.0/8', namespaces: 'any' })).toThrow('not both');
    expect(check({ name: 'x', except: ['10.1.0.0/16'] })).toThrow('invalid prop "peer.except"');
    expect(check({ name: 'x', cidr: '10.0.0.0/8', except: ['10.1.0.0'] })).toThrow('invalid prop "peer.except[0]"');
    expect(check({ name: 'x', cidr: '10.0.0/8' })).toThrow('invalid prop "peer.cidr"');
    expect(check({ name: 'X Y' })).toThrow('invalid prop "peer.name"');
    expect(check({ name: 'x', podLabels: { 'a b': 'c' } })).toThrow('invalid prop "peer.podLabels');
    expect(check({ name: 'x', namespaces: { 'a b': 'c' } })).toThrow('invalid prop "peer.namespaces');
  });
});
