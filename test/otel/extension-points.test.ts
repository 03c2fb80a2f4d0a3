/**
 * A consumer extends the collectors the way the Collector Helm chart's users do: a processor
 * and an exporter through the add* methods, settings through the `config` override. The result
 * is what the synthesized ConfigMap says, passes the component table and the whole-stack
 * checks, and rolls the pods (checksum); a broken extension fails before anything is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CONFIG_CHECKSUM_ANNOTATION, GitOpsApp, JaegerStack, OtelCollector, OtelCollectorProps, TracingChart } from '../../lib/internal';
import { fixture } from '../support/fixture';
import { findOne, synthObjects, tempDir, testChart } from '../support/synth';
import { JsonPatch } from 'cdk8s';
import { JaegerStorage } from '../../lib';
import { jaegerIn } from '../support/backend';

const REDACT = { actions: [{ key: 'user.email', action: 'delete' }] };
const ARCHIVE = { endpoint: 'https://archive.example.com:4318', retry_on_failure: { enabled: true, max_elapsed_time: '0s' } };

/** The collectors export to the stack's Service, imported (the agents proxy its sampling). */
function consumerApp(props: Partial<OtelCollectorProps> = {}, extend: (otel: OtelCollector) => void = () => undefined) {
  const app = new GitOpsApp({ outdir: tempDir() });
  const chart = new TracingChart(app, 'tracing');
  const jaeger = new JaegerStack(chart, 'jaeger', { storage: JaegerStorage.memory() });
  const otel = new OtelCollector(chart, 'otel', { backend: JaegerStack.fromEndpoints({ otlpGrpcEndpoint: jaeger.otlpGrpcEndpoint }), ...props });
  extend(otel);
  return { app, chart, otel };
}

const objectsOf = (chart: TracingChart) => chart.toJson();
const configOf = (objects: any[], name: string) => parse(findOne(objects, 'ConfigMap', `${name}-config`).data['config.yaml']);
const checksumOf = (objects: any[], kind: string, name: string) =>
  findOne(objects, kind, name).spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];

describe('add* methods', () => {
  const extended = fixture(() => {
    const { app, chart } = consumerApp({}, (otel) => {
      otel.gateway!.addProcessor('attributes/redact', REDACT);
      otel.gateway!.addExporter('otlp_http/archive', ARCHIVE);
    });
    const objects = objectsOf(chart);
    return { app, objects, gateway: configOf(objects, 'otel-gateway') };
  });

  test('the processor runs after tail sampling and before the batch; the exporter gets every span', () => {
    const { gateway } = extended();
    expect(gateway.processors['attributes/redact']).toEqual(REDACT);
    expect(gateway.exporters['otlp_http/archive']).toEqual(ARCHIVE);
    expect(gateway.service.pipelines.traces).toEqual({
      receivers: ['otlp'],
      processors: ['memory_limiter', 'tail_sampling', 'attributes/redact', 'batch'],
      exporters: ['otlp_grpc/jaeger', 'otlp_http/archive'],
    });
  });

  test('the agent is untouched', () => {
    const { objects } = extended();
    expect(configOf(objects, 'otel-agent').processors).not.toHaveProperty(['attributes/redact']);
  });

  test('the result passes the whole-stack checks and synthesizes', () => {
    const { app } = extended();
    expect(app.checkStack()).toEqual([]);
    expect(() => app.synth()).not.toThrow();
    const written = fs.readdirSync(app.outdir).filter((f) => f.endsWith('.k8s.yaml'));
    expect(written.length).toBeGreaterThan(0);
  });

  test('pods roll: the checksum is of the config as written', () => {
    const { objects } = extended();
    const plain = objectsOf(consumerApp().chart);
    expect(checksumOf(objects, 'StatefulSet', 'otel-gateway')).not.toEqual(checksumOf(plain, 'StatefulSet', 'otel-gateway'));
    expect(checksumOf(objects, 'DaemonSet', 'otel-agent')).toEqual(checksumOf(plain, 'DaemonSet', 'otel-agent'));
  });

  test('`before` places a processor elsewhere; `pipelines` picks the pipelines', () => {
    const { chart: c } = consumerApp({}, (otel) => {
      otel.agent!.addProcessor('filter/health', { error_mode: 'ignore', traces: { span: ['attributes["http.route"] == "/healthz"'] } },
        { before: 'k8s_attributes' });
    });
    expect(configOf(objectsOf(c), 'otel-agent').service.pipelines.traces.processors.indexOf('filter/health'))
      .toBe(configOf(objectsOf(c), 'otel-agent').service.pipelines.traces.processors.indexOf('k8s_attributes') - 1);
  });
});

