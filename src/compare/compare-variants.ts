import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { toPopulationRows } from '../core/aligned-rows.js';
import { ExclusionLists } from '../cohort/cohort-options.js';
import { ownRecord } from '../core/own-record.js';
import { fail, isRiskStratifyError } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, formatDay, toDay } from '../core/dates.js';
import { checkAsOf, checkSpan, type WindowSpan } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { createRng } from '../core/rng.js';
import { isEligible, type Population } from '../core/population.js';
import { quantileR7 } from './internal/stats.js';
import { selectCohort } from '../cohort/select-cohort.js';
import type { SuppressionNote, SuppressionRule } from './suppress-small-numbers.js';
import { publish } from './internal/publish.js';

/** One variant: a selection rule, optionally on its own score vector. */
export const Variant = /* @__PURE__ */ lazySchema(() => z.object({
  name: z.string().check(z.minLength(1)),
  topPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
  topN: z.optional(z.number().check(z.int(), z.gte(1))),
  per: z._default(z.enum(['practice', 'population']), 'practice'),
  adultsOnly: z._default(z.boolean(), true),
  /** `selectCohort` tie policy: `'exact'` k people (ties by id) or `'threshold'` (ties enlarge the cohort). */
  policy: z._default(z.enum(['exact', 'threshold']), 'exact'),
  /** Maximum caseload: one number per practice, a record practice -> number, or per MDT with `groups`. */
  capacity: z.optional(z.union([z.number().check(z.int(), z.gte(0)), ownRecord(z.number().check(z.int(), z.gte(0)), 'a record practice or MDT -> capacity')])),
  /** Practice code -> MDT name, for capacity per MDT. */
  groups: z.optional(ownRecord(z.string(), 'a record practice code -> MDT name')),
  /** Named id lists never selected, as `selectCohort`'s `exclude` (opted-out people are never selected anyway). */
  exclude: z._default(ExclusionLists, {}),
  /** A list matching nobody: `'error'` (default) or `'warn'`, as `selectCohort`'s `unmatchedExclusions`. */
  unmatchedExclusions: z._default(z.enum(['error', 'warn']), 'error'),
  /** A different score vector for this variant (aligned with population rows). */
  scores: z.optional(z.custom<ArrayLike<number>>((v) => typeof v === 'object' && v !== null && typeof (v as { length?: unknown }).length === 'number')),
}));
export type Variant = z.input<typeof Variant>;

/** Assumptions and settings of {@link compareVariants}. */
export const VariantAssumptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** The date the scores stood at (eligibility and age are judged on it). */
  asOf: z.union([z.number().check(z.int()), z.string(), z.date()]),
  /** Assumed relative reduction in emergency admissions (and bed days) among the case-managed, as [low, high]. */
  effect: z._default(z.tuple([z.number().check(z.gte(0), z.lte(1)), z.number().check(z.gte(0), z.lte(1))]), [0, 0.2]),
  /** Cost of case-managing one person for the year (pounds). */
  costPerPersonYear: z._default(z.number().check(z.nonnegative()), 0),
  /** Cost of one emergency admission. */
  costPerAdmission: z._default(z.number().check(z.nonnegative()), 0),
  /** Cost of one bed day (set one of these to 0 if the admission cost already includes bed days). */
  costPerBedDay: z._default(z.number().check(z.nonnegative()), 0),
  seed: z._default(z.union([z.number(), z.string()]), 1),
  bootstrap: z._default(z.number().check(z.int(), z.gte(20)), 1000),
  suppression: z._default(z.union([z.literal(false), z.custom<SuppressionRule>((v) => typeof v === 'object' && v !== null)]), {}),
  /** Called as `onProgress(done, total)` every 50 bootstrap replicates and at the end. */
  onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' })),
  /**
   * The outcome horizon and prior window, in months, of outcomes that carry no `window` (plain
   * arrays): checked against the extract's window. Outcomes from `backtestOutcomes` carry theirs.
   */
  horizonMonths: z._default(z.number().check(z.int(), z.gte(1)), 12),
  lookbackMonths: z._default(z.number().check(z.int(), z.gte(1)), 12),
  /** A prior window starting before activity is complete: `'warn'` (default) or `'error'`. */
  beforeData: BeforeData,
}));
export type VariantAssumptions = z.input<typeof VariantAssumptions>;

