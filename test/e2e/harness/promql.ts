/** PromQL read with Prometheus's own grammar (@prometheus-io/lezer-promql), for the e2e checks. */
import { parser } from '@prometheus-io/lezer-promql';

/** A metric an expression selects: by exact name, or by a `__name__` regex. */
export interface MetricSelector {
  readonly name?: string;
  readonly nameRegex?: string;
}

/** Every metric selector of an expression. */
export function metricSelectors(expr: string): MetricSelector[] {
  const found: MetricSelector[] = [];
  const tree = parser.parse(expr);
  const text = (from: number, to: number) => expr.slice(from, to);
  tree.iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) {
        found.push({ name: text(identifier.from, identifier.to) });
        return;
      }
      for (const matcher of node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = matcher.getChild('LabelName');
        if (!label || text(label.from, label.to) !== '__name__') continue;
        const op = text(matcher.getChild('MatchOp')!.from, matcher.getChild('MatchOp')!.to);
        const value = JSON.parse(text(matcher.getChild('StringLiteral')!.from, matcher.getChild('StringLiteral')!.to));
        found.push(op === '=~' ? { nameRegex: value } : { name: value });
      }
    },
  });
  return found;
}

/** The text of every vector selector of an expression (`name{matchers}`), to query on its own. */
export function vectorSelectorTexts(expr: string): string[] {
  const found: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return;
      found.push(expr.slice(node.from, node.to));
      return false;
    },
  });
  return found;
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** A Prometheus duration (`5m`, `1h30m`) in seconds. */
export function durationSeconds(d: string): number {
  let total = 0;
  for (const m of d.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * UNITS[m[2]];
  return total;
}

/** Seconds as a Prometheus duration (whole seconds, at least 1s). */
export const seconds = (s: number): string => `${Math.max(1, Math.round(s))}s`;

/** The expression with every range and subquery duration divided by `factor`. */
export function scaleRanges(expr: string, factor: number): string {
  const edits: Array<{ from: number; to: number; text: string }> = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === 'NumberDurationLiteralInDurationContext') {
        edits.push({ from: node.from, to: node.to, text: seconds(durationSeconds(expr.slice(node.from, node.to)) / factor) });
      }
    },
  });
  let out = expr;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}
