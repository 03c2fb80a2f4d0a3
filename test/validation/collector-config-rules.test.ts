/**
 * The collector-config checks rule by rule, on small hand-made configs: each message in full,
 * what is not flagged, and configs with holes (a component written as `name:` with no value) that
 * must give a finding or nothing, never a crash.
 */
import { Yaml } from 'cdk8s';
import { COLLECTOR_CONFIG_ANNOTATION, validateStack } from '../../lib/internal';
import { endpointsOf, parseClusterAddress } from '../../lib/validation/collector-config-checks';
import { Obj, editConfig, get, goodStack, service } from './fixtures';

const SOURCE = 'ConfigMap monitoring/otel-gateway key "config.yaml"';

/** The good stack with the gateway's config replaced by `config` (an object, or YAML text as is). */
function stackWith(config: Obj | string): Obj[] {
  const objects = goodStack();
  get(objects, 'ConfigMap', 'otel-gateway').data['config.yaml'] = typeof config === 'string' ? config : Yaml.stringify(config);
  return objects;
}

/** The findings' messages for the good stack with the gateway's config replaced by `config`. */
function messages(config: Obj | string): string[] {
  return validateStack(stackWith(config)).map((f) => f.message);
}

/** A minimal valid config: one traces pipeline from an OTLP receiver to a debug exporter. */
function minimal(extra: Obj = {}, pipeline: Obj = {}): Obj {
  return {
    receivers: { otlp: { protocols: { grpc: {} } } },
    exporters: { debug: {} },
    ...extra,
    service: { pipelines: { traces: { receivers: ['otlp'], exporters: ['debug'], ...pipeline } }, ...extra.service },
  };
}

describe('what is not a collector config', () => {
  test('YAML that does not parse: the parser\'s first line, on the ConfigMap', () => {
    expect(validateStack(stackWith('service: [unclosed\n'))).toEqual([{
      check: 'collector-config', source: 'ConfigMap monitoring/otel-gateway',
      // The parser's whole first line (its position and what it expected), none of its excerpt.
      message: expect.stringMatching(/^ConfigMap monitoring\/otel-gateway key "config.yaml": not valid YAML: \S.{10,}$/),
    }]);
    expect(messages('service: [unclosed\n')[0]).not.toContain('\n');
  });

  test.each([
    ['an empty document', ''],
    ['a scalar', '42'],
    ['a map without service', 'receivers: {}\n'],
    ['service: null', 'service:\n'],
  ])('%s', (_, text) => {
    expect(validateStack(stackWith(text))).toEqual([
      { check: 'collector-config', source: 'ConfigMap monitoring/otel-gateway', message: `${SOURCE}: not a collector config (no "service" section)` },
    ]);
  });

  test('an annotation naming a missing key lists the keys there are, sorted', () => {
    const objects = goodStack();
    const cm = get(objects, 'ConfigMap', 'otel-gateway');
    cm.data = { 'zeta.yaml': 'a', 'alpha.yaml': 'b' };
    cm.metadata.annotations[COLLECTOR_CONFIG_ANNOTATION] = 'config.yaml';
    expect(validateStack(objects).map((f) => f.message)).toEqual([
      `ConfigMap monitoring/otel-gateway annotation ${COLLECTOR_CONFIG_ANNOTATION}="config.yaml" → the ConfigMap has no data key "config.yaml" (it has: "alpha.yaml", "zeta.yaml")`,
    ]);
  });
});