/**
 * Back-test outcomes aligned with population rows: counts in the horizon after `asOf`, and the
 * prior-year count of emergency admissions (for the regression-to-the-mean estimate).
 */
export interface VariantOutcomes {
  readonly emergencyAdmissions: ArrayLike<number>;
  readonly bedDays: ArrayLike<number>;
  readonly priorEmergencyAdmissions: ArrayLike<number>;
  /**
   * The windows the counts cover (day numbers, both ends included), as `backtestOutcomes`
   * gives them: `asOf` must be the comparison's, and both are checked against the extract's
   * window. Without it, `assumptions.horizonMonths` and `lookbackMonths` describe them.
   */
  readonly window?: {
    readonly asOf: number;
    readonly horizon: readonly [number, number];
    readonly prior: readonly [number, number];
  };
}

/**
 * An estimate with a bootstrap 95% interval. Null when the data cannot give it (a ratio
 * whose denominator is 0: see the comparison's `warnings`); the interval comes from the
 * replicates where the figure exists, and is null when none does.
 */
export interface VariantInterval {
  readonly estimate: number | null;
  readonly ci95: readonly [number, number] | null;
}

/** Results for one variant. */
export interface VariantResult {
  readonly name: string;
  readonly cohortSize: number;
  /** People not eligible for selection, by the first reason that applied (from `selectCohort`; opted-out people are only counted). */
  readonly excluded: Readonly<Record<string, number>>;
  /** Selected people per practice (mean over practices with anyone registered, min, max); null when nobody is registered. */
  readonly caseloadPerPractice: { readonly mean: number | null; readonly min: number | null; readonly max: number | null };
  /** Selected per 1,000 registered and alive on `asOf` (null when nobody is: `zero_denominator`). */
  readonly per1000Registered: number | null;
  /** Share of the cohort with at least one emergency admission in the horizon (null for an empty cohort: `empty_cohort`). */
  readonly ppv: VariantInterval;
  /** Share of people (scored and eligible) with an admission who are in the cohort (null when nobody had one: `no_events`). */
  readonly sensitivity: VariantInterval;
  /** Emergency admissions of the cohort in the horizon (no intervention: this is the back-test). */
  readonly admissions: VariantInterval;
  readonly bedDays: VariantInterval;
  /** Emergency admissions of the cohort in the year before `asOf`. */
  readonly priorAdmissions: VariantInterval;
  /** prior - next: the fall expected with no intervention at all (regression to the mean). */
  readonly expectedFallNoIntervention: VariantInterval;
  /** The same as a share of prior admissions (null when the cohort had none before: `zero_denominator`). */
  readonly relativeFallNoIntervention: VariantInterval;
  /** Admissions averted = effect x admissions, at the low and high assumed effect. */
  readonly admissionsAverted: { readonly low: VariantInterval; readonly high: VariantInterval };
  readonly bedDaysAverted: { readonly low: VariantInterval; readonly high: VariantInterval };
  /** cohort size x cost per person-year. */
  readonly programmeCost: number;
  /** Programme cost minus the cost of admissions and bed days averted. */
  readonly netCost: { readonly low: VariantInterval; readonly high: VariantInterval };
  /** Programme cost / admissions averted (null when none are averted, e.g. at an effect of 0: `zero_denominator`). */
  readonly costPerAdmissionAverted: { readonly low: VariantInterval; readonly high: VariantInterval };
}

/** A pairwise difference (variant a minus variant b) in one metric. */
export interface VariantDifference {
  readonly a: string;
  readonly b: string;
  readonly metric: string;
  /** Null when the metric is null for either variant. */
  readonly estimate: number | null;
  readonly ci95: readonly [number, number] | null;
}

