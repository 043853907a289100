import { parseOptions } from '../core/options.js';
import { chartsFromParsed, parseReportInput, ratePer1000 } from './build-report-charts.js';
import type { ReportChart, ReportSection } from './build-report-charts.js';
import { escapeHtml } from './escape-html.js';
import type { ParsedReportInput } from './report-input.js';
import type { ReportInput } from './report-input.js';
import { ReportOptions } from './report-options.js';
import type { SuppressFunction } from './report-options.js';
import { renderChart } from './render-chart.js';
import type { SpcChartData } from './chart-data.js';
import { renderSpcMatrix } from './spc-matrix.js';
import { SITE_DASHBOARD_CSS, renderSiteDashboardView } from './site-dashboard.js';
import { formatMoney, formatValue, plainLabel } from './svg-parts.js';

type MetricKind = 'number' | 'percent' | 'currency';
import { describeSuppression, makeSuppressor } from './suppressor.js';
import { publishReportInput } from './publish-report-input.js';

const SECTION_TITLES: Record<ReportSection, string> = {
  population: 'Registered population',
  segments: 'Segments',
  risk: 'Risk distribution',
  model: 'Model performance: discrimination and calibration',
  concentration: 'Concentration of hospital use',
  variants: 'Variant comparison',
  caseloads: 'Caseloads per practice',
  churn: 'Cohort churn',
  spc: 'Monthly monitoring (statistical process control)',
  intervention: 'Matched evaluation of case management',
};

const SECTION_INTROS: Record<ReportSection, string> = {
  population: 'Everyone registered on the as-of date, by age band and sex, and by practice.',
  segments: 'People in each population segment and their hospital use over the outcome period.',
  risk: 'How predicted risk of an emergency admission is spread across the population; dashed lines mark the selection cut-offs.',
  model: 'How well the model ranks people (ROC curve, area under it with its interval) and whether its risks match observed rates (calibration).',
  concentration: 'How much of all emergency admissions and bed days the highest-risk people account for.',
  variants: 'Each selection variant on the programme’s core metrics, with 95% confidence intervals.',
  caseloads: 'People selected for multidisciplinary-team case management in each practice.',
  churn: 'The cohort at greatest risk changes over time: who entered, stayed and left at each refresh.',
  spc: 'Grey points are common-cause variation; orange special cause of concern; blue special cause of improvement (NHS Making Data Count). Dashed lines are the process limits.',
  intervention: 'People selected for high past use tend to use less afterwards anyway (regression to the mean). The naive before/after change includes that fall; the matched difference in differences compares with people of the same predicted risk who were not case-managed.',
};

const DASHBOARD_TITLE = 'Site dashboard';
const DASHBOARD_INTRO = 'For each site and core metric: its trajectory against its own frozen baseline (SPC with Making Data Count icons), its place among the sites (funnel plot of the latest complete month, and its position on each month’s funnel), and the counterfactual where a matched evaluation is given.';

const ORDER: ReportSection[] = ['population', 'segments', 'risk', 'model', 'concentration', 'variants', 'caseloads', 'churn', 'spc', 'intervention'];

type Cell = { text: string; numeric: boolean; count?: true };
const t = (text: string): Cell => ({ text, numeric: false });
const num = (text: string): Cell => ({ text, numeric: true });
/** A published count: marked `class="num count"` so tests (and readers' tools) can find every one. */
const countCell = (text: string): Cell => ({ text, numeric: true, count: true });

