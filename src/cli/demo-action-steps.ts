/**
 * The demo's action-research half: the 2% vs 5% comparison before the fact (on back-test
 * data), monthly SPC monitoring, and the matched evaluation beside the naive before/after on
 * a synthetic population with a known case-management effect. Writes into the output
 * folder; returns headlines and the report sections.
 */
import { addMonths, formatDay } from '../core/dates.js';
import type { Population } from '../core/population.js';
import {
  backtestOutcomes, buildMonthlySeries, compareVariants, evaluateIntervention, monitor,
  type SpcResult, type VariantComparison, type VariantInterval,
} from '../compare/index.js';
import type { PublishedSpcRow } from '../compare/publish-spc.js';
import { generatePopulation, SYNTH_ACSC_PREFIXES } from '../synth/index.js';
import type { CommandContext } from './define-command.js';
import type { ModelStepsResult } from './demo-model-steps.js';
import { MONTHLY_SERIES_COLUMNS, SPC_COLUMNS, monthlySeriesTables } from './monthly-series-tables.js';
import type { OutputDir } from './output.js';
import type { ReportData } from './report-data.js';
import { figureGap, formatFigure } from './format-figure.js';
import { warningLines } from './warning-lines.js';
import { variantNotes } from './report-data.js';
import { plainLabel } from '../report/svg-parts.js';
import { spcIcons } from '../report/mdc-icons.js';
import { spcMatrixRowFor } from './report-data.js';

/** Scores by feature row -> scores by population row (NaN = not scored). */
export function scoresByPopulationRow(size: number, rows: Uint32Array, scores: Float64Array): Float64Array {
  const out = new Float64Array(size).fill(Number.NaN);
  for (let r = 0; r < rows.length; r++) out[rows[r]!] = scores[r]!;
  return out;
}

/**
 * Published SPC rows (`publishSpc`: drawn from the published counts) of one measure as the
 * report's series; a suppressed month is left out of the chart.
 */
export function spcSeries(title: string, unit: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, spc?: SpcResult): NonNullable<ReportData['spc']>[number] {
  const shown = rows.filter((r) => typeof r['value'] === 'number' && typeof r['centre'] === 'number') as unknown as PublishedSpcRow[];
  return {
    title,
    unit,
    ...(spc ? { icons: spcIcons(spc) } : {}),
    points: shown.map((p) => ({ label: p.month, value: p.value as number, centre: p.centre!, upper: p.upper!, lower: p.lower!, signal: p.signal ?? 'common', ...(p.provisional ? { provisional: p.provisional } : {}) })),
  };
}

/**
 * Variant comparison as the report's rows. Each estimate is the published one (computed from
 * the published counts of `c.table`: PPV, sensitivity and the fall as shares, admissions
 * averted), beside its bootstrap interval; a metric whose published value is suppressed is left
 * out for that variant. The people selected are passed raw: the report suppresses them.
 */
export function variantRows(c: VariantComparison): NonNullable<ReportData['variants']> {
  return c.variants.map((v, k) => {
    const row = c.table[k] ?? {};
    // Estimates are the published ones (from published counts); a figure that is not there is a
    // named gap: suppressed with its count, or why the data cannot support it.
    const m = (metric: string, kind: 'number' | 'percent' | 'currency', column: string, scale: number, i: VariantInterval, ...path: string[]) => {
      const value = row[column];
      const estimate = typeof value === 'number' ? value / scale : null;
      const missing = estimate === null
        ? (typeof value === 'string' ? 'suppressed: a small number' : figureGap(c.warnings, ['variants', k, ...path]))
        : i.ci95 === null ? figureGap(c.warnings, ['variants', k, ...path, 'ci95']) : undefined;
      return { metric, kind, estimate, lower: i.ci95?.[0] ?? null, upper: i.ci95?.[1] ?? null, ...(missing !== undefined ? { missing } : {}) };
    };
    return {
      name: v.name,
      people: v.cohortSize,
      metrics: [
        m('Positive predictive value (selected people admitted)', 'percent', 'ppvPercent', 100, v.ppv, 'ppv'),
        m('Sensitivity (share of admitted people selected)', 'percent', 'sensitivityPercent', 100, v.sensitivity, 'sensitivity'),
        m('Fall in admissions with no intervention (relative)', 'percent', 'relativeFallNoInterventionPercent', 100, v.relativeFallNoIntervention, 'relativeFallNoIntervention'),
        m('Admissions averted at the high assumed effect', 'number', 'admissionsAvertedHigh', 1, v.admissionsAverted.high, 'admissionsAverted', 'high'),
        m('Net cost at the high assumed effect', 'currency', 'netCostHigh', 1, v.netCost.high, 'netCost', 'high'),
      ],
    };
  });
}