describe('pipeline components', () => {
  test('the minimal config has no findings', () => {
    expect(messages(minimal())).toEqual([]);
  });

  test('an undefined receiver names the sections searched and says when none is defined', () => {
    expect(messages({ ...minimal(), receivers: undefined })).toEqual([
      `${SOURCE}: pipeline "traces" uses receiver "otlp" → not defined under receivers or connectors (defined: none)`,
    ]);
  });

  test('a section written as a scalar or null defines nothing (and does not crash)', () => {
    expect(messages({ ...minimal(), receivers: 'ab' })).toEqual([
      `${SOURCE}: pipeline "traces" uses receiver "otlp" → not defined under receivers or connectors (defined: none)`,
    ]);
    expect(messages({ ...minimal(), connectors: null })).toEqual([]);
  });

  test('findings follow the pipelines\' names, whatever their order in the file', () => {
    const config = minimal();
    config.service.pipelines = {
      'traces/zeta': { receivers: ['otlp'], exporters: ['nope'] },
      'traces/alpha': { receivers: ['otlp'], exporters: ['nope'] },
    };
    expect(messages(config)).toEqual([
      `${SOURCE}: pipeline "traces/alpha" uses exporter "nope" → not defined under exporters or connectors (defined: "debug")`,
      `${SOURCE}: pipeline "traces/zeta" uses exporter "nope" → not defined under exporters or connectors (defined: "debug")`,
    ]);
  });

  test('a connector exported to and never received from: the whole message', () => {
    const config = minimal({ connectors: { span_metrics: {} } }, { exporters: ['debug', 'span_metrics'] });
    expect(messages(config)).toEqual([
      `${SOURCE}: connector "span_metrics" is an exporter of pipeline "traces" → no pipeline receives from it; `
        + 'add it to the receivers of the pipeline that should get its output',
    ]);
  });

  test('an extension listed but not defined: the whole message', () => {
    const config = minimal({ extensions: { 'file_storage/queue': {} }, service: { extensions: ['health_check'] } });
    expect(messages(config)).toEqual([
      `${SOURCE}: service.extensions lists "health_check" → not defined under extensions (defined: "file_storage/queue")`,
    ]);
  });
});

describe('named links in a Jaeger config', () => {
  /** A Jaeger config with one backend, `main`, and one metric backend, `prom`. */
  function jaeger(query: Obj | null, exporter: Obj | null = { trace_storage: 'main' }): Obj {
    return {
      extensions: {
        jaeger_storage: { backends: { main: { badger: {} } }, metric_backends: { prom: { prometheus: {} } } },
        jaeger_query: query,
        // Another type with the same keys: not read as jaeger_query or as a storage.
        'other_extension/x': { storage: { traces: 'nope' }, backends: { decoy: {} } },
      },
      receivers: { otlp: { protocols: { grpc: {} } } },
      exporters: { jaeger_storage_exporter: exporter, 'debug/x': { trace_storage: 'nope' } },
      service: {
        extensions: ['jaeger_storage', 'jaeger_query', 'other_extension/x'],
        pipelines: { traces: { receivers: ['otlp'], exporters: ['jaeger_storage_exporter', 'debug/x'] } },
      },
    };
  }

  test('storage names that are defined have no findings; a query without storage is not checked', () => {
    expect(messages(jaeger({ storage: { traces: 'main', traces_archive: 'main', metrics: 'prom' } }))).toEqual([]);
    expect(messages(jaeger({}))).toEqual([]);
    expect(messages(jaeger(null, null))).toEqual([]);
  });

  test.each([
    ['traces_archive', { traces: 'main', traces_archive: 'archive' }, 'extension "jaeger_query" storage.traces_archive = "archive" → no backends of that name in extensions.jaeger_storage (defined: "main")'],
    ['metrics', { traces: 'main', metrics: 'main' }, 'extension "jaeger_query" storage.metrics = "main" → no metric_backends of that name in extensions.jaeger_storage (defined: "prom")'],
  ])('jaeger_query storage.%s naming nothing', (_, storage, message) => {
    expect(messages(jaeger({ storage }))).toEqual([`${SOURCE}: ${message}`]);
  });

  test('the storage exporter writing to a backend that is not defined', () => {
    expect(messages(jaeger({ storage: { traces: 'main' } }, { trace_storage: 'badger' }))).toEqual([
      `${SOURCE}: exporter "jaeger_storage_exporter" trace_storage = "badger" → no backends of that name in extensions.jaeger_storage (defined: "main")`,
    ]);
  });

  test('a persistent queue when service.extensions is missing lists none; an exporter with no value is skipped', () => {
    const config = minimal({ exporters: { 'otlp_grpc/jaeger': { sending_queue: { storage: 'file_storage/queue' } }, debug: null } });
    config.service.pipelines.traces.exporters = ['debug'];
    expect(messages(config)).toEqual([
      `${SOURCE}: exporter "otlp_grpc/jaeger" sending_queue.storage = "file_storage/queue" → not an extension listed in service.extensions (listed: none)`,
    ]);
  });
});

