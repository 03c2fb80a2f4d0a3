import { invalidProp } from '../k8s';

const PROM_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/**
 * A Prometheus duration (`for:` of a rule, a range): units ms, s, m, h, d, w, y, largest first, whole
 * numbers only. Stricter than a Go duration: `1.5h` or `90us` are rejected by Prometheus.
 */
export function checkPromDuration(where: string, prop: string, value: unknown): string {
  const fix = 'use a Prometheus duration such as "5m", "1h30m" or "2d" (whole numbers, units ms s m h d w y)';
  if (typeof value !== 'string') invalidProp(where, prop, value, 'expected a duration string', fix);
  if (value === '' || !PROM_DURATION.test(value)) invalidProp(where, prop, value, 'not a Prometheus duration', fix);
  if (/^(0+[a-z]+)+$/.test(value)) invalidProp(where, prop, value, 'must be greater than zero', fix);
  return value;
}

/** `0.015` → `1.5%`, for descriptions. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))}%`;
}
