/**
 * The pod-field checks accept every form the API server accepts (the cluster tier applies the
 * same values to a real one, test/cluster/limits.cluster.ts) and refuse what it refuses.
 */
import { checkCronSchedule, checkReplicas, checkSecretKey, checkTolerations, INT32_MAX } from '../../lib/k8s';

const W = 'Test "t"';

test.each([
  '55 23 * * *', '*/15 1-5 1,15 jan-JUN mon-fri', '@daily', '@hourly', '@yearly', '5/10 0 ? * 0', '0 0 1 1 *', '59 23 31 12 6',
])('the cron schedule %p is accepted', (schedule) => {
  expect(checkCronSchedule(W, 'schedule', schedule)).toBe(schedule);
});

test.each([
  ['61 * * * *', /minute "61" is outside 0-59/],
  ['0 24 * * *', /hour "24" is outside 0-23/],
  ['0 0 0 * *', /day of month "0" is outside 1-31/],
  ['0 0 * 13 *', /month "13" is outside 1-12/],
  ['0 0 * * 7', /day of week "7" is outside 0-6/],
  ['0 0 * * mon-xyz', /day of week "mon-xyz" is not a number, range or name/],
  ['*/0 * * * *', /minute "\*\/0" has a step of 0/],
  ['0 5-1 * * *', /hour "5-1" starts after it ends/],
  ['0 0 * *', /has 4 fields, not five/],
  ['@reboot', /not a cron descriptor/],
  ['CRON_TZ=UTC 0 0 * * *', /carries a time zone/],
  [' 0 0 * * *', /expected a cron schedule/],
])('the cron schedule %p is refused', (schedule, message) => {
  expect(() => checkCronSchedule(W, 'schedule', schedule)).toThrow(message);
});

test('tolerations: every form the API server accepts passes', () => {
  const forms = [
    { operator: 'Exists' },
    { key: 'dedicated', operator: 'Equal', value: 'tracing', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'tracing' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'example.com/pool', operator: 'Equal', value: '', effect: 'PreferNoSchedule' },
  ];
  expect(checkTolerations(W, 'tolerations', forms)).toEqual(forms);
});

test('Secret keys: dots, dashes and underscores pass; "..", spaces and slashes do not', () => {
  for (const key of ['ca.crt', 'PASS_WORD-1', '.hidden', 'a'.repeat(253)]) expect(checkSecretKey(W, 'key', key, 'ca.crt')).toBe(key);
  for (const key of ['..', '..data', 'a b', 'a/b', '', 'a'.repeat(254)]) expect(() => checkSecretKey(W, 'key', key, 'ca.crt')).toThrow(/not a valid Secret key/);
});

test('replicas are int32 for the API server', () => {
  expect(checkReplicas(W, 'replicas', INT32_MAX)).toBe(INT32_MAX);
  expect(() => checkReplicas(W, 'replicas', INT32_MAX + 1)).toThrow(/must be at most 2147483647/);
});
