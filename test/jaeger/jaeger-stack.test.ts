import { JsonPatch } from 'cdk8s';
import { parse } from 'yaml';
import { JaegerStack, JaegerStackProps, JaegerStorage, Ports, SamplingStrategy } from '../../lib';
import { schemaValidator } from '../support/schema';
import { collectorConfigOf, findOne, ofKind, synthObjects, testChart } from '../support/synth';
import { prometheus } from '../support/observers';
import { fixture } from '../support/fixture';

function synth(props?: JaegerStackProps): { stack: JaegerStack; objects: any[] } {
  const chart = testChart();
  const stack = new JaegerStack(chart, 'jaeger', props);
  return { stack, objects: synthObjects(chart) };
}

/** The Jaeger config of a ConfigMap, parsed back. */
const jaegerConfig = collectorConfigOf;

function podSpec(workload: any): any {
  return workload.spec.jobTemplate ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

const esProps = (): JaegerStackProps => ({
  storage: JaegerStorage.elasticsearch({
    serverUrls: ['https://es.logging.svc:9200'],
    indexPrefix: 'prod',
    credentials: { secretName: 'es-credentials', passwordKey: 'pw' },
  }),
});

/** Props are made in the test that uses them, not when the file loads (test/support/fixture.ts). */
const MODES: Array<[string, () => JaegerStackProps]> = [
  ['badger', () => ({})],
  ['badger-shared', () => ({ storage: JaegerStorage.badgerShared() })],
  ['elasticsearch', esProps],
  ['opensearch', () => ({ storage: JaegerStorage.opensearch({ serverUrls: ['http://opensearch:9200'] }) })],
  ['memory', () => ({ storage: JaegerStorage.memory() })],
  ['monitor', () => ({ monitor: { prometheus: prometheus({ url: 'http://prometheus:9090' }) } })],
  ['hpa', () => ({ storage: JaegerStorage.badgerShared(), collector: { autoscaling: { maxReplicas: 6 } } })],
];

describe.each(MODES)('JaegerStack (%s): invariants of every mode', (_, props) => {
  const mode = fixture(() => {
    const { stack, objects } = synth(props());
    return { stack, objects, workloads: objects.filter((o) => ['StatefulSet', 'Deployment', 'CronJob'].includes(o.kind)) };
  });

  test('every object is schema-valid, named, namespaced and labelled', () => {
    const { objects } = mode();
    for (const obj of objects) {
      expect(schemaValidator().validate(obj)).toEqual([]);
      expect(obj.metadata.namespace).toBe('monitoring');
      expect(obj.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'jaeger', 'app.kubernetes.io/instance': 'jaeger' });
    }
  });

  test('every process that stores spans writes before it answers: memory_limiter straight into the storage exporter, no batch', () => {
    const { objects } = mode();
    // A batch processor answers the sender at once and writes later; Jaeger's storage exporter
    // neither retries nor queues, so a failed write lost spans the gateways believed stored.
    const storing = objects.filter((o) => o.kind === 'ConfigMap' && o.data?.['config.yaml'])
      .map((cm) => parse(cm.data['config.yaml'])).filter((c) => c.exporters?.jaeger_storage_exporter);
    expect(storing.length).toBeGreaterThan(0);
    for (const config of storing) {
      expect(config.service.pipelines.traces.processors).toEqual(['memory_limiter']);
      expect(config.processors).not.toHaveProperty('batch');
      expect(config.exporters.jaeger_storage_exporter).not.toHaveProperty('queue');
    }
  });

  test('every pod is restricted, resourced, has its own token-less ServiceAccount and a writable /tmp', () => {
    const { objects, workloads } = mode();
    for (const w of workloads) {
      const spec = podSpec(w);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      const sa = findOne(objects, 'ServiceAccount', spec.serviceAccountName);
      expect(sa.automountServiceAccountToken).toBe(false);
      for (const c of spec.containers) {
        expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.resources.requests).toHaveProperty('memory');
        expect(c.resources.limits).toHaveProperty('memory');
        expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      }
    }
  });

  test('Jaeger pods: probes on healthcheckv2, metrics port, GOMEMLIMIT, config checksum, PDB iff multi-replica', () => {
    const { objects, workloads } = mode();
    for (const w of workloads.filter((o) => o.kind !== 'CronJob')) {
      const spec = podSpec(w);
      const [c] = spec.containers;
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        expect(c[probe].httpGet).toMatchObject({ path: '/status', port: 'health' });
      }
      expect(c.ports).toContainEqual({ name: 'metrics', containerPort: 8888, protocol: 'TCP' });
      expect(c.env.find((e: any) => e.name === 'GOMEMLIMIT').value).toMatch(/^\d+MiB$/);
      expect(w.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
      const multi = (w.spec.replicas ?? 2) > 1;
      const pdbs = ofKind(objects, 'PodDisruptionBudget').filter((p) => p.metadata.name === w.metadata.name);
      expect(pdbs).toHaveLength(multi ? 1 : 0);
      expect(spec.topologySpreadConstraints !== undefined).toBe(multi);
      if (multi) expect(pdbs[0].spec.selector.matchLabels).toEqual(w.spec.selector.matchLabels);
      // The config each pod reads parses, defines every pipeline component and binds 0.0.0.0.
      const config = jaegerConfig(objects, spec.volumes.find((v: any) => v.name === 'config').configMap.name);
      for (const [pipeline, p] of Object.entries<any>(config.service.pipelines)) {
        for (const kind of ['receivers', 'processors', 'exporters'] as const) {
          for (const name of p[kind] ?? []) expect([pipeline, kind, name, config[kind]?.[name]]).not.toContain(undefined);
        }
      }
      for (const name of config.service.extensions) expect(config.extensions).toHaveProperty([name]);
      const endpoints = JSON.stringify(config).match(/"endpoint":"[^"]*"/g) ?? [];
      for (const e of endpoints.filter((x) => !x.includes('http') && !x.includes('.svc'))) expect(e).toMatch(/"endpoint":"0\.0\.0\.0:\d+"/);
      expect(config.service.telemetry.metrics.readers).toEqual([{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888, without_units: false, without_type_suffix: false } } } }]);
      // Its logs name the workload, in the attributes list (the real 2.20 warns about the inline map).
      expect(config.service.telemetry.resource).toEqual({ attributes: [{ name: 'service.name', value: w.metadata.name }] });
      // Every server port in the config is a container port.
      const containerPorts = c.ports.map((p: any) => p.containerPort);
      for (const e of endpoints.filter((x) => x.includes('0.0.0.0'))) {
        expect(containerPorts).toContain(Number(e.match(/:(\d+)"/)![1]));
      }
    }
  });

  test('each Service selects pods that serve every one of its ports', () => {
    const { objects, workloads } = mode();
    for (const svc of ofKind(objects, 'Service')) {
      const pods = workloads.filter((w) => w.kind !== 'CronJob' && matches(svc.spec.selector, w.spec.template.metadata.labels));
      expect(pods.length).toBeGreaterThan(0);
      for (const w of pods) {
        const names = podSpec(w).containers[0].ports.map((p: any) => p.name);
        for (const port of svc.spec.ports) expect(names).toContain(port.targetPort);
      }
    }
    expect(findOne(objects, 'Service', 'jaeger-collector').spec.ports.map((p: any) => p.port))
      .toEqual([4317, 4318, 14250, 14268, 5778, 5779, 13133, 8888]);
    expect(findOne(objects, 'Service', 'jaeger-query').spec.ports.map((p: any) => p.port)).toEqual([16686, 16685]);
  });

  test('roles describe the workloads: selector matches the pods, ports are the container ports', () => {
    const { stack, workloads } = mode();
    for (const role of stack.roles) {
      const pods = workloads.filter((w) => w.kind !== 'CronJob' && matches(role.selector, w.spec.template.metadata.labels));
      expect(pods).toHaveLength(1);
      expect(role.ports.map((p) => p.name)).toEqual(podSpec(pods[0]).containers[0].ports.map((p: any) => p.name));
      expect(role.serviceAccountName).toBe(podSpec(pods[0]).serviceAccountName);
    }
    expect(stack.roles.every((r) => r.ports.includes(Ports.METRICS))).toBe(true);
  });
});