function table(caption: string, headers: string[], rows: Cell[][], cls = ''): string {
  let out = `<table${cls ? ` class="${cls}"` : ''}><caption>${escapeHtml(caption)}</caption><thead><tr>`;
  out += headers.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  out += '</tr></thead><tbody>';
  for (const r of rows) {
    out += '<tr>' + r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c.text)}</th>` : `<td${c.count ? ' class="num count"' : c.numeric ? ' class="num"' : ''}>${escapeHtml(c.text)}</td>`)).join('') + '</tr>';
  }
  return `${out}</tbody></table>`;
}

function figure(c: ReportChart, wide: boolean): string {
  return `<figure class="${wide ? 'wide' : 'square'}">${renderChart(c.chart, c.id)}<figcaption>${escapeHtml(c.chart.title)}</figcaption></figure>`;
}

const count = (n: number | undefined, suppress: SuppressFunction): Cell => (n === undefined ? num('') : countCell(formatValue(suppress(n), 'count')));
const countSpan = (n: number, suppress: SuppressFunction): string => `<span class="count">${escapeHtml(formatValue(suppress(n), 'count'))}</span>`;
/** An estimate printed as its kind: a fraction as a percentage, pounds with £, else a number with the decimals its size needs. */
const figure1 = (x: number, kind: MetricKind, d: number): string =>
  kind === 'percent' ? formatValue(x, 'percent', 1) : kind === 'currency' ? formatMoney(x) : formatValue(x, 'number', d);
const ci = (e: number, lo: number, hi: number, kind: MetricKind = 'number'): string => {
  const m = Math.max(Math.abs(e), Math.abs(lo), Math.abs(hi));
  const d = m >= 100 ? 0 : m >= 10 ? 1 : 2;
  return `${figure1(e, kind, d)} (${figure1(lo, kind, d)} to ${figure1(hi, kind, d)})`;
};

/** Rows of a long concentration table that people read: 0.5%, 1%, 2%, 5% and every 10%. */
const CONCENTRATION_ROWS = new Set([0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);

function sectionTables(section: ReportSection, input: ParsedReportInput, suppress: SuppressFunction): string {
  switch (section) {
    case 'population': {
      const p = input.population!;
      let out = '';
      const other = p.pyramid.filter((r) => r.sex === 'other' || r.sex === 'unknown').reduce((s, r) => s + r.people, 0);
      if (other > 0) out += `<p class="note">People with sex recorded as other or unknown, not in the pyramid: ${countSpan(other, suppress)}.</p>`;
      if (p.optedOut !== undefined) out += `<p class="note">People excluded because they opted out of data sharing: ${countSpan(p.optedOut, suppress)}.</p>`;
      if (p.practices.length > 0) {
        const adults = p.practices.some((r) => r.adults !== undefined);
        out += table('Registered list by practice', ['Practice', 'Registered', ...(adults ? ['Adults (18+)'] : [])],
          p.practices.map((r) => [t(r.practice), count(r.people, suppress), ...(adults ? [count(r.adults, suppress)] : [])]), 'practices');
      }
      return out;
    }
    case 'segments': {
      const ss = input.segments!;
      const adm = ss.some((s) => s.emergencyAdmissions !== undefined);
      const bed = ss.some((s) => s.bedDays !== undefined);
      const rate = (x: number | undefined, p: number) => num(formatValue(ratePer1000(x, p, suppress), 'number', 1));
      return table('Segments: people and hospital use', ['Segment', 'People', ...(adm ? ['Emergency admissions', 'per 1,000'] : []), ...(bed ? ['Bed days', 'per 1,000'] : [])],
        ss.map((s) => [t(s.segment), count(s.people, suppress),
          ...(adm ? [count(s.emergencyAdmissions, suppress), rate(s.emergencyAdmissions, s.people)] : []),
          ...(bed ? [count(s.bedDays, suppress), rate(s.bedDays, s.people)] : [])]), 'segments');
    }
    case 'risk': {
      const th = input.risk!.thresholds ?? [];
      return th.length === 0 ? '' : table('Selection cut-offs', ['Cut-off', 'Predicted risk'], th.map((x) => [t(x.label), num(formatValue(x.value, 'percent', 1))]));
    }
    case 'concentration': {
      const all = [...input.concentration!].sort((a, b) => a.topPercent - b.topPercent);
      // A long curve (every 1%) is a chart; the table keeps the rows people read.
      const rows = all.length > 16 ? all.filter((r) => CONCENTRATION_ROWS.has(r.topPercent)) : all;
      const bed = rows.every((r) => r.bedDaysShare !== undefined);
      const caption = rows.length < all.length ? `Share of hospital use by the top x% of people (selected rows; the chart above shows all ${all.length} points)` : 'Share of hospital use by the top x% of people';
      return table(caption, ['Top x% by risk', 'Share of emergency admissions', ...(bed ? ['Share of bed days'] : [])],
        rows.map((r) => [t(`${r.topPercent}%`), num(formatValue(r.admissionsShare, 'percent', 1)), ...(bed ? [num(formatValue(r.bedDaysShare!, 'percent', 1))] : [])]));
    }
    case 'variants': {
      const vs = input.variants!;
      const metrics: string[] = [];
      for (const v of vs) for (const m of v.metrics) if (!metrics.includes(m.metric)) metrics.push(m.metric);
      const people = vs.some((v) => v.people !== undefined);
      // One row per metric and one column per variant: a few variants fit any page, however many metrics there are.
      const cell = (v: (typeof vs)[number], name: string): Cell => {
        const m = v.metrics.find((x) => x.metric === name);
        if (m === undefined) return num('');
        // A figure the data cannot support is a named gap, never NaN.
        if (m.estimate === null) return num(`n/a (${m.missing ?? 'not supported by the data'})`);
        if (m.lower === null || m.upper === null) return num(`${figure1(m.estimate, m.kind, 2)} (no interval${m.missing ? `: ${m.missing}` : ''})`);
        return num(ci(m.estimate, m.lower, m.upper, m.kind));
      };
      return table('Variants: estimate (95% confidence interval)', ['Metric', ...vs.map((v) => v.name)],
        [...(people ? [[t('People selected'), ...vs.map((v) => count(v.people, suppress))]] : []),
          ...metrics.map((name) => [t(name), ...vs.map((v) => cell(v, name))])], 'variants');
    }
    case 'caseloads': {
      const cs = input.caseloads!;
      const adults = cs.some((c) => c.adults !== undefined);
      const cap = cs.some((c) => c.capacity !== undefined);
      return table('Caseload per practice', ['Practice', ...(adults ? ['Adults (18+)'] : []), 'Selected', ...(adults ? ['% of adults'] : []), ...(cap ? ['MDT capacity'] : [])],
        cs.map((c) => {
          const pct = c.adults !== undefined && c.adults > 0 && suppress(c.selected) !== null && suppress(c.adults) !== null ? c.selected / c.adults : null;
          return [t(c.practice), ...(adults ? [count(c.adults, suppress)] : []), count(c.selected, suppress),
            ...(adults ? [num(formatValue(pct, 'percent', 1))] : []), ...(cap ? [count(c.capacity, suppress)] : [])];
        }), 'caseloads');
    }
    case 'churn':
      return table('Cohort churn at each refresh', ['Refresh', 'Entered', 'Stayed', 'Left'],
        input.churn!.map((c) => [t(c.period), count(c.entered, suppress), count(c.stayed, suppress), count(c.left, suppress)]), 'churn');
    case 'spc': {
      const lines = (input.spc ?? []).map((s) => {
        const concern = s.points.filter((p) => p.signal === 'concern').map((p) => p.label);
        const improvement = s.points.filter((p) => p.signal === 'improvement').map((p) => p.label);
        const neither = s.points.filter((p) => p.signal === 'neither').map((p) => p.label);
        const parts = [];
        if (concern.length) parts.push(`special cause of concern at ${concern.join(', ')}`);
        if (improvement.length) parts.push(`special cause of improvement at ${improvement.join(', ')}`);
        if (neither.length) parts.push(`special cause (no direction) at ${neither.join(', ')}`);
        return `<li><strong>${escapeHtml(s.title)}</strong>: ${escapeHtml(parts.length ? parts.join('; ') : 'common-cause variation only')}.</li>`;
      });
      return `<ul class="signals">${lines.join('')}</ul>`;
    }
    case 'intervention': {
      const iv = input.intervention!;
      let out = '';
      if (iv.treated !== undefined || iv.controls !== undefined) {
        out += `<p class="note">Case-managed people: ${iv.treated === undefined ? 'not given' : countSpan(iv.treated, suppress)}; matched controls: ${iv.controls === undefined ? 'not given' : countSpan(iv.controls, suppress)}.</p>`;
      }
      out += table('Matched difference in differences beside the naive before/after change (95% confidence intervals)',
        ['Outcome', 'Matched difference in differences', 'Naive before/after'],
        iv.effects.map((e) => [t(plainLabel(e.outcome)), num(ci(e.did, e.didCi[0], e.didCi[1])), num(ci(e.naive, e.naiveCi[0], e.naiveCi[1]))]), 'intervention');
      return out;
    }
    default:
      return '';
  }
}

function extraTable(tb: ParsedReportInput['tables'] extends Array<infer T> | undefined ? T : never, suppress: SuppressFunction): string {
  let out = `<table class="extra"><caption>${escapeHtml(tb.caption ?? tb.title)}</caption><thead><tr>`;
  out += tb.columns.map((c) => `<th scope="col"${c.kind === 'text' ? '' : ' class="num"'}>${escapeHtml(c.label)}</th>`).join('') + '</tr></thead><tbody>';
  for (const row of tb.rows) {
    out += '<tr>';
    for (const c of tb.columns) {
      const v = row[c.key];
      let text = '';
      if (v === null || v === undefined) text = '';
      else if (typeof v === 'string') text = v;
      else if (c.kind === 'count') { out += `<td class="num count">${escapeHtml(formatValue(suppress(v), 'count'))}</td>`; continue; }
      else if (c.kind === 'percent') text = formatValue(v, 'percent', 1);
      else text = formatValue(v, 'number');
      out += `<td${c.kind === 'text' ? '' : ' class="num"'}>${escapeHtml(text)}</td>`;
    }
    out += '</tr>';
  }
  return `${out}</tbody></table>`;
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#212B32;background:#fff;margin:0;line-height:1.45}
main{max-width:980px;margin:0 auto;padding:24px 28px 48px}
header.report{border-bottom:4px solid #005EB8;margin-bottom:16px}
h1{font-size:1.9rem;margin:0 0 4px}
h2{font-size:1.35rem;margin:0 0 6px;color:#005EB8}
h3{font-size:1.05rem;margin:16px 0 6px}
.meta{color:#425563;margin:0 0 10px}
.note,.intro{color:#425563;max-width:75ch}
nav ol{columns:2;margin:6px 0 0;padding-left:1.4em}
nav a{color:#005EB8}
section.report-section{border-top:1px solid #D8DDE0;padding-top:18px;margin-top:26px}
.figures{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:8px 0;flex:1 1 100%}
figure.square{flex:1 1 380px;max-width:460px}
figcaption{font-size:.85rem;color:#425563;margin-top:2px}
svg.chart{display:block;width:100%;height:auto;max-width:100%}
figure.wide svg.chart{max-width:760px}
table{border-collapse:collapse;margin:12px 0;font-size:.9rem;min-width:50%;max-width:100%}
th,td{overflow-wrap:anywhere}
caption{text-align:left;font-weight:600;padding-bottom:4px}
th,td{border-bottom:1px solid #D8DDE0;padding:4px 10px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #425563}
.num{text-align:right;font-variant-numeric:tabular-nums}
tbody th{font-weight:400}
aside.missing{margin:14px 0 0;padding:8px 12px;border-left:4px solid #ED8B00;background:#FFF4E5;max-width:75ch}
aside.missing ul{margin:4px 0 0;padding-left:1.2em}
.note.source{border-left:4px solid #7C2855;background:#F7EEF2;padding:6px 10px;color:#212B32}
.table-scroll{max-width:100%;overflow-x:auto}
table.spc-matrix td.icon{text-align:center;vertical-align:middle;padding:2px 6px}
table.spc-matrix td.icon svg{display:inline-block;vertical-align:middle}
table.spc-matrix small{color:#425563}
table.spc-matrix td.icon .visually-hidden{display:block;font-size:.72rem;line-height:1.2;color:#425563;max-width:9em;margin:2px auto 0}
section.site-dashboard{margin-top:18px}
footer{margin-top:32px;border-top:1px solid #D8DDE0;padding-top:8px;font-size:.8rem;color:#425563}
@page{size:A4;margin:14mm}
@media print{
  main{max-width:none;padding:0}
  nav{display:none}
  section.report-section{break-before:page;border-top:none;margin-top:0;padding-top:0}
  figure,table,tr,.signals li{break-inside:avoid}
  h2,h3{break-after:avoid}
  a{color:inherit;text-decoration:none}
}`;

