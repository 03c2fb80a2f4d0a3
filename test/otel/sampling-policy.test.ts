/**
 * The gateways' tail-sampling policy as the processor will read it, property by property: which
 * policy keeps which traces for which services, the decision caches, and what a shutdown does.
 * Each test builds its own collector (so the mutation run credits it with the code it runs).
 */
import { parse } from 'yaml';
import { OtelCollector, SamplingPolicyProps } from '../../lib';
import { DECISION_CACHE_FACTOR } from '../../lib/otel/sampling-policy';
import { findOne, synthObjects, testChart } from '../support/synth';
import { jaegerIn } from '../support/backend';

function tailSampling(sampling?: SamplingPolicyProps): any {
  const chart = testChart();
  new OtelCollector(chart, 'otel', { backend: jaegerIn(), sampling });
  return parse(findOne(synthObjects(chart), 'ConfigMap', 'otel-gateway-config').data['config.yaml']).processors.tail_sampling;
}
const byName = (ts: any) => Object.fromEntries(ts.policies.map((p: any) => [p.name, p]));

test('without overrides: errors, slow traces and the baseline, each a plain policy of its type', () => {
  const ts = tailSampling();
  expect(ts.policies).toEqual([
    { name: 'keep-errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
    { name: 'keep-slow', type: 'latency', latency: { threshold_ms: 1000 } },
    { name: 'baseline', type: 'probabilistic', probabilistic: { sampling_percentage: 30 } },
  ]);
});

test('keepErrors: false drops only the error policy', () => {
  expect(tailSampling({ keepErrors: false }).policies.map((p: any) => p.name)).toEqual(['keep-slow', 'baseline']);
});

test('a service\'s latency override: the global slow policy skips that service, its own applies to it alone', () => {
  const policies = byName(tailSampling({ latencyThreshold: '2s', services: { checkout: { latencyThreshold: '500ms' } } }));
  expect(policies['keep-slow']).toEqual({
    name: 'keep-slow', type: 'and', and: { and_sub_policy: [
      { name: 'keep-slow-other-services', type: 'string_attribute', string_attribute: { key: 'service.name', values: ['checkout'], invert_match: true } },
      { name: 'slow', type: 'latency', latency: { threshold_ms: 2000 } },
    ] },
  });
  expect(policies['keep-slow-checkout']).toEqual({
    name: 'keep-slow-checkout', type: 'and', and: { and_sub_policy: [
      { name: 'keep-slow-checkout-service', type: 'string_attribute', string_attribute: { key: 'service.name', values: ['checkout'] } },
      { name: 'slow', type: 'latency', latency: { threshold_ms: 500 } },
    ] },
  });
  // Its baseline is untouched: no override, no exclusion.
  expect(policies.baseline).toEqual({ name: 'baseline', type: 'probabilistic', probabilistic: { sampling_percentage: 30 } });
});

test('a service with only a baseline override keeps the global slow-trace policy', () => {
  const policies = byName(tailSampling({ services: { search: { baselinePercentage: 5 } } }));
  expect(policies['keep-slow']).toEqual({ name: 'keep-slow', type: 'latency', latency: { threshold_ms: 1000 } });
  expect(policies['baseline-search'].and.and_sub_policy[1]).toEqual({ name: 'sample', type: 'probabilistic', probabilistic: { sampling_percentage: 5 } });
  expect(policies.baseline.and.and_sub_policy[0].string_attribute).toEqual({ key: 'service.name', values: ['search'], invert_match: true });
});

test('policy names are readable slugs of the service names: runs of other characters become one dash, none at the ends', () => {
  const names = tailSampling({ services: { '--Checkout  API!!': { baselinePercentage: 1 }, '日本': { baselinePercentage: 2 } } }).policies.map((p: any) => p.name);
  expect(names).toContain('baseline-checkout-api');
  // Nothing readable left: a fixed word rather than an empty name.
  expect(names).toContain('baseline-service');
});

test('decision caches hold ten times the traces held, both ways; a graceful stop decides pending traces instead of dropping them', () => {
  const ts = tailSampling({ numTraces: 50_000 });
  expect(DECISION_CACHE_FACTOR).toBe(10);
  expect(ts.num_traces).toBe(50_000);
  expect(ts.decision_cache).toEqual({ sampled_cache_size: 500_000, non_sampled_cache_size: 500_000 });
  expect(ts.drop_pending_traces_on_shutdown).toBe(false);
});