describe('JaegerStack: Badger (default)', () => {
  const badger = fixture(() => synth());

  test('one StatefulSet "jaeger" with a data PVC on the cluster default StorageClass, fsGroup 10001, headless Service', () => {
    const { stack, objects } = badger();
    expect(ofKind(objects, 'Deployment')).toHaveLength(0);
    expect(ofKind(objects, 'CronJob')).toHaveLength(0);
    const sts = findOne(objects, 'StatefulSet', 'jaeger');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('all-in-one');
    expect(sts.spec.serviceName).toBe('jaeger-headless');
    expect(findOne(objects, 'Service', 'jaeger-headless').spec.clusterIP).toBe('None');
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.metadata.name).toBe('data');
    expect(claim.metadata.labels).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(claim.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } });
    // No StorageClass guessed: the library names no cloud's class, the cluster's default is used.
    expect(claim.spec).not.toHaveProperty('storageClassName');
    expect(sts.spec.template.spec.securityContext.fsGroup).toBe(10001);
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/badger' });
    expect(stack.statefulSetNames).toEqual(['jaeger']);
    expect(stack.dataClaimNames).toEqual(['data-jaeger-0']);
    expect(stack.storageType).toBe('badger');
  });

  test('both Services select the all-in-one pods', () => {
    const { objects } = badger();
    for (const name of ['jaeger-collector', 'jaeger-query']) {
      expect(findOne(objects, 'Service', name).spec.selector['app.kubernetes.io/component']).toBe('all-in-one');
    }
  });

  test('config: persistent Badger with ttl = retention, ingest and query in one process', () => {
    const { objects } = badger();
    const config = jaegerConfig(objects, 'jaeger-config');
    expect(config.extensions.jaeger_storage.backends.trace_store.badger).toEqual({
      directories: { keys: '/badger/keys', values: '/badger/values' }, ephemeral: false, ttl: { spans: '72h' },
    });
    expect(config.exporters.jaeger_storage_exporter.trace_storage).toBe('trace_store');
    expect(config.extensions.jaeger_query.storage).toEqual({ traces: 'trace_store' });
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.extensions.remote_sampling.file.path).toBe('/etc/jaeger/sampling/strategies.json');
    expect(config.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: '0.0.0.0:13133', status: { enabled: true, path: '/status' } } });
    expect(config.service.pipelines.traces.processors[0]).toBe('memory_limiter');
  });

  test('retention, volume and class are props', () => {
    const { objects: o } = synth({ retention: '168h', volumeSize: '200Gi', storageClassName: 'premium-rwo' });
    expect(jaegerConfig(o, 'jaeger-config').extensions.jaeger_storage.backends.trace_store.badger.ttl.spans).toBe('168h');
    expect(findOne(o, 'StatefulSet', 'jaeger').spec.volumeClaimTemplates[0].spec)
      .toMatchObject({ storageClassName: 'premium-rwo', resources: { requests: { storage: '200Gi' } } });
  });

  test('public endpoints', () => {
    const { stack } = badger();
    expect(stack.otlpGrpcEndpoint).toBe('jaeger-collector.monitoring.svc:4317');
    expect(stack.otlpHttpEndpoint).toBe('http://jaeger-collector.monitoring.svc:4318');
    expect(stack.samplingGrpcEndpoint).toBe('jaeger-collector.monitoring.svc:5779');
    expect(stack.samplingHttpEndpoint).toBe('http://jaeger-collector.monitoring.svc:5778');
    expect(stack.queryUrl).toBe('http://jaeger-query.monitoring.svc:16686');
    expect(stack.collectorServiceName).toBe('jaeger-collector');
    expect(stack.queryServiceName).toBe('jaeger-query');
  });

  test('default output snapshot (reviewed alongside the explicit checks above)', () => {
    const { objects } = badger();
    expect(objects).toMatchSnapshot();
  });

  test('a config change changes the pod checksum', () => {
    const { objects } = badger();
    const a = findOne(objects, 'StatefulSet', 'jaeger').spec.template.metadata.annotations['checksum/config'];
    const again = findOne(synth().objects, 'StatefulSet', 'jaeger').spec.template.metadata.annotations['checksum/config'];
    const other = findOne(synth({ retention: '24h' }).objects, 'StatefulSet', 'jaeger').spec.template.metadata.annotations['checksum/config'];
    expect(again).toBe(a);
    expect(other).not.toBe(a);
  });

  test('a sampling-strategy change does not restart Jaeger: strategies are reloaded from the mounted file', () => {
    const sum = (props: JaegerStackProps, kind = 'StatefulSet', name = 'jaeger') =>
      findOne(synth(props).objects, kind, name).spec.template.metadata.annotations['checksum/config'];
    const one = { sampling: { services: { ryot: SamplingStrategy.probabilistic(0.5) } } };
    const two = { sampling: { services: { ryot: SamplingStrategy.probabilistic(0.25) } } };
    expect(sum(one)).toBe(sum(two));
    const shared = (p: typeof one) => ({ ...p, storage: JaegerStorage.badgerShared() });
    expect(sum(shared(one), 'Deployment', 'jaeger-collector')).toBe(sum(shared(two), 'Deployment', 'jaeger-collector'));
    // ...because the file really is re-read, and really changed.
    const cfg = jaegerConfig(synth(one).objects, 'jaeger-config');
    expect(cfg.extensions.remote_sampling.file.reload_interval).toBe('1m');
    const strategies = (p: JaegerStackProps) => findOne(synth(p).objects, 'ConfigMap', 'jaeger-sampling-strategies').data['strategies.json'];
    expect(strategies(one)).not.toBe(strategies(two));
  });

  test('query-only pods do not trace themselves into localhost:4317, where nothing listens; all-in-one keeps its self-traces', () => {
    const query = jaegerConfig(synth({ storage: JaegerStorage.badgerShared() }).objects, 'jaeger-query-config');
    expect(query.receivers.otlp).toBeUndefined();
    expect(query.extensions.jaeger_query.enable_tracing).toBe(false);
    const es = jaegerConfig(synth(esProps()).objects, 'jaeger-query-config');
    expect(es.extensions.jaeger_query.enable_tracing).toBe(false);
    const aio = jaegerConfig(synth().objects, 'jaeger-config');
    expect(aio.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(aio.extensions.jaeger_query.enable_tracing).toBeUndefined();
  });

  test('memory_limiter: the same MiB policy as the Collector (80 % hard, refusing from 60 % of the limit)', () => {
    for (const [name, props] of MODES) {
      const { objects: objs } = synth(props());
      for (const cm of ofKind(objs, 'ConfigMap').filter((c: any) => c.data?.['config.yaml'])) {
        const cfg = jaegerConfig(objs, cm.metadata.name);
        if (!cfg.processors?.memory_limiter) continue;
        const workload = [...ofKind(objs, 'StatefulSet'), ...ofKind(objs, 'Deployment')]
          .find((w: any) => w.spec.template.spec.volumes.some((v: any) => v.configMap?.name === cm.metadata.name));
        const limit = workload.spec.template.spec.containers[0].resources.limits.memory;
        const mib = Number(/^(\d+)Gi$/.exec(limit)?.[1]) * 1024 || Number(/^(\d+)Mi$/.exec(limit)?.[1]);
        expect([name, cfg.processors.memory_limiter]).toEqual([name, {
          check_interval: '1s', limit_mib: Math.floor(mib * 0.8), spike_limit_mib: Math.floor(Math.floor(mib * 0.8) / 4),
        }]);
      }
    }
  });
});