/**
 * Renders the whole report as one self-contained HTML document: inline CSS and inline SVG
 * charts only, no script, no font, no image and no stylesheet fetched (a Content Security
 * Policy of `default-src 'none'` makes the browser refuse any request), so it works offline
 * and can be emailed. It prints cleanly on A4 with one section per page. Sections, in
 * order: population (pyramid, practices), segments, risk distribution, model performance
 * (ROC, calibration), concentration, variants (dot and whisker), caseloads, churn, SPC
 * (the SPC matrix first, then the charts), the per-site dashboard, matched evaluation beside
 * naive before/after, then any extra tables; a section missing from the input is omitted.
 *
 * Every count that is printed or drawn goes through small-number suppression (option
 * `suppression`, default suppress 1-7 and round to 5, or your own `suppress` function), with
 * secondary suppression where counts add up to a total a reader may know (sexes and age
 * bands of the pyramid, practices, segments, risk and calibration bins, caseloads, extra
 * count columns), so that no `*` can be worked out by subtraction. Rates and percentages are
 * computed from the published (rounded) counts and hidden where a count is suppressed; with
 * calibration `events`, observed rates too. `provenance` lines are printed under the title.
 * Numbers that are not counts (SPC values, shares, estimates) are drawn as given: pass
 * values computed from published counts (`publishSpc`). All text from the input is
 * HTML-escaped. O(size of the input).
 *
 * @param input - the report data (see {@link ReportInput}); not mutated.
 * @param options - see {@link ReportOptions}.
 * @returns the HTML document as a string (`<!doctype html>...`).
 * @throws RiskStratifyError `invalid_input` naming the field and value for a malformed
 *   input; `invalid_options` for bad options.
 * @example
 * const html = renderReport({ title: 'North MDT', asOf: '2025-04-01',
 *   churn: [{ period: '2025-04', entered: 3, left: 12, stayed: 40 }] });
 * html.startsWith('<!doctype html>'); // => true
 * html.includes('<td class="num count">*</td>'); // => true (3 people entered: suppressed)
 */
