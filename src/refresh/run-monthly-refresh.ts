import { addMonths, formatDay, toDay } from '../core/dates.js';
import { checkAsOf, latestAsOf } from '../core/check-window.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { DataWindow, Population } from '../core/population.js';
import { resultWarning, type ResultWarning, type ResultWarningCode } from '../core/result-warning.js';
import { cohortChurn, selectCohort, type Cohort, type CohortChurn } from '../cohort/index.js';
import { evaluateScores, type ScoreEvaluation } from '../evaluate/index.js';
import { evaluateFairness, type FairnessEvaluation } from '../evaluate/fairness.js';
import { calibrationDrift, type CalibrationDrift } from '../compare/calibration-drift.js';
import { buildFeatures, buildOutcomes, type FeatureSet, type FeatureWarning } from '../features/index.js';
import { fitRiskModel, MODEL_FEATURES, selectModelFeatures, type DroppedFeature, type RiskModel } from '../model/index.js';
import { caseListRows, riskBands, type CaseListRow } from './case-list.js';
import { evaluationGroups } from './evaluation-groups.js';
import { leaverRows, type LeaverRow } from './leavers.js';
import { MonthlyRefreshOptions, RefreshVariant, type PreviousRefresh } from './monthly-refresh-options.js';

const FN = 'runMonthlyRefresh';

/** One practice's caseload in a variant: eligible people, selected, its capacity and cut-off. */
export interface PracticeCaseload {
  readonly practice: string;
  /** Eligible people in the practice (per-practice selection; with `per: 'population'`, those scored and eligible are not split by practice: `null`). */
  readonly eligible: number | null;
  readonly selected: number;
  /** The practice's (or its MDT's) capacity, or `null` when none was set. */
  readonly capacity: number | null;
  /** The practice's cut-off as a risk % to 1 decimal place (per-practice selection), else `null`. */
  readonly cutOffPercent: number | null;
}

/** One variant's part of the refresh. */
export interface VariantRefresh {
  readonly name: string;
  readonly cohort: Cohort;
  /** The case list, in the cohort's order (practice, then rank). */
  readonly caseList: readonly CaseListRow[];
  /** Churn against last month's cohort of the same name; `null` without `previous` (or without that variant in it). */
  readonly churn: CohortChurn | null;
  /** Leavers since last month, each with a reason in words; opted-out leavers are only counted (`churn.counts.optedOut`). */
  readonly leavers: readonly LeaverRow[];
  /** Caseload per practice (in the population's practice order). */
  readonly caseloads: readonly PracticeCaseload[];
}

/** What {@link runMonthlyRefresh} returns. */
export interface MonthlyRefresh {
  /** The refresh day, `yyyy-mm-dd`. */
  readonly asOf: string;
  /** The extract's window the refresh was checked against. */
  readonly window: DataWindow;
  readonly model: RiskModel;
  /** When the refresh fitted the model: the as-of date of its features and the features it dropped. */
  readonly fitted: { readonly asOf: string; readonly outcomeTo: string; readonly dropped: readonly DroppedFeature[] } | null;
  /** Features as of `asOf` (everyone registered and alive that day). */
  readonly features: FeatureSet;
  /** Scores for `features` rows (they carry `features.rows`: pass them to `selectCohort` etc. as they are). */
  readonly scores: Float64Array;
  /** One score per population row: NaN for people not scored (not registered or alive on `asOf`). */
  readonly scoresByRow: Float64Array;
  readonly variants: Readonly<Record<string, VariantRefresh>>;
  /**
   * The scores at `asOf` against the outcome in the `horizonMonths` after it, with subgroups
   * (age band, sex, deprivation quintile, practice); `null` when that horizon runs past the
   * extract date (the usual case on the day: the year has not happened yet), with an
   * `outcomes_not_observed` warning.
   */
  readonly evaluation: ScoreEvaluation | null;
  /** Save this (JSON) and pass it as next month's `previous`. Opted-out people are left out. */
  readonly next: PreviousRefresh;
  /**
   * Every warning: features (lookback before the data), the model, each variant's cohort
   * (path `['variants', name, ...]`), churn (`previous` from another day or without a variant),
   * the evaluation's absence, and those of `fairness` and `drift` (path `['fairness', ...]`,
   * `['drift', ...]`). The evaluation's own warnings are in `evaluation.warnings`.
   */
  readonly warnings: readonly ResultWarning[];
  /**
   * Who is selected and how well the model serves each group (age band, sex, deprivation,
   * NHS ethnic group, practice) at the first variant's cut-off, including selection at equal
   * need (`evaluateFairness`); `null` where there is no evaluation (the outcomes are not in
   * the extract yet).
   */
  readonly fairness: FairnessEvaluation | null;
  /**
   * The model's monthly observed/expected over the `driftMonths` before `asOf`, overall and
   * per practice, with its SPC charts (`calibrationDrift`); `null` with `driftMonths: 0`.
   * A drifting model shows as special-cause variation: `recalibrate` it.
   */
  readonly drift: CalibrationDrift | null;
}

