/**
 * Builds the report stage's `ReportInput` from the results the command computed, so the
 * demo and `risk-stratify report` render the same HTML. Every section is optional: only
 * what was computed is included. Counts are passed raw; `renderReport` suppresses them.
 */
import { ageInYears, formatDay } from '../core/dates.js';
import type { Cohort } from '../cohort/index.js';
import { formatMoney, plainLabel } from '../report/svg-parts.js';
import { summarisePopulation } from '../synth/index.js';
import { spcSeries } from './demo-action-steps.js';
import type { SpcResult } from '../compare/index.js';
import type { SiteDashboards } from '../compare/build-site-dashboard.js';
import { spcMatrixRow } from '../report/spc-matrix.js';
import { spcIcons } from '../report/mdc-icons.js';
import { isEligible, type Population } from '../core/population.js';
import { suppressCount } from '../compare/index.js';
import type { ScoreEvaluation } from '../evaluate/index.js';
import type { ReportInput } from '../report/index.js';
import type { PopulationSummary } from '../synth/index.js';
import { figureGap } from './format-figure.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type ReportData = Mutable<ReportInput>;

/** Population pyramid and practice list sizes (people registered on `asOf`, adults 18+). */
export function populationSection(summary: PopulationSummary, population: Population, asOf: number): NonNullable<ReportInput['population']> {
  const pyramid: { ageBand: string; sex: 'female' | 'male'; people: number }[] = [];
  summary.ageSex.bands.forEach((band, b) => {
    pyramid.push({ ageBand: band, sex: 'female', people: summary.ageSex.female[b] ?? 0 });
    pyramid.push({ ageBand: band, sex: 'male', people: summary.ageSex.male[b] ?? 0 });
  });
  const people = new Float64Array(population.practices.length);
  const adults = new Float64Array(population.practices.length);
  const c = population.columns;
  for (let i = 0; i < population.size; i++) {
    if (!isEligible(population, i, asOf)) continue;
    people[c.practice[i]!]!++;
    if (ageInYears(c.birthDate[i]!, asOf) >= 18) adults[c.practice[i]!]!++;
  }
  return {
    pyramid,
    practices: population.practices.map((practice, p) => ({ practice, people: people[p]!, adults: adults[p]! })),
    optedOut: summary.optedOut.count,
  };
}

/** Histogram of scores in `bins` equal-width bins from 0 to the largest score. */
export function riskBins(scores: ArrayLike<number>, bins = 20): { from: number; to: number; people: number }[] {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  const width = max > 0 ? max / bins : 1 / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) counts[Math.min(bins - 1, Math.floor(scores[i]! / width))]!++;
  return counts.map((people, b) => ({ from: b * width, to: (b + 1) * width, people }));
}

/**
 * ROC curve points (false positive rate, true positive rate) at up to `points` cut-offs,
 * ties kept together. O(n log n).
 */
export function rocPoints(scores: ArrayLike<number>, outcome: ArrayLike<number>, points = 100): { fpr: number; tpr: number }[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += outcome[i] ? 1 : 0;
  const neg = n - pos;
  const out = [{ fpr: 0, tpr: 0 }];
  if (pos === 0 || neg === 0) return [...out, { fpr: 1, tpr: 1 }];
  const step = Math.max(1, Math.floor(n / points));
  let tp = 0, fp = 0, next = step;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (outcome[i]) tp++;
    else fp++;
    const tieNext = k + 1 < n && scores[order[k + 1]!] === scores[i];
    if (!tieNext && (k + 1 >= next || k + 1 === n)) {
      out.push({ fpr: fp / neg, tpr: tp / pos });
      next = k + 1 + step;
    }
  }
  return out;
}

/**
 * Model performance sections from a back-test evaluation. Calibration bins carry their
 * events (observed x n), so the report shows observed rates from published counts; the
 * concentration curve (share of all emergency admissions and bed days had by the top x% by
 * score, k = ceil(x% of n), ties by position) is computed from published (suppressed and
 * rounded) admissions and bed days, a share whose count is suppressed left out.
 */