export function renderReport(input: ReportInput, options?: ReportOptions): string {
  const exact = parseReportInput('renderReport', input);
  const opts = parseOptions('renderReport', ReportOptions, options);
  const { input: parsed, suppress } = publishReportInput(exact, opts.suppression, opts.suppress === undefined ? undefined : makeSuppressor('renderReport', opts.suppression, opts.suppress));
  return renderDocument(parsed, suppress, describeSuppression(opts.suppression, opts.suppress !== undefined), opts.lang);
}

/**
 * Renders a report input that is already published (internal: `risk-stratify report DIR`):
 * every count went through `rule` with secondary suppression when it was written, and a
 * suppressed count is `NaN`. Nothing is suppressed again: the same cells stay hidden.
 */
export function renderPublishedReport(published: ParsedReportInput, rule: { threshold: number; roundTo: number; suppressZero: boolean }, lang = 'en-GB'): string {
  return renderDocument(published, (n) => (Number.isNaN(n) ? null : n), describeSuppression(rule, false), lang);
}

/** A report SPC series as the chart draws it (values given as published). */
function spcChartPoints(s: NonNullable<ParsedReportInput['spc']>[number], suppress: SuppressFunction): SpcChartData['points'] {
  return s.points.map((p) => ({
    label: p.label, value: p.value === null ? null : s.valuesAreCounts ? suppress(p.value) : p.value, centre: p.centre, upper: p.upper, lower: p.lower, signal: p.signal,
    ...(p.value === null ? { gap: p.missing ?? 'no value' } : {}),
    ...(p.provisional !== undefined ? { provisional: p.provisional } : {}),
  }));
}

