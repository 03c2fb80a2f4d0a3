import { k8s } from 'cdk8s-plus-33';
import { invalidProp } from './errors';
import { isObjectMap } from './props';
import { isLabelKey, isLabelValue } from './validate';

/**
 * Checks of pod-spec fields the API server validates beyond their schema types, mirroring
 * Kubernetes 1.33's own rules (pkg/apis/core/validation, pkg/apis/batch/validation), so a value
 * the API server would refuse is refused at synth instead. The cluster tier applies the values
 * at each edge to a real API server.
 */

/** A key of a Secret's or ConfigMap's `data`: what the API server accepts (IsConfigMapKey). */
const CONFIG_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** A key of an existing Secret, as referenced by `secretKeyRef` or a volume's `items`. */
export function checkSecretKey(where: string, prop: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || !CONFIG_KEY.test(value) || value === '.' || value.startsWith('..')) {
    invalidProp(where, prop, value, 'not a valid Secret key',
      `use at most 253 letters, digits, "-", "_" and ".", not starting with "..", e.g. "${example}"`);
  }
  return value;
}

const OPERATORS = ['Exists', 'Equal'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Tolerations as the API server validates them (ValidateTolerations). */
export function checkTolerations(where: string, prop: string, value: unknown): k8s.Toleration[] {
  if (!Array.isArray(value)) {
    invalidProp(where, prop, value, 'expected a list of tolerations', 'use e.g. [{ operator: "Exists" }] (tolerate every taint)');
  }
  value.forEach((t: unknown, i) => {
    const at = `${prop}[${i}]`;
    if (!isObjectMap(t)) {
      invalidProp(where, at, t, 'expected a toleration object', 'use e.g. { key: "dedicated", operator: "Equal", value: "tracing", effect: "NoSchedule" }');
    }
    const { key, operator, value: v, effect, tolerationSeconds } = t as k8s.Toleration;
    if (operator !== undefined && !OPERATORS.includes(operator)) {
      invalidProp(where, `${at}.operator`, operator, 'not a toleration operator', `use ${OPERATORS.join(' or ')}`);
    }
    if (key !== undefined && key !== '' && (typeof key !== 'string' || !isLabelKey(key))) {
      invalidProp(where, `${at}.key`, key, 'not a taint key', 'use a label key such as "dedicated" or "node-role.kubernetes.io/tracing"');
    }
    if ((key === undefined || key === '') && operator !== 'Exists') {
      invalidProp(where, `${at}.operator`, operator, 'must be "Exists" when the key is empty (a toleration of every taint)', 'set operator: "Exists", or give a key');
    }
    if (operator === 'Exists' && v !== undefined && v !== '') {
      invalidProp(where, `${at}.value`, v, 'must be empty when the operator is "Exists"', 'remove value, or use operator: "Equal"');
    }
    if (operator !== 'Exists' && v !== undefined && !isLabelValue(v)) {
      invalidProp(where, `${at}.value`, v, 'not a taint value', 'use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    }
    if (effect !== undefined && effect !== '' && !EFFECTS.includes(effect)) {
      invalidProp(where, `${at}.effect`, effect, 'not a taint effect', `use ${EFFECTS.join(', ')}, or leave it out to match every effect`);
    }
    if (tolerationSeconds !== undefined) {
      if (effect !== 'NoExecute') {
        invalidProp(where, `${at}.tolerationSeconds`, tolerationSeconds, 'applies only to the NoExecute effect', 'remove it, or set effect: "NoExecute"');
      }
      if (!Number.isInteger(tolerationSeconds)) {
        invalidProp(where, `${at}.tolerationSeconds`, tolerationSeconds, 'expected a whole number of seconds', 'use e.g. 300');
      }
    }
  });
  return value as k8s.Toleration[];
}

/** The fields of a standard cron schedule: their ranges and names (robfig/cron, which Kubernetes uses). */
const CRON_FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Why one field of a cron schedule is refused, or undefined when it is valid. */
function cronFieldProblem(text: string, field: typeof CRON_FIELDS[number]): string | undefined {
  const number = (s: string): number | undefined => {
    const named = field.names?.indexOf(s.toLowerCase()) ?? -1;
    if (named >= 0) return named + field.min;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) return `"${part}" has a bad step`;
    if (step !== undefined && Number(step) === 0) return `"${part}" has a step of 0`;
    if (range === '*' || range === '?') continue;
    const [low, high, more] = range.split('-');
    const lo = number(low);
    const hi = high === undefined ? lo : number(high);
    if (more !== undefined || lo === undefined || hi === undefined) return `"${part}" is not a number, range or name`;
    if (lo < field.min || hi > field.max) return `"${part}" is outside ${field.min}-${field.max}`;
    if (lo > hi) return `"${part}" starts after it ends`;
  }
  return undefined;
}

/** A CronJob schedule the API server accepts: five fields (or a descriptor such as "@daily"), no time zone. */
export function checkCronSchedule(where: string, prop: string, value: unknown): string {
  const fix = 'use five fields, minute hour day-of-month month day-of-week (UTC), e.g. "55 23 * * *", or "@daily"';
  if (typeof value !== 'string' || value.trim() !== value || value === '') {
    invalidProp(where, prop, value, 'expected a cron schedule', fix);
  }
  if (/^(CRON_)?TZ=/.test(value)) {
    invalidProp(where, prop, value, 'carries a time zone, which CronJobs refuse in the schedule', 'remove the TZ= prefix; the schedule runs in the controller\'s time zone (UTC)');
  }
  if (value.startsWith('@')) {
    if (!CRON_DESCRIPTORS.includes(value)) invalidProp(where, prop, value, 'not a cron descriptor', `use one of ${CRON_DESCRIPTORS.join(', ')}, or five fields`);
    return value;
  }
  const fields = value.split(/\s+/);
  if (fields.length !== 5) invalidProp(where, prop, value, `has ${fields.length} fields, not five`, fix);
  fields.forEach((f, i) => {
    const problem = cronFieldProblem(f, CRON_FIELDS[i]);
    if (problem) invalidProp(where, prop, value, `${CRON_FIELDS[i].name} ${problem}`, fix);
  });
  return value;
}