describe('tail-sampling policy names', () => {
  const withPolicies = (policies: unknown): Obj => minimal({ processors: { tail_sampling: { policies }, 'batch/x': { policies: [{}] } } });
  const unnamed = `${SOURCE}: processor "tail_sampling" has a policy without a name; the processor refuses to start`;

  test.each([
    ['an empty name', [{ name: '' }]],
    ['a null policy', [null]],
    ['a number for a name', [{ name: 7 }]],
  ])('%s', (_, policies) => {
    expect(messages(withPolicies(policies))).toEqual([unnamed]);
  });

  test('a processor with no value: no finding', () => {
    expect(messages(minimal({ processors: { tail_sampling: null } }))).toEqual([]);
  });

  test('distinct names, no policies, or policies not written as a list: no finding', () => {
    expect(messages(withPolicies([{ name: 'a' }, { name: 'b' }]))).toEqual([]);
    expect(messages(withPolicies(undefined))).toEqual([]);
    expect(messages(withPolicies({ name: 'a' }))).toEqual([]);
  });
});

describe('endpointsOf', () => {
  test('OTLP exporters (old and new names): the endpoint and each signal endpoint; a component with no value gives none', () => {
    expect(endpointsOf({
      exporters: {
        'otlp/a': { endpoint: 'a:4317' },
        'otlphttp/b': { traces_endpoint: 'http://b/v1/traces', metrics_endpoint: 'http://b/v1/metrics', logs_endpoint: 'http://b/v1/logs' },
        'otlp_http/c': { endpoint: 'http://c' },
        otlp_grpc: null,
        debug: { endpoint: 'not-an-otlp-exporter:1' },
      },
    })).toEqual([
      { where: 'exporter "otlp/a" endpoint', address: 'a:4317' },
      { where: 'exporter "otlphttp/b" traces_endpoint', address: 'http://b/v1/traces' },
      { where: 'exporter "otlphttp/b" metrics_endpoint', address: 'http://b/v1/metrics' },
      { where: 'exporter "otlphttp/b" logs_endpoint', address: 'http://b/v1/logs' },
      { where: 'exporter "otlp_http/c" endpoint', address: 'http://c' },
    ]);
  });

  test('the load-balancing exporter (both spellings): dns and k8s resolvers dial pods, on their default port when none is given', () => {
    expect(endpointsOf({
      exporters: {
        'loadbalancing/dns': { resolver: { dns: { hostname: 'gw-headless' } } },
        'load_balancing/dns-port': { resolver: { dns: { hostname: 'gw-headless', port: '4318' } } },
        'load_balancing/k8s': { resolver: { k8s: { service: 'gw.monitoring', ports: [] } } },
        'load_balancing/k8s-ports': { resolver: { k8s: { service: 'gw.monitoring', ports: [4317, '4318'] } } },
        'load_balancing/none': null,
        'debug/resolver': { resolver: { dns: { hostname: 'not-a-load-balancer' } } },
      },
    })).toEqual([
      { where: 'exporter "loadbalancing/dns" resolver.dns.hostname', address: 'gw-headless', defaultPort: 4317, podDirect: true },
      { where: 'exporter "load_balancing/dns-port" resolver.dns.hostname', address: 'gw-headless', defaultPort: 4318, podDirect: true },
      { where: 'exporter "load_balancing/k8s" resolver.k8s.service', address: 'gw.monitoring', defaultPort: 4317, podDirect: true },
      { where: 'exporter "load_balancing/k8s-ports" resolver.k8s.service', address: 'gw.monitoring', defaultPort: 4317, podDirect: true },
      { where: 'exporter "load_balancing/k8s-ports" resolver.k8s.service', address: 'gw.monitoring', defaultPort: 4318, podDirect: true },
    ]);
  });

  test('extensions: a storage backend\'s grpc endpoint and a remote sampling source; holes give none', () => {
    expect(endpointsOf({
      extensions: {
        jaeger_storage: { backends: { remote: { grpc: { endpoint: 'storage:17271' } }, local: null, badger: { badger: {} } } },
        'jaeger_storage/empty': null,
        jaegerremotesampling: { source: { remote: { endpoint: 'jaeger-collector:14250' } } },
        'jaegerremotesampling/file': { source: { file: '/etc/sampling.json' } },
        other_extension: { backends: { decoy: { grpc: { endpoint: 'decoy:1' } } } },
      },
    })).toEqual([
      { where: 'extension "jaeger_storage" backends.remote.grpc.endpoint', address: 'storage:17271' },
      { where: 'extension "jaegerremotesampling" source.remote.endpoint', address: 'jaeger-collector:14250' },
    ]);
  });

  test('no config at all (an empty document) has no endpoints', () => {
    expect(endpointsOf(null)).toEqual([]);
  });
});