/** The SPC matrix at the top of the SPC section: one row per measure charted, with its icons. */
function spcMatrixHtml(input: ParsedReportInput): string {
  const rows = input.spcMatrix ?? [];
  return rows.length === 0 ? '' : `<div class="table-scroll">${renderSpcMatrix(rows)}</div>`;
}

/**
 * The per-site dashboard section's body: per site (h3) per metric (h4) its trajectory, funnel
 * (a site whose registered count is suppressed is left off it) and position, and counterfactual.
 */
function dashboardHtml(input: ParsedReportInput, suppress: SuppressFunction): string {
  const d = input.dashboard;
  if (d === undefined) return '';
  let out = d.note ? `<p class="note section-note">${escapeHtml(d.note)}</p>` : '';
  if (d.method) out += `<p class="note">${escapeHtml(d.method)}</p>`;
  d.sites.forEach((site, k) => {
    out += renderSiteDashboardView(site.site, site.metrics.map((m) => ({
      key: m.key, name: m.name, unit: m.unit, improvement: m.improvement, funnelMonth: m.funnelMonth, position: m.position, counterfactual: m.counterfactual, notes: m.notes,
      spc: { points: spcChartPoints(m.spc, suppress), ...(m.spc.icons ? { icons: m.spc.icons } : {}) },
      // funnels are given per 1,000; the chart takes rates per person
      funnel: m.funnel === null ? null : {
        target: m.funnel.target / 1000,
        points: m.funnel.points.filter((p) => suppress(p.denominator) !== null).map((p) => ({ ...p, value: p.value / 1000, denominator: suppress(p.denominator)! })),
        curve: m.funnel.curve.map((c) => ({ denominator: c.denominator, limits: c.limits.map((l) => ({ level: l.level, lower: l.lower / 1000, upper: l.upper / 1000 })) })),
      },
    })), { idPrefix: `dashboard-${k + 1}`, heading: 'h3' });
  });
  return out;
}