describe('JaegerStack: badger-shared', () => {
  const shared = fixture(() => synth({ storage: JaegerStorage.badgerShared() }));

  test('remote-storage StatefulSet owns Badger; 3 collectors and 2 query over it', () => {
    const { stack, objects } = shared();
    const sts = findOne(objects, 'StatefulSet', 'jaeger-remote-storage');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(sts.spec.template.spec.securityContext.fsGroup).toBe(10001);
    expect(stack.dataClaimNames).toEqual(['data-jaeger-remote-storage-0']);
    expect(findOne(objects, 'Deployment', 'jaeger-collector').spec.replicas).toBe(3);
    expect(findOne(objects, 'Deployment', 'jaeger-query').spec.replicas).toBe(2);
    expect(ofKind(objects, 'StatefulSet')).toHaveLength(1);
    for (const name of ['jaeger-collector', 'jaeger-query']) {
      expect(podSpec(findOne(objects, 'Deployment', name)).volumes.map((v: any) => v.name)).not.toContain('data');
    }
  });

  test('remote storage serves Badger: reads over the remote-storage API, writes over OTLP', () => {
    const { stack, objects } = shared();
    const rs = jaegerConfig(objects, 'jaeger-remote-storage-config');
    expect(rs.extensions.remote_storage).toEqual({ endpoint: '0.0.0.0:17271', storage: 'trace_store' });
    expect(rs.extensions.jaeger_storage.backends.trace_store.badger).toMatchObject({ ephemeral: false, ttl: { spans: '72h' } });
    // The remote-storage API has no writer: collectors write OTLP into the remote storage's pipeline.
    expect(rs.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(rs.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['jaeger_storage_exporter'] });
    expect(rs.exporters.jaeger_storage_exporter).toEqual({ trace_storage: 'trace_store' });
    const grpc = {
      grpc: {
        endpoint: 'jaeger-remote-storage-headless.monitoring.svc:17271',
        tls: { insecure: true },
        writer: { endpoint: 'jaeger-remote-storage-headless.monitoring.svc:4317', tls: { insecure: true } },
      },
    };
    expect(stack.remoteStorageEndpoint).toBe('jaeger-remote-storage-headless.monitoring.svc:17271');
    expect(findOne(objects, 'Service', 'jaeger-remote-storage-headless').spec.ports.map((p: any) => p.port)).toEqual(expect.arrayContaining([17271, 4317]));
    const collector = jaegerConfig(objects, 'jaeger-collector-config');
    expect(collector.extensions.jaeger_storage.backends.trace_store).toEqual(grpc);
    expect(collector.extensions).not.toHaveProperty('jaeger_query');
    const query = jaegerConfig(objects, 'jaeger-query-config');
    expect(query.extensions.jaeger_storage.backends.trace_store).toEqual(grpc);
    expect(query.extensions).not.toHaveProperty('remote_sampling');
    expect(query.service.pipelines.traces.receivers).toEqual(['nop']);
  });

  test('Services select the split roles', () => {
    const { stack, objects } = shared();
    expect(findOne(objects, 'Service', 'jaeger-collector').spec.selector['app.kubernetes.io/component']).toBe('collector');
    expect(findOne(objects, 'Service', 'jaeger-query').spec.selector['app.kubernetes.io/component']).toBe('query');
    expect(stack.roles.map((r) => r.component)).toEqual(['remote-storage', 'collector', 'query']);
  });

  test('optional HPA owns the collector count', () => {
    const { objects: o } = synth({ storage: JaegerStorage.badgerShared(), collector: { autoscaling: { maxReplicas: 10 } } });
    const hpa = findOne(o, 'HorizontalPodAutoscaler', 'jaeger-collector');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'jaeger-collector' } });
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(70);
    expect(findOne(o, 'Deployment', 'jaeger-collector').spec).not.toHaveProperty('replicas');
  });
});