/** A features-stage warning as a result warning (codes the result type does not know become `note`). */
function fromFeatureWarning(w: FeatureWarning, path: string[]): ResultWarning {
  const known: readonly string[] = ['window_before_data', 'window_past_extract', 'unknown_condition_codes'];
  const code = (known.includes(w.code) ? w.code : 'note') as ResultWarningCode;
  return resultWarning(code, `${code === 'note' ? `${w.code}: ` : ''}${w.message}`, { path, ...(w.count ? { count: w.count } : {}), ...(w.examples.length ? { examples: [...w.examples] } : {}) });
}

/**
 * The monthly job in one call: features as of the day, the model (given, or fitted on the
 * latest complete horizon of the extract), scores, each variant's cohort with its case list
 * (the top reasons in words), churn against last month with a reason for each leaver,
 * caseloads per practice, the evaluation where the outcomes are in the extract, and every
 * warning. Named for what an analyst runs once a month (`stratify` would say only the middle
 * of it). The command's `refresh`, `cohort` and `demo` call it; so can any tool that embeds
 * the library. Nothing is printed or written: `risk-stratify refresh` writes the files, and
 * `renderPracticeCaseList` / `caseListCSV` make the per-practice pages.
 *
 * Opted-out people are never selected, never on a case list, and never listed as leavers
 * (only counted); `next` (for next month) leaves them out too.
 *
 * Cost: one `buildFeatures` and one `model.score` on the population (plus, with `{ fit: true }`,
 * one more `buildFeatures`, `buildOutcomes` and a fit), a `selectCohort` per variant, and
 * reasons only for the people selected: O(n x features + k x features).
 *
 * @param population - The registered population (from `loadPopulation`, `generatePopulation`, ...).
 * @param options - {@link MonthlyRefreshOptions}.
 * @returns The {@link MonthlyRefresh}.
 * @throws RiskStratifyError `window_past_extract` for an as-of date after the extract date;
 *   `invalid_options` for a bad option; `window_before_data` with `beforeData: 'error'`;
 *   what `fitRiskModel` throws when fitting (e.g. `no_events`).
 * @example
 * const { population } = generatePopulation({ size: 3000, seed: 1 });
 * const month = runMonthlyRefresh(population, { asOf: '2024-03-01', model: { fit: true } });
 * month.variants.top2.caseList[0]; // => { id: 'P000123', practice: 'A81001', rank: 1, riskPercent: 61.2, riskBand: 'very high (top 0.5%)', ... }
 * const next = runMonthlyRefresh(population, { asOf: '2024-04-01', model: month.model, previous: month.next });
 * next.variants.top2.churn.counts; // => { entered: 4, left: 3, stayed: 56, ... }
 */