function renderDocument(parsed: ParsedReportInput, suppress: SuppressFunction, disclosure: string, lang: string): string {
  const charts = chartsFromParsed(parsed, suppress);
  const present = ORDER.filter((s) => {
    switch (s) {
      case 'population': return parsed.population !== undefined && (parsed.population.pyramid.length > 0 || parsed.population.practices.length > 0 || parsed.population.optedOut !== undefined);
      case 'segments': return (parsed.segments?.length ?? 0) > 0;
      case 'risk': return parsed.risk !== undefined;
      case 'model': return parsed.roc !== undefined || (parsed.calibration?.length ?? 0) > 0;
      case 'concentration': return (parsed.concentration?.length ?? 0) > 0;
      case 'variants': return (parsed.variants?.length ?? 0) > 0;
      case 'caseloads': return (parsed.caseloads?.length ?? 0) > 0;
      case 'churn': return (parsed.churn?.length ?? 0) > 0;
      case 'spc': return (parsed.spc?.length ?? 0) > 0;
      case 'intervention': return parsed.intervention !== undefined;
    }
  });
  const extra = parsed.tables ?? [];
  // The per-site dashboard is its own section after the SPC section (or after the last section before it).
  const dashboardBody = dashboardHtml(parsed, suppress);
  const dashboard = dashboardBody === '' ? '' : `<section class="report-section" id="section-dashboard" aria-labelledby="h-dashboard"><h2 id="h-dashboard">${escapeHtml(DASHBOARD_TITLE)}</h2><p class="intro">${escapeHtml(DASHBOARD_INTRO)}</p>${dashboardBody}</section>`;
  const dashboardAfter = dashboard === '' ? undefined : present.filter((s) => ORDER.indexOf(s) <= ORDER.indexOf('spc')).pop();
  const meta = [parsed.generatedFor ? `For ${parsed.generatedFor}` : '', parsed.asOf ? `As of ${parsed.asOf}` : ''].filter(Boolean).join(' · ');
  let body = `<header class="report"><h1>${escapeHtml(parsed.title)}</h1>${meta ? `<p class="meta">${escapeHtml(meta)}</p>` : ''}`;
  for (const note of parsed.notes ?? []) body += `<p class="note">${escapeHtml(note)}</p>`;
  body += `<p class="note disclosure">${escapeHtml(disclosure)}</p>`;
  if (parsed.provenance?.length) body += `<p class="note provenance">${parsed.provenance.map((l) => escapeHtml(l)).join('<br>')}</p>`;
  if (present.length + extra.length + (dashboard === '' ? 0 : 1) > 1) {
    body += '<nav aria-label="Contents"><strong>Contents</strong><ol>';
    for (const s of present) {
      if (dashboardAfter === undefined && dashboard !== '' && s === present.find((x) => ORDER.indexOf(x) > ORDER.indexOf('spc'))) body += `<li><a href="#section-dashboard">${escapeHtml(DASHBOARD_TITLE)}</a></li>`;
      body += `<li><a href="#section-${s}">${escapeHtml(SECTION_TITLES[s])}</a></li>`;
      if (s === dashboardAfter) body += `<li><a href="#section-dashboard">${escapeHtml(DASHBOARD_TITLE)}</a></li>`;
    }
    if (extra.length) body += '<li><a href="#section-tables">Further tables</a></li>';
    body += '</ol></nav>';
  }
  const missing = (parsed.missing ?? []).filter((m) => !present.includes(m.section));
  if (missing.length > 0) {
    body += '<aside class="missing" aria-label="Not in this report"><strong>Not in this report</strong><ul>';
    for (const m of missing) body += `<li><strong>${escapeHtml(SECTION_TITLES[m.section])}</strong>: ${escapeHtml(m.why)}</li>`;
    body += '</ul></aside>';
  }
  body += '</header>';
  for (const s of present) {
    const own = charts.filter((c) => c.section === s);
    const square = s === 'model' || s === 'concentration';
    body += `<section class="report-section" id="section-${s}" aria-labelledby="h-${s}"><h2 id="h-${s}">${escapeHtml(SECTION_TITLES[s])}</h2>`;
    body += `<p class="intro">${escapeHtml(SECTION_INTROS[s])}</p>`;
    // The population a matched evaluation ran on, when it is not this one, before anything is read off the chart.
    if (s === 'intervention' && parsed.intervention?.source) body += `<p class="note source"><strong>Not this population:</strong> ${escapeHtml(parsed.intervention.source)}</p>`;
    for (const note of parsed.sectionNotes?.[s] ?? []) body += `<p class="note section-note">${escapeHtml(note)}</p>`;
    if (s === 'spc') body += spcMatrixHtml(parsed);
    if (own.length) body += `<div class="figures">${own.map((c) => figure(c, !square)).join('')}</div>`;
    body += sectionTables(s, parsed, suppress);
    body += '</section>';
    if (s === dashboardAfter) body += dashboard;
  }
  if (dashboardAfter === undefined) body += dashboard;
  if (extra.length) {
    body += '<section class="report-section" id="section-tables" aria-labelledby="h-tables"><h2 id="h-tables">Further tables</h2>';
    for (const tb of extra) body += `<h3>${escapeHtml(tb.title)}</h3>${extraTable(tb, suppress)}`;
    body += '</section>';
  }
  body += '<footer><p>Generated by risk-stratify. Self-contained: this file makes no network requests.</p></footer>';
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
  return `<!doctype html>\n<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(parsed.title)}</title><style>${CSS}${SITE_DASHBOARD_CSS}</style></head>` +
    `<body><main>${body}</main></body></html>\n`;
}
