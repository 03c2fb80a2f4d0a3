/**
 * JaegerStack over an HTTPS Elasticsearch/OpenSearch cluster with a private CA: the CA comes from
 * an existing Secret mounted into every pod that talks to the cluster (collectors, query, index
 * cleaner), and Jaeger's config and the cleaner's flags carry the same TLS settings.
 */
import { parse } from 'yaml';
import {
  GitOpsApp, JaegerStack, JaegerStackProps, SearchStorageOptions, TracingChart, checkOperationalRules, checkPodSecurity, validateStack,
} from '../../lib/internal';
import { fixture } from '../support/fixture';
import { schemaValidator } from '../support/schema';
import { findOne, ofKind, synthApp, synthObjects, tempDir, testChart } from '../support/synth';
import { JaegerStorage } from '../../lib';

function synth(props: JaegerStackProps): any[] {
  const chart = testChart();
  new JaegerStack(chart, 'jaeger', props);
  return synthObjects(chart);
}

function search(extra: Partial<SearchStorageOptions> = {}): JaegerStackProps {
  return {
    storage: JaegerStorage.elasticsearch({
      serverUrls: ['https://tracing-es-http.logging.svc:9200'],
      credentials: { secretName: 'es-credentials' },
      tls: { caSecret: { name: 'tracing-es-http-certs-public' } },
      ...extra,
    }),
  };
}

function podSpec(workload: any): any {
  return workload.spec.jobTemplate ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec;
}

function backend(objects: any[], configMap: string, type = 'elasticsearch'): any {
  return parse(findOne(objects, 'ConfigMap', configMap).data['config.yaml']).extensions.jaeger_storage.backends.trace_store[type];
}

const CA_VOLUME = { name: 'search-ca', secret: { secretName: 'tracing-es-http-certs-public', items: [{ key: 'ca.crt', path: 'ca.crt' }], optional: false } };
const CA_MOUNT = { name: 'search-ca', mountPath: '/etc/jaeger/search-ca', readOnly: true };

