import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, ageInYears, civilFromDay, formatDay, toDay } from '../core/dates.js';
import { createRng } from '../core/rng.js';
import { isEligible, type DataWindow, type Population } from '../core/population.js';
import { checkSpan, earliestAsOf, latestAsOf } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { avoidableFlags, DEFAULT_ACSC_PREFIXES, windowCounts, type WindowCounts } from './internal/outcome-counts.js';
import { logit, mean, normalQuantile, quantileR7, sampleVariance, weightedMean } from './internal/stats.js';
import { standardisedMeanDifference } from './standardised-mean-difference.js';
import type { SuppressionNote, SuppressionRule } from './suppress-small-numbers.js';
import { publish } from './internal/publish.js';

/** Outcomes {@link evaluateIntervention} measures, per person over each window. */
export const INTERVENTION_OUTCOMES = ['emergencyAdmissions', 'avoidableAdmissions', 'bedDays', 'aeAttendances'] as const;
export type InterventionOutcome = (typeof INTERVENTION_OUTCOMES)[number];

/** Covariates available for balance checks (computed as at each start date). */
export const MATCH_COVARIATES = ['age', 'female', 'imdDecile', 'careHome', 'conditions', 'priorEmergency', 'priorBedDays', 'priorAe'] as const;
export type MatchCovariate = (typeof MATCH_COVARIATES)[number];

/** Fields on which matches must agree exactly. `ageBand`: 0-17, 18-44, 45-64, 65-74, 75-84, 85+. */
export const EXACT_FIELDS = ['ageBand', 'sex', 'practice', 'careHome'] as const;

/**
 * Predicted risk of a person (population row) as it stood on a day, or per start month
 * (`yyyy-mm`) an array aligned with population rows.
 */
export type PredictedRisk = ((row: number, day: number) => number) | Readonly<Record<string, ArrayLike<number>>>;

const DateLike = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int()), z.string(), z.date()]));

/** Options of {@link evaluateIntervention}. */
export const InterventionOptions = /* @__PURE__ */ lazySchema(() => z.object({
  population: z.custom<Population>((v) => typeof v === 'object' && v !== null && 'columns' in v && 'activity' in v, { message: 'expected a Population' }),
  /** The case-managed people and the day each started (staggered starts allowed). `practice` overrides the cluster. */
  treated: z.array(z.object({ id: z.string(), start: DateLike, practice: z.optional(z.string()) })).check(z.minLength(1)),
  /** Ids (strings) or population rows (numbers) that may serve as controls; default everyone not in `treated`. Treated people are never controls. */
  pool: z.optional(z.array(z.union([z.string(), z.number().check(z.int(), z.gte(0))]))),
  predictedRisk: z.custom<PredictedRisk>((v) => typeof v === 'function' || (typeof v === 'object' && v !== null), { message: 'expected a function (row, day) => risk or a record of arrays by yyyy-mm' }),
  /** Covariates reported in the balance table (risk logit is always included). */
  covariates: z._default(z.array(z.enum(MATCH_COVARIATES)), ['age', 'female', 'imdDecile', 'conditions', 'priorEmergency', 'priorBedDays']),
  exact: z._default(z.array(z.enum(EXACT_FIELDS)), []),
  /**
   * Covariates added to the matching distance: among candidates within the risk caliper the
   * nearest by the sum of squared standardised differences over the risk logit and these
   * (each divided by its pooled SD). Default `['priorEmergency']`: programmes pick people for
   * high past use, and people with the same predicted risk but more admissions last year fall
   * back further, so matching on risk alone leaves regression to the mean in the DiD (in our
   * simulations it doubled a true 15% effect). `[]`: nearest on the risk logit alone.
   */
  matchCovariates: z._default(z.array(z.enum(MATCH_COVARIATES)), ['priorEmergency']),
  /**
   * Regression bias correction of the matched DiD (Abadie and Imbens 2011): a weighted least
   * squares fit, over the matched controls, of each control's change (after - before) on the
   * risk logit, prior emergency admissions and any other `matchCovariates`; each set's control change is moved by the fitted slope
   * times the set's remaining treated - control difference in those covariates. Greedy
   * matching of the top few percent never balances prior admissions exactly (the pool's far
   * tail runs out), and a DiD carries the whole before-window difference as if it would
   * persist, while regression to the mean removes most of it: without the correction a null
   * effect came out at -0.016 admissions per person (about -5% relative; 60 seeds of the
   * synthetic known answer, 30k people), with intervals covering 0 in 80% of seeds; with it,
   * +0.007 +/- 0.006 and 87% (the intervals are somewhat narrow; see the README). Refitted in every bootstrap replicate. Skipped, with a
   * warning, when there are fewer than 10 matched controls per coefficient.
   */
  biasCorrection: z._default(z.boolean(), true),
  /** Caliper on the logit of predicted risk, in pooled standard deviations. */
  caliper: z._default(z.number().check(z.positive()), 0.2),
  /** Controls per treated person (k:1). Fewer are kept when fewer fall within the caliper. */
  ratio: z._default(z.number().check(z.int(), z.gte(1)), 1),
  replacement: z._default(z.boolean(), false),
  /** Months before the start (the before window). */
  before: z._default(z.number().check(z.int(), z.gte(1)), 12),
  /** Months from the start (the after window). */
  after: z._default(z.number().check(z.int(), z.gte(1)), 12),
  avoidableDiagnoses: z.optional(z.array(z.string())),
  seed: z._default(z.union([z.number(), z.string()]), 1),
  bootstrap: z._default(z.number().check(z.int(), z.gte(20)), 1000),
  /** Small-number rule for the published `table`, or `false` for internal use only. */
  suppression: z._default(z.union([z.literal(false), z.custom<SuppressionRule>((v) => typeof v === 'object' && v !== null)]), {}),
  /** Called as `onProgress(done, total)` every 50 bootstrap replicates and at the end. */
  onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' })),
  /**
   * A before window that starts before the extract's activity is complete
   * (`population.window.activityFrom`): `'warn'` (default) adds a `window_before_data`
   * warning, `'error'` refuses. An after window running past the extract date is always refused.
   */
  beforeData: BeforeData,
}));
export type InterventionOptions = z.input<typeof InterventionOptions>;