export function performanceSections(
  evaluation: ScoreEvaluation, scores: ArrayLike<number>, outcome: ArrayLike<number>,
  use: { emergencyAdmissions: ArrayLike<number>; bedDays: ArrayLike<number> }, rule: { threshold: number; roundTo: number },
): Pick<ReportData, 'roc' | 'calibration' | 'concentration' | 'missing'> {
  const out: Pick<ReportData, 'roc' | 'calibration' | 'concentration' | 'missing'> = {};
  // Without events (or non-events) there is no curve to speak of, but the report still says why the AUROC is missing.
  const missing = evaluation.auroc === null ? figureGap(evaluation.warnings, ['auroc']) : undefined;
  out.roc = {
    points: rocPoints(scores, outcome), auroc: evaluation.auroc,
    ...(evaluation.aurocCI ? { ci: [evaluation.aurocCI[0], evaluation.aurocCI[1]] as [number, number] } : {}),
    ...(missing !== undefined ? { missing } : {}),
  };
  if (evaluation.calibration) out.calibration = evaluation.calibration.bins.map((b) => ({ expected: b.expected, observed: b.observed, n: b.n, events: Math.round(b.observed * b.n) }));
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const pub = (x: number): number | null => suppressCount(Math.round(x), { ...rule, suppressZero: false });
  let allAdm = 0;
  let allBed = 0;
  for (let i = 0; i < n; i++) {
    allAdm += use.emergencyAdmissions[i]!;
    allBed += Number.isFinite(use.bedDays[i]!) ? use.bedDays[i]! : 0;
  }
  const share = (part: number, whole: number): number | null => {
    const p = pub(part);
    const w = pub(whole);
    return p === null || w === null || w === 0 ? null : Math.min(1, p / w);
  };
  out.concentration = [];
  // every 1% for the curve, and the 0.5% people read beside 1%, 2% and 5%
  const percents = [...new Set([0.5, ...evaluation.concentration.map((c) => c.percent)])].sort((a, b) => a - b);
  for (const percent of percents) {
    const k = Math.ceil((percent / 100) * n);
    let adm = 0;
    let bed = 0;
    for (let r = 0; r < k; r++) {
      adm += use.emergencyAdmissions[order[r]!]!;
      bed += Number.isFinite(use.bedDays[order[r]!]!) ? use.bedDays[order[r]!]! : 0;
    }
    const a = share(adm, allAdm);
    const b = share(bed, allBed);
    if (a !== null) out.concentration.push({ topPercent: percent, admissionsShare: a, ...(b !== null ? { bedDaysShare: b } : {}) });
  }
  if (out.concentration.length === 0) {
    delete out.concentration;
    out.missing = [{ section: 'concentration', why: 'too few emergency admissions to publish: every share would be of a suppressed count' }];
  }
  return out;
}

/** One variant's cohort as `cohort` (or a monthly refresh) selected it, with its churn since the last refresh. */
export interface CohortForReport {
  variant: string;
  cohort: Pick<Cohort, 'groups'>;
  churn?: { from: string; to: string; counts: { entered: number; left: number; stayed: number } };
}

/**
 * The report sections of a cohort selection: the registered population on `asOf`, the risk
 * distribution with each variant's lowest practice cut-off, the first variant's caseloads and
 * every variant's churn. `scores` are everyone scored on `asOf`.
 */
export function cohortReportData(population: Population, asOf: number, scores: ArrayLike<number>, cohorts: readonly CohortForReport[]): ReportData {
  const day = formatDay(asOf);
  const data: ReportData = { asOf: day, population: populationSection(summarisePopulation(population, { asOf }), population, asOf) };
  const thresholds = cohorts.map((c) => {
    const cuts = c.cohort.groups.map((g) => g.threshold).filter((t): t is number => t !== null);
    return { label: c.cohort.groups.length > 1 ? `${c.variant} (lowest practice cut-off)` : `${c.variant} cut-off`, value: Math.min(...cuts) };
  }).filter((t) => Number.isFinite(t.value));
  data.risk = { bins: riskBins(scores), thresholds };
  const notes: NonNullable<ReportData['sectionNotes']> = { risk: [`Predicted risk of everyone scored on ${day}.`] };
  const first = cohorts[0];
  if (first) {
    data.caseloads = first.cohort.groups.map((g) => ({ practice: g.group, selected: g.selected, adults: g.eligible }));
    notes.caseloads = [`Caseloads of ${first.variant} on ${day}; the percentage is of eligible adults.`];
  }
  const churn = cohorts.filter((c) => c.churn !== undefined);
  if (churn.length > 0) data.churn = churn.map((c) => ({ period: `${c.variant}: ${c.churn!.from} to ${c.churn!.to}`, entered: c.churn!.counts.entered, left: c.churn!.counts.left, stayed: c.churn!.counts.stayed }));
  data.sectionNotes = notes;
  return data;
}

