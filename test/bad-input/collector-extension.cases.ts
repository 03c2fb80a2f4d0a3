/**
 * The escape hatches of OtelCollector: the `agent.config` / `gateway.config` overrides and the
 * agent's and gateway's `add*` methods. Each bad value is refused where it is given, naming it.
 */
import { OtelCollector } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { jaegerIn, withBackend } from '../support/backend';

const o = rowsFor('OtelCollector', ({ chart }, props) => new OtelCollector(chart, SUBJECT, withBackend(props)));
const gatewayOverride = (config: unknown) => ({ gateway: { config } });

type Call = [method: 'addReceiver' | 'addProcessor' | 'addExporter' | 'addExtension', ...args: any[]];
/** An add* call on a collector that already exists: the failed call must leave its output unchanged. */
const call = (role: 'agent' | 'gateway') => rowsFor<OtelCollector>('OtelCollector',
  ({ deps }, [method, ...args]: Call) => (deps[role] as any)[method](...args),
  { setup: (chart) => new OtelCollector(chart, SUBJECT, { backend: jaegerIn() }) });
const gateway = call('gateway');
const agent = call('agent');

export const COLLECTOR_EXTENSION_CASES: BadInputCase[] = [
  o('gateway.config', 'batch', gatewayOverride('batch'), 'not a map'),
  o('agent.config', ['x'], { agent: { config: ['x'] } }, 'not a map'),
  o('gateway.config.exporter', {}, gatewayOverride({ exporter: {} }), 'misspelt section'),
  o('gateway.config.processors', 'batch', gatewayOverride({ processors: 'batch' })),
  o('gateway.config.processors.batch', 'fast', gatewayOverride({ processors: { batch: 'fast' } })),
  o('gateway.config.service.pipelines', [], gatewayOverride({ service: { pipelines: [] } })),
  o('gateway.config.service.pipelines.traces', 'otlp', gatewayOverride({ service: { pipelines: { traces: 'otlp' } } })),
  o('gateway.config.service.pipelines.traces.processors', 'batch',
    gatewayOverride({ service: { pipelines: { traces: { processors: 'batch' } } } })),
  o('gateway.config.service.extensions', 'health_check', gatewayOverride({ service: { extensions: 'health_check' } })),
  o('gateway.config', 'redact', gatewayOverride({ service: { pipelines: { traces: { processors: ['memory_limiter', 'redact'] } } } }),
    'a pipeline names a processor nobody defined'),
  o('gateway.config', 'kinesis/archive', gatewayOverride({ exporters: { 'kinesis/archive': {} } }), 'a component the image lacks'),
  o('agent.config', 'pprof', { agent: { config: { extensions: { pprof: {} }, service: { extensions: ['health_check', 'pprof'] } } } }),
  o('gateway.config', 'health_check', gatewayOverride({ extensions: { health_check: null } }), 'removes an extension still enabled'),

  gateway('gateway.addProcessor', 'Attributes Redact', ['addProcessor', 'Attributes Redact', {}], 'not a component id'),
  gateway('gateway.addProcessor', 'redaction', ['addProcessor', 'redaction', {}], 'not in the image'),
  gateway('gateway.addProcessor', 'batch', ['addProcessor', 'batch', {}], 'already defined'),
  gateway('gateway.addProcessor("attributes/redact")', 'drop', ['addProcessor', 'attributes/redact', 'drop'], 'settings not a map'),
  gateway('gateway.addProcessor("attributes/redact").before', 'k8s_attributes',
    ['addProcessor', 'attributes/redact', {}, { before: 'k8s_attributes' }], 'not in the gateway pipeline'),
  gateway('gateway.addProcessor("attributes/redact").pipelines', 'metrics', ['addProcessor', 'attributes/redact', {}, { pipelines: ['metrics'] }]),
  gateway('gateway.addProcessor("attributes/redact").pipelines', [], ['addProcessor', 'attributes/redact', {}, { pipelines: [] }]),
  gateway('gateway.addExporter', 'otlphttp/archive', ['addExporter', 'otlphttp/archive', {}], 'deprecated alias'),
  gateway('gateway.addReceiver("zipkin")', 'on', ['addReceiver', 'zipkin', 'on'], 'settings not a map'),
  agent('agent.addExtension', 'pprof', ['addExtension', 'pprof', {}], 'not in the image'),
];