/** One matched set: a treated person and their controls, aligned on the treated start. */
export interface MatchedSet {
  readonly treatedId: string;
  readonly controlIds: readonly string[];
  /** ISO start date (the controls take it too). */
  readonly start: string;
  /** Cluster (practice) of the treated person. */
  readonly cluster: string;
  readonly treatedRisk: number;
  readonly controlRisks: readonly number[];
}

/** Standardised mean difference of one covariate. */
export interface BalanceRow {
  readonly covariate: string;
  readonly treatedMean: number;
  readonly poolMean: number;
  readonly matchedControlMean: number;
  /** Null when both groups are constant but differ (no spread to scale by: `zero_denominator`). */
  readonly smdBefore: number | null;
  readonly smdAfter: number | null;
  /** |smdAfter| > 0.1 (or the means differ with no spread). */
  readonly imbalanced: boolean;
}

/** Estimate with a 95% interval. */
export interface Interval {
  readonly estimate: number;
  readonly ci95: readonly [number, number];
}

/** The effect on one outcome (per person over the `after` window). */
export interface OutcomeEffect {
  readonly outcome: InterventionOutcome;
  /** Mean per treated person, before and after. */
  readonly treatedBefore: number;
  readonly treatedAfter: number;
  readonly controlBefore: number;
  readonly controlAfter: number;
  /**
   * Difference in differences: (treated after - before) - (controls after - before +
   * `biasCorrection`). Negative = fewer.
   */
  readonly did: Interval;
  /**
   * DiD relative to the treated group's expected after-value without the intervention
   * (treatedBefore + regressionToMean). Null, with a `zero_denominator` warning, when that
   * expected value is 0; the interval from the replicates where it is not 0 (null if none).
   */
  readonly relative: { readonly estimate: number | null; readonly ci95: readonly [number, number] | null };
  /** The case-managed group's own change (what a before/after comparison reports). */
  readonly naiveBeforeAfter: Interval;
  /** The matched controls' change. */
  readonly controlChange: Interval;
  /**
   * The part of the naive change explained by regression to the mean: the treated group's
   * expected change without the intervention (the controls' change plus `biasCorrection`).
   */
  readonly regressionToMean: number;
  /** Added to the controls' change by the regression bias correction (0 when off or skipped). */
  readonly biasCorrection: number;
  /** Smallest absolute DiD detectable at 80% power, two-sided alpha 0.05: (1.959964 + 0.841621) x bootstrap SE. */
  readonly minimumDetectableEffect: number;
  /** The same relative to the expected after-value (null when that is 0). */
  readonly minimumDetectableRelative: number | null;
  /** Bootstrap replicates of the DiD (for {@link compareArms}). */
  readonly bootstrapDid: Float64Array;
  /** Replicates of the relative effect; NaN in a replicate whose expected after-value is 0 (no relative effect there). */
  readonly bootstrapRelative: Float64Array;
}

/** The result of {@link evaluateIntervention}. */
export interface InterventionResult {
  readonly matched: readonly MatchedSet[];
  readonly unmatched: { readonly count: number; readonly ids: readonly string[]; readonly reasons: readonly string[] };
  readonly controlsUsed: number;
  /** People left out because they opted out: treated (counted, never listed) and pool. */
  readonly optedOutExcluded: { readonly treated: number; readonly pool: number };
  readonly caliperLogit: number;
  readonly balance: readonly BalanceRow[];
  readonly effects: Readonly<Record<InterventionOutcome, OutcomeEffect>>;
  /**
   * Mean per person by month of event time (month -`before` .. `after` - 1, 0 = the start
   * month), treated and matched controls (each set's controls averaged), per outcome: for
   * plotting the two groups side by side.
   */
  readonly eventTime: Readonly<Record<InterventionOutcome, ReadonlyArray<{ readonly month: number; readonly treated: number; readonly controls: number }>>>;
  /** Minimum detectable effects (also in each outcome's effect), with the formula used. */
  readonly power: {
    readonly alpha: 0.05;
    readonly power: 0.8;
    readonly formula: string;
    readonly byOutcome: Readonly<Record<InterventionOutcome, { readonly absolute: number; readonly relative: number | null }>>;
  };
  readonly clusters: number;
  readonly bootstrapReps: number;
  /**
   * Counts and effects as a publishable table, after small-number suppression (unless opted
   * out): treated, controls and unmatched people and each group's events before and after
   * (the controls' as their mean x controls used), suppressed and rounded; the groups' means
   * from those published counts; the estimates (DiD and its interval, regression to the mean,
   * MDE) to 2 decimal places and the relative effect as a percentage to 1, hidden where the
   * treated group is suppressed.
   */
  readonly table: ReadonlyArray<Record<string, unknown>>;
  readonly suppression: SuppressionNote | null;
  readonly method: string;
  /**
   * The days the evaluation read: from the first day of the earliest before window to the last
   * day of the latest after window (day numbers), inside `dataWindow` (the population's). For
   * `compareArms`, which checks both arms' windows.
   */
  readonly window: { readonly first: number; readonly last: number; readonly dataWindow: DataWindow };
  /**
   * What to know: `zero_denominator` at `['effects', outcome]` (and `['power', 'byOutcome',
   * outcome]`) when the expected after-value is 0, so the relative effect and relative MDE are
   * null; `bias_correction_skipped`, `few_clusters`, `imbalance` (`['balance']`, with the
   * covariates), `window_before_data` (before windows starting before complete data).
   */
  readonly warnings: readonly ResultWarning[];
}

const FN = 'evaluateIntervention';
const Z_ALPHA = normalQuantile(0.975);
const Z_POWER = normalQuantile(0.8);

function ageBand(age: number): number {
  return age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : age < 85 ? 4 : 5;
}

/**
 * Solves the normal equations A x = b (A symmetric positive semi-definite, n x n row-major) by
 * Gaussian elimination with partial pivoting after a relative ridge of 1e-9 on the diagonal,
 * so a regressor that is constant (collinear with the intercept) gets a bounded coefficient
 * instead of a division by zero. O(n^3).
 */
