/**
 * A small typed model of the Grafana dashboard JSON this library provisions (schemaVersion 39
 * fields only), and a layout helper, so dashboards are built from data rather than JSON templates.
 */

/** The longest uid Grafana accepts for a dashboard or a datasource. */
export const GRAFANA_UID_LENGTH = 40;

/** Reference to a datasource by uid. */
export interface DatasourceRef {
  readonly type: 'prometheus';
  readonly uid: string;
}

/** One PromQL query of a panel. */
export interface PromQuery {
  /** PromQL; may use dashboard variables (`$service`) and `$__rate_interval`. */
  readonly expr: string;
  /** Legend, e.g. `{{pod}}`. */
  readonly legend: string;
}

/** What a panel shows. */
export interface PanelSpec {
  readonly title: string;
  /** One sentence shown in the panel's info tooltip: what the series mean. */
  readonly description: string;
  /** Grafana unit id: `short`, `percentunit`, `bytes`, `s`, `ms`, `reqps`, ... */
  readonly unit: string;
  readonly queries: readonly PromQuery[];
  /** Upper bound of the axis (1 for ratios). */
  readonly max?: number;
  /**
   * What the panel shows when no series exists, e.g. `0` for counters created at their first
   * event (the exporters' failure counters): "No data" there would look like a broken panel.
   */
  readonly noValue?: string;
}

/** A titled row of panels, laid out two per line. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** A query variable over label values, e.g. every `service_name`. */
export interface LabelVariable {
  readonly name: string;
  readonly label: string;
  /** Metric (selector) whose label values are offered. */
  readonly metric: string;
  /** The label. */
  readonly labelName: string;
}

/** What a dashboard contains. */
export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly rows: readonly RowSpec[];
  readonly variables?: readonly LabelVariable[];
}

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/**
 * The dashboard JSON for a spec: ids and grid positions assigned in order, so output is stable.
 *
 * `scrapeInterval` becomes every query's "Min step" (`interval`): Grafana computes
 * `$__rate_interval` as max($__interval + S, 4 × S) with S the query's Min step, or else the
 * datasource's scrape-interval setting, which defaults to 15s (grafana/grafana#77234). With a 30s
 * scrape and an unset datasource setting, rates over 60s would see one or two samples and break up.
 */
export function renderDashboard(spec: DashboardSpec, datasource: DatasourceRef, scrapeInterval: string): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    row.panels.forEach((p, i) => {
      panels.push({
        id: id++,
        type: 'timeseries',
        title: p.title,
        description: p.description,
        datasource,
        gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x: (i % 2) * PANEL_WIDTH, y: y + Math.floor(i / 2) * PANEL_HEIGHT },
        fieldConfig: {
          defaults: { unit: p.unit, min: 0, ...(p.max !== undefined ? { max: p.max } : {}), ...(p.noValue !== undefined ? { noValue: p.noValue } : {}) },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: p.queries.map((q, qi) => ({
          refId: String.fromCharCode(65 + qi),
          datasource,
          expr: q.expr,
          legendFormat: q.legend,
          interval: scrapeInterval,
          range: true,
        })),
      });
    });
    y += Math.ceil(row.panels.length / 2) * PANEL_HEIGHT;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [...spec.tags],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    templating: {
      list: (spec.variables ?? []).map((v) => ({
        name: v.name,
        label: v.label,
        type: 'query',
        datasource,
        query: { query: `label_values(${v.metric}, ${v.labelName})`, refId: 'variable' },
        definition: `label_values(${v.metric}, ${v.labelName})`,
        refresh: 2,
        multi: true,
        includeAll: true,
        allValue: '.+',
        sort: 1,
      })),
    },
    annotations: { list: [] },
    panels,
  };
}

/** Every PromQL expression of a rendered dashboard: panel queries and variable selectors. */
export function dashboardExpressions(dashboard: any): string[] {
  const exprs: string[] = [];
  for (const p of dashboard.panels ?? []) for (const t of p.targets ?? []) exprs.push(t.expr);
  for (const v of dashboard.templating?.list ?? []) {
    const m = /^label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/.exec(v.definition);
    if (m) exprs.push(m[1]);
  }
  return exprs;
}
