/**
 * The bad-input table: one row per (construct, validated prop, kind of bad value). Each row
 * builds the construct in a fresh chart with one invalid prop; the test asserts the
 * TracingConfigError names the construct, the prop path and the value, says how to fix it,
 * and that nothing was added to the output.
 */
import { App, Chart } from 'cdk8s';

/** The id every construct under test gets, so messages read `Kind "subject"`. */
export const SUBJECT = 'subject';

/** What a row builds in: a fresh app and chart, and whatever its setup made. */
export interface BuildContext<D> {
  readonly app: App;
  readonly chart: Chart;
  readonly deps: D;
}

export interface BadInputCase {
  /** The construct (or function) the row feeds, as the coverage test knows it. */
  readonly kind: string;
  /** How the message names it; `Kind "subject"` unless given. */
  readonly where: string;
  /** The prop path the message must name. */
  readonly prop: string;
  /** The bad value the message must show. */
  readonly shown: unknown;
  /** Builds the dependencies (not under test) before the output is recorded. */
  readonly setup?: (chart: Chart, app: App) => unknown;
  /** Builds the construct with the bad prop: must throw. */
  readonly build: (ctx: BuildContext<any>) => unknown;
  /** A short description of the bad value, for the test name. */
  readonly note?: string;
}

/**
 * A row factory for one construct: `row(prop, shown, props)` where `props` is the props object
 * (or a function of the setup's result) passed to `make`.
 */
export function rowsFor<D = any>(
  kind: string,
  make: (ctx: BuildContext<D>, props: any) => unknown,
  opts: { setup?: (chart: Chart, app: App) => D; where?: string } = {},
) {
  return (prop: string, shown: unknown, props: any | ((deps: D) => any), note?: string): BadInputCase => ({
    kind,
    where: opts.where ?? `${kind} "${SUBJECT}"`,
    prop,
    shown,
    note,
    setup: opts.setup,
    build: (ctx: BuildContext<D>) => make(ctx, typeof props === 'function' ? props(ctx.deps) : props),
  });
}
