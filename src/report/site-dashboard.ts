/**
 * The seed's dashboard as HTML: one section per site, one block per core metric with its
 * trajectory (SPC against its own frozen baseline), its place among the sites (funnel plot of
 * the latest complete month and its position over time) and its counterfactual (the matched
 * evaluation).
 *
 * @module
 */
import type { FunnelResult } from '../compare/funnel-plot.js';
import type { SiteDashboard, SiteMetric, SitePosition } from '../compare/build-site-dashboard.js';
import { escapeHtml } from './escape-html.js';
import { spcIcons } from './mdc-icons.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { renderSpcChart } from './spc-chart.js';
import type { SpcChartData } from './chart-data.js';
import { PALETTE, SIGNAL_COLOURS, WIDTH, axisBottom, axisLeft, extent, formatValue, legend, n, svgOpen, tickFormatter } from './svg-parts.js';

/**
 * A funnel plot as an SVG: every site's rate (per 1,000) against its registered population,
 * the pooled rate, and the 95% (dashed) and 99.8% (solid) limits; `highlight` is drawn larger
 * in NHS blue, the others grey; a site beyond a limit is orange. O(sites + curve points).
 *
 * @param f - a result of `funnelPlot` (rates per person; drawn per 1,000), or its points, curve and target.
 * @param id - a document-unique id.
 * @param options - `title`, `highlight` (a unit name), `yLabel`.
 * @returns the `<svg>` markup.
 * @example
 * renderFunnelChart(funnelPlot(units, { suppression: false }), 'f1', { title: 'Admissions, March 2024', highlight: 'North' });
 * // => '<svg ... data-chart="funnel" ...>'
 */
export function renderFunnelChart(f: Pick<FunnelResult, 'target' | 'curve'> & { readonly points: ReadonlyArray<Pick<FunnelResult['points'][number], 'unit' | 'value' | 'denominator' | 'flag'>> }, id: string, options: { title: string; highlight?: string; yLabel?: string }): string {
  const left = 62;
  const right = WIDTH - 20;
  const top = 30;
  const bottom = 220;
  const height = bottom + 44;
  const per = 1000;
  const ys = [...f.points.map((p) => p.value), ...f.curve.flatMap((c) => c.limits.flatMap((l) => [l.lower, l.upper])), f.target].map((v) => v * per);
  const yt = niceTicks(...extent(ys), 5);
  const xt = niceTicks(...extent([0, ...f.points.map((p) => p.denominator)]), 5);
  const y = scaleLinear([yt[0]!, yt[yt.length - 1]!], [bottom, top]);
  const x = scaleLinear([xt[0]!, xt[xt.length - 1]!], [left, right]);
  let out = svgOpen('funnel', id, height, options.title, `Funnel plot: ${options.title}. Each site's rate per 1,000 against its registered population, with 95% and 99.8% limits around the pooled rate.`);
  out += legend([{ name: 'This site', colour: PALETTE[0], shape: 'circle' }, { name: 'Other sites', colour: SIGNAL_COLOURS.common, shape: 'circle' }, { name: 'Beyond a limit', colour: SIGNAL_COLOURS.concern, shape: 'circle' }], left, 16);
  out += axisLeft(y, yt, left, right, tickFormatter(yt), options.yLabel ?? 'per 1,000');
  out += axisBottom(x, xt, bottom, top, tickFormatter(xt, 'count'), 'Registered people');
  const line = (pick: (c: FunnelResult['curve'][number]) => number, dash: string, cls: string): string =>
    `<path class="${cls}" d="${f.curve.map((c, k) => `${k === 0 ? 'M' : 'L'}${n(x(c.denominator))},${n(y(pick(c) * per))}`).join('')}" fill="none" stroke="#768692"${dash}/>`;
  f.curve[0]?.limits.forEach((l, li) => {
    const dash = l.level < 0.99 ? ' stroke-dasharray="5 3"' : '';
    out += line((c) => c.limits[li]!.lower, dash, 'limit');
    out += line((c) => c.limits[li]!.upper, dash, 'limit');
  });
  out += `<line class="centre" x1="${left}" x2="${right}" y1="${n(y(f.target * per))}" y2="${n(y(f.target * per))}" stroke="#212B32" stroke-width="1.5"><title>Pooled rate ${escapeHtml(formatValue(f.target * per))} per 1,000</title></line>`;
  const ordered = [...f.points].sort((a, b) => Number(a.unit === options.highlight) - Number(b.unit === options.highlight));
  for (const p of ordered) {
    const mine = p.unit === options.highlight;
    const fill = p.flag.side !== 'within' ? SIGNAL_COLOURS.concern : mine ? PALETTE[0] : SIGNAL_COLOURS.common;
    const what = `${p.unit}: ${formatValue(p.value * per)} per 1,000 of ${formatValue(p.denominator, 'count')} (${p.flag.side === 'within' ? 'within the limits' : `${p.flag.side}, beyond ${p.flag.level! * 100}%`})`;
    out += `<circle class="mark" data-unit="${escapeHtml(p.unit)}" data-flag="${p.flag.side}" cx="${n(x(p.denominator))}" cy="${n(y(p.value * per))}" r="${mine ? 6 : 4}" fill="${fill}" stroke="${mine ? '#212B32' : '#fff'}" stroke-width="${mine ? 1.5 : 0.5}"><title>${escapeHtml(what)}</title></circle>`;
  }
  return `${out}</svg>`;
}