describe('JaegerStack: Elasticsearch / OpenSearch', () => {
  const elastic = fixture(() => synth(esProps()));

  test('collectors and query Deployments, no volumes, index-cleaner CronJob', () => {
    const { objects } = elastic();
    expect(ofKind(objects, 'StatefulSet')).toHaveLength(0);
    expect(ofKind(objects, 'PersistentVolumeClaim')).toHaveLength(0);
    expect(findOne(objects, 'Deployment', 'jaeger-collector').spec.replicas).toBe(3);
    expect(findOne(objects, 'Deployment', 'jaeger-query').spec.replicas).toBe(2);
  });

  test('storage config: URLs, prefix, shards/replicas, credentials only as env references', () => {
    const { objects } = elastic();
    for (const name of ['jaeger-collector-config', 'jaeger-query-config']) {
      const es = jaegerConfig(objects, name).extensions.jaeger_storage.backends.trace_store.elasticsearch;
      expect(es).toEqual({
        server_urls: ['https://es.logging.svc:9200'],
        max_span_age: '72h',
        indices: { index_prefix: 'prod', spans: { shards: 3, replicas: 1 }, services: { shards: 3, replicas: 1 } },
        auth: { basic: { username: '${env:ES_USERNAME}', password: '${env:ES_PASSWORD}' } },
      });
    }
    for (const cm of ofKind(objects, 'ConfigMap')) expect(JSON.stringify(cm.data)).not.toMatch(/es-credentials|"pw"/);
  });

  test('Secret references on collectors, query and the cleaner', () => {
    const { objects } = elastic();
    for (const w of [findOne(objects, 'Deployment', 'jaeger-collector'), findOne(objects, 'Deployment', 'jaeger-query'),
      findOne(objects, 'CronJob', 'jaeger-es-index-cleaner')]) {
      const env = podSpec(w).containers[0].env;
      expect(env).toContainEqual({ name: 'ES_USERNAME', valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'username', optional: false } } });
      expect(env).toContainEqual({ name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'es-credentials', key: 'pw', optional: false } } });
    }
  });

  test('the cleaner keeps the retention in whole days (72h = 3 days) under the same prefix', () => {
    const { objects } = elastic();
    const cron = findOne(objects, 'CronJob', 'jaeger-es-index-cleaner');
    expect(cron.spec).toMatchObject({ schedule: '55 23 * * *', concurrencyPolicy: 'Forbid' });
    const [c] = podSpec(cron).containers;
    expect(c.image).toBe('jaegertracing/jaeger-es-index-cleaner:2.20.0');
    expect(c.args).toEqual(['3', 'https://es.logging.svc:9200']);
    // The cleaner's flag is --index-prefix (env INDEX_PREFIX); it ignores ES_INDEX_PREFIX and
    // would then match no index and delete nothing.
    expect(c.env).toContainEqual({ name: 'INDEX_PREFIX', value: 'prod' });
    expect(c.env.map((e: { name: string }) => e.name)).not.toContain('ES_INDEX_PREFIX');
    expect(cron.metadata.labels['app.kubernetes.io/component']).toBe('index-cleaner');
    const { objects: o } = synth({ ...esProps(), retention: '30h' });
    expect(podSpec(findOne(o, 'CronJob', 'jaeger-es-index-cleaner')).containers[0].args[0]).toBe('2');
  });

  test('reads reach back as far as the cleaner keeps data, not the backend\'s 72h default', () => {
    const { objects: o } = synth({ ...esProps(), retention: '240h' });
    const days = Number(podSpec(findOne(o, 'CronJob', 'jaeger-es-index-cleaner')).containers[0].args[0]);
    for (const name of ['jaeger-collector-config', 'jaeger-query-config']) {
      expect(jaegerConfig(o, name).extensions.jaeger_storage.backends.trace_store.elasticsearch.max_span_age).toBe(`${days * 24}h`);
    }
    expect(days).toBe(10);
  });

  test('opensearch uses the opensearch backend key; no credentials means no env and no auth', () => {
    const { objects: o } = synth({ storage: JaegerStorage.opensearch({ serverUrls: ['http://opensearch:9200'] }) });
    const backend = jaegerConfig(o, 'jaeger-collector-config').extensions.jaeger_storage.backends.trace_store;
    expect(Object.keys(backend)).toEqual(['opensearch']);
    expect(backend.opensearch).not.toHaveProperty('auth');
    expect(podSpec(findOne(o, 'Deployment', 'jaeger-collector')).containers[0].env.map((e: any) => e.name)).toEqual(['GOMEMLIMIT']);
  });
});