/** The sentence saying what a back-test scored and followed, for the sections that use it. */
export function backTestNote(asOf: number, to: number, outcome: string): string {
  return `Back-test: the model scored everyone registered on ${formatDay(asOf)}; ${plainLabel(outcome).toLowerCase()}s counted from ${formatDay(asOf)} to ${formatDay(to)}.`;
}

/**
 * Notes under the variant comparison: when the variants were selected and how long they
 * were followed, the assumed effect sizes, and the costs used.
 */
export function variantNotes(asOf: number, to: number, a: { effect: readonly [number, number] | readonly number[]; costPerPersonYear: number; costPerAdmission: number; costPerBedDay: number }): string[] {
  const pct = (x: number | undefined): string => `${Math.round(100 * (x ?? 0))}%`;
  return [
    `Each variant selected on ${formatDay(asOf)} and followed to ${formatDay(to)} with no intervention (a back-test on past data).`,
    `Assumed effect of case management: ${pct(a.effect[0])} (low) to ${pct(a.effect[1])} (high) fewer emergency admissions and bed days among the people selected.`,
    `Costs assumed: ${formatMoney(a.costPerPersonYear)} per person-year of case management, ${formatMoney(a.costPerAdmission)} per emergency admission, ${formatMoney(a.costPerBedDay)} per bed day.`,
  ];
}

/**
 * The report's segments section from a segment summary's population rows: people, and
 * emergency admissions and bed days in the horizon after `asOf` when outcomes were counted
 * (`outcomesTo`).
 */
export function segmentReportData(
  rows: ReadonlyArray<{ level: string; segmentName: string; people: number; emergencyAdmissions: number | null; bedDays: number | null }>,
  model: string, asOf: number, outcomesTo: number | undefined,
): ReportData {
  const segments = rows.filter((r) => r.level === 'population').map((r) => ({
    segment: r.segmentName, people: r.people,
    ...(r.emergencyAdmissions !== null ? { emergencyAdmissions: r.emergencyAdmissions } : {}),
    ...(r.bedDays !== null ? { bedDays: r.bedDays } : {}),
  }));
  const note = `Segments (${model}) of everyone registered on ${formatDay(asOf)}` + (outcomesTo !== undefined ? `; hospital use counted from ${formatDay(asOf)} to ${formatDay(outcomesTo)}.` : '.');
  return { asOf: formatDay(asOf), segments, sectionNotes: { segments: [note] } };
}

/**
 * One SPC matrix row of a charted measure: chart type, icons and provisional months from the
 * `monitor` result (as the chart's icons are), latest value, centre and limits from the
 * report's chart at that month (drawn from the published counts, so the matrix and the chart
 * agree; a suppressed month shows as a dash).
 */
export function spcMatrixRowFor(series: NonNullable<ReportData['spc']>[number], spc: SpcResult, target?: number): NonNullable<ReportData['spcMatrix']>[number] {
  const row = spcMatrixRow(series.title, spc, { unit: series.unit ?? '', ...(target !== undefined ? { target } : {}) });
  const shown = series.points.find((p) => p.label === row.latestLabel);
  return { ...row, latestValue: shown?.value ?? null, mean: shown?.centre ?? null, lower: shown?.lower ?? null, upper: shown?.upper ?? null, provisional: [...row.provisional] };
}

/** The practices shown in the report's dashboard: the largest by registered list in the last month. */
export const DASHBOARD_PRACTICES_SHOWN = 5;

/**
 * The report's per-site dashboard from a dashboard drawn from published counts
 * (`publishedSiteDashboard`): the `DASHBOARD_PRACTICES_SHOWN` largest sites by registered
 * list (last month), in that order, with a note saying how many there are in all.
 */
