/**
 * The demo's model half: features and segments, a back-test (fit at one date, evaluate the
 * next year), the current model, the top-2% and top-5% cohorts per practice with their
 * exclusions and churn. Writes into the output folder; returns headline lines.
 */
import { addMonths, formatDay } from '../core/dates.js';
import type { Population } from '../core/population.js';
import type { Cohort, CohortChurn } from '../cohort/index.js';
import { runMonthlyRefresh } from '../refresh/index.js';
import { writeCohortFiles } from './refresh-files.js';
import type { ScoreEvaluation } from '../evaluate/index.js';
import { buildFeatures, type FeatureSet, type Outcomes } from '../features/index.js';
import type { RiskModel } from '../model/index.js';
import { bridgesToHealth, segment, summariseSegments } from '../segment/index.js';
import type { CommandContext } from './define-command.js';
import { CASELOAD_COLUMNS, caseloadTable } from './caseload-table.js';
import { EVALUATION_SUMMARY_COLUMNS, evaluationSummaryTable } from './evaluation-summary-table.js';
import { featureSummaryRows } from './feature-summary-rows.js';
import { FEATURE_SUMMARY_COLUMNS, featureSummaryTable } from './feature-summary-table.js';
import type { OutputDir } from './output.js';
import { evaluateAgainst, featuresAndOutcomes, fitAt, type VariantSpec } from './pipeline.js';
import { logWindowWarnings } from './window-option.js';
import { formatFigure } from './format-figure.js';
import { warningLines } from './warning-lines.js';
import { SEGMENT_SUMMARY_COLUMNS, segmentSummaryTable } from './segment-summary-table.js';

/** What later steps (variants, monitoring, the report) reuse. */
export interface ModelStepsResult {
  headlines: string[];
  /** Back-test: scored at `testAsOf`, outcomes in the year after. Undefined when the window is too short. */
  backTest: { fitAsOf: number; testAsOf: number; model: RiskModel; features: FeatureSet; outcomes: Outcomes; scores: Float64Array; evaluation: ScoreEvaluation } | undefined;
  /** The current model and the cohorts at `asOf`. */
  current: { model: RiskModel; features: FeatureSet; scores: Float64Array; cohorts: Record<string, Cohort>; churn: Record<string, { from: string; to: string; counts: CohortChurn['counts'] }> } | undefined;
  /** Segments (population level), for the report. */
  segments: { segment: string; people: number; emergencyAdmissions?: number; bedDays?: number }[];
}

export const DEMO_VARIANTS: readonly VariantSpec[] = [
  { name: 'top2', topPercent: 2, per: 'practice', adultsOnly: true, policy: 'exact' },
  { name: 'top5', topPercent: 5, per: 'practice', adultsOnly: true, policy: 'exact' },
];