function solveNormalEquations(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const M = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) M[i * (n + 1) + j] = A[i * n + j]!;
    M[i * (n + 1) + i]! += 1e-9 * (Math.abs(A[i * n + i]!) + 1e-12);
    M[i * (n + 1) + n] = b[i]!;
  }
  for (let i = 0; i < n; i++) {
    let m = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(M[k * (n + 1) + i]!) > Math.abs(M[m * (n + 1) + i]!)) m = k;
    if (m !== i) for (let j = 0; j <= n; j++) [M[i * (n + 1) + j], M[m * (n + 1) + j]] = [M[m * (n + 1) + j]!, M[i * (n + 1) + j]!];
    const piv = M[i * (n + 1) + i]!;
    if (piv === 0) continue;
    for (let k = i + 1; k < n; k++) {
      const f = M[k * (n + 1) + i]! / piv;
      if (f !== 0) for (let j = i; j <= n; j++) M[k * (n + 1) + j]! -= f * M[i * (n + 1) + j]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const piv = M[i * (n + 1) + i]!;
    if (piv === 0) continue;
    let s = M[i * (n + 1) + n]!;
    for (let j = i + 1; j < n; j++) s -= M[i * (n + 1) + j]! * x[j]!;
    x[i] = s / piv;
  }
  return x;
}

function monthKey(day: number): string {
  const c = civilFromDay(day);
  return `${c.year}-${String(c.month).padStart(2, '0')}`;
}

/**
 * Evaluates case management against matched controls with a difference-in-differences on
 * event time aligned to each person's start, so regression to the mean is shown, not hidden.
 *
 * Matching: greedy nearest neighbour on the logit of predicted risk as it stood on the start
 * date, within a caliper of `caliper` x the pooled SD of the logit (sqrt of the mean of the
 * treated and candidate variances; Austin 2011), choosing within the caliper the nearest on
 * a standardised distance over the logit and `matchCovariates` (default prior-year emergency
 * admissions; branch-and-bound walk outwards from the logit), k:1 (`ratio`), with or without
 * replacement
 * (without: a pool person is a control at most once), exact on the `exact` fields; treated
 * people are taken in a seeded random order; ties in distance go to the lower population row.
 * A control takes its treated partner's start date and must be registered and alive on it;
 * anyone in `treated` is never a control (stricter than "not yet treated", so no control is
 * contaminated later). People who opted out are neither treated nor controls: they are counted
 * in `optedOutExcluded`, never listed. Treated people not eligible on their start date or without a control
 * in the caliper are listed as unmatched.
 *
 * Outcomes: per person, counts in the `before` months before the start and the `after`
 * months from it: emergency admissions, avoidable (ACSC) emergency admissions, bed days of
 * emergency admissions (by admission date) and A&E attendances. Not adjusted for time at
 * risk (deaths and leavers count as zero after they go, in both groups).
 *
 * Effects: per matched set d = (T_after - T_before) - mean over its controls (C_after -
 * C_before); DiD = mean d, minus the regression bias correction (`biasCorrection`, default on;
 * Abadie and Imbens 2011): beta . mean(x_T - x_C), with beta the weighted least-squares slope
 * of the controls' change on x = (risk logit, prior emergency admissions, other
 * `matchCovariates`), fitted per outcome. Why: the treated are picked for high past use and
 * matching never balances prior admissions exactly; a plain DiD carries any remaining
 * before-window gap into the effect as if it persisted, but regression to the mean removes
 * most of it, so the plain DiD leans towards benefit (on the synthetic known answer, -0.016
 * admissions per person, about -5%, with no true effect; corrected +0.007 +/- 0.006).
 * Intervals: cluster bootstrap by the treated person's practice
 * (practices resampled with replacement with all their matched sets, `bootstrap` reps,
 * seeded), percentile 2.5% and 97.5% (R-7). Minimum detectable effect at 80% power, alpha
 * 0.05 two-sided: MDE = (z_0.975 + z_0.80) x SE = 2.8016 x the bootstrap SD of the DiD.
 * Balance: SMD = (mean_T - mean_C) / sqrt((var_T + var_C) / 2), before (treated vs every
 * eligible pool person on each start date, weighted so each start date counts as its treated
 * people) and after (treated vs matched controls, each control weighted 1 / its set's size).
 * A relative figure whose denominator (the expected after-value) is 0 is `null` with a
 * `zero_denominator` warning, never NaN or Infinity; so is a standardised mean difference of
 * two constant groups.
 * Coverage: with about 12 treated practices the cluster-bootstrap intervals covered the
 * truth in 83-90% of synthetic seeds, not 95%: the bootstrap SE fell short of the seed-to-seed
 * SD also with 30 treated practices, so not only for want of clusters (README, Limitations).
 * O(pool x distinct start dates + events + bootstrap x practices x covariates^3).
 *
 * @param options - see {@link InterventionOptions}.
 * @returns matched sets, unmatched people, balance, effects per outcome, a suppressed table.
 * Window: every treated start's after window `[start, start + after)` must end on or before
 * the extract date (`population.window.extractDate`), else `window_past_extract`, naming the
 * first such start: after counts past the extract are missing, not zero (a start after the data
 * gave a relative effect of -100%). A before window starting before activity is complete
 * (`population.window.activityFrom`) gives one `window_before_data` warning counting the
 * starts (or an error with `beforeData: 'error'`): the before counts and the prior-use
 * covariates would be too low. The result's `window` records the days read.
 *
 * @throws RiskStratifyError `window_past_extract` / `window_before_data` as above;
 *   `invalid_options` for bad options, an unknown or repeated treated
 *   id, an unknown pool id, a bad start date, or a missing risk array for a start month;
 *   `non_finite` for a predicted risk that is not in [0, 1].
 * @example
 * const r = evaluateIntervention({ population, treated, predictedRisk, seed: 1, bootstrap: 200 });
 * r.effects.emergencyAdmissions.did.estimate; // => e.g. -0.12 (admissions per person per year)
 */
