/**
 * Property-based tests of the whole-stack validator: random consistent stacks (Service/Deployment
 * pairs in random namespaces, random ports and protocols, targets by name or number) have no
 * findings, and breaking any one link of one pair always gives a finding naming both ends.
 */
import * as fc from 'fast-check';
import { validateStack } from '../../lib/internal';
import { Obj, collectorConfig, container, podSpec, service, workload } from './fixtures';

interface PortDef { name: string; number: number; protocol: 'TCP' | 'UDP'; byName: boolean }
interface PairDef { namespace: string; ports: PortDef[] }

const namespaceArb = fc.constantFrom('monitoring', 'apps', 'observability', 'tracing-system');
const portArb: fc.Arbitrary<PortDef> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/),
  number: fc.integer({ min: 1, max: 65535 }),
  protocol: fc.constantFrom('TCP' as const, 'UDP' as const),
  byName: fc.boolean(),
});
const pairArb: fc.Arbitrary<PairDef> = fc.record({
  namespace: namespaceArb,
  // container port names and numbers are unique within a pod
  ports: fc.uniqueArray(portArb, { minLength: 1, maxLength: 4, selector: (p) => p.name })
    .filter((ps) => new Set(ps.map((p) => p.number)).size === ps.length),
});
const stackArb = fc.array(pairArb, { minLength: 1, maxLength: 5 });

/** A Deployment and the Service in front of it; names and labels unique per pair. */
function build(pairs: PairDef[]): Obj[] {
  return pairs.flatMap((pair, i) => {
    const labels = { app: `app${i}` };
    const deployment = workload('Deployment', `app${i}`, labels, podSpec([container('main', [], {
      ports: pair.ports.map((p) => ({ name: p.name, containerPort: p.number, protocol: p.protocol })),
    })]), pair.namespace);
    const svc = service(`svc${i}`, labels, pair.ports.map((p) => ({
      name: p.name, port: p.number, protocol: p.protocol, ...(p.byName ? { targetPort: p.name } : {}),
    })), pair.namespace);
    return [deployment, svc].map((o) => JSON.parse(JSON.stringify(o)));
  });
}

test('random consistent stacks have no findings', () => {
  fc.assert(fc.property(stackArb, (pairs) => {
    expect(validateStack(build(pairs))).toEqual([]);
  }), { numRuns: 200 });
});

type Breakage = 'container-port' | 'protocol' | 'selector' | 'namespace';

test('breaking one link of one pair always gives a finding naming both ends', () => {
  const arb = stackArb.chain((pairs) => fc.record({
    pairs: fc.constant(pairs),
    which: fc.integer({ min: 0, max: pairs.length - 1 }),
    breakage: fc.constantFrom<Breakage>('container-port', 'protocol', 'selector', 'namespace'),
  }));
  fc.assert(fc.property(arb, ({ pairs, which, breakage }) => {
    const objects = build(pairs);
    const deployment = objects[which * 2];
    const svc = objects[which * 2 + 1];
    const serviceName = `Service ${pairs[which].namespace}/svc${which}`;
    const deploymentName = `Deployment ${pairs[which].namespace}/app${which}`;
    const port = deployment.spec.template.spec.containers[0].ports[0];
    let expected: string[];
    switch (breakage) {
      case 'container-port': // the container no longer declares what the Service targets
        port.name = `${port.name}x`;
        port.containerPort = port.containerPort === 65535 ? 1 : port.containerPort + 1;
        if (deployment.spec.template.spec.containers[0].ports.filter((p: Obj) => p.containerPort === port.containerPort).length > 1) return; // collided
        expected = [serviceName, `port "${pairs[which].ports[0].name}"`, `on the pods it selects (${deploymentName})`];
        break;
      case 'protocol': // the Service speaks the other protocol
        svc.spec.ports[0].protocol = svc.spec.ports[0].protocol === 'TCP' ? 'UDP' : 'TCP';
        expected = [serviceName, `with protocol ${svc.spec.ports[0].protocol}`, `(${deploymentName})`];
        break;
      case 'selector': // the Service selects a label no pod has
        svc.spec.selector = { app: `app${which}-gone` };
        expected = [serviceName, `{app=app${which}-gone}`, `selects no pod template in namespace ${pairs[which].namespace}`];
        break;
      case 'namespace': { // the pods move to another namespace
        const other = pairs[which].namespace === 'elsewhere' ? 'elsewhere2' : 'elsewhere';
        deployment.metadata.namespace = other;
        expected = [serviceName, `Deployment ${other}/app${which} would match but is in another namespace`];
        break;
      }
    }
    const messages = validateStack(objects).map((f) => f.message);
    expect(messages.some((m) => expected.every((e) => m.includes(e)))).toBe(true);
    // and only the broken pair is reported
    for (const m of messages) expect(m).toContain(`svc${which}`);
  }), { numRuns: 300 });
});

test('an exporter endpoint in any in-cluster form resolves, and a wrong Service or port is reported', () => {
  const arb = stackArb.chain((pairs) => fc.record({
    pairs: fc.constant(pairs),
    which: fc.integer({ min: 0, max: pairs.length - 1 }),
    form: fc.constantFrom('short', 'ns', 'svc', 'fqdn'),
    scheme: fc.boolean(),
    broken: fc.constantFrom('none', 'service', 'port'),
  }));
  fc.assert(fc.property(arb, ({ pairs, which, form, scheme, broken }) => {
    const objects = build(pairs);
    const ns = pairs[which].namespace;
    const name = broken === 'service' ? `svc${which}-missing` : `svc${which}`;
    const portNumbers = pairs[which].ports.map((p) => p.number);
    const port = broken === 'port' ? Math.max(...portNumbers) + 1 : portNumbers[0];
    const host = { short: name, ns: `${name}.${ns}`, svc: `${name}.${ns}.svc`, fqdn: `${name}.${ns}.svc.cluster.local` }[form];
    const endpoint = `${scheme ? 'http://' : ''}${host}:${port}`;
    // the config lives beside the Service, so a short name resolves in that namespace
    objects.push(collectorConfig('collector', {
      receivers: { otlp: {} },
      exporters: { otlp_http: { endpoint } },
      service: { pipelines: { traces: { receivers: ['otlp'], exporters: ['otlp_http'] } } },
    }, ns));
    const messages = validateStack(objects).map((f) => f.message);
    if (broken === 'none') {
      expect(messages).toEqual([]);
      return;
    }
    const target = broken === 'service' ? `Service ${ns}/${name} is not in the output` : `Service ${ns}/${name} has no port ${port}`;
    expect(messages).toEqual([expect.stringContaining(
      `ConfigMap ${ns}/collector key "config.yaml": exporter "otlp_http" endpoint "${endpoint}" → ${target}`)]);
  }), { numRuns: 200 });
});