export function runMonthlyRefresh(population: Population, options: MonthlyRefreshOptions): MonthlyRefresh {
  const o = parseOptions(FN, MonthlyRefreshOptions, options);
  const asOf = toDay(o.asOf);
  if (asOf === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'asOf must be a whole day number or a yyyy-mm-dd date' });
  const win = population.window;
  checkAsOf(FN, win, asOf, ['options', 'asOf']);
  const names = new Set<string>();
  o.variants.forEach((v, k) => {
    if (names.has(v.name)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'variants', k, 'name'], value: v.name, message: 'variant names must be unique' });
    names.add(v.name);
  });
  const warnings: ResultWarning[] = [];
  const step = { lookbackMonths: o.lookbackMonths, beforeData: o.beforeData };

  // The model: given, or fitted on the latest complete horizon inside the extract's window.
  let model: RiskModel;
  let fitted: MonthlyRefresh['fitted'] = null;
  if ('fit' in o.model && o.model.fit === true) {
    // The latest horizon that ends by the refresh day and inside the extract: nothing after asOf is used,
    // so a refresh on a past date is an honest back-test.
    const fitAsOf = latestAsOf(Math.min(asOf, win.extractDate), o.horizonMonths);
    const past = buildFeatures(population, { asOf: fitAsOf, ...step });
    for (const w of past.warnings) warnings.push(fromFeatureWarning(w, ['fitted', 'features']));
    const { matrix, dropped } = selectModelFeatures(past, o.model.featureNames ?? MODEL_FEATURES);
    const outcomes = buildOutcomes(population, { asOf: fitAsOf, horizonMonths: o.horizonMonths, rows: past.rows, beforeData: o.beforeData });
    model = fitRiskModel(matrix, outcomes[o.outcome], { l2: o.model.l2 });
    fitted = { asOf: formatDay(fitAsOf), outcomeTo: formatDay(outcomes.window[1]), dropped };
  } else {
    model = o.model as RiskModel;
  }
  warnings.push(...model.warnings.map((w) => ({ ...w, path: ['model', ...(w.path ?? [])] })));

  // Features and scores on the day.
  const features = buildFeatures(population, { asOf, ...step, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  for (const w of features.warnings) warnings.push(fromFeatureWarning(w, ['features']));
  const scores = model.score(features, { ignoreExtra: true });
  const scoresByRow = new Float64Array(population.size).fill(Number.NaN);
  for (let i = 0; i < scores.length; i++) scoresByRow[features.rows[i]!] = scores[i]!;
  const bands = riskBands(scores);

  const previous = o.previous;
  if (previous && previous.asOf >= formatDay(asOf)) {
    warnings.push(resultWarning('note', `previous refresh is as of ${previous.asOf}, not before this one (${formatDay(asOf)}): churn compares them all the same`, { path: ['options', 'previous', 'asOf'] }));
  }
  const variants: Record<string, VariantRefresh> = {};
  const next: Record<string, { ids: string[]; everSelected: string[] }> = {};
  const optedOut = population.columns.optedOut;
  for (const raw of o.variants) {
    const v = parseOptions(FN, RefreshVariant, raw);
    const { name, ...sel } = v;
    const cohort = selectCohort(scores, population, { ...sel, asOf, exclude: o.exclude, unmatchedExclusions: o.unmatchedExclusions });
    warnings.push(...cohort.warnings.map((w) => ({ ...w, path: ['variants', name, ...(w.path ?? [])] })));
    const before = previous?.variants[name];
    if (previous && !before) warnings.push(resultWarning('note', `variant '${name}' is not in the previous refresh (${previous.asOf}): no churn for it`, { path: ['variants', name, 'churn'] }));
    const churn = before ? cohortChurn({ ids: before.ids }, cohort, { population }) : null;
    const ever = new Set<string>([...(before?.everSelected ?? []), ...(before?.ids ?? [])]);
    const stayedOrEver = { last: new Set(before?.ids ?? []), ever };
    const caseList = caseListRows(population, features, model, cohort, bands, stayedOrEver, o.reasons, previous !== undefined && before !== undefined);
    const leavers = churn ? leaverRows(population, churn, scoresByRow) : [];
    variants[name] = { name, cohort, caseList, churn, leavers, caseloads: caseloads(population, cohort, v) };
    for (const id of cohort.selected.ids) ever.add(id);
    // Next month's record: nobody who has opted out (today) is kept.
    const keep = (id: string): boolean => {
      const r = population.indexOf(id);
      return r < 0 || optedOut[r] !== 1;
    };
    next[name] = { ids: cohort.selected.ids.filter(keep), everSelected: [...ever].filter(keep).sort() };
  }

  // The evaluation, where the horizon after asOf is inside the extract.
  let evaluation: ScoreEvaluation | null = null;
  let fairness: FairnessEvaluation | null = null;
  const horizonEnd = addMonths(asOf, o.horizonMonths);
  if (!o.evaluate) {
    // skipped on request (e.g. the cohort command, which only selects)
  } else if (horizonEnd <= win.extractDate) {
    const outcomes = buildOutcomes(population, { asOf, horizonMonths: o.horizonMonths, rows: features.rows, beforeData: o.beforeData });
    evaluation = evaluateScores(scores, outcomes[o.outcome], {
      outcomeWindow: outcomes,
      admissions: outcomes.emergencyAdmissions,
      bedDays: outcomes.bedDays,
      groups: evaluationGroups(population, features.rows, asOf),
    });
    const first = Object.values(variants)[0];
    fairness = evaluateFairness(population, scores, outcomes, { rows: features.rows, asOf, ...(first ? { cohort: first.cohort } : {}) });
  } else {
    warnings.push(resultWarning('outcomes_not_observed', `no evaluation: the ${o.horizonMonths} months after ${formatDay(asOf)} end on ${formatDay(horizonEnd)}, after the extract date ${formatDay(win.extractDate)}; the outcomes are not in the data yet (evaluate a back-test at ${formatDay(latestAsOf(win.extractDate, o.horizonMonths))} or earlier)`, { path: ['evaluation'] }));
  }

  // Calibration drift over the months before asOf, with the model used today.
  let drift: CalibrationDrift | null = null;
  if (o.driftMonths > 0) {
    drift = calibrationDrift(population, model, {
      from: addMonths(asOf, -o.driftMonths), to: addMonths(asOf, -1),
      lookbackMonths: o.lookbackMonths, horizonMonths: o.horizonMonths,
    });
  }
  // Their warnings are the refresh's too, under their own field.
  for (const [field, ws] of [['fairness', fairness?.warnings], ['drift', drift?.warnings]] as const) {
    for (const w of ws ?? []) warnings.push({ ...w, path: [field, ...(w.path ?? [])] });
  }

  // The features of the fit and of the day often warn of the same thing (e.g. no medications): once each.
  const seen = new Set<string>();
  const once = warnings.filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    asOf: formatDay(asOf),
    window: win,
    model,
    fitted,
    features,
    scores,
    scoresByRow,
    variants,
    evaluation,
    fairness,
    drift,
    next: { asOf: formatDay(asOf), variants: next },
    warnings: once,
  };
}

/** Caseload per practice for one variant. */
function caseloads(population: Population, cohort: Cohort, v: { per: 'practice' | 'population'; capacity?: number | Record<string, number> | undefined; groups?: Record<string, string> | undefined }): PracticeCaseload[] {
  const selected = new Map<string, number>();
  for (const p of cohort.selected.practice) selected.set(p, (selected.get(p) ?? 0) + 1);
  const group = new Map(cohort.groups.map((g) => [g.group, g]));
  return population.practices.map((practice) => {
    const g = v.per === 'practice' ? group.get(practice) : undefined;
    const unit = v.groups?.[practice] ?? practice;
    const cap = v.capacity === undefined ? null : typeof v.capacity === 'number' ? v.capacity : (v.capacity[unit] ?? null);
    return {
      practice,
      eligible: g ? g.eligible : null,
      selected: selected.get(practice) ?? 0,
      capacity: cap,
      cutOffPercent: g && g.threshold !== null ? Math.round(g.threshold * 1000) / 10 : null,
    };
  });
}