describe('JaegerStack: memory', () => {
  test('one StatefulSet, no volume claim, memory backend', () => {
    const { objects, stack } = synth({ storage: JaegerStorage.memory(5000) });
    const sts = findOne(objects, 'StatefulSet', 'jaeger');
    expect(sts.spec).not.toHaveProperty('volumeClaimTemplates');
    expect(sts.spec.template.spec.securityContext).not.toHaveProperty('fsGroup');
    expect(jaegerConfig(objects, 'jaeger-config').extensions.jaeger_storage.backends.trace_store).toEqual({ memory: { max_traces: 5000 } });
    expect(stack.dataClaimNames).toEqual([]);
  });
});

describe('JaegerStack: Monitor tab', () => {
  test('query reads RED metrics from Prometheus and the UI turns the Monitor menu on', () => {
    const { objects } = synth({ monitor: { prometheus: prometheus() } });
    const cm = findOne(objects, 'ConfigMap', 'jaeger-config');
    const config = parse(cm.data['config.yaml']);
    expect(config.extensions.jaeger_query.storage).toEqual({ traces: 'trace_store', metrics: 'span_metrics' });
    expect(config.extensions.jaeger_storage.metric_backends.span_metrics.prometheus).toEqual({
      endpoint: 'http://prometheus-operated.monitoring.svc:9090',
      metric_namespace: 'traces_span_metrics',
      latency_unit: 'ms',
      normalize_calls: true,
      normalize_duration: true,
    });
    expect(config.extensions.jaeger_query.ui.config_file).toBe('/etc/jaeger/config/ui-config.json');
    expect(JSON.parse(cm.data['ui-config.json'])).toEqual({ monitor: { menuEnabled: true } });
  });

  test('off by default', () => {
    const config = jaegerConfig(synth().objects, 'jaeger-config');
    expect(config.extensions.jaeger_query).not.toHaveProperty('ui');
    expect(config.extensions.jaeger_storage).not.toHaveProperty('metric_backends');
  });
});