/**
 * A site's position among the sites over time: its funnel z-score each month (adjusted for
 * overdispersion), with the 95% (±1.96) and 99.8% (±3.09) bands. O(months).
 *
 * @param position - the site's positions (`SiteMetric.position`).
 * @param id - a document-unique id.
 * @param title - the chart title.
 * @returns the `<svg>` markup.
 * @example
 * renderPositionChart(metric.position, 'p1', 'Emergency admissions: position among sites'); // => '<svg ... data-chart="position" ...>'
 */
export function renderPositionChart(position: readonly SitePosition[], id: string, title: string): string {
  const left = 62;
  const right = WIDTH - 20;
  const top = 20;
  const bottom = 170;
  const height = bottom + 30;
  const yt = niceTicks(...extent([-3.5, 3.5, ...position.map((p) => p.z)]), 5);
  const y = scaleLinear([yt[0]!, yt[yt.length - 1]!], [bottom, top]);
  const x = scaleLinear([0, Math.max(1, position.length - 1)], [left + 10, right - 10]);
  let out = svgOpen('position', id, height, title, `${title}: the site's z-score on each month's funnel plot; beyond ±1.96 is outside the 95% limits, beyond ±3.09 outside 99.8%.`);
  out += axisLeft(y, yt, left, right, tickFormatter(yt), 'z-score');
  for (const [z, dash] of [[1.96, ' stroke-dasharray="5 3"'], [3.09, '']] as const) {
    for (const s of [1, -1]) out += `<line class="limit" x1="${left}" x2="${right}" y1="${n(y(s * z))}" y2="${n(y(s * z))}" stroke="#768692"${dash}/>`;
  }
  out += `<line class="centre" x1="${left}" x2="${right}" y1="${n(y(0))}" y2="${n(y(0))}" stroke="#212B32"/>`;
  const every = Math.max(1, Math.ceil(position.length / 6));
  position.forEach((p, i) => {
    if (i % every === 0) out += `<text x="${n(x(i))}" y="${bottom + 15}" text-anchor="middle" fill="#212B32">${escapeHtml(p.month)}</text>`;
  });
  out += `<path class="values" d="${position.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(x(i))},${n(y(p.z))}`).join('')}" fill="none" stroke="#A6A6A6" stroke-width="1.5"/>`;
  position.forEach((p, i) => {
    const fill = p.flag === 'within' ? SIGNAL_COLOURS.common : SIGNAL_COLOURS.concern;
    out += `<circle class="mark" data-flag="${p.flag}" cx="${n(x(i))}" cy="${n(y(p.z))}" r="3" fill="${fill}"><title>${escapeHtml(`${p.month}: z ${p.z.toFixed(2)} (${formatValue(p.value)} per 1,000)`)}</title></circle>`;
  });
  return `${out}</svg>`;
}

/** A funnel as the dashboard draws it (a `FunnelResult` fits; internal). */
type FunnelView = Pick<FunnelResult, 'target' | 'curve'> & { readonly points: ReadonlyArray<Pick<FunnelResult['points'][number], 'unit' | 'value' | 'denominator' | 'flag'>> };

/** One metric of one site as drawn (internal: from a `SiteMetric`, or from a report input). */
export interface SiteMetricView {
  readonly key: string;
  readonly name: string;
  readonly unit: string;
  readonly improvement: 'up' | 'down';
  readonly spc: Omit<SpcChartData, 'kind' | 'title' | 'yLabel'>;
  readonly funnel: FunnelView | null;
  readonly funnelMonth: string | null;
  readonly position: readonly SitePosition[];
  readonly counterfactual: (Omit<NonNullable<SiteMetric['counterfactual']>, 'outcome'> & { readonly outcome: string }) | null;
  readonly notes: readonly string[];
}

