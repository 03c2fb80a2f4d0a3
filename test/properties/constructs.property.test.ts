/**
 * Property-based tests: random *valid* props for the constructs, composed the way main.ts
 * composes them (a GitOpsApp with one chart per concern), always synthesize output that
 * (a) the strict schema accepts, (b) has no finding from the whole-stack validator and the pod
 * checks, and (c) is the same on every build.
 */
import * as fc from 'fast-check';
import { ExternalRef, GitOpsApp, JaegerStack, TracingChart, checkOperationalRules, checkPodSecurity, validateStack } from '../../lib/internal';
import { parse } from 'yaml';
import { Platform, build, externalsOf, jaegerProps, platformArb } from '../support/random-platform';
import { PER_TEST } from '../support/fixture';
import { schemaValidator } from '../support/schema';
import { synthApp } from '../support/synth';

// Fewer random stacks per mutant under mutation testing, where this file runs for most mutants.
const RUNS = { numRuns: PER_TEST.on ? 10 : 40 };

// ---- the properties ------------------------------------------------------------------------

const schema = schemaValidator();

function schemaErrors(objects: any[]): string[] {
  return objects.flatMap((o) => schema.validate(o).map((e) => `${o.kind}/${o.metadata?.name}: ${e}`));
}

test('random valid platforms are schema-valid, have no stack or pod finding, and build deterministically', () => {
  fc.assert(fc.property(platformArb, (p) => {
    const { app, objects } = build(p);
    expect(schemaErrors(objects)).toEqual([]);
    expect(validateStack(objects, { external: externalsOf(p) }).map((f) => f.message)).toEqual([]);
    expect(app.checkStack()).toEqual([]);
    expect(checkPodSecurity(objects).map((f) => f.message)).toEqual([]);
    expect(checkOperationalRules(objects).map((f) => f.message)).toEqual([]);
    expect(JSON.stringify(build(p).objects)).toBe(JSON.stringify(objects));

    // The output is what the props asked for: the topology, and the gateway's sampling policy.
    const kinds = (kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
    const split = !['badger', 'memory'].includes(p.jaeger.storage!.type);
    expect(kinds('Deployment')).toEqual(split ? ['jaeger-collector', 'jaeger-query'] : []);
    expect(kinds('DaemonSet')).toEqual(p.otel.mode === 'gateway-only' ? [] : ['otel-agent']);
    const gatewayConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'otel-gateway-config');
    expect(gatewayConfig === undefined).toBe(p.otel.mode === 'agent-only');
    if (gatewayConfig) {
      const policies = parse(gatewayConfig.data['config.yaml']).processors.tail_sampling.policies;
      const baseline = policies.find((x: any) => x.name === 'baseline');
      const percentage = baseline.probabilistic?.sampling_percentage ?? baseline.and.and_sub_policy[1].probabilistic.sampling_percentage;
      expect(percentage).toBe(p.otel.sampling?.baselinePercentage ?? 30);
      expect(policies.some((x: any) => x.name === 'keep-errors')).toBe(p.otel.sampling?.keepErrors ?? true);
    }
  }), RUNS);
});

test('a JaegerStack alone, in any storage mode, is schema-valid and self-consistent', () => {
  fc.assert(fc.property(jaegerProps, (props) => {
    const p = { namespace: 'monitoring', jaeger: props } as Platform;
    // Alone, the stack's StorageClass (default fast-ssd) is one the cluster has.
    const external: ExternalRef[] = [...externalsOf(p), { kind: 'StorageClass', name: 'fast-ssd' }];
    const app = new GitOpsApp({ outdir: 'unused-never-synthesized', validation: { external } });
    new JaegerStack(new TracingChart(app, 'jaeger'), 'jaeger', props);
    const objects = synthApp(app);
    expect(schemaErrors(objects)).toEqual([]);
    expect(validateStack(objects, { external }).map((f) => f.message)).toEqual([]);
    expect(checkPodSecurity(objects)).toEqual([]);
    expect(checkOperationalRules(objects)).toEqual([]);
  }), RUNS);
});