export function evaluateIntervention(options: InterventionOptions): InterventionResult {
  const o = parseOptions(FN, InterventionOptions, options);
  const pop = o.population;
  const c = pop.columns;
  const warnings: ResultWarning[] = [];

  // Treated people (opted-out people are dropped and only counted, never listed).
  let optedOutTreated = 0;
  let optedOutPool = 0;
  const isTreated = new Uint8Array(pop.size);
  const tRow: number[] = [];
  const tStart: number[] = [];
  const tCluster: string[] = [];
  o.treated.forEach((t, k) => {
    const i = pop.indexOf(t.id);
    if (i < 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'treated', k, 'id'], value: t.id, message: 'id not in the population' });
    if (isTreated[i]) fail({ fn: FN, code: 'invalid_options', path: ['options', 'treated', k, 'id'], value: t.id, message: 'id listed twice' });
    const day = toDay(t.start);
    if (day === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'treated', k, 'start'], value: t.start, message: 'not a date' });
    isTreated[i] = 1;
    if (c.optedOut[i] === 1) {
      optedOutTreated++;
      return;
    }
    tRow.push(i);
    tStart.push(day);
    tCluster.push(t.practice ?? pop.practices[c.practice[i]!]!);
  });
  // The window: every before and after window inside the extract's.
  const win = pop.window;
  const windowOf = (start: number): { before: [number, number]; after: [number, number] } => ({
    before: [addMonths(start, -o.before), start - 1], after: [start, addMonths(start, o.after) - 1],
  });
  const starts = o.treated.map((t) => toDay(t.start)!);
  const late = starts.flatMap((s, k) => (windowOf(s).after[1] > win.extractDate ? [k] : []));
  if (late.length > 0) {
    const k = late[0]!;
    const more = late.length > 1 ? ` (and ${late.length - 1} other treated start(s))` : '';
    checkSpan(FN, win, {
      what: `the after window (${o.after} months from the start ${formatDay(starts[k]!)}) of options.treated[${k}]${more}`, first: windowOf(starts[k]!).after[0], last: windowOf(starts[k]!).after[1], path: ['options', 'treated', k, 'start'],
      fixLate: `starts on or before ${formatDay(latestAsOf(win.extractDate + 1, o.after))}, or a shorter after, fit the data`,
    }, o.beforeData);
  }
  const early = starts.flatMap((s, k) => (windowOf(s).before[0] < win.activityFrom ? [k] : []));
  if (early.length > 0) {
    const k = early[0]!;
    const more = early.length > 1 ? ` (and ${early.length - 1} other treated start(s))` : '';
    const w = checkSpan(FN, win, {
      what: `the before window (${o.before} months to the start ${formatDay(starts[k]!)}) of options.treated[${k}]${more}`, first: windowOf(starts[k]!).before[0], last: windowOf(starts[k]!).before[1], path: ['options', 'treated', k, 'start'],
      fixEarly: `starts on or after ${formatDay(earliestAsOf(win.activityFrom + 1, o.before))}, or a shorter before, avoid it; the before counts and the prior-use covariates read it`,
    }, o.beforeData);
    if (w) warnings.push(resultWarning(w.code, w.message, { path: ['options', 'treated'], count: early.length }));
  }

  // Pool.
  let poolRows: number[];
  if (o.pool) {
    poolRows = [];
    o.pool.forEach((id, k) => {
      const i = typeof id === 'number' ? (id < pop.size ? id : -1) : pop.indexOf(id);
      if (i < 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'pool', k], value: id, message: 'not an id or row of the population' });
      if (isTreated[i]) return;
      if (c.optedOut[i] === 1) optedOutPool++;
      else poolRows.push(i);
    });
  } else {
    poolRows = [];
    for (let i = 0; i < pop.size; i++) {
      if (isTreated[i]) continue;
      if (c.optedOut[i] === 1) optedOutPool++;
      else poolRows.push(i);
    }
  }
  if (tRow.length === 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'treated'], value: o.treated.length, message: 'every treated person has opted out' });

  const riskOf = (row: number, day: number, path: (string | number)[]): number => {
    let r: number | undefined;
    if (typeof o.predictedRisk === 'function') r = o.predictedRisk(row, day);
    else {
      const arr = o.predictedRisk[monthKey(day)];
      if (!arr) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'predictedRisk', monthKey(day)], value: undefined, message: 'no risk array for this start month' });
      r = arr[row];
    }
    if (typeof r !== 'number' || !(r >= 0 && r <= 1)) fail({ fn: FN, code: 'non_finite', path, value: r, message: 'predicted risk must be a probability in [0, 1]' });
    return r;
  };

  const flags = avoidableFlags(pop, o.avoidableDiagnoses ?? DEFAULT_ACSC_PREFIXES);
  const wc: WindowCounts = { emergency: 0, avoidable: 0, bedDays: 0, ae: 0 };
  const covAll = (row: number, day: number): number[] => {
    const age = ageInYears(c.birthDate[row]!, day);
    windowCounts(pop, row, addMonths(day, -o.before), day, flags, wc);
    let conds = 0;
    const cd = pop.conditions;
    for (let j = cd.offsets[row]!; j < cd.offsets[row + 1]!; j++) if (cd.date[j]! <= day && cd.resolvedDate[j]! > day) conds++;
    const all: Record<MatchCovariate, number> = {
      age, female: c.sex[row] === 1 ? 1 : 0, imdDecile: c.imdDecile[row]!, careHome: c.careHome[row]!, conditions: conds,
      priorEmergency: wc.emergency, priorBedDays: wc.bedDays, priorAe: wc.ae,
    };
    return MATCH_COVARIATES.map((k) => all[k]);
  };
  const balanceIdx = o.covariates.map((k) => MATCH_COVARIATES.indexOf(k));
  const matchIdx = o.matchCovariates.map((k) => MATCH_COVARIATES.indexOf(k));
  const pickCov = (all: number[], idx: number[]): number[] => idx.map((k) => all[k]!);
  const covOf = (row: number, day: number): number[] => pickCov(covAll(row, day), balanceIdx);
  const exactKey = (row: number, day: number): string =>
    o.exact
      .map((f) => (f === 'ageBand' ? ageBand(ageInYears(c.birthDate[row]!, day)) : f === 'sex' ? c.sex[row]! : f === 'practice' ? c.practice[row]! : c.careHome[row]!))
      .join('|');

  // Candidates per distinct start day.
  interface Cand { row: number; logit: number; risk: number; key: string; cov: number[] }
  const startDays = [...new Set(tStart)].sort((a, b) => a - b);
  const candByDay = new Map<number, Map<string, Cand[]>>();
  const poolLogits: number[] = [];
  const poolCov: number[][] = [];
  const poolW: number[] = [];
  const treatedPerDay = new Map<number, number>();
  tStart.forEach((d) => treatedPerDay.set(d, (treatedPerDay.get(d) ?? 0) + 1));
  for (const day of startDays) {
    const groups = new Map<string, Cand[]>();
    const eligible: Cand[] = [];
    for (const row of poolRows) {
      if (!isEligible(pop, row, day)) continue;
      const risk = riskOf(row, day, ['options', 'predictedRisk', row]);
      const cand: Cand = { row, risk, logit: logit(risk), key: exactKey(row, day), cov: covAll(row, day) };
      eligible.push(cand);
      poolLogits.push(cand.logit);
      const list = groups.get(cand.key);
      if (list) list.push(cand);
      else groups.set(cand.key, [cand]);
    }
    const w = treatedPerDay.get(day)! / Math.max(1, eligible.length);
    for (const cand of eligible) {
      poolCov.push([cand.logit, ...pickCov(cand.cov, balanceIdx)]);
      poolW.push(w);
    }
    for (const list of groups.values()) list.sort((a, b) => a.logit - b.logit || a.row - b.row);
    candByDay.set(day, groups);
  }

  // Treated eligibility, risk, covariates.
  const nT = tRow.length;
  const tLogit = new Float64Array(nT);
  const tRisk = new Float64Array(nT);
  const tOk = new Uint8Array(nT);
  const unmatchedIds: string[] = [];
  const unmatchedReasons: string[] = [];
  for (let t = 0; t < nT; t++) {
    if (!isEligible(pop, tRow[t]!, tStart[t]!)) continue;
    tOk[t] = 1;
    tRisk[t] = riskOf(tRow[t]!, tStart[t]!, ['options', 'predictedRisk', tRow[t]!]);
    tLogit[t] = logit(tRisk[t]!);
  }
  const okLogits = Array.from(tLogit).filter((_, t) => tOk[t] === 1);
  const pooledSd = Math.sqrt(((okLogits.length > 1 ? sampleVariance(okLogits) : 0) + (poolLogits.length > 1 ? sampleVariance(poolLogits) : 0)) / 2);
  const caliper = o.caliper * (pooledSd > 0 ? pooledSd : 1);
  // Pooled SDs of the distance covariates (treated and candidates).
  const tAll: number[][] = tRow.map((row, t) => (tOk[t] ? covAll(row, tStart[t]!) : []));
  const matchSd = matchIdx.map((k) => {
    const tv = tAll.filter((v) => v.length > 0).map((v) => v[k]!);
    const pv: number[] = [];
    for (const groups of candByDay.values()) for (const list of groups.values()) for (const cand of list) pv.push(cand.cov[k]!);
    const sd = Math.sqrt(((tv.length > 1 ? sampleVariance(tv) : 0) + (pv.length > 1 ? sampleVariance(pv) : 0)) / 2);
    return sd > 0 ? sd : 1;
  });
  const logitSd = pooledSd > 0 ? pooledSd : 1;

  // Greedy matching in seeded random order.
  const rng = createRng(o.seed);
  const order = Array.from({ length: nT }, (_, t) => t);
  for (let k = nT - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  const used = new Uint8Array(pop.size);
  const sets: { t: number; controls: Cand[] }[] = [];
  const reasonFor = new Map<number, string>();
  for (const t of order) {
    if (!tOk[t]) {
      reasonFor.set(t, 'not registered and alive on the start date');
      continue;
    }
    const list = candByDay.get(tStart[t]!)!.get(exactKey(tRow[t]!, tStart[t]!)) ?? [];
    const x = tLogit[t]!;
    // insertion point
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.logit < x) lo = mid + 1;
      else hi = mid;
    }
    const chosen: Cand[] = [];
    if (matchIdx.length === 0) {
      let l = lo - 1;
      let r = lo;
      while (chosen.length < o.ratio) {
        while (l >= 0 && !o.replacement && used[list[l]!.row]) l--;
        while (r < list.length && !o.replacement && used[list[r]!.row]) r++;
        const dl = l >= 0 ? x - list[l]!.logit : Infinity;
        const dr = r < list.length ? list[r]!.logit - x : Infinity;
        if (Math.min(dl, dr) > caliper) break;
        let pick: Cand;
        if (dl < dr || (dl === dr && list[l]!.row < list[r]!.row)) pick = list[l--]!;
        else pick = list[r++]!;
        chosen.push(pick);
        if (!o.replacement) used[pick.row] = 1;
      }
    } else {
      // Candidates inside the caliper, nearest by the combined standardised distance. Walk
      // outwards from the treated logit on both sides; a side stops at the caliper or once
      // its logit term alone exceeds the k-th best total distance so far (branch and bound).
      const best: Array<{ cand: Cand; d: number }> = [];
      const worst = (): number => (best.length < o.ratio ? Infinity : best[best.length - 1]!.d);
      const consider = (cand: Cand): void => {
        let d = ((cand.logit - x) / logitSd) ** 2;
        for (let m = 0; m < matchIdx.length; m++) d += ((cand.cov[matchIdx[m]!]! - tAll[t]![matchIdx[m]!]!) / matchSd[m]!) ** 2;
        if (best.length === o.ratio && !(d < worst() || (d === worst() && cand.row < best[best.length - 1]!.cand.row))) return;
        let at = best.length;
        while (at > 0 && (best[at - 1]!.d > d || (best[at - 1]!.d === d && best[at - 1]!.cand.row > cand.row))) at--;
        best.splice(at, 0, { cand, d });
        if (best.length > o.ratio) best.pop();
      };
      let l = lo - 1;
      let r = lo;
      let goLeft = true;
      let goRight = true;
      while (goLeft || goRight) {
        if (goLeft) {
          if (l < 0 || x - list[l]!.logit > caliper || ((x - list[l]!.logit) / logitSd) ** 2 > worst()) goLeft = false;
          else {
            const cand = list[l--]!;
            if (o.replacement || !used[cand.row]) consider(cand);
          }
        }
        if (goRight) {
          if (r >= list.length || list[r]!.logit - x > caliper || ((list[r]!.logit - x) / logitSd) ** 2 > worst()) goRight = false;
          else {
            const cand = list[r++]!;
            if (o.replacement || !used[cand.row]) consider(cand);
          }
        }
      }
      for (const { cand } of best) {
        chosen.push(cand);
        if (!o.replacement) used[cand.row] = 1;
      }
    }
    if (chosen.length === 0) reasonFor.set(t, 'no control within the caliper');
    else sets.push({ t, controls: chosen });
  }
  for (let t = 0; t < nT; t++) {
    const why = reasonFor.get(t);
    if (why) {
      unmatchedIds.push(pop.ids[tRow[t]!]!);
      unmatchedReasons.push(why);
    }
  }
  sets.sort((a, b) => a.t - b.t);
  if (sets.length === 0) fail({ fn: FN, code: 'invalid_input', path: ['options', 'treated'], value: nT, message: 'no treated person could be matched (check the pool, the caliper and exact fields)' });

  // Outcomes per set.
  const nS = sets.length;
  const nO = INTERVENTION_OUTCOMES.length;
  // Clusters: the treated person's practice (or `practice` override).
  const clusterNames = [...new Set(sets.map((s) => tCluster[s.t]!))].sort();
  const clusterIndex = new Map(clusterNames.map((n, k) => [n, k]));
  const nC = clusterNames.length;
  // Bias correction: per cluster, the weighted cross-products of the controls' regressors
  // (intercept, risk logit, prior emergency admissions, other matchCovariates) with themselves and with each outcome's change,
  // and the sum over sets of (treated - mean control) regressors; refitted per replicate.
  const corrIdx = [...new Set([MATCH_COVARIATES.indexOf('priorEmergency'), ...matchIdx])];
  const nP = 2 + corrIdx.length;
  const xtx = new Float64Array(nC * nP * nP);
  const xty = new Float64Array(nC * nO * nP);
  const dsum = new Float64Array(nC * nP);
  const controlEntries = sets.reduce((k, s) => k + s.controls.length, 0);
  const correct = o.biasCorrection && controlEntries >= 10 * nP;
  if (o.biasCorrection && !correct) warnings.push(resultWarning('bias_correction_skipped', `too few matched controls (${controlEntries}) for the regression bias correction (needs ${10 * nP}): the DiD is not bias-corrected`, { path: ['effects'], count: controlEntries }));
  const tB = new Float64Array(nS * nO);
  const tA = new Float64Array(nS * nO);
  const cB = new Float64Array(nS * nO);
  const cA = new Float64Array(nS * nO);
  const pick = (w: WindowCounts): number[] => [w.emergency, w.avoidable, w.bedDays, w.ae];
  // Event-time means: month m (0 .. before+after-1) is relative month m - before.
  const nM = o.before + o.after;
  const etT = new Float64Array(nO * nM);
  const etC = new Float64Array(nO * nM);
  const addEventTime = (row: number, day: number, into: Float64Array, weight: number): void => {
    for (let m = 0; m < nM; m++) {
      const w = pick(windowCounts(pop, row, addMonths(day, m - o.before), addMonths(day, m - o.before + 1), flags, wc));
      for (let q = 0; q < nO; q++) into[q * nM + m]! += w[q]! * weight;
    }
  };
  sets.forEach((s, k) => {
    const day = tStart[s.t]!;
    const g = clusterIndex.get(tCluster[s.t]!)!;
    dsum[g * nP + 1]! += tLogit[s.t]!;
    for (let m = 0; m < corrIdx.length; m++) dsum[g * nP + 2 + m]! += tAll[s.t]![corrIdx[m]!]!;
    addEventTime(tRow[s.t]!, day, etT, 1 / sets.length);
    for (const ctl of s.controls) addEventTime(ctl.row, day, etC, 1 / (sets.length * s.controls.length));
    const b0 = addMonths(day, -o.before);
    const a1 = addMonths(day, o.after);
    const tb = pick(windowCounts(pop, tRow[s.t]!, b0, day, flags, wc));
    const ta = pick(windowCounts(pop, tRow[s.t]!, day, a1, flags, wc));
    for (let q = 0; q < nO; q++) {
      tB[k * nO + q] = tb[q]!;
      tA[k * nO + q] = ta[q]!;
    }
    for (const ctl of s.controls) {
      const cb = pick(windowCounts(pop, ctl.row, b0, day, flags, wc));
      const ca = pick(windowCounts(pop, ctl.row, day, a1, flags, wc));
      const w = 1 / s.controls.length;
      for (let q = 0; q < nO; q++) {
        cB[k * nO + q]! += cb[q]! * w;
        cA[k * nO + q]! += ca[q]! * w;
      }
      const x = [1, ctl.logit, ...corrIdx.map((m) => ctl.cov[m]!)];
      for (let u = 0; u < nP; u++) {
        dsum[g * nP + u]! -= u === 0 ? 0 : w * x[u]!;
        for (let v = 0; v < nP; v++) xtx[(g * nP + u) * nP + v]! += w * x[u]! * x[v]!;
        for (let q = 0; q < nO; q++) xty[(g * nO + q) * nP + u]! += w * x[u]! * (ca[q]! - cb[q]!);
      }
    }
  });

  // Cluster sums: per cluster, per outcome, sums of tB, tA, cB, cA; and set count.
  const sums = new Float64Array(nC * nO * 4);
  const counts = new Float64Array(nC);
  sets.forEach((s, k) => {
    const g = clusterIndex.get(tCluster[s.t]!)!;
    counts[g]!++;
    for (let q = 0; q < nO; q++) {
      const base = (g * nO + q) * 4;
      sums[base]! += tB[k * nO + q]!;
      sums[base + 1]! += tA[k * nO + q]!;
      sums[base + 2]! += cB[k * nO + q]!;
      sums[base + 3]! += cA[k * nO + q]!;
    }
  });
  if (nC < 10) warnings.push(resultWarning('few_clusters', `only ${nC} practice cluster(s): cluster-bootstrap intervals are unreliable with fewer than about 10 clusters`, { path: ['effects'], count: nC }));

  const R = o.bootstrap;
  const bootRng = rng.fork(1);
  const bootDid = Array.from({ length: nO }, () => new Float64Array(R));
  const bootRel = Array.from({ length: nO }, () => new Float64Array(R));
  const bootNaive = Array.from({ length: nO }, () => new Float64Array(R));
  const bootCtl = Array.from({ length: nO }, () => new Float64Array(R));
  const acc = new Float64Array(nO * 4);
  const accXtx = new Float64Array(nP * nP);
  const accXty = new Float64Array(nO * nP);
  const accD = new Float64Array(nP);
  const adj = new Float64Array(nO);
  // adj[q] = fitted slope of the controls' change on the regressors . mean (treated - control) regressors.
  const fitAdjustment = (n: number): void => {
    adj.fill(0);
    if (!correct) return;
    for (let q = 0; q < nO; q++) {
      const beta = solveNormalEquations(accXtx, accXty.subarray(q * nP, (q + 1) * nP), nP);
      let a = 0;
      for (let u = 1; u < nP; u++) a += beta[u]! * accD[u]!;
      adj[q] = a / n;
    }
  };
  for (let rep = 0; rep < R; rep++) {
    if (o.onProgress && rep % 50 === 0) o.onProgress(rep, R);
    acc.fill(0);
    accXtx.fill(0);
    accXty.fill(0);
    accD.fill(0);
    let n = 0;
    for (let k = 0; k < nC; k++) {
      const g = bootRng.int(nC);
      n += counts[g]!;
      for (let x = 0; x < nO * 4; x++) acc[x]! += sums[g * nO * 4 + x]!;
      if (correct) {
        for (let x = 0; x < nP * nP; x++) accXtx[x]! += xtx[g * nP * nP + x]!;
        for (let x = 0; x < nO * nP; x++) accXty[x]! += xty[g * nO * nP + x]!;
        for (let x = 0; x < nP; x++) accD[x]! += dsum[g * nP + x]!;
      }
    }
    fitAdjustment(n);
    for (let q = 0; q < nO; q++) {
      const [b, a, cb, ca] = [acc[q * 4]! / n, acc[q * 4 + 1]! / n, acc[q * 4 + 2]! / n, acc[q * 4 + 3]! / n];
      const change = ca - cb + adj[q]!;
      bootNaive[q]![rep] = a - b;
      bootCtl[q]![rep] = ca - cb;
      bootDid[q]![rep] = a - b - change;
      const rel = (a - b - change) / (b + change);
      bootRel[q]![rep] = Number.isFinite(rel) ? rel : Number.NaN;
    }
  }
  // The point estimate's adjustment, from every cluster.
  accXtx.fill(0);
  accXty.fill(0);
  accD.fill(0);
  for (let g = 0; g < nC; g++) {
    for (let x = 0; x < nP * nP; x++) accXtx[x]! += xtx[g * nP * nP + x]!;
    for (let x = 0; x < nO * nP; x++) accXty[x]! += xty[g * nO * nP + x]!;
    for (let x = 0; x < nP; x++) accD[x]! += dsum[g * nP + x]!;
  }
  fitAdjustment(nS);
  o.onProgress?.(R, R);
  const ci = (xs: Float64Array): readonly [number, number] => [quantileR7(xs, 0.025), quantileR7(xs, 0.975)];
  // The relative effect exists only in replicates whose expected after-value is not 0.
  const ciWhereDefined = (xs: Float64Array): readonly [number, number] | null => {
    const finite = xs.filter((x) => Number.isFinite(x));
    return finite.length === 0 ? null : ci(finite);
  };
  const effects = {} as Record<InterventionOutcome, OutcomeEffect>;
  INTERVENTION_OUTCOMES.forEach((name, q) => {
    const col = (arr: Float64Array): number[] => Array.from({ length: nS }, (_, k) => arr[k * nO + q]!);
    const [b, a, cb, ca] = [mean(col(tB)), mean(col(tA)), mean(col(cB)), mean(col(cA))];
    const change = ca - cb + adj[q]!;
    const did = a - b - change;
    const expected = b + change;
    const se = Math.sqrt(sampleVariance(bootDid[q]!));
    const mde = (Z_ALPHA + Z_POWER) * se;
    const relative = did / expected;
    if (!Number.isFinite(relative)) {
      const why = `the treated group's expected ${name} after the start without the intervention (before ${b} + control change ${change}) is 0`;
      warnings.push(resultWarning('zero_denominator', `${why}: the relative effect and relative minimum detectable effect are null (the absolute DiD is ${did})`, { path: ['effects', name] }));
      warnings.push(resultWarning('zero_denominator', `${why}: the relative minimum detectable effect is null`, { path: ['power', 'byOutcome', name, 'relative'] }));
    }
    effects[name] = Object.freeze({
      outcome: name, treatedBefore: b, treatedAfter: a, controlBefore: cb, controlAfter: ca,
      did: { estimate: did, ci95: ci(bootDid[q]!) },
      relative: Number.isFinite(relative) ? { estimate: relative, ci95: ciWhereDefined(bootRel[q]!) } : { estimate: null, ci95: null },
      naiveBeforeAfter: { estimate: a - b, ci95: ci(bootNaive[q]!) },
      controlChange: { estimate: ca - cb, ci95: ci(bootCtl[q]!) },
      regressionToMean: change,
      biasCorrection: adj[q]!,
      minimumDetectableEffect: mde,
      minimumDetectableRelative: Number.isFinite(relative) ? mde / Math.abs(expected) : null,
      bootstrapDid: bootDid[q]!,
      bootstrapRelative: bootRel[q]!,
    });
  });

  const power = Object.freeze({
    alpha: 0.05 as const,
    power: 0.8 as const,
    formula: 'MDE = (z_0.975 + z_0.80) x SE = 2.8016 x SD of the cluster-bootstrap DiD replicates; relative = MDE / (treated before + control change)',
    byOutcome: Object.fromEntries(INTERVENTION_OUTCOMES.map((name) => [name, { absolute: effects[name].minimumDetectableEffect, relative: effects[name].minimumDetectableRelative }])) as Record<InterventionOutcome, { absolute: number; relative: number | null }>,
  });
  const eventTime = {} as Record<InterventionOutcome, Array<{ month: number; treated: number; controls: number }>>;
  INTERVENTION_OUTCOMES.forEach((name, q) => {
    eventTime[name] = Array.from({ length: nM }, (_, m) => ({ month: m - o.before, treated: etT[q * nM + m]!, controls: etC[q * nM + m]! }));
  });

  // Balance.
  const names = ['riskLogit', ...o.covariates];
  const tCov: number[][] = [];
  const mCov: number[][] = [];
  const mW: number[] = [];
  for (const s of sets) {
    const day = tStart[s.t]!;
    tCov.push([tLogit[s.t]!, ...covOf(tRow[s.t]!, day)]);
    for (const ctl of s.controls) {
      mCov.push([ctl.logit, ...pickCov(ctl.cov, balanceIdx)]);
      mW.push(1 / s.controls.length);
    }
  }
  const allT: number[][] = [];
  for (let t = 0; t < nT; t++) if (tOk[t]) allT.push([tLogit[t]!, ...pickCov(tAll[t]!, balanceIdx)]);
  const balance: BalanceRow[] = names.map((name, v) => {
    const tv = allT.map((r) => r[v]!);
    const tvm = tCov.map((r) => r[v]!);
    const pv = poolCov.map((r) => r[v]!);
    const mv = mCov.map((r) => r[v]!);
    const before = standardisedMeanDifference(tv, pv, undefined, poolW);
    const after = standardisedMeanDifference(tvm, mv, undefined, mW);
    // Both groups constant but different: no spread to scale the difference by.
    if (!Number.isFinite(before) || !Number.isFinite(after)) {
      warnings.push(resultWarning('zero_denominator', `${name}: treated and ${Number.isFinite(after) ? 'pool' : 'matched controls'} each have a single value, and they differ: the standardised mean difference has no spread to divide by and is null`, { path: ['balance', v] }));
    }
    return Object.freeze({
      covariate: name, treatedMean: mean(tvm), poolMean: weightedMean(pv, poolW), matchedControlMean: weightedMean(mv, mW),
      smdBefore: Number.isFinite(before) ? before : null, smdAfter: Number.isFinite(after) ? after : null, imbalanced: Math.abs(after) > 0.1,
    });
  });
  const badBalance = balance.filter((b) => b.imbalanced).map((b) => b.covariate);
  if (badBalance.length > 0) warnings.push(resultWarning('imbalance', `after matching |SMD| > 0.1 for: ${badBalance.join(', ')}`, { path: ['balance'], count: badBalance.length, examples: badBalance }));

  const matched: MatchedSet[] = sets.map((s) =>
    Object.freeze({
      treatedId: pop.ids[tRow[s.t]!]!, controlIds: s.controls.map((x) => pop.ids[x.row]!), start: formatDay(tStart[s.t]!),
      cluster: tCluster[s.t]!, treatedRisk: tRisk[s.t]!, controlRisks: s.controls.map((x) => x.risk),
    }),
  );
  const controlsUsed = new Set(sets.flatMap((s) => s.controls.map((x) => x.row))).size;
  // The published table: counts, treated means from the published counts, other estimates
  // to 2 decimal places and hidden with the group they describe when it is suppressed.
  const rawTable = INTERVENTION_OUTCOMES.map((name) => {
    const e = effects[name];
    return {
      outcome: name, treated: nS, controls: controlsUsed, unmatched: unmatchedIds.length,
      treatedEventsBefore: Math.round(e.treatedBefore * nS), treatedEventsAfter: Math.round(e.treatedAfter * nS),
      controlEventsBefore: Math.round(e.controlBefore * controlsUsed), controlEventsAfter: Math.round(e.controlAfter * controlsUsed),
      treatedBefore: null, treatedAfter: null, controlBefore: null, controlAfter: null,
      naiveChange: null, regressionToMean: e.regressionToMean, did: e.did.estimate,
      didLower: e.did.ci95[0], didUpper: e.did.ci95[1], relativePercent: e.relative.estimate === null ? null : 100 * e.relative.estimate, minimumDetectableEffect: e.minimumDetectableEffect,
    };
  });
  const perTreated = (p: Readonly<Record<string, unknown>>, k: string): number | null =>
    (typeof p[k] === 'number' && typeof p['treated'] === 'number' && p['treated'] > 0 ? (p[k] as number) / (p['treated'] as number) : null);
  const perControl = (k: string) => (p: Readonly<Record<string, unknown>>): number | null | undefined =>
    (typeof p[k] !== 'number' || typeof p['controls'] !== 'number' ? null : p['controls'] > 0 ? (p[k] as number) / (p['controls'] as number) : undefined);
  const { table, note } = publish(rawTable, o.suppression, {
    columns: ['treated', 'controls', 'unmatched', 'treatedEventsBefore', 'treatedEventsAfter', 'controlEventsBefore', 'controlEventsAfter'],
    totals: 'none',
    derived: {
      treatedBefore: { from: 'treatedEventsBefore', over: 'treated', kind: 'mean' },
      treatedAfter: { from: 'treatedEventsAfter', over: 'treated', kind: 'mean' },
      naiveChange: { compute: (p) => { const b = perTreated(p, 'treatedEventsBefore'); const a = perTreated(p, 'treatedEventsAfter'); return a === null || b === null ? null : a - b; }, kind: 'mean' },
      controlBefore: { compute: perControl('controlEventsBefore'), kind: 'mean' },
      controlAfter: { compute: perControl('controlEventsAfter'), kind: 'mean' },
      regressionToMean: 'treated', did: 'treated', didLower: 'treated', didUpper: 'treated', relativePercent: 'treated', minimumDetectableEffect: 'treated',
    },
    format: {
      regressionToMean: 'mean', did: 'mean', didLower: 'mean', didUpper: 'mean', relativePercent: 'percent', minimumDetectableEffect: 'mean',
    },
  });
  const method =
    `Greedy ${o.ratio}:1 nearest-neighbour matching on logit(predicted risk) ${o.replacement ? 'with' : 'without'} replacement, caliper ${o.caliper} SD = ${caliper.toFixed(4)}` +
    (o.exact.length ? `, exact on ${o.exact.join(', ')}` : '') +
    `; difference in differences over ${o.before} months before and ${o.after} months from each start` +
    (correct ? `, regression bias-corrected on risk logit, ${corrIdx.map((k) => MATCH_COVARIATES[k]).join(', ')} (refitted per replicate)` : '') +
    `; ${R} cluster-bootstrap reps by practice (${nC} clusters), percentile 95% intervals; MDE = 2.8016 x bootstrap SE.`;
  return Object.freeze({
    optedOutExcluded: Object.freeze({ treated: optedOutTreated, pool: optedOutPool }),
    matched, unmatched: Object.freeze({ count: unmatchedIds.length, ids: unmatchedIds, reasons: unmatchedReasons }), controlsUsed,
    caliperLogit: caliper, balance, effects, eventTime, power, clusters: nC, bootstrapReps: R, table, suppression: note, method,
    window: Object.freeze({
      first: sets.reduce((m, s) => Math.min(m, windowOf(tStart[s.t]!).before[0]), Infinity),
      last: sets.reduce((m, s) => Math.max(m, windowOf(tStart[s.t]!).after[1]), -Infinity),
      dataWindow: win,
    }),
    warnings,
  });
}