export function runActionSteps(ctx: CommandContext, population: Population, start: number, end: number, model: ModelStepsResult, out: OutputDir, report: ReportData): string[] {
  const headlines: string[] = [];
  const rule = { threshold: ctx.config.suppression.threshold, roundTo: ctx.config.suppression.roundTo };
  const a = ctx.config.assumptions;

  // 1. Before the fact: top 2% vs top 5% on the back-test year.
  if (model.backTest) {
    const bt = model.backTest;
    const scores = scoresByPopulationRow(population.size, bt.features.rows, bt.scores);
    const outcomes = backtestOutcomes(population, { asOf: bt.testAsOf, horizonMonths: ctx.config.horizonMonths, lookbackMonths: ctx.config.lookbackMonths });
    const bar = ctx.progress('comparing variants');
    const cmp = compareVariants(scores, population, outcomes, ctx.config.variants.map((v) => ({ ...v, exclude: ctx.exclusions, unmatchedExclusions: ctx.config.unmatchedExclusions })), {
      asOf: bt.testAsOf, effect: a.effect, costPerPersonYear: a.costPerPersonYear, costPerAdmission: a.costPerAdmission, costPerBedDay: a.costPerBedDay,
      seed: ctx.common.seed, bootstrap: a.bootstrap, suppression: rule, onProgress: bar,
    });
    bar.end();
    out.internal.json('variant-comparison.json', { asOf: formatDay(bt.testAsOf), assumptions: a, variants: cmp.variants, differences: cmp.differences, method: cmp.method, warnings: cmp.warnings }, 'top 2% vs top 5% before the fact: PPV, sensitivity, regression to the mean, admissions averted, costs, with bootstrap 95% intervals and paired differences (exact)');
    out.publish.table('variant-comparison.csv', { rows: cmp.table, note: cmp.suppression! }, 'top 2% vs top 5%: counts suppressed; PPV, sensitivity, falls, averted admissions and costs from the published counts');
    report.variants = variantRows(cmp);
    report.sectionNotes = { ...report.sectionNotes, variants: variantNotes(bt.testAsOf, addMonths(bt.testAsOf, ctx.config.horizonMonths), a) };
    const [v1, v2] = cmp.variants;
    if (v1 && v2) {
      const w = cmp.warnings;
      const pct = { kind: 'percent' as const, digits: 0 };
      headlines.push(`variants (back-test ${formatDay(bt.testAsOf)}): ${v1.name} PPV ${formatFigure(v1.ppv.estimate, w, ['variants', 0, 'ppv'], pct)} vs ${v2.name} ${formatFigure(v2.ppv.estimate, w, ['variants', 1, 'ppv'], pct)}; ` +
        `with no intervention the cohorts' admissions fall by ${formatFigure(v1.relativeFallNoIntervention.estimate, w, ['variants', 0, 'relativeFallNoIntervention'], pct)} and ${formatFigure(v2.relativeFallNoIntervention.estimate, w, ['variants', 1, 'relativeFallNoIntervention'], pct)} anyway (regression to the mean)`);
    }
    headlines.push(...warningLines(cmp.warnings));
  }

  // 2. After the fact: monthly SPC of the core metrics over the whole window.
  const series = buildMonthlySeries(population, { from: start, to: end - 1, per: 'all', measures: ['emergencyAdmissionsPer1000', 'bedDaysPer1000', 'aePer1000'] });
  const measures = [...new Set(series.map((r) => r.measure))];
  const spc: Record<string, SpcResult> = {};
  for (const measure of measures) {
    const rows = series.filter((r) => r.measure === measure);
    spc[measure] = monitor(rows, { chart: 'xmr', improvement: 'down', window: population.window });
  }
  out.internal.json('spc.json', spc, 'monthly SPC from exact counts (XmR charts of the rates per 1,000 registered): centre line, limits, signals, provisional months (NOT for publication: its rates give suppressed counts back)');
  const tables = monthlySeriesTables(series, rule);
  out.publish.table('monthly-series.csv', tables.series, 'monthly core metrics per 1,000 registered (suppressed; rates from the published counts)', MONTHLY_SERIES_COLUMNS);
  out.publish.table('spc.csv', tables.spc, 'SPC charts drawn from the published counts: value, centre, limits and signal per month (a suppressed month left out)', SPC_COLUMNS);
  const titles: Record<string, string> = { emergencyAdmissionsPer1000: 'Emergency admissions per 1,000 registered', bedDaysPer1000: 'Emergency bed days per 1,000 registered', aePer1000: 'A&E attendances per 1,000 registered' };
  report.spc = measures.map((m) => spcSeries(titles[m] ?? m, 'per 1,000', tables.spc.rows.filter((r) => r['measure'] === m), spc[m]));
  report.spcMatrix = measures.map((m, k) => spcMatrixRowFor(report.spc![k]!, spc[m]!));
  report.sectionNotes = { ...report.sectionNotes, spc: [`Months from ${formatDay(start)} to ${formatDay(addMonths(end, -1))}, all practices together; rates per 1,000 registered, drawn from the published counts.`] };
  const em = spc['emergencyAdmissionsPer1000'];
  if (em) headlines.push(`monitoring: ${em.points.length} months; emergency admissions ${em.variation === null ? formatFigure(null, em.warnings, ['variation']) : em.variation.replace(/_/g, ' ')} (${em.signals.length} signal(s))`);
  for (const [measure, r] of Object.entries(spc)) headlines.push(...warningLines(r.warnings, `${measure}: `));

  // 3. Matched evaluation on a synthetic population with a known effect: 100,000 people in 24
  //    practices (half case-manage, half are the comparison pool) whatever --size is
  //    (--evaluation-size changes it), so the design has the power the compare stage tested.
  const effect = a.knownEffect;
  const bar = ctx.progress('matched evaluation');
  const synthetic = generatePopulation({
    size: ctx.number('evaluation-size', 100_000), practices: 24, years: 3, seed: ctx.common.seed,
    gpContacts: false, outpatients: false, medications: false,
    effect: { relativeReduction: effect, startMonth: 18, selection: { topPercent: 5, by: 'admissions' } },
  });
  const truth = synthetic.truth.effect!;
  const pop = synthetic.population;
  const comparison = new Set(truth.comparisonPractices);
  const pool = pop.ids.filter((_, i) => comparison.has(pop.practices[pop.columns.practice[i]!]!));
  // Predicted risk as a fitted model would roughly give it: persistent risk and prior-year admissions.
  const latent = synthetic.truth.latentRisk;
  const predictedRisk = (row: number): number => 1 - Math.exp(-(0.5 * latent[row]! + 0.3 * truth.admissionsBefore[row]!));
  const ev = evaluateIntervention({
    population: pop, treated: truth.treatedIds.map((id) => ({ id, start: formatDay(truth.startDate) })), pool, predictedRisk,
    matchCovariates: ['priorEmergency'], avoidableDiagnoses: [...SYNTH_ACSC_PREFIXES], bootstrap: a.bootstrap, seed: ctx.common.seed, suppression: rule, onProgress: bar,
  });
  bar.end();
  const e = ev.effects.emergencyAdmissions;
  const covers = e.relative.ci95 !== null && e.relative.ci95[0] <= -effect && -effect <= e.relative.ci95[1];
  out.internal.json('matched-evaluation.json', {
    intervalCoversTruth: covers,
    truth: { relativeReduction: effect, start: formatDay(truth.startDate), treated: truth.treatedIds.length, selection: 'top 5% by emergency admissions in the prior 12 months, in half the practices' },
    matched: ev.matched.length, unmatched: ev.unmatched.count, controlsUsed: ev.controlsUsed, balance: ev.balance,
    effects: Object.fromEntries(Object.entries(ev.effects).map(([k, v]) => [k, { ...v, bootstrapDid: undefined, bootstrapRelative: undefined }])),
    power: ev.power, method: ev.method, warnings: ev.warnings,
  }, `matched difference-in-differences beside the naive before/after, on a synthetic population with a known ${(100 * effect).toFixed(0)}% reduction`);
  out.publish.table('matched-evaluation.csv', { rows: ev.table, note: ev.suppression! }, 'matched evaluation: counts suppressed, treated means from the published counts, estimates to 2 decimal places');
  report.intervention = {
    source: `A separate synthetic population of ${pop.size.toLocaleString('en-GB')} people in 24 practices, generated with a known ${(100 * effect).toFixed(0)}% reduction in emergency admissions from ${formatDay(truth.startDate)} for the top 5% by prior admissions in half the practices: it shows the method recovering a known effect, not an effect in the population above.`,
    treated: ev.matched.length,
    controls: ev.controlsUsed,
    effects: (['emergencyAdmissions', 'bedDays', 'aeAttendances'] as const).map((k) => {
      const x = ev.effects[k];
      return { outcome: plainLabel(k), did: x.did.estimate, didCi: [x.did.ci95[0], x.did.ci95[1]] as [number, number], naive: x.naiveBeforeAfter.estimate, naiveCi: [x.naiveBeforeAfter.ci95[0], x.naiveBeforeAfter.ci95[1]] as [number, number] };
    }),
  };
  const pct = { kind: 'percent' as const, digits: 0, signed: true };
  const path = ['effects', 'emergencyAdmissions', 'relative'];
  headlines.push(`matched evaluation (true effect ${formatFigure(-effect, [], [], pct)}): matched DiD ${formatFigure(e.relative.estimate, ev.warnings, path, pct)} [${e.relative.ci95 === null ? formatFigure(null, ev.warnings, [...path, 'ci95'], pct) : `${formatFigure(e.relative.ci95[0], [], [], pct)}, ${formatFigure(e.relative.ci95[1], [], [], pct)}`}]` +
    `${covers ? ', covering the truth' : ', NOT covering the truth'}; naive before/after ${formatFigure(e.treatedBefore > 0 ? e.naiveBeforeAfter.estimate / e.treatedBefore : null, [], [], pct)}`);
  headlines.push(...warningLines(ev.warnings));
  void addMonths;
  return headlines;
}