describe('JaegerStack: validation', () => {
  test('Badger with more than one replica explains why and names the ways out', () => {
    expect(() => synth({ allInOne: { replicas: 3 } })).toThrow(
      /JaegerStack "jaeger": invalid prop "allInOne.replicas" = 3: Badger is an embedded, single-process store.*JaegerStorage.badgerShared\(\).*JaegerStorage.elasticsearch/);
    expect(() => synth({ collector: { replicas: 3 } })).toThrow(/invalid prop "collector.replicas" = 3: Badger is an embedded, single-process store/);
  });

  test('memory with more than one replica fails', () => {
    expect(() => synth({ storage: JaegerStorage.memory(), allInOne: { replicas: 2 } }))
      .toThrow(/invalid prop "allInOne.replicas" = 2: memory storage lives inside one process/);
  });

  test('a missing Elasticsearch URL fails', () => {
    expect(() => synth({ storage: JaegerStorage.elasticsearch({} as any) }))
      .toThrow(/invalid prop "storage.serverUrls" = undefined: elasticsearch needs the URL of at least one server/);
    expect(() => synth({ storage: JaegerStorage.opensearch({ serverUrls: [] }) }))
      .toThrow(/invalid prop "storage.serverUrls" = \[\]/);
    expect(() => synth({ storage: JaegerStorage.elasticsearch({ serverUrls: ['es:9200'] }) }))
      .toThrow(/invalid prop "storage.serverUrls\[0\]" = "es:9200": not an http\(s\) URL/);
  });

  test('a negative or malformed retention fails', () => {
    expect(() => synth({ retention: '-72h' })).toThrow(/invalid prop "retention" = "-72h": a duration cannot be negative/);
    expect(() => synth({ retention: '3d' })).toThrow(/invalid prop "retention" = "3d": not a Go duration/);
  });

  test('role props the topology has no place for fail', () => {
    expect(() => synth({ query: { resources: { memoryLimit: '1Gi' } } })).toThrow(/invalid prop "query".*has no effect with JaegerStorage.badger\(\)/);
    expect(() => synth({ ...esProps(), allInOne: {} })).toThrow(/invalid prop "allInOne".*has no effect with JaegerStorage.elasticsearch\(/);
    expect(() => synth({ storage: JaegerStorage.badgerShared(), collector: { autoscaling: { maxReplicas: 2, minReplicas: 3 } } }))
      .toThrow(/invalid prop "collector.autoscaling.maxReplicas" = 2: is below minReplicas/);
    expect(() => synth({ storage: { type: 'clickhouse' } as any })).toThrow(/invalid prop "storage" = {"type":"clickhouse"}: is not a JaegerStorage. Fix: make it with a factory: JaegerStorage.badger\(\)/);
    expect(() => synth({ monitor: { prometheus: { url: 'http://prometheus:9090' } as any } })).toThrow(/invalid prop "monitor.prometheus" = .*is not a Prometheus/);
    expect(() => prometheus({ url: 'prometheus:9090' })).toThrow(/Prometheus.fromExisting\(\): invalid prop "url" = "prometheus:9090"/);
    expect(() => synth({ storage: JaegerStorage.badgerShared(), collector: { resources: { memoryRequest: '2Gi' } } }))
      .toThrow(/invalid prop "collector.resources.memoryRequest" = "2Gi": is larger than the memory limit/);
  });
});

test('each workload is reachable by name for a JSON patch, without searching the tree', () => {
  const badger = new JaegerStack(testChart(), 'jaeger');
  expect(Object.keys(badger.workloads)).toEqual(['jaeger']);
  const chart = testChart();
  const search = new JaegerStack(chart, 'jaeger', { storage: JaegerStorage.opensearch({ serverUrls: ['https://os:9200'] }) });
  expect(Object.entries(search.workloads).map(([name, o]) => `${name}:${o.kind}`).sort())
    .toEqual(['jaeger-collector:Deployment', 'jaeger-es-index-cleaner:CronJob', 'jaeger-query:Deployment']);
  search.workloads['jaeger-query'].addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations/example.com~1team', 'b'));
  const query = synthObjects(chart).find((o) => o.kind === 'Deployment' && o.metadata.name === 'jaeger-query');
  expect(query.spec.template.metadata.annotations['example.com/team']).toBe('b');
});