export function runModelSteps(ctx: CommandContext, population: Population, start: number, asOf: number, out: OutputDir): ModelStepsResult {
  const headlines: string[] = [];
  const rule = ctx.config.suppression;
  const lookbackMonths = ctx.config.lookbackMonths;
  const horizonMonths = ctx.config.horizonMonths;
  const outcome = ctx.config.outcome;
  const step = { lookbackMonths, horizonMonths, l2: ctx.config.l2 };

  // Features as of the demo's date (no outcomes: the year after it is not in the data).
  const bar = ctx.progress('features');
  const today = buildFeatures(population, { asOf, lookbackMonths, onProgress: bar });
  bar.end();
  logWindowWarnings(ctx, today.warnings);
  const featureSummary = featureSummaryRows(today);
  out.internal.json('features-summary.json', { asOf: formatDay(asOf), lookbackMonths, rows: today.n, features: featureSummary, warnings: today.warnings }, 'features as of the date: mean, SD and people with a non-zero value per feature (exact)');
  out.publish.table('features-summary.csv', featureSummaryTable(featureSummary, rule), 'features as of the date: people with a non-zero value, mean, SD (suppressed)', FEATURE_SUMMARY_COLUMNS);

  // The back-test dates: fit two horizons before asOf, test one horizon before asOf.
  const testAsOf = addMonths(asOf, -horizonMonths);
  const fitAsOf = addMonths(testAsOf, -horizonMonths);
  const enough = addMonths(fitAsOf, -lookbackMonths) >= start;

  // Segments (Bridges to Health), with next-year outcomes where the window has them.
  const segAsOf = enough ? testAsOf : asOf;
  const seg = enough ? featuresAndOutcomes(population, segAsOf, step) : { features: today, outcomes: undefined };
  const segmentation = segment(population, bridgesToHealth(), { asOf: segAsOf, features: seg.features });
  const segSummary = summariseSegments(segmentation, population, enough ? seg.outcomes : undefined);
  out.internal.json('segment-summary.json', { model: segmentation.model, asOf: formatDay(segAsOf), outcomesFrom: enough ? formatDay(segAsOf) : null, ruleHits: segmentation.ruleHits, rows: segSummary.rows }, 'Bridges to Health segments: people, share, next-year admissions and bed days per segment and practice (exact)');
  out.publish.table('segment-summary.csv', segmentSummaryTable(segSummary.rows, rule), 'Bridges to Health segment x practice with totals: people, share, next-year admissions and bed days, rates per 1,000 (suppressed)', SEGMENT_SUMMARY_COLUMNS);
  const popRows = segSummary.rows.filter((r) => r.level === 'population');
  const biggest = [...popRows].sort((a, b) => (b.emergencyAdmissions ?? 0) - (a.emergencyAdmissions ?? 0))[0];
  headlines.push(`segments (${segmentation.model}, ${formatDay(segAsOf)}): ${popRows.length} segments` + (enough && biggest ? `; '${biggest.segmentName}' has ${(100 * (biggest.shareOfEmergencyAdmissions ?? 0)).toFixed(0)}% of next-year emergency admissions` : ''));

  const segments = popRows.map((r) => ({
    segment: r.segmentName, people: r.people,
    ...(r.emergencyAdmissions !== null ? { emergencyAdmissions: r.emergencyAdmissions } : {}),
    ...(r.bedDays !== null ? { bedDays: r.bedDays } : {}),
  }));

  if (!enough) {
    headlines.push(`back-test skipped: needs ${lookbackMonths + 2 * horizonMonths} months of history before ${formatDay(asOf)}`);
    return { headlines, backTest: undefined, current: undefined, segments };
  }

  // Back-test: fit at fitAsOf (year-before features -> following-year outcome), score at testAsOf, evaluate.
  const fitBar = ctx.progress('fitting');
  const fitted = fitAt(population, fitAsOf, outcome, { ...step, onProgress: fitBar });
  fitBar.end();
  const test = featuresAndOutcomes(population, testAsOf, step);
  const testScores = fitted.model.score(test.features, { ignoreExtra: true });
  const evaluation = evaluateAgainst(population, testScores, test.outcomes, outcome, testAsOf);
  out.internal.json('back-test-model.json', fitted.model.toJSON(), `model fitted on features at ${formatDay(fitAsOf)} against the following ${horizonMonths} months`);
  out.internal.json('evaluation.json', { fitAsOf: formatDay(fitAsOf), testAsOf: formatDay(testAsOf), outcome, droppedFeatures: fitted.dropped, evaluation }, 'back-test evaluation: AUROC (DeLong CI), AUPRC, Brier, calibration, PPV/sensitivity at top k%, by subgroup');
  out.publish.table('evaluation-summary.csv', evaluationSummaryTable(evaluation, rule),
    'back-test at the top 0.5-20%: people, score cut-off, people admitted, PPV, sensitivity, lift (suppressed)', EVALUATION_SUMMARY_COLUMNS);
  const i2 = evaluation.atTop.findIndex((a) => a.percent === 2);
  const at2 = evaluation.atTop[i2];
  const w = evaluation.warnings;
  headlines.push(`back-test (fit ${formatDay(fitAsOf)}, tested ${formatDay(testAsOf)}): AUROC ${formatFigure(evaluation.auroc, w, ['auroc'], { digits: 3 })}${evaluation.auroc === null ? '' : ` [${formatFigure(evaluation.aurocCI, w, ['aurocCI'], { digits: 3 })}]`}` +
    (at2 ? `; top 2%: PPV ${formatFigure(at2.ppv, w, ['atTop', i2, 'ppv'], { kind: 'percent', digits: 0 })}, ${formatFigure(at2.sensitivity, w, ['atTop', i2, 'sensitivity'], { kind: 'percent' })} of people admitted` : ''));
  // Beside the headline: what the back-test model and its evaluation warn of (group-level
  // warnings folded), so a small synthetic population's thin figures are named, not hidden.
  headlines.push(...warningLines(fitted.model.warnings, 'back-test model: '), ...warningLines(evaluation.warnings.filter((x) => x.path?.[0] !== 'byGroup'), 'back-test: '));

  // The current model: refit on the latest complete year (features at testAsOf -> outcome up to asOf), score at asOf.
  const current = fitAt(population, testAsOf, outcome, step);
  headlines.push(...warningLines(current.model.warnings, 'current model: '));
  out.internal.json('model.json', current.model.toJSON(), `the current model (features at ${formatDay(testAsOf)} -> the ${horizonMonths} months to ${formatDay(asOf)}); load with loadRiskModel`);
  out.internal.text('model-duckdb.sql', `${current.model.toSQL({ dialect: 'duckdb', table: 'features', idColumn: 'id', cohort: { topPercent: 2, per: 'practice', practiceColumn: 'practice' } })}\n`, 'the same model as SQL: top 2% per practice from a features table (DuckDB)');
  // This month and last month through the library's monthly job (last month's cohorts for churn).
  const variants = ctx.config.variants.length ? ctx.config.variants : DEMO_VARIANTS;
  const lastMonth = addMonths(asOf, -1);
  const common = { model: current.model, variants: variants.map((v) => ({ ...v })), exclude: ctx.exclusions, unmatchedExclusions: ctx.config.unmatchedExclusions, lookbackMonths, evaluate: false };
  const before = runMonthlyRefresh(population, { ...common, asOf: lastMonth, reasons: 0 });
  const scoreBar = ctx.progress('scoring');
  const refresh = runMonthlyRefresh(population, {
    ...common, asOf, onProgress: scoreBar,
    previous: { asOf: before.asOf, variants: Object.fromEntries(Object.values(before.variants).map((v) => [v.name, { ids: [...v.cohort.selected.ids] }])) },
  });
  scoreBar.end();
  const now = { features: refresh.features, scores: refresh.scores };
  const cohorts: Record<string, Cohort> = {};
  const caseload: Array<{ variant: string; cohort: Cohort }> = [];
  const churn: Record<string, { from: string; to: string; counts: CohortChurn['counts']; entered: readonly string[]; left: CohortChurn['left'] }> = {};
  for (const v of Object.values(refresh.variants)) {
    const { cohort } = v;
    cohorts[v.name] = cohort;
    writeCohortFiles(out, v);
    caseload.push({ variant: v.name, cohort });
    const c = v.churn!;
    churn[v.name] = { from: formatDay(lastMonth), to: formatDay(asOf), counts: c.counts, entered: c.entered, left: c.left };
  }
  out.publish.table('caseload.csv', caseloadTable(caseload, rule), 'caseload per practice and in all practices for each variant: eligible adults, selected, % selected, score cut-off (suppressed)', CASELOAD_COLUMNS);
  out.internal.json('cohort-summary.json', {
    asOf: formatDay(asOf),
    variants: Object.fromEntries(Object.entries(cohorts).map(([name, c]) => [name, { options: c.options, selected: c.selected.ids.length, excluded: c.excluded, groups: c.groups, capacity: c.capacity, warnings: c.warnings }])),
    churn: Object.fromEntries(Object.entries(churn).map(([k, v]) => [k, v.counts])),
  }, 'cohorts: size, exclusions counted by reason (opted-out included), thresholds per practice, month-on-month churn counts');
  out.internal.json('cohort-churn.json', churn, 'who entered, left (with the reason) and stayed since last month, per variant (ids)');
  const sizes = Object.entries(cohorts).map(([k, c]) => `${k} ${c.selected.ids.length}`).join(', ');
  const c2 = churn[variants[0]!.name];
  headlines.push(`cohorts as of ${formatDay(asOf)}: ${sizes} people; ${cohorts[variants[0]!.name]?.excluded['optedOut'] ?? 0} opted-out people never selected` +
    (c2 ? `; since last month ${c2.counts.entered} entered and ${c2.counts.left} left ${variants[0]!.name}` : ''));
  for (const [name, c] of Object.entries(cohorts)) headlines.push(...warningLines(c.warnings, `${name}: `));
  return {
    headlines,
    backTest: { fitAsOf, testAsOf, model: fitted.model, features: test.features, outcomes: test.outcomes, scores: testScores, evaluation },
    current: { model: current.model, features: now.features, scores: now.scores, cohorts, churn },
    segments,
  };
}