describe('parseClusterAddress, edge cases', () => {
  const anyNamespace = (): boolean => true;
  const parse = (address: string, defaultPort?: number): unknown => parseClusterAddress(address, 'own', anyNamespace, defaultPort);

  test('schemes: http is 80, https 443, others none; an explicit port wins; the default port beats the scheme\'s', () => {
    expect(parse('http://jaeger-query')).toEqual({ service: 'jaeger-query', namespace: 'own', port: 80 });
    expect(parse('HTTPS://jaeger-query')).toEqual({ service: 'jaeger-query', namespace: 'own', port: 443 });
    expect(parse('dns:///gw-headless')).toEqual({ service: 'gw-headless', namespace: 'own', port: undefined });
    expect(parse('https://jaeger-query:8443')).toEqual({ service: 'jaeger-query', namespace: 'own', port: 8443 });
    expect(parse('http://jaeger-query', 4317)).toEqual({ service: 'jaeger-query', namespace: 'own', port: 4317 });
  });

  test('a scheme is only read at the start', () => {
    expect(parse('jaeger-collector:4317/a://b')).toEqual({ service: 'jaeger-collector', namespace: 'own', port: 4317 });
  });

  test('surrounding whitespace is ignored', () => {
    expect(parse('  jaeger-collector:4317 ')).toEqual({ service: 'jaeger-collector', namespace: 'own', port: 4317 });
  });

  test.each([
    ['an environment reference in the path', 'http://jaeger-query:16686/${env:PREFIX}'],
    ['two colons', 'jaeger-collector:4317:1'],
    ['a port with letters after it', 'jaeger-collector:4317x'],
    ['a port with letters before it', 'jaeger-collector:x4317'],
    ['an empty host', ':4317'],
    ['an IPv4 address written as one number', '2130706433:4317'],
    ['a label that is not a DNS label', 'jaeger_collector.monitoring.svc:4317'],
    ['three labels without svc', 'ingest.vendor.example:443'],
    ['more labels without svc', 'ingest.vendor.example.com:443'],
  ])('%s is not a Service', (_, address) => {
    expect(parse(address)).toBeUndefined();
  });

  test('a name with digits is still a Service: only an all-digit label makes an IP', () => {
    expect(parse('4collector:4317')).toEqual({ service: '4collector', namespace: 'own', port: 4317 });
    expect(parse('jaeger-collector.2:4317')).toEqual({ service: 'jaeger-collector', namespace: '2', port: 4317 });
  });
});

