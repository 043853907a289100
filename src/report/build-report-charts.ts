import { fail } from '../core/errors.js';
import { parseOptions, safeParse } from '../core/options.js';
import type { BarChartData, ChartData } from './chart-data.js';
import { ReportInput } from './report-input.js';
import type { ParsedReportInput } from './report-input.js';
import { ReportOptions } from './report-options.js';
import type { SuppressFunction } from './report-options.js';
import { makeSuppressor } from './suppressor.js';
import { publishReportInput } from './publish-report-input.js';
import { thinCurve } from './thin-curve.js';
import { PALETTE, plainLabel } from './svg-parts.js';

/** The report sections, in the order they appear. */
export type ReportSection =
  | 'population' | 'segments' | 'risk' | 'model' | 'concentration' | 'variants'
  | 'caseloads' | 'churn' | 'spc' | 'intervention';

/** One chart of the report, with the section it belongs to and its document id. */
export interface ReportChart {
  /** Unique within the report, e.g. `'chart-population-pyramid'`. */
  id: string;
  section: ReportSection;
  chart: ChartData;
}

/**
 * The charts {@link renderReport} draws, as plain data, after small-number suppression
 * (with secondary suppression along the report's lines; rates from the published counts):
 * the same objects can be drawn with {@link renderChart} or converted with
 * {@link toVegaLite} by a dashboard. Sections missing from the input give no charts. A long
 * ROC curve (one point per distinct score) is thinned to the points that move at least 0.001
 * in either rate, so the drawn curve is within 0.001 of the full one and at most about 2,000
 * points. O(size of the input).
 *
 * @param input - the report input (see {@link ReportInput}); not mutated.
 * @param options - suppression rule or function (see {@link ReportOptions}).
 * @returns the charts in report order.
 * @throws RiskStratifyError `invalid_input` naming the field for a malformed input;
 *   `invalid_options` for bad options.
 * @example
 * buildReportCharts({ title: 'T', churn: [{ period: '2025-02', entered: 3, left: 12, stayed: 40 }] });
 * // => [{ id: 'chart-churn', section: 'churn', chart: { kind: 'bar', categories: ['2025-02'],
 * //        series: [{ name: 'Entered', values: [null], colour: '#005EB8' }, { name: 'Stayed', values: [40], colour: '#425563' }, { name: 'Left', values: [10], colour: '#ED8B00' }], ... } }]
 */
export function buildReportCharts(input: ReportInput, options?: ReportOptions): ReportChart[] {
  const parsed = parseReportInput('buildReportCharts', input);
  const opts = parseOptions('buildReportCharts', ReportOptions, options);
  const published = publishReportInput(parsed, opts.suppression, opts.suppress === undefined ? undefined : makeSuppressor('buildReportCharts', opts.suppression, opts.suppress));
  return chartsFromParsed(published.input, published.suppress);
}