/** The result of {@link compareVariants}. */
export interface VariantComparison {
  readonly variants: readonly VariantResult[];
  readonly differences: readonly VariantDifference[];
  /**
   * One row per variant for publication, after small-number suppression (unless opted out):
   * the counts (registered, cohort size, people admitted in and out of the cohort, admissions,
   * bed days, prior admissions) suppressed and rounded, and every rate, percentage, fall,
   * averted count and cost computed from those published counts (1 decimal place for rates
   * and percentages, whole pounds), so none gives an exact count back. The exact figures are
   * in `variants`.
   */
  readonly table: ReadonlyArray<Record<string, unknown>>;
  readonly suppression: SuppressionNote | null;
  readonly method: string;
  /**
   * Why figures are null, and what to know about the cohorts and windows: a prior window
   * starting before complete data (`window_before_data`); each variant's cohort warnings
   * (`group_too_small`, `k_reaches_eligible`, `empty_cohort`, ...) at `['variants', k]`;
   * `no_events` at `['variants', k, 'sensitivity']` when nobody scored had an admission;
   * `zero_denominator` at `['variants', k, 'relativeFallNoIntervention']` when the cohort had
   * no admissions before, at `['variants', k, 'costPerAdmissionAverted', ...]` when none are
   * averted, at `['variants', k]` when nobody is registered; and at `['differences']` for
   * pairwise differences of a null metric.
   */
  readonly warnings: readonly ResultWarning[];
}

const FN = 'compareVariants';
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
const METRICS = ['ppv', 'sensitivity', 'admissions', 'bedDays', 'priorAdmissions', 'expectedFallNoIntervention', 'relativeFallNoIntervention'] as const;

/**
 * Compares selection variants (top 2% vs top 5%, per practice vs population-wide, capacity
 * caps, another model's scores) before the fact, on back-test data: who each would select as
 * of `asOf`, and what those people then did over the outcome horizon without any intervention.
 *
 * Per variant: cohort size, caseload per practice and per 1,000 registered, PPV, sensitivity,
 * admissions and bed days in the cohort, the fall in the cohort's admissions expected with no
 * intervention (prior-year minus next-year admissions of the selected: regression to the mean),
 * admissions and bed days averted under the assumed effect range (effect x the cohort's
 * next-year count; the same relative effect is assumed for bed days), programme cost, net
 * cost and cost per admission averted (programme cost / admissions averted).
 *
 * A figure whose denominator is 0 is `null`, never NaN or Infinity, with a typed warning
 * naming why (an empty cohort, no admissions in the horizon, none in the year before, none
 * averted at an effect of 0); each variant's cohort warnings (groups too small for the
 * percentage, k reaching everyone eligible) are carried with the variant's path.
 *
 * Selection is the cohort stage's `selectCohort` with the variant's options (`missing:
 * 'exclude'`, so a NaN score means "not scored"): eligible = scored, registered and alive on
 * `asOf`, 18+ when `adultsOnly`, not opted out, on no `exclude` list; per group
 * k = ceil(p/100 x eligible) (or `topN`), ties by id under the `exact` policy, then capacity.
 *
 * Intervals: Poisson bootstrap of people (each person weighted by an independent Poisson(1)
 * draw per replicate by inversion of its tabulated CDF, seeded), holding the selections fixed; the same weights serve every
 * variant, so pairwise differences are paired. Percentile 95% intervals (R-7). People are
 * resampled individually, not by practice. O(n log n per variant + reps x (cohorts + people
 * with an admission)).
 *
 * @param scores - risk scores aligned with population rows (NaN = not scored), or as
 *   `model.score(features)` returns them (they carry `features.rows`; people not scored are NaN).
 * @param population - the population.
 * @param outcomes - back-test outcomes aligned with population rows, or vectors that carry
 *   their rows (as `buildOutcomes` returns them; rows not covered count 0).
 * @param variants - at least one {@link Variant}; names must be unique.
 * @param assumptions - see {@link VariantAssumptions}.
 * @returns per-variant results, pairwise differences, a suppressed table.
 * Window: `asOf` must be on or before the extract date, the outcome horizon must end on or
 * before it (`window_past_extract`: a horizon past the extract counts missing months as a
 * "fall with no intervention"), and a prior window starting before activity is complete warns
 * (`window_before_data`, or an error with `beforeData: 'error'`). The windows are the
 * outcomes' own (`backtestOutcomes` gives them), else `asOf` with `horizonMonths` and
 * `lookbackMonths`.
 *
 * @throws RiskStratifyError `window_past_extract` / `window_before_data` as above;
 *   `invalid_input` when the outcomes were counted at another as-of date;
 *   `length_mismatch` when a vector's length is not the population
 *   size; `invalid_options` for a bad variant (neither or both of topPercent and topN, a
 *   repeated name, an unknown excluded id) or assumptions.
 * @example
 * const cmp = compareVariants(scores, pop, outcomes, [{ name: 'top 2%', topPercent: 2 },
 *   { name: 'top 5%', topPercent: 5 }], { asOf: '2024-04-01', effect: [0, 0.2], costPerPersonYear: 500 });
 * cmp.variants[1].cohortSize > cmp.variants[0].cohortSize; // => true
 */