describe('JaegerStack: search storage over TLS with a private CA', () => {
  const overTls = fixture(() => {
    const objects = synth(search());
    return {
      objects,
      collector: findOne(objects, 'Deployment', 'jaeger-collector'),
      query: findOne(objects, 'Deployment', 'jaeger-query'),
      cleaner: findOne(objects, 'CronJob', 'jaeger-es-index-cleaner'),
    };
  });

  test('the config of collectors and query points tls.ca_file at the mounted CA', () => {
    const { objects } = overTls();
    for (const name of ['jaeger-collector-config', 'jaeger-query-config']) {
      const es = backend(objects, name);
      expect(es.tls).toEqual({ ca_file: '/etc/jaeger/search-ca/ca.crt' });
      expect(es.server_urls).toEqual(['https://tracing-es-http.logging.svc:9200']);
      // Credentials stay env references next to the TLS block.
      expect(es.auth.basic.password).toBe('${env:ES_PASSWORD}');
    }
  });

  test('collectors, query and cleaner mount the CA Secret read-only, at the path the config names', () => {
    const { collector, query, cleaner } = overTls();
    for (const w of [collector, query, cleaner]) {
      const spec = podSpec(w);
      expect(spec.volumes).toContainEqual(CA_VOLUME);
      expect(spec.containers[0].volumeMounts).toContainEqual(CA_MOUNT);
    }
  });

  test('the cleaner gets the same TLS settings through the env form of its --es.tls.* flags', () => {
    const { cleaner } = overTls();
    const env = podSpec(cleaner).containers[0].env;
    expect(env).toContainEqual({ name: 'ES_TLS_ENABLED', value: 'true' });
    expect(env).toContainEqual({ name: 'ES_TLS_CA', value: '/etc/jaeger/search-ca/ca.crt' });
    expect(env.map((e: any) => e.name)).not.toContain('ES_TLS_SKIP_HOST_VERIFY');
    expect(env.map((e: any) => e.name)).toEqual(expect.arrayContaining(['ES_USERNAME', 'ES_PASSWORD']));
    expect(podSpec(cleaner).containers[0].args).toEqual(['3', 'https://tracing-es-http.logging.svc:9200']);
  });

  test('a config change rolls the pods: the checksum differs from the same stack without TLS', () => {
    const { objects } = overTls();
    const plain = synth(search({ tls: undefined }));
    const sum = (objs: any[]): string => findOne(objs, 'Deployment', 'jaeger-collector').spec.template.metadata.annotations['checksum/config'];
    expect(sum(objects)).not.toBe(sum(plain));
  });

  test('every object is schema-valid; every pod is still restricted and operationally complete', () => {
    const { objects } = overTls();
    for (const obj of objects) expect(schemaValidator().validate(obj)).toEqual([]);
    expect(checkPodSecurity(objects).map((f) => f.message)).toEqual([]);
    expect(checkOperationalRules(objects).map((f) => f.message)).toEqual([]);
  });

  test('the CA key, host name override and (development-only) skip-verify are carried everywhere', () => {
    const o = synth({
      storage: JaegerStorage.opensearch({
        serverUrls: ['https://opensearch-cluster-master.search.svc:9200'],
        tls: { caSecret: { name: 'opensearch-demo-ca', key: 'root-ca.pem' }, serverName: 'node-0.example.com' },
      }),
    });
    expect(backend(o, 'jaeger-collector-config', 'opensearch').tls)
      .toEqual({ ca_file: '/etc/jaeger/search-ca/ca.crt', server_name_override: 'node-0.example.com' });
    expect(podSpec(findOne(o, 'Deployment', 'jaeger-query')).volumes).toContainEqual({
      name: 'search-ca', secret: { secretName: 'opensearch-demo-ca', items: [{ key: 'root-ca.pem', path: 'ca.crt' }], optional: false },
    });
    expect(podSpec(findOne(o, 'CronJob', 'jaeger-es-index-cleaner')).containers[0].env).toEqual(expect.arrayContaining([
      { name: 'ES_TLS_ENABLED', value: 'true' },
      { name: 'ES_TLS_CA', value: '/etc/jaeger/search-ca/ca.crt' },
      { name: 'ES_TLS_SERVER_NAME', value: 'node-0.example.com' },
    ]));

    const dev = synth(search({ tls: { insecureSkipVerify: true } }));
    expect(backend(dev, 'jaeger-query-config').tls).toEqual({ insecure_skip_verify: true });
    const cleanerSpec = podSpec(findOne(dev, 'CronJob', 'jaeger-es-index-cleaner'));
    expect(cleanerSpec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'ES_TLS_ENABLED', value: 'true' }, { name: 'ES_TLS_SKIP_HOST_VERIFY', value: 'true' },
    ]));
    // No CA Secret: nothing mounted.
    for (const w of [...ofKind(dev, 'Deployment'), ...ofKind(dev, 'CronJob')]) {
      expect(podSpec(w).volumes.map((v: any) => v.name)).not.toContain('search-ca');
    }
  });

  test('without tls the output is unchanged: no tls block, no CA volume, no TLS env (plain-HTTP clusters keep working)', () => {
    const o = synth({ storage: JaegerStorage.opensearch({ serverUrls: ['http://opensearch:9200'] }) });
    expect(backend(o, 'jaeger-collector-config', 'opensearch')).not.toHaveProperty('tls');
    for (const w of [...ofKind(o, 'Deployment'), ...ofKind(o, 'CronJob')]) {
      expect(podSpec(w).volumes.map((v: any) => v.name)).not.toContain('search-ca');
      expect(podSpec(w).containers[0].env.map((e: any) => e.name)).not.toContain('ES_TLS_ENABLED');
    }
  });
});