/** Validates a report input (internal; shared with renderReport): `invalid_input` with the field's path. */
export function parseReportInput(fn: string, input: unknown): ParsedReportInput {
  const parsed = safeParse(ReportInput, input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  let value: unknown = input;
  for (const key of issue.path) {
    if (value === null || typeof value !== 'object') { value = undefined; break; }
    value = (value as Record<PropertyKey, unknown>)[key as PropertyKey];
  }
  return fail({ fn, code: 'invalid_input', path: ['input', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], value, message: issue.message });
}

/** Admissions per 1,000 people from the counts given (published ones, in the report), or null when either count is suppressed. */
export function ratePer1000(numerator: number | undefined, denominator: number, suppress: SuppressFunction): number | null {
  if (numerator === undefined || denominator <= 0) return null;
  if (suppress(numerator) === null || suppress(denominator) === null) return null;
  return (numerator / denominator) * 1000;
}

/** Builds every chart from a parsed input (internal; shared with renderReport). */
export function chartsFromParsed(input: ParsedReportInput, suppress: SuppressFunction): ReportChart[] {
  const charts: ReportChart[] = [];
  const add = (id: string, section: ReportSection, chart: ChartData) => charts.push({ id: `chart-${id}`, section, chart });

  if (input.population && input.population.pyramid.length > 0) {
    const bands: string[] = [];
    const female = new Map<string, number>();
    const male = new Map<string, number>();
    for (const r of input.population.pyramid) {
      if (r.sex !== 'female' && r.sex !== 'male') continue;
      if (!bands.includes(r.ageBand)) bands.push(r.ageBand);
      const m = r.sex === 'female' ? female : male;
      m.set(r.ageBand, (m.get(r.ageBand) ?? 0) + r.people);
    }
    add('population-pyramid', 'population', {
      kind: 'pyramid', title: 'Registered population by age band and sex',
      description: `Population pyramid of ${bands.length} age bands, females left and males right.`,
      bands, female: bands.map((b) => suppress(female.get(b) ?? 0)), male: bands.map((b) => suppress(male.get(b) ?? 0)),
    });
  }
  if (input.population && input.population.practices.length > 0) {
    const ps = input.population.practices;
    add('population-practices', 'population', {
      kind: 'bar', title: 'Registered list size by practice', valueLabel: 'People registered',
      categories: ps.map((p) => p.practice), series: [{ name: 'Registered', values: ps.map((p) => suppress(p.people)) }],
    });
  }
  if (input.segments && input.segments.length > 0) {
    const ss = input.segments;
    add('segments-people', 'segments', {
      kind: 'bar', title: 'People by segment', valueLabel: 'People',
      categories: ss.map((s) => s.segment), series: [{ name: 'People', values: ss.map((s) => suppress(s.people)) }],
    });
    if (ss.some((s) => s.emergencyAdmissions !== undefined)) {
      add('segments-admissions', 'segments', {
        kind: 'bar', title: 'Emergency admissions per 1,000 people by segment', valueLabel: 'Emergency admissions per 1,000 people', format: 'number',
        description: 'Emergency admissions per 1,000 people in each segment; not shown where a count is suppressed.',
        categories: ss.map((s) => s.segment), series: [{ name: 'Emergency admissions', values: ss.map((s) => ratePer1000(s.emergencyAdmissions, s.people, suppress)) }],
      });
    }
    if (ss.some((s) => s.bedDays !== undefined)) {
      add('segments-bed-days', 'segments', {
        kind: 'bar', title: 'Bed days per 1,000 people by segment', valueLabel: 'Bed days per 1,000 people', format: 'number',
        description: 'Bed days per 1,000 people in each segment; not shown where a count is suppressed.',
        categories: ss.map((s) => s.segment), series: [{ name: 'Bed days', values: ss.map((s) => ratePer1000(s.bedDays, s.people, suppress)) }],
      });
    }
  }
  if (input.risk) {
    add('risk-histogram', 'risk', {
      kind: 'histogram', title: 'Distribution of predicted risk', xLabel: 'Predicted risk of emergency admission', yLabel: 'People',
      bins: input.risk.bins.map((b) => ({ from: b.from, to: b.to, count: suppress(b.people) })),
      ...(input.risk.thresholds ? { thresholds: input.risk.thresholds.map((t) => ({ label: t.label, value: t.value })) } : {}),
    });
  }
  if (input.roc) {
    const ci = input.roc.ci ? ` (95% CI ${input.roc.ci[0].toFixed(3)} to ${input.roc.ci[1].toFixed(3)})` : '';
    // An AUROC the data cannot support is a named gap, never NaN.
    const auc = input.roc.auroc === null ? `n/a (${input.roc.missing ?? 'not supported by the data'})` : input.roc.auroc.toFixed(3);
    add('roc', 'model', {
      kind: 'line', title: 'ROC curve', xLabel: 'False positive rate (1 - specificity)', yLabel: 'True positive rate (sensitivity)',
      description: `Receiver operating characteristic curve; area under the curve ${auc}${input.roc.auroc === null ? '' : ci}.`,
      diagonal: true, xDomain: [0, 1], yDomain: [0, 1], xFormat: 'percent', yFormat: 'percent',
      note: `AUROC ${auc}${input.roc.auroc !== null && input.roc.ci ? ` (${input.roc.ci[0].toFixed(3)} to ${input.roc.ci[1].toFixed(3)})` : ''}`,
      series: [{ name: 'Model', points: thinCurve(input.roc.points.map((p) => ({ x: p.fpr, y: p.tpr }))) }],
    });
  }
  if (input.calibration && input.calibration.length > 0) {
    add('calibration', 'model', {
      kind: 'calibration', title: 'Calibration', xLabel: 'Mean predicted risk', yLabel: 'Observed rate',
      description: 'Observed rate of emergency admission against mean predicted risk per bin; points on the dashed line are perfectly calibrated. Bins with a suppressed count are not shown.',
      points: input.calibration.map((c) => ({ expected: c.expected, observed: Number.isNaN(c.observed) ? 0 : c.observed, n: Number.isNaN(c.observed) ? null : suppress(c.n) })),
    });
  }
  if (input.concentration && input.concentration.length > 0) {
    const rows = [...input.concentration].sort((a, b) => a.topPercent - b.topPercent);
    const start = rows[0]!.topPercent > 0 ? [{ x: 0, y: 0 }] : [];
    const series: Array<{ name: string; points: Array<{ x: number; y: number }> }> = [
      { name: 'Emergency admissions', points: [...start, ...rows.map((r) => ({ x: r.topPercent / 100, y: r.admissionsShare }))] },
    ];
    if (rows.every((r) => r.bedDaysShare !== undefined)) {
      series.push({ name: 'Bed days', points: [...start, ...rows.map((r) => ({ x: r.topPercent / 100, y: r.bedDaysShare! }))] });
    }
    const maxX = rows[rows.length - 1]!.topPercent / 100;
    add('concentration', 'concentration', {
      kind: 'line', title: 'Concentration of hospital use among the highest-risk people',
      description: 'Share of all emergency admissions and bed days accounted for by the top x% of people ranked by predicted risk; the dashed line is what a random selection would capture.',
      xLabel: 'Top x% of people by predicted risk', yLabel: 'Share of the total', diagonal: true,
      xDomain: [0, maxX], yDomain: [0, 1], xFormat: 'percent', yFormat: 'percent', series,
    });
  }
  if (input.variants && input.variants.length > 0) {
    const metrics: string[] = [];
    for (const v of input.variants) for (const m of v.metrics) if (!metrics.includes(m.metric)) metrics.push(m.metric);
    // A metric with no estimate to draw for any variant is left to the table (its named gaps), not an empty chart.
    const drawable = (metric: string) => input.variants!.some((v) => v.metrics.some((m) => m.metric === metric && m.estimate !== null && m.lower !== null && m.upper !== null));
    metrics.filter(drawable).forEach((metric, i) => {
      const kind = input.variants!.flatMap((v) => v.metrics).find((m) => m.metric === metric)?.kind ?? 'number';
      add(`variants-${i + 1}`, 'variants', {
        kind: 'dotWhisker', title: metric, xLabel: kind === 'currency' && !metric.includes('£') ? `${metric} (£)` : metric,
        format: kind === 'percent' ? 'percent' : 'number',
        description: `${metric} for each variant, with its confidence interval.`,
        // A metric without an estimate or interval is a named gap in the table, not a dot.
        rows: input.variants!.flatMap((v) => v.metrics.filter((m) => m.metric === metric && m.estimate !== null && m.lower !== null && m.upper !== null)
          .map((m) => ({ label: v.name, series: metric, estimate: m.estimate!, lower: m.lower!, upper: m.upper! }))),
      });
    });
  }
  if (input.caseloads && input.caseloads.length > 0) {
    const cs = input.caseloads;
    const series: BarChartData['series'] = [{ name: 'Selected', values: cs.map((c) => suppress(c.selected)) }];
    if (cs.some((c) => c.capacity !== undefined)) series.push({ name: 'MDT capacity', values: cs.map((c) => (c.capacity === undefined ? null : suppress(c.capacity))) });
    add('caseloads', 'caseloads', { kind: 'bar', title: 'Caseload per practice', valueLabel: 'People', categories: cs.map((c) => c.practice), series });
  }
  if (input.churn && input.churn.length > 0) {
    const ch = input.churn;
    add('churn', 'churn', {
      kind: 'bar', title: 'Cohort churn at each refresh', valueLabel: 'People',
      description: 'People who entered, stayed in and left the case-management cohort at each refresh.',
      categories: ch.map((c) => c.period),
      series: [
        // Left is amber, not green: leaving the cohort is neither good nor bad news by itself.
        { name: 'Entered', values: ch.map((c) => suppress(c.entered)), colour: PALETTE[0] },
        { name: 'Stayed', values: ch.map((c) => suppress(c.stayed)), colour: PALETTE[5] },
        { name: 'Left', values: ch.map((c) => suppress(c.left)), colour: PALETTE[1] },
      ],
    });
  }
  (input.spc ?? []).forEach((s, i) => {
    add(`spc-${i + 1}`, 'spc', {
      kind: 'spc', title: plainLabel(s.title), yLabel: s.unit, format: s.valuesAreCounts ? 'count' : 'number', ...(s.icons ? { icons: s.icons } : {}),
      description: `Statistical process control chart of ${s.title}: centre line, process limits and special-cause signals.`,
      points: s.points.map((p) => ({
        label: p.label, value: p.value === null ? null : s.valuesAreCounts ? suppress(p.value) : p.value, centre: p.centre, upper: p.upper, lower: p.lower, signal: p.signal,
        ...(p.value === null ? { gap: p.missing ?? 'no value' } : {}),
        ...(p.provisional !== undefined ? { provisional: p.provisional } : {}),
      })),
    });
  });
  if (input.intervention) {
    add('intervention', 'intervention', {
      kind: 'dotWhisker', title: 'Effect of case management: matched comparison beside naive before/after',
      description: 'For each outcome, the matched difference in differences and the naive before/after change in the case-managed group, each with its 95% confidence interval. The naive change includes regression to the mean.',
      xLabel: 'Change per person (negative = fewer)', zeroLine: true,
      rows: input.intervention.effects.flatMap((e) => [
        { label: plainLabel(e.outcome), series: 'Matched difference in differences', estimate: e.did, lower: e.didCi[0], upper: e.didCi[1] },
        { label: plainLabel(e.outcome), series: 'Naive before/after', estimate: e.naive, lower: e.naiveCi[0], upper: e.naiveCi[1] },
      ]),
    });
  }
  return charts;
}