function counterfactualText(m: SiteMetricView): string {
  const c = m.counterfactual;
  if (c === null) return `<p class="note">${escapeHtml(m.notes.find((x) => x.startsWith('no counterfactual')) ?? 'No matched evaluation.')}</p>`;
  const f = (x: number): string => escapeHtml(formatValue(x, 'number', 3));
  const rel = c.relative === null ? '' : ` (${escapeHtml(formatValue(c.relative, 'percent'))})`;
  return `<p class="counterfactual">Against the counterfactual (matched evaluation, per treated person over the after-window): ` +
    `${f(c.treatedAfter)} after, against ${f(c.expectedWithout)} expected without the change; difference ${f(c.did.estimate)}${rel}, 95% interval ${f(c.did.ci95[0])} to ${f(c.did.ci95[1])}.</p>`;
}

/**
 * One site's dashboard as an HTML `<section class="site-dashboard">`: per metric a block
 * (`<section class="site-metric">`, readable on one screen) with the SPC chart and its Making
 * Data Count icons, the funnel of the latest complete month, the position over time, the
 * counterfactual line, and a note for each part that is missing and why.
 *
 * @param d - one site's dashboard (`buildSiteDashboard(...).sites[k]`).
 * @param options - `idPrefix` for the SVG ids (default `'site'`).
 * @returns the HTML.
 * @example
 * renderSiteDashboard(buildSiteDashboard(population, { from: '2021-04-01', to: '2024-03-31' }).sites[0]);
 * // => '<section class="site-dashboard" ...><h2>Site P001</h2>...'
 */
export function renderSiteDashboard(d: SiteDashboard, options: { idPrefix?: string } = {}): string {
  return renderSiteDashboardView(d.site, d.metrics.map((m) => ({
    ...m,
    spc: {
      icons: spcIcons(m.spc),
      points: m.spc.points.map((p) => ({
        label: p.label, value: p.value, centre: p.centre, upper: p.upper, lower: p.lower,
        signal: p.signals.length === 0 ? 'common' : (m.spc.signals.find((s) => s.indices.includes(p.index))?.meaning ?? 'neither'),
        ...(p.value === null ? { gap: 'no value' } : {}), ...(p.provisional ? { provisional: p.provisionalReason ?? 'incomplete data' } : {}),
      })),
    },
  })), options);
}

/** Internal: one site's dashboard from its metrics as drawn (shared by `renderSiteDashboard` and the report). */
export function renderSiteDashboardView(site: string, metrics: readonly SiteMetricView[], options: { idPrefix?: string; heading?: 'h2' | 'h3' } = {}): string {
  const base = `${options.idPrefix ?? 'site'}-${site.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const h = options.heading ?? 'h2';
  const sub = h === 'h2' ? 'h3' : 'h4';
  const blocks = metrics.map((m, k) => {
    const id = `${base}-${k + 1}`;
    const spc = renderSpcChart({ kind: 'spc', title: `${m.name}: trajectory against its own baseline`, yLabel: m.unit, ...m.spc }, `${id}-spc`);
    const funnel = m.funnel === null ? '' : renderFunnelChart(m.funnel, `${id}-funnel`, { title: `${m.name}, ${m.funnelMonth}: against the other sites`, highlight: site, yLabel: m.unit });
    const position = m.position.length === 0 ? '' : renderPositionChart(m.position, `${id}-position`, `${m.name}: position among the sites over time`);
    const notes = m.notes.filter((x) => !x.startsWith('no counterfactual')).map((x) => `<p class="note">${escapeHtml(x)}</p>`).join('');
    return `<section class="site-metric" data-metric="${escapeHtml(m.key)}"><${sub}>${escapeHtml(m.name)} <small>(${escapeHtml(m.unit)}; ${m.improvement === 'down' ? 'lower' : 'higher'} is better)</small></${sub}>` +
      `<div class="site-metric-charts">${spc}${funnel}${position}</div>${counterfactualText(m)}${notes}</section>`;
  });
  return `<section class="site-dashboard" id="${escapeHtml(base)}"><${h}>Site ${escapeHtml(site)}</${h}>${blocks.join('')}</section>`;
}

/** CSS for the site dashboard: the charts two to a row on a wide screen, one on paper. */
export const SITE_DASHBOARD_CSS =
  '.site-metric-charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px}' +
  '.site-metric-charts svg{width:100%;height:auto}.site-metric .note{color:#425563;font-size:.9em}' +
  '@media print{.site-metric{break-inside:avoid}.site-metric-charts{grid-template-columns:1fr 1fr}}';