describe('config override', () => {
  test('maps merge, lists replace, null removes; the result is checked and written', () => {
    const { app, chart } = consumerApp({
      gateway: {
        config: {
          processors: { batch: { timeout: '1s' } },
          exporters: { debug: { verbosity: 'basic' } },
          extensions: { zpages: { endpoint: '127.0.0.1:55679' } },
          service: { extensions: ['health_check', 'file_storage/queue', 'zpages'], pipelines: { traces: { exporters: ['otlp_grpc/jaeger', 'debug'] } } },
        },
      },
      // The cluster has no Zipkin clients: drop the receiver (its port stays; the whole-stack checks allow that).
      agent: { config: { receivers: { zipkin: null }, service: { pipelines: { traces: { receivers: ['otlp', 'jaeger'] } } } } },
    });
    const objects = objectsOf(chart);
    const gateway = configOf(objects, 'otel-gateway');
    expect(gateway.processors.batch).toEqual({ send_batch_size: 8192, send_batch_max_size: 16_384, timeout: '1s' });
    expect(gateway.service.pipelines.traces.exporters).toEqual(['otlp_grpc/jaeger', 'debug']);
    expect(gateway.service.pipelines.traces.processors).toEqual(['memory_limiter', 'tail_sampling', 'batch']);
    expect(gateway.service.extensions).toContain('zpages');
    const agent = configOf(objects, 'otel-agent');
    expect(agent.receivers).not.toHaveProperty('zipkin');
    expect(agent.service.pipelines.traces.receivers).toEqual(['otlp', 'jaeger']);
    expect(agent.service.pipelines.traces.processors).toEqual(['memory_limiter', 'k8s_attributes', 'batch']);
    expect(app.checkStack()).toEqual([]);
  });

  test('naming a component nobody defines fails at construction, naming it and the prop', () => {
    expect(() => consumerApp({ gateway: { config: { service: { pipelines: { traces: { processors: ['memory_limiter', 'redact', 'batch'] } } } } } }))
      .toThrow('OtelCollector "otel": invalid prop "gateway.config" = "redact": the gateway pipeline "traces" names processor "redact", which the config does not define');
  });

  test('an addition the override then breaks fails synth, naming it, and writes nothing', () => {
    const { app } = consumerApp({ gateway: { config: { extensions: { zpages: null } } } }, (otel) => otel.gateway!.addExtension('zpages', {}));
    expect(() => app.synth()).toThrow(/invalid prop "gateway.config" = "zpages": the gateway enables extension "zpages", which the config does not define/);
    expect(fs.existsSync(app.outdir) ? fs.readdirSync(app.outdir) : []).toEqual([]);
  });

  test('a plain cdk8s App fails its synth the same way (node.addValidation)', () => {
    const { App, Chart } = jest.requireActual('cdk8s');
    const app = new App({ outdir: tempDir() });
    const otel = new OtelCollector(new Chart(app, 'c'), 'otel', { backend: jaegerIn(), gateway: { config: { extensions: { zpages: null } } } });
    otel.gateway!.addExtension('zpages', {});
    expect(() => app.synth()).toThrow(/\[c\/otel\/Gateway\] OtelCollector "otel": invalid prop "gateway.config" = "zpages"/);
    expect(fs.readdirSync(path.join(app.outdir))).toEqual([]);
  });
});

test('the workloads are reachable for a JSON patch without searching the tree: the gateways\' StatefulSet, the agents\' DaemonSet', () => {
  const chart = testChart();
  const otel = new OtelCollector(chart, 'otel', { backend: jaegerIn() });
  expect([otel.gateway!.workload.kind, otel.agent!.workload.kind]).toEqual(['StatefulSet', 'DaemonSet']);
  otel.gateway!.workload.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations/example.com~1team', 'b'));
  const statefulSet = synthObjects(chart).find((o: any) => o.kind === 'StatefulSet');
  expect(statefulSet.spec.template.metadata.annotations['example.com/team']).toBe('b');
});