export function compareVariants(
  scores: ArrayLike<number>,
  population: Population,
  outcomes: VariantOutcomes,
  variants: readonly Variant[],
  assumptions: VariantAssumptions,
): VariantComparison {
  const a = parseOptions(FN, VariantAssumptions, assumptions, 'assumptions');
  const asOf = toDay(a.asOf);
  if (asOf === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['assumptions', 'asOf'], value: a.asOf, message: 'not a date' });
  if (a.effect[0] > a.effect[1]) fail({ fn: FN, code: 'invalid_options', path: ['assumptions', 'effect'], value: a.effect, message: 'effect range must be [low, high] with low <= high' });
  if (!Array.isArray(variants) || variants.length === 0) fail({ fn: FN, code: 'invalid_options', path: ['variants'], value: variants, message: 'needs at least one variant' });
  const n = population.size;
  // Vectors that carry their rows (model.score, buildOutcomes) are spread to population rows:
  // NaN (not scored) for scores, 0 for counts; a bare vector must have one value per row.
  scores = toPopulationRows(FN, ['scores'], scores, n, Number.NaN);
  outcomes = {
    ...outcomes,
    emergencyAdmissions: toPopulationRows(FN, ['outcomes', 'emergencyAdmissions'], outcomes.emergencyAdmissions, n, 0),
    bedDays: toPopulationRows(FN, ['outcomes', 'bedDays'], outcomes.bedDays, n, 0),
    priorEmergencyAdmissions: toPopulationRows(FN, ['outcomes', 'priorEmergencyAdmissions'], outcomes.priorEmergencyAdmissions, n, 0),
  };
  const vs = variants.map((v, k) => {
    const parsed = parseOptions(FN, Variant, v, `variants.${k}`);
    return parsed.scores ? { ...parsed, scores: toPopulationRows(FN, ['variants', k, 'scores'], parsed.scores, n, Number.NaN) } : parsed;
  });
  const warnings: ResultWarning[] = [];
  // The window: asOf inside the extract, the outcome horizon not past it, the prior window from complete data.
  const win = population.window;
  checkAsOf(FN, win, asOf, ['assumptions', 'asOf']);
  const carried = outcomes.window;
  if (carried !== undefined && carried.asOf !== asOf) {
    fail({ fn: FN, code: 'invalid_input', path: ['outcomes', 'window', 'asOf'], value: formatDay(carried.asOf), message: `the outcomes were counted as of ${formatDay(carried.asOf)}, not assumptions.asOf ${formatDay(asOf)}` });
  }
  const horizon = carried?.horizon ?? [asOf + 1, addMonths(asOf, a.horizonMonths)];
  const priorWindow = carried?.prior ?? [addMonths(asOf, -a.lookbackMonths) + 1, asOf];
  const span = (what: string, w: readonly [number, number], path: string[]): WindowSpan => ({ what, first: w[0], last: w[1], path });
  checkSpan(FN, win, span('the outcome horizon', horizon, carried ? ['outcomes', 'window', 'horizon'] : ['assumptions', 'horizonMonths']), a.beforeData);
  const early = checkSpan(FN, win, span('the prior window', priorWindow, carried ? ['outcomes', 'window', 'prior'] : ['assumptions', 'lookbackMonths']), a.beforeData);
  if (early) warnings.push(early);
  const seen = new Set<string>();
  vs.forEach((v, k) => {
    if (seen.has(v.name)) fail({ fn: FN, code: 'invalid_options', path: ['variants', k, 'name'], value: v.name, message: 'variant names must be unique' });
    seen.add(v.name);
    if ((v.topPercent === undefined) === (v.topN === undefined)) fail({ fn: FN, code: 'invalid_options', path: ['variants', k, 'topPercent'], value: v.topPercent, message: 'give exactly one of topPercent and topN' });
  });

  const y = outcomes.emergencyAdmissions;
  const bd = outcomes.bedDays;
  const prior = outcomes.priorEmergencyAdmissions;
  // Cohorts.
  const excludedBy: Array<Record<string, number>> = [];
  const cohorts = vs.map((v, k) => {
    try {
      const cohort = selectCohort(v.scores ?? scores, population, {
        asOf, per: v.per, adultsOnly: v.adultsOnly, policy: v.policy, exclude: v.exclude, unmatchedExclusions: v.unmatchedExclusions, missing: 'exclude',
        ...(v.topPercent !== undefined ? { topPercent: v.topPercent } : {}), ...(v.topN !== undefined ? { topN: v.topN } : {}),
        ...(v.capacity !== undefined ? { capacity: v.capacity } : {}), ...(v.groups !== undefined ? { groups: v.groups } : {}),
      });
      for (const w of cohort.warnings) {
        warnings.push(resultWarning(w.code, `variant "${v.name}": ${w.message}`, { path: ['variants', k], ...(w.count !== undefined ? { count: w.count } : {}), ...(w.examples !== undefined ? { examples: w.examples } : {}) }));
      }
      excludedBy.push({ ...cohort.excluded });
      return Int32Array.from(cohort.selected.rows);
    } catch (e) {
      if (!isRiskStratifyError(e)) throw e;
      const path = e.path[0] === 'options' ? e.path.slice(1) : e.path;
      return fail({ fn: FN, code: e.code, path: ['variants', k, ...path], value: e.value, message: `variant "${v.name}": ${e.message}` });
    }
  });
  // Denominators: registered and alive on asOf; people with an admission among the scored and eligible.
  let registered = 0;
  const practicesWithPeople = new Set<number>();
  const relevant = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!isEligible(population, i, asOf)) continue;
    registered++;
    practicesWithPeople.add(population.columns.practice[i]!);
    if (Number.isFinite(scores[i]!) && y[i]! > 0) relevant[i] = 1;
  }
  for (const rows of cohorts) for (const i of rows) relevant[i] = 1;
  const rel: number[] = [];
  for (let i = 0; i < n; i++) if (relevant[i]) rel.push(i);
  const inCohort = cohorts.map((rows) => {
    const m = new Uint8Array(n);
    for (const i of rows) m[i] = 1;
    return m;
  });

  // Statistics from weights over `rel` positions (all 1 gives the point estimates).
  const nV = vs.length;
  const nR = rel.length;
  const yR = Float64Array.from(rel, (i) => y[i]!);
  const hitR = Uint8Array.from(rel, (i) => (y[i]! > 0 ? 1 : 0));
  const countedHit = Uint8Array.from(rel, (i) => (y[i]! > 0 && Number.isFinite(scores[i]!) ? 1 : 0));
  const bedR = Float64Array.from(rel, (i) => (Number.isFinite(bd[i]!) ? bd[i]! : 0));
  const priR = Float64Array.from(rel, (i) => prior[i]!);
  const members = inCohort.map((m) => Uint32Array.from(rel.map((i, pos) => (m[i] ? pos : -1)).filter((pos) => pos >= 0)));
  const stats = (w: Float64Array): number[][] => {
    let allHits = 0;
    for (let pos = 0; pos < nR; pos++) if (countedHit[pos]) allHits += w[pos]!;
    return members.map((mem) => {
      let cw = 0;
      let hw = 0;
      let ad = 0;
      let be = 0;
      let pr = 0;
      for (let k = 0; k < mem.length; k++) {
        const pos = mem[k]!;
        const wi = w[pos]!;
        cw += wi;
        hw += wi * hitR[pos]!;
        ad += wi * yR[pos]!;
        be += wi * bedR[pos]!;
        pr += wi * priR[pos]!;
      }
      return [hw / cw, hw / allHits, ad, be, pr, pr - ad, (pr - ad) / pr];
    });
  };
  const point = stats(new Float64Array(nR).fill(1));
  const R = a.bootstrap;
  const rng = createRng(a.seed);
  const reps: Float64Array[][] = vs.map(() => METRICS.map(() => new Float64Array(R)));
  // Poisson(1) weights by inversion of a tabulated CDF (k = 0..19 covers all but ~1e-19).
  const poissonCdf1 = new Float64Array(20);
  for (let k = 0, p = Math.exp(-1), c = 0; k < 20; k++, p /= k) poissonCdf1[k] = c += p;
  const weights = new Float64Array(nR);
  for (let r = 0; r < R; r++) {
    if (a.onProgress && r % 50 === 0) a.onProgress(r, R);
    for (let pos = 0; pos < nR; pos++) {
      const u = rng.uniform();
      let k = 0;
      while (k < 19 && u > poissonCdf1[k]!) k++;
      weights[pos] = k;
    }
    const st = stats(weights);
    for (let v = 0; v < nV; v++) for (let m = 0; m < METRICS.length; m++) reps[v]![m]![r] = st[v]![m]!;
  }
  a.onProgress?.(R, R);
  // Intervals from the replicates where the figure exists (a replicate can leave a cohort
  // with zero weight); null when it exists in none.
  const ci = (xs: Float64Array): readonly [number, number] | null => {
    const finite = xs.filter((x) => Number.isFinite(x));
    return finite.length === 0 ? null : [quantileR7(finite, 0.025), quantileR7(finite, 0.975)];
  };
  const interval = (v: number, m: number): VariantInterval => ({ estimate: fin(point[v]![m]!), ci95: ci(reps[v]![m]!) });
  const scaled = (v: number, m: number, f: (x: number) => number): VariantInterval => ({ estimate: fin(f(point[v]![m]!)), ci95: ci(reps[v]![m]!.map(f)) });

  const results: VariantResult[] = vs.map((spec, v) => {
    const size = cohorts[v]!.length;
    const perPractice = new Map<number, number>();
    for (const p of practicesWithPeople) perPractice.set(p, 0);
    for (const i of cohorts[v]!) perPractice.set(population.columns.practice[i]!, (perPractice.get(population.columns.practice[i]!) ?? 0) + 1);
    const loads = [...perPractice.values()];
    const cost = size * a.costPerPersonYear;
    const at = (effect: number) => {
      const admAv = scaled(v, 2, (x) => effect * x);
      const bedAv = scaled(v, 3, (x) => effect * x);
      // net cost needs both admissions and bed days from the same replicate
      const net = new Float64Array(R);
      const per = new Float64Array(R);
      for (let r = 0; r < R; r++) {
        const av = effect * reps[v]![2]![r]!;
        net[r] = cost - av * a.costPerAdmission - effect * reps[v]![3]![r]! * a.costPerBedDay;
        per[r] = av > 0 ? cost / av : Number.NaN;
      }
      const avPoint = effect * point[v]![2]!;
      return {
        admAv, bedAv,
        net: { estimate: fin(cost - avPoint * a.costPerAdmission - effect * point[v]![3]! * a.costPerBedDay), ci95: ci(net) },
        per: { estimate: avPoint > 0 ? fin(cost / avPoint) : null, ci95: ci(per) },
      };
    };
    const lo = at(a.effect[0]);
    const hi = at(a.effect[1]);
    const where = (...rest: (string | number)[]) => ({ path: ['variants', v, ...rest] });
    if (registered === 0) warnings.push(resultWarning('zero_denominator', `variant "${spec.name}": nobody is registered and alive on ${a.asOf}: per 1,000 registered and caseload per practice are null`, { ...where(), count: 0 }));
    if (size > 0 && !Number.isFinite(point[v]![1]!)) warnings.push(resultWarning('no_events', `variant "${spec.name}": nobody scored and eligible had an emergency admission in the horizon: sensitivity is null`, { ...where('sensitivity'), count: 0 }));
    if (size > 0 && !Number.isFinite(point[v]![6]!)) warnings.push(resultWarning('zero_denominator', `variant "${spec.name}": the cohort had no emergency admissions in the year before: the relative fall is null (the absolute fall is ${point[v]![5]!})`, { ...where('relativeFallNoIntervention'), count: 0 }));
    const noneAverted = [['low', lo.per.estimate, a.effect[0]], ['high', hi.per.estimate, a.effect[1]]].filter(([, e]) => e === null) as [string, null, number][];
    if (size > 0 && noneAverted.length > 0) {
      const sides = noneAverted.map(([side, , e]) => `${side} (${e})`).join(' and ');
      warnings.push(resultWarning('zero_denominator', `variant "${spec.name}": no admissions averted (or too few to divide by) at the ${sides} assumed effect${noneAverted.length > 1 ? 's' : ''}: cost per admission averted is null there`,
        where(...(noneAverted.length === 1 ? ['costPerAdmissionAverted', noneAverted[0]![0]] : ['costPerAdmissionAverted']))));
    }
    return Object.freeze({
      name: spec.name, cohortSize: size, excluded: Object.freeze(excludedBy[v]!),
      caseloadPerPractice: { mean: loads.length ? loads.reduce((s, x) => s + x, 0) / loads.length : null, min: loads.length ? Math.min(...loads) : null, max: loads.length ? Math.max(...loads) : null },
      per1000Registered: registered > 0 ? (1000 * size) / registered : null,
      ppv: interval(v, 0), sensitivity: interval(v, 1), admissions: interval(v, 2), bedDays: interval(v, 3), priorAdmissions: interval(v, 4),
      expectedFallNoIntervention: interval(v, 5), relativeFallNoIntervention: interval(v, 6),
      admissionsAverted: { low: lo.admAv, high: hi.admAv }, bedDaysAverted: { low: lo.bedAv, high: hi.bedAv },
      programmeCost: cost, netCost: { low: lo.net, high: hi.net }, costPerAdmissionAverted: { low: lo.per, high: hi.per },
    });
  });

  const differences: VariantDifference[] = [];
  const missing: string[] = [];
  for (let p = 0; p < nV; p++) {
    for (let q = p + 1; q < nV; q++) {
      METRICS.forEach((metric, m) => {
        const d = new Float64Array(R);
        for (let r = 0; r < R; r++) d[r] = reps[p]![m]![r]! - reps[q]![m]![r]!;
        const estimate = fin(point[p]![m]! - point[q]![m]!);
        if (estimate === null) missing.push(`${metric} (${vs[p]!.name} - ${vs[q]!.name})`);
        differences.push(Object.freeze({ a: vs[p]!.name, b: vs[q]!.name, metric, estimate, ci95: ci(d) }));
      });
    }
  }
  if (missing.length > 0) {
    warnings.push(resultWarning('zero_denominator', `differences of metrics that are null for a variant are null: ${missing.join(', ')}`, { path: ['differences'], count: missing.length, examples: missing.slice(0, 5) }));
  }

  // The published table: counts, and everything else computed from the published counts only.
  let allPeopleAdmitted = 0;
  for (let pos = 0; pos < nR; pos++) allPeopleAdmitted += countedHit[pos]!;
  const raw = results.map((r, v) => {
    let admitted = 0;
    for (const pos of members[v]!) admitted += hitR[pos]!;
    return {
      variant: r.name, registered, cohortSize: r.cohortSize, per1000Registered: null, peopleAdmitted: admitted, ppvPercent: null,
      allPeopleAdmitted, sensitivityPercent: null, admissions: Math.round(point[v]![2]!), bedDays: Math.round(point[v]![3]!),
      priorAdmissions: Math.round(point[v]![4]!), expectedFallNoIntervention: null, relativeFallNoInterventionPercent: null,
      admissionsAvertedLow: null, admissionsAvertedHigh: null, programmeCost: null, netCostLow: null, netCostHigh: null,
    };
  });
  const num = (p: Readonly<Record<string, unknown>>, k: string): number | null => (typeof p[k] === 'number' ? (p[k] as number) : null);
  const averted = (effect: number) => (p: Readonly<Record<string, unknown>>): number | null => {
    const adm = num(p, 'admissions');
    return adm === null ? null : effect * adm;
  };
  const netCost = (effect: number) => (p: Readonly<Record<string, unknown>>): number | null => {
    const size = num(p, 'cohortSize');
    const adm = num(p, 'admissions');
    const bed = num(p, 'bedDays');
    return size === null || adm === null || bed === null ? null : size * a.costPerPersonYear - effect * adm * a.costPerAdmission - effect * bed * a.costPerBedDay;
  };
  const { table, note } = publish(raw, a.suppression, {
    columns: ['registered', 'cohortSize', 'peopleAdmitted', 'allPeopleAdmitted', 'admissions', 'bedDays', 'priorAdmissions'],
    totals: 'none',
    derived: {
      per1000Registered: { from: 'cohortSize', over: 'registered', per: 1000, kind: 'rate' },
      ppvPercent: { from: 'peopleAdmitted', over: 'cohortSize', per: 100, kind: 'percent' },
      sensitivityPercent: { from: 'peopleAdmitted', over: 'allPeopleAdmitted', per: 100, kind: 'percent' },
      expectedFallNoIntervention: { compute: (p) => { const pr = num(p, 'priorAdmissions'); const ad = num(p, 'admissions'); return pr === null || ad === null ? null : pr - ad; }, kind: 'count' },
      relativeFallNoInterventionPercent: { compute: (p) => { const pr = num(p, 'priorAdmissions'); const ad = num(p, 'admissions'); return pr === null || ad === null || pr === 0 ? null : (100 * (pr - ad)) / pr; }, kind: 'percent' },
      admissionsAvertedLow: { compute: averted(a.effect[0]), kind: 'rate' },
      admissionsAvertedHigh: { compute: averted(a.effect[1]), kind: 'rate' },
      programmeCost: { compute: (p) => { const size = num(p, 'cohortSize'); return size === null ? null : size * a.costPerPersonYear; }, kind: 'money' },
      netCostLow: { compute: netCost(a.effect[0]), kind: 'money' },
      netCostHigh: { compute: netCost(a.effect[1]), kind: 'money' },
    },
  });
  const method =
    `Back-test as of ${a.asOf}: each variant's cohort, its outcomes over the horizon and its prior-year admissions; ` +
    `averted = effect (${a.effect[0]}-${a.effect[1]}) x the cohort's admissions and bed days; ${R} Poisson-bootstrap reps of people (seeded), percentile 95% intervals; pairwise differences use the same replicates.`;
  return Object.freeze({ variants: results, differences, table, suppression: note, method, warnings });
}
