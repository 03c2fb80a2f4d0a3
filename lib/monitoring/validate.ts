import { GO_MAX_DURATION_MS, invalidProp, isObjectMap } from '../k8s';

const PROM_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const PROM_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/**
 * A Prometheus duration (`for:` of a rule, a range): units ms, s, m, h, d, w, y, largest first, whole
 * numbers only. Stricter than a Go duration: `1.5h` or `90us` are rejected by Prometheus.
 */
export function checkPromDuration(where: string, prop: string, value: unknown): string {
  const fix = 'use a Prometheus duration such as "5m", "1h30m" or "2d" (whole numbers, units ms s m h d w y)';
  if (typeof value !== 'string') invalidProp(where, prop, value, 'expected a duration string', fix);
  if (value === '' || !PROM_DURATION.test(value)) invalidProp(where, prop, value, 'not a Prometheus duration', fix);
  if (/^(0+[a-z]+)+$/.test(value)) invalidProp(where, prop, value, 'must be greater than zero', fix);
  // Prometheus keeps durations as int64 nanoseconds, like Go, and refuses longer ones ("duration out of range").
  const ms = [...value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * PROM_UNIT_MS[unit], 0);
  if (ms > GO_MAX_DURATION_MS) invalidProp(where, prop, value, 'is longer than Prometheus can hold (about 292 years)', fix);
  return value;
}

/** `0.015` → `1.5%`, for descriptions. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))}%`;
}

const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Prometheus expands every alert label and annotation as a Go template: a literal `{{` or `}}`
 * in a value meant as text either fails the rule file (promtool and the operator's admission
 * webhook refuse it) or is replaced by whatever the template yields.
 */
export function checkNoTemplate(where: string, prop: string, value: string): string {
  if (value.includes('{{') || value.includes('}}')) {
    invalidProp(where, prop, value, 'contains "{{" or "}}", which Prometheus expands as a Go template in alert labels and annotations',
      'remove the braces (or, in addAlert summary and description, use a whole template such as "{{ $labels.service_name }}")');
  }
  return value;
}

/**
 * Text that may hold Go templates (an alert's summary and description): every `{{` must be
 * closed by `}}` before the next one opens. The rule tests' promtool check is the full judge.
 */
export function checkTemplateBraces(where: string, prop: string, value: string): string {
  let open = false;
  for (const m of value.matchAll(/\{\{|\}\}/g)) {
    if ((m[0] === '{{') === open) {
      invalidProp(where, prop, value, `has an unbalanced "${m[0]}" (Prometheus expands annotations as Go templates)`,
        'close each "{{" with "}}", e.g. "{{ $value }}", or remove the braces');
    }
    open = m[0] === '{{';
  }
  if (open) invalidProp(where, prop, value, 'has a "{{" that is never closed (Prometheus expands annotations as Go templates)', 'close it with "}}", or remove it');
  return value;
}

/** Prometheus labels (alert labels): names of letters, digits and "_", string values without templates. */
export function checkPromLabels(where: string, prop: string, value: unknown): Record<string, string> {
  if (!isObjectMap(value)) {
    invalidProp(where, prop, value, 'expected a map of label names to values', 'use e.g. { team: "platform" }');
  }
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (!PROM_LABEL_NAME.test(name) || name.startsWith('__')) {
      invalidProp(where, `${prop}.${name}`, name, 'not a Prometheus label name', 'use letters, digits and "_", starting with a letter (names starting with "__" are reserved)');
    }
    if (typeof v !== 'string' || v === '') {
      invalidProp(where, `${prop}.${name}`, v, 'expected a non-empty string', 'give the label value as a string');
    }
    checkNoTemplate(where, `${prop}.${name}`, v);
  }
  return value as Record<string, string>;
}