describe('Service links from exporters', () => {
  /** The good stack with the gateway's Service on port 80 in front of its pods' 4317 and 8888. */
  function gatewayOnPort80(): Obj[] {
    const objects = goodStack();
    const gateway = get(objects, 'Service', 'otel-gateway');
    gateway.spec.ports = [{ name: 'metrics', port: 8888, targetPort: 'metrics' }, { name: 'otlp-grpc', port: 80, targetPort: 'otlp-grpc' }];
    return objects;
  }
  const agentTo = (objects: Obj[], resolver: Obj, exporter = 'load_balancing'): string[] => {
    editConfig(objects, 'otel-agent', (config) => {
      config.exporters = { [exporter]: resolver };
      config.service.pipelines.traces.exporters = [exporter];
    });
    return validateStack(objects).map((f) => f.message);
  };

  test('a resolver that dials pods passes on the pods\' port behind any Service port', () => {
    expect(agentTo(gatewayOnPort80(), { resolver: { k8s: { service: 'otel-gateway.monitoring', ports: [4317] } } })).toEqual([]);
  });

  test('a resolver that dials pods still needs some pod behind the Service to serve the port', () => {
    expect(agentTo(gatewayOnPort80(), { resolver: { k8s: { service: 'otel-gateway.monitoring', ports: [4318] } } })).toEqual([
      'ConfigMap monitoring/otel-agent key "config.yaml": exporter "load_balancing" resolver.k8s.service "otel-gateway.monitoring" → Service monitoring/otel-gateway has no port 4318 (it has: 8888 "metrics", 80 "otlp-grpc")',
    ]);
  });

  test('one of two pod templates behind the Service serving the port is enough; neither is not', () => {
    const objects = gatewayOnPort80();
    const other = structuredClone(get(objects, 'Deployment', 'otel-gateway'));
    other.metadata.name = 'otel-gateway-canary';
    // The canary serves OTLP on another number: the named targetPort resolves to 14317 there.
    other.spec.template.spec.containers[0].ports.find((p: Obj) => p.name === 'otlp-grpc').containerPort = 14317;
    objects.unshift(other);
    expect(agentTo(objects, { resolver: { k8s: { service: 'otel-gateway.monitoring', ports: [4317] } } })).toEqual([]);
    expect(agentTo(objects, { resolver: { k8s: { service: 'otel-gateway.monitoring', ports: [14317] } } })).toEqual([]);
    expect(agentTo(objects, { resolver: { k8s: { service: 'otel-gateway.monitoring', ports: [24317] } } })).toHaveLength(1);
  });

  test('an OTLP exporter goes through the Service: the Service port counts, not the pods\'', () => {
    expect(agentTo(gatewayOnPort80(), { endpoint: 'otel-gateway.monitoring.svc:4317' }, 'otlp_grpc')).toEqual([
      'ConfigMap monitoring/otel-agent key "config.yaml": exporter "otlp_grpc" endpoint "otel-gateway.monitoring.svc:4317" → Service monitoring/otel-gateway has no port 4317 (it has: 8888 "metrics", 80 "otlp-grpc")',
    ]);
    expect(agentTo(gatewayOnPort80(), { endpoint: 'otel-gateway.monitoring.svc:80' }, 'otlp_grpc')).toEqual([]);
  });

  test('a Service with no ports, or an unnamed one, says so', () => {
    const objects = goodStack();
    objects.push(service('empty', { app: 'gateway' }, []));
    expect(agentTo(objects, { endpoint: 'empty:4317' }, 'otlp_grpc')).toEqual([
      'ConfigMap monitoring/otel-agent key "config.yaml": exporter "otlp_grpc" endpoint "empty:4317" → Service monitoring/empty has no port 4317 (it has: no ports)',
    ]);
    get(objects, 'Service', 'empty').spec.ports = [{ port: 4318, targetPort: 4317 }];
    expect(agentTo(objects, { endpoint: 'empty:4317' }, 'otlp_grpc')).toEqual([
      'ConfigMap monitoring/otel-agent key "config.yaml": exporter "otlp_grpc" endpoint "empty:4317" → Service monitoring/empty has no port 4317 (it has: 4318)',
    ]);
  });
});

test('an Ingress naming one of several ports of a Service passes', () => {
  const objects = goodStack();
  objects.push({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'metrics', namespace: 'monitoring' },
    spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'jaeger-collector', port: { name: 'metrics' } } } }] } }] },
  });
  expect(validateStack(objects)).toEqual([]);
});