describe('JaegerStack: storage.tls validation', () => {
  test('an option of another mode is refused, naming the factory that takes it', () => {
    expect(() => synth({ storage: JaegerStorage.cassandra({ servers: ['cassandra'], indexPrefix: 'team' } as any) })).toThrow(
      'JaegerStack "jaeger": invalid prop "storage.indexPrefix" = "team": has no effect with JaegerStorage.cassandra({ servers }). '
      + 'Fix: remove it; it belongs to JaegerStorage.elasticsearch({ serverUrls }) or JaegerStorage.opensearch({ serverUrls }); '
      + 'this mode takes servers, createSchema, credentials, datacenter, keyspace, port, replicationFactor, tls');
  });

  test('tls with only http:// URLs is a mistake with a clear fix; a mixed list names the plain URL', () => {
    expect(() => synth(search({ serverUrls: ['http://es:9200'] }))).toThrow(
      /invalid prop "storage.tls" = \{"caSecret":\{"name":"tracing-es-http-certs-public"\}\}: every server URL is plain http:\/\/ \(http:\/\/es:9200\), so the TLS settings would never be used.*Fix: use the https:\/\/ URLs of the cluster.*or remove storage.tls for a plain-HTTP cluster/);
    expect(() => synth(search({ serverUrls: ['https://es-0:9200', 'http://es-1:9200'] }))).toThrow(
      /invalid prop "storage.serverUrls\[1\]" = "http:\/\/es-1:9200": is plain http:\/\/ while storage.tls asks for TLS.*Fix: use https:\/\/ for every server URL/);
  });

  test('the CA Secret name must be an object name, its key a non-empty Secret key', () => {
    expect(() => synth(search({ tls: { caSecret: { name: 'ES_CA' } } })))
      .toThrow(/invalid prop "storage.tls.caSecret.name" = "ES_CA": not a valid object name \(RFC 1123 subdomain\)/);
    expect(() => synth(search({ tls: { caSecret: { name: 'es-ca', key: '' } } })))
      .toThrow(/invalid prop "storage.tls.caSecret.key" = "": not a valid Secret key.*Fix: use at most 253 letters, digits, "-", "_" and ".", not starting with "..", e.g. "ca.crt"/);
    expect(() => synth(search({ tls: { caSecret: { name: 'es-ca', key: 'certs/ca.crt' } } })))
      .toThrow(/invalid prop "storage.tls.caSecret.key" = "certs\/ca.crt": not a valid Secret key/);
    expect(() => synth(search({ tls: { caSecret: undefined as any, serverName: ' ' } })))
      .toThrow(/invalid prop "storage.tls.serverName" = " "/);
  });

  test('skip-verify together with a CA is contradictory; skip-verify must be a boolean', () => {
    expect(() => synth(search({ tls: { caSecret: { name: 'es-ca' }, insecureSkipVerify: true } })))
      .toThrow(/invalid prop "storage.tls.insecureSkipVerify" = true: skips the certificate check, so the CA of storage.tls.caSecret would never be used/);
    expect(() => synth(search({ tls: { insecureSkipVerify: 'yes' as any } })))
      .toThrow(/invalid prop "storage.tls.insecureSkipVerify" = "yes": expected true or false/);
  });
});

describe('JaegerStack over TLS in a GitOpsApp: the referenced Secrets', () => {
  function app(external?: boolean): GitOpsApp {
    const a = new GitOpsApp({
      outdir: tempDir(),
      validation: external ? {
        external: [
          { kind: 'Secret', namespace: 'monitoring', name: 'tracing-es-http-certs-public' },
          { kind: 'Secret', namespace: 'monitoring', name: 'es-credentials' },
        ],
      } : {},
    });
    new JaegerStack(new TracingChart(a, 'jaeger'), 'jaeger', search());
    return a;
  }

  test('declared external, the CA and credentials Secrets pass the whole-stack validator', () => {
    expect(app(true).checkStack().map((f) => f.message)).toEqual([]);
  });

  test('undeclared, the validator names each pod and the missing Secret (both ends)', () => {
    const messages = app(false).checkStack().map((f) => f.message);
    for (const workload of ['Deployment monitoring/jaeger-collector', 'Deployment monitoring/jaeger-query', 'CronJob monitoring/jaeger-es-index-cleaner']) {
      expect(messages).toContain(`${workload} volume "search-ca" → Secret monitoring/tracing-es-http-certs-public is not in the output; `
        + 'create it, or declare it external: validation.external: [{ kind: \'Secret\', namespace: \'monitoring\', name: \'tracing-es-http-certs-public\' }]');
      expect(messages.some((m) => m.startsWith(`${workload} env ES_PASSWORD of container`) && m.includes('Secret monitoring/es-credentials is not in the output'))).toBe(true);
    }
    expect(() => app(false).synth()).toThrow(/Secret monitoring\/tracing-es-http-certs-public is not in the output/);
  });

  test('a CA Secret in the output without the key is reported with the keys it has', () => {
    const a = app(false);
    const objects = [...synthApp(a), {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tracing-es-http-certs-public', namespace: 'monitoring' }, data: { 'tls.crt': 'eA==' },
    }];
    const messages = validateStack(objects, { external: [{ kind: 'Secret', name: 'es-credentials' }] }).map((f) => f.message);
    expect(messages).toContain('Deployment monitoring/jaeger-collector volume "search-ca" → Secret monitoring/tracing-es-http-certs-public has no key "ca.crt" (it has: tls.crt)');
  });
});