export function dashboardReportData(d: SiteDashboards): NonNullable<ReportData['dashboard']> {
  const last = new Map<string, number>();
  for (const r of d.rows) if (r.measure === 'emergencyAdmissionsPer1000') last.set(r.unit, r.denominator);
  const ordered = [...d.sites].sort((a, b) => (last.get(b.site) ?? 0) - (last.get(a.site) ?? 0) || a.site.localeCompare(b.site));
  const shown = ordered.slice(0, DASHBOARD_PRACTICES_SHOWN);
  const note = shown.length < d.sites.length
    ? `The ${shown.length} largest of ${d.sites.length} practices by registered list are shown (${shown.map((s) => s.site).join(', ')}); every practice is on the funnels, and each practice's own charts are in the monitoring section above.`
    : `All ${d.sites.length} practices, largest registered list first.`;
  return {
    note, method: d.method,
    sites: shown.map((site) => ({
      site: site.site,
      metrics: site.metrics.map((m) => ({
        key: m.key, name: m.name, unit: m.unit, improvement: m.improvement, funnelMonth: m.funnelMonth, notes: [...m.notes],
        spc: {
          title: m.name, unit: m.unit, icons: spcIcons(m.spc),
          points: m.spc.points.map((p) => ({
            label: p.label, value: p.value, centre: p.centre, upper: p.upper, lower: p.lower,
            signal: p.signals.length === 0 ? 'common' as const : (m.spc.signals.find((x) => x.indices.includes(p.index))?.meaning ?? 'neither'),
            ...(p.value === null ? { missing: 'suppressed or nobody registered' } : {}), ...(p.provisional ? { provisional: p.provisionalReason ?? 'incomplete data' } : {}),
          })),
        },
        funnel: m.funnel === null ? null : {
          target: m.funnel.target * 1000,
          points: m.funnel.points.map((p) => ({ unit: p.unit, value: p.value * 1000, denominator: p.denominator, flag: { side: p.flag.side, level: p.flag.level } })),
          curve: m.funnel.curve.map((c) => ({ denominator: c.denominator, limits: c.limits.map((l) => ({ level: l.level, lower: l.lower * 1000, upper: l.upper * 1000 })) })),
        },
        position: m.position.map((p) => ({ ...p })),
        counterfactual: m.counterfactual === null ? null : { ...m.counterfactual, did: { estimate: m.counterfactual.did.estimate, ci95: [m.counterfactual.did.ci95[0], m.counterfactual.did.ci95[1]] as [number, number] } },
      })),
    })),
  };
}

/**
 * The report's SPC section from the published SPC rows (`monthlySeriesTables`): one chart
 * per unit and measure, titled in words, and the SPC matrix (one row per chart, with its
 * target when given).
 */
export function monitorReportData(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, from: number, to: number, per: string, results: ReadonlyArray<{ unit: string; measure: string; spc: SpcResult }> = [], targets: Readonly<Record<string, number>> = {}): ReportData {
  const keys = [...new Set(rows.map((r) => `${String(r['unit'])}\u0000${String(r['measure'])}`))];
  const spc = keys.map((key) => {
    const [unit, measure] = key.split('\u0000') as [string, string];
    const title = `${plainLabel(measure)}${unit === 'all' ? '' : `: ${unit}`}`;
    return spcSeries(title, 'per 1,000', rows.filter((r) => r['unit'] === unit && r['measure'] === measure), results.find((r) => r.unit === unit && r.measure === measure)?.spc);
  });
  const spcMatrix = keys.flatMap((key, k) => {
    const [unit, measure] = key.split('\u0000') as [string, string];
    const r = results.find((x) => x.unit === unit && x.measure === measure);
    return r ? [spcMatrixRowFor(spc[k]!, r.spc, targets[measure])] : [];
  });
  return { asOf: formatDay(to), spc, ...(spcMatrix.length > 0 ? { spcMatrix } : {}), sectionNotes: { spc: [`Months from ${formatDay(from)} to ${formatDay(to)}, ${per === 'practice' ? 'one chart per practice' : 'all practices together'}; rates per 1,000 registered, drawn from the published counts.`] } };
}
