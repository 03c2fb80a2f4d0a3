/**
 * The library's limits sit where Kubernetes puts them. For each prop the API server validates
 * beyond its type (label values, int32 counts, tolerations, cron schedules, Secret keys), the
 * value at the edge that the library accepts is accepted by the real API server, and the value
 * just beyond it, which the library refuses at synth (test/bad-input), is refused by the API
 * server too when written into the output by hand.
 */
import { ApiServer } from './support/api-server';
import { composeStack, PLATFORM_LIKE, StackOptions } from '../support/stack-variants';
import { JaegerStorage } from '../../lib';

let server: ApiServer;
beforeAll(async () => {
  server = await ApiServer.start();
});
afterAll(async () => server?.stop());

const INT32_MAX = 2 ** 31 - 1;
const SEARCH = { serverUrls: ['https://search-http.logging.svc:9200'] };

/** Props at the edge of what the library accepts. */
const EDGES: Record<string, Partial<StackOptions>> = {
  'instances of 63 characters': { jaeger: { instance: 'j'.repeat(63) }, otel: { instance: 'o'.repeat(63) } },
  'a service name of 63 characters, with dots and capitals': { services: [`Billing.${'a'.repeat(55)}`] },
  'a StorageClass name of 63 characters': { storageClass: 's'.repeat(63) },
  'int32 replicas': { storage: JaegerStorage.badgerShared(), jaeger: { collector: { replicas: INT32_MAX } }, otel: { gateway: { replicas: INT32_MAX } } },
  'int32 autoscaling bound': { otel: { gateway: { autoscaling: { minReplicas: 2, maxReplicas: INT32_MAX } } } },
  'every toleration form': {
    otel: {
      agent: {
        placement: { tolerations: [
          { operator: 'Exists' },
          { key: 'dedicated', operator: 'Equal', value: 'tracing', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'tracing' },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'example.com/pool', operator: 'Equal', value: '', effect: 'PreferNoSchedule' },
        ] },
      },
    },
  },
  'cron schedules with descriptors, names, ranges, lists and steps': { storage: JaegerStorage.elasticsearch({ ...SEARCH, indexCleanerSchedule: '*/15 1-5 1,15 jan-JUN mon-fri' }) },
  'a cron descriptor': { storage: JaegerStorage.elasticsearch({ ...SEARCH, indexCleanerSchedule: '@daily' }) },
  'a cron schedule with "?" and a start/step': { storage: JaegerStorage.elasticsearch({ ...SEARCH, indexCleanerSchedule: '5/10 0 ? * 0' }) },
  'Secret keys with dots, dashes and underscores': {
    storage: JaegerStorage.elasticsearch({ ...SEARCH, credentials: { secretName: 'search', usernameKey: 'user.name', passwordKey: 'PASS_WORD-1' }, tls: { caSecret: { name: 'ca', key: 'tls.ca-bundle_1.pem' } } }),
  },
};

function compose(extra: Partial<StackOptions>): any[] {
  return composeStack({
    ...PLATFORM_LIKE, ...extra,
    jaeger: { ...PLATFORM_LIKE.jaeger, ...extra.jaeger },
    otel: { ...PLATFORM_LIKE.otel, ...extra.otel },
  });
}

describe.each(Object.entries(EDGES))('at the edge: %s', (_name, extra) => {
  test('the API server accepts the output, with no warning', () => {
    const objects = compose(extra);
    server.restrictedNamespaces(ApiServer.namespacesOf(objects));
    const outcome = server.apply(objects, { dryRun: true });
    expect({ errors: outcome.errors, warnings: outcome.warnings }).toEqual({ errors: [], warnings: [] });
  });
});

/** The value just beyond each edge, written into valid output by hand, and what Kubernetes says. */
const BEYOND: [string, (objects: any[]) => void, RegExp][] = [
  ['a label value of 64 characters', (o) => { byKind(o, 'ConfigMap').metadata.labels['app.kubernetes.io/instance'] = 'x'.repeat(64); }, /must be no more than 63 characters/],
  ['a label value ending in "-"', (o) => { byKind(o, 'ConfigMap').metadata.labels['app.kubernetes.io/instance'] = 'ryot-'; }, /a valid label must be an empty string or consist of alphanumeric/],
  ['replicas of 2^31', (o) => { byKind(o, 'StatefulSet').spec.replicas = 2 ** 31; }, /spec.replicas/],
  ['a toleration with a value and Exists', (o) => { tolerations(o).push({ key: 'a', operator: 'Exists', value: 'x' }); }, /value must be empty when `operator` is 'Exists'/],
  ['a toleration with an unknown effect', (o) => { tolerations(o).push({ operator: 'Exists', effect: 'Bogus' }); }, /Unsupported value: "Bogus"/],
  ['a toleration without key and not Exists', (o) => { tolerations(o).push({ operator: 'Equal', value: 'x' }); }, /operator must be Exists when `key` is empty/],
  ['tolerationSeconds without NoExecute', (o) => { tolerations(o).push({ operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }); }, /effect must be 'NoExecute' when `tolerationSeconds` is set/],
  ['a cron minute of 61', (o) => { byKind(o, 'CronJob').spec.schedule = '61 * * * *'; }, /spec.schedule/],
  ['a cron weekday of 7', (o) => { byKind(o, 'CronJob').spec.schedule = '0 0 * * 7'; }, /spec.schedule/],
  ['a cron step of 0', (o) => { byKind(o, 'CronJob').spec.schedule = '*/0 * * * *'; }, /spec.schedule/],
  ['a cron range that runs backwards', (o) => { byKind(o, 'CronJob').spec.schedule = '0 5-1 * * *'; }, /spec.schedule/],
  ['@reboot', (o) => { byKind(o, 'CronJob').spec.schedule = '@reboot'; }, /spec.schedule/],
  ['a time zone in the schedule', (o) => { byKind(o, 'CronJob').spec.schedule = 'TZ=UTC 0 0 * * *'; }, /spec.schedule/],
  ['a Secret key with a space', (o) => { secretKeyRefs(o)[0].key = 'user name'; }, /a valid config key must consist of alphanumeric characters/],
  ['a Secret key starting with ".."', (o) => { secretKeyRefs(o)[0].key = '..pw'; }, /must not start with '\.\.'/],
];

function byKind(objects: any[], kind: string): any {
  return objects.find((o) => o.kind === kind);
}
function tolerations(objects: any[]): any[] {
  return byKind(objects, 'DaemonSet').spec.template.spec.tolerations;
}
function secretKeyRefs(objects: any[]): any[] {
  return objects.flatMap((o) => o.spec?.template?.spec?.containers ?? []).flatMap((c: any) => c.env ?? [])
    .map((e: any) => e.valueFrom?.secretKeyRef).filter(Boolean);
}

describe.each(BEYOND)('beyond the edge: %s', (_name, breakIt, refusal) => {
  test('the API server refuses it (the library refuses it at synth)', () => {
    const objects = compose({ storage: JaegerStorage.elasticsearch({ ...SEARCH, credentials: { secretName: 'search' } }) });
    const before = objects.map((o) => JSON.stringify(o));
    breakIt(objects);
    const broken = objects.filter((o, i) => JSON.stringify(o) !== before[i]);
    expect(broken).toHaveLength(1);
    server.restrictedNamespaces(ApiServer.namespacesOf(broken));
    const outcome = server.apply(broken, { dryRun: true });
    expect(outcome.errors.join('\n')).toMatch(refusal);
  });
});
