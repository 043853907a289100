import { z } from 'zod';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, ageInYears, civilFromDay, formatDay, toDay } from '../core/dates.js';
import { createRng } from '../core/rng.js';
import { isEligible, type Population } from '../core/population.js';
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

const DateLike = z.union([z.number().int(), z.string(), z.date()]);

/** Options of {@link evaluateIntervention}. */
export const InterventionOptions = z.object({
  population: z.custom<Population>((v) => typeof v === 'object' && v !== null && 'columns' in v && 'activity' in v, { message: 'expected a Population' }),
  /** The case-managed people and the day each started (staggered starts allowed). `practice` overrides the cluster. */
  treated: z.array(z.object({ id: z.string(), start: DateLike, practice: z.string().optional() })).min(1),
  /** Ids (strings) or population rows (numbers) that may serve as controls; default everyone not in `treated`. Treated people are never controls. */
  pool: z.array(z.union([z.string(), z.number().int().min(0)])).optional(),
  predictedRisk: z.custom<PredictedRisk>((v) => typeof v === 'function' || (typeof v === 'object' && v !== null), { message: 'expected a function (row, day) => risk or a record of arrays by yyyy-mm' }),
  /** Covariates reported in the balance table (risk logit is always included). */
  covariates: z.array(z.enum(MATCH_COVARIATES)).default(['age', 'female', 'imdDecile', 'conditions', 'priorEmergency', 'priorBedDays']),
  exact: z.array(z.enum(EXACT_FIELDS)).default([]),
  /**
   * Covariates added to the matching distance: among candidates within the risk caliper the
   * nearest by the sum of squared standardised differences over the risk logit and these
   * (each divided by its pooled SD). Default `['priorEmergency']`: programmes pick people for
   * high past use, and people with the same predicted risk but more admissions last year fall
   * back further, so matching on risk alone leaves regression to the mean in the DiD (in our
   * simulations it doubled a true 15% effect). `[]`: nearest on the risk logit alone.
   */
  matchCovariates: z.array(z.enum(MATCH_COVARIATES)).default(['priorEmergency']),
  /** Caliper on the logit of predicted risk, in pooled standard deviations. */
  caliper: z.number().positive().default(0.2),
  /** Controls per treated person (k:1). Fewer are kept when fewer fall within the caliper. */
  ratio: z.number().int().min(1).default(1),
  replacement: z.boolean().default(false),
  /** Months before the start (the before window). */
  before: z.number().int().min(1).default(12),
  /** Months from the start (the after window). */
  after: z.number().int().min(1).default(12),
  avoidableDiagnoses: z.array(z.string()).optional(),
  seed: z.union([z.number(), z.string()]).default(1),
  bootstrap: z.number().int().min(20).default(1000),
  /** Small-number rule for the published `table`, or `false` for internal use only. */
  suppression: z.union([z.literal(false), z.custom<SuppressionRule>((v) => typeof v === 'object' && v !== null)]).default({}),
  /** Called as `onProgress(done, total)` every 50 bootstrap replicates and at the end. */
  onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' }).optional(),
});
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
  readonly smdBefore: number;
  readonly smdAfter: number;
  /** |smdAfter| > 0.1. */
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
  /** Difference in differences: (treated after - before) - (controls after - before). Negative = fewer. */
  readonly did: Interval;
  /** DiD relative to the treated group's expected after-value without the intervention (treatedBefore + controlChange). */
  readonly relative: Interval;
  /** The case-managed group's own change (what a before/after comparison reports). */
  readonly naiveBeforeAfter: Interval;
  /** The matched controls' change. */
  readonly controlChange: Interval;
  /** The part of the naive change explained by regression to the mean (= the controls' change). */
  readonly regressionToMean: number;
  /** Smallest absolute DiD detectable at 80% power, two-sided alpha 0.05: (1.959964 + 0.841621) x bootstrap SE. */
  readonly minimumDetectableEffect: number;
  /** The same relative to the expected after-value. */
  readonly minimumDetectableRelative: number;
  /** Bootstrap replicates of the DiD (for {@link compareArms}). */
  readonly bootstrapDid: Float64Array;
  readonly bootstrapRelative: Float64Array;
}

/** The result of {@link evaluateIntervention}. */
export interface InterventionResult {
  readonly matched: readonly MatchedSet[];
  readonly unmatched: { readonly count: number; readonly ids: readonly string[]; readonly reasons: readonly string[] };
  readonly controlsUsed: number;
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
    readonly byOutcome: Readonly<Record<InterventionOutcome, { readonly absolute: number; readonly relative: number }>>;
  };
  readonly clusters: number;
  readonly bootstrapReps: number;
  /** Counts and effects as a publishable table, after small-number suppression (unless opted out). */
  readonly table: ReadonlyArray<Record<string, unknown>>;
  readonly suppression: SuppressionNote | null;
  readonly method: string;
  readonly warnings: readonly string[];
}

const FN = 'evaluateIntervention';
const Z_ALPHA = normalQuantile(0.975);
const Z_POWER = normalQuantile(0.8);

function ageBand(age: number): number {
  return age < 18 ? 0 : age < 45 ? 1 : age < 65 ? 2 : age < 75 ? 3 : age < 85 ? 4 : 5;
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
 * contaminated later). Treated people not eligible on their start date or without a control
 * in the caliper are listed as unmatched.
 *
 * Outcomes: per person, counts in the `before` months before the start and the `after`
 * months from it: emergency admissions, avoidable (ACSC) emergency admissions, bed days of
 * emergency admissions (by admission date) and A&E attendances. Not adjusted for time at
 * risk (deaths and leavers count as zero after they go, in both groups).
 *
 * Effects: per matched set d = (T_after - T_before) - mean over its controls (C_after -
 * C_before); DiD = mean d. Intervals: cluster bootstrap by the treated person's practice
 * (practices resampled with replacement with all their matched sets, `bootstrap` reps,
 * seeded), percentile 2.5% and 97.5% (R-7). Minimum detectable effect at 80% power, alpha
 * 0.05 two-sided: MDE = (z_0.975 + z_0.80) x SE = 2.8016 x the bootstrap SD of the DiD.
 * Balance: SMD = (mean_T - mean_C) / sqrt((var_T + var_C) / 2), before (treated vs every
 * eligible pool person on each start date, weighted so each start date counts as its treated
 * people) and after (treated vs matched controls, each control weighted 1 / its set's size).
 * O(pool x distinct start dates + events + bootstrap x practices).
 *
 * @param options - see {@link InterventionOptions}.
 * @returns matched sets, unmatched people, balance, effects per outcome, a suppressed table.
 * @throws RiskStratifyError `invalid_options` for bad options, an unknown or repeated treated
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
  const warnings: string[] = [];

  // Treated people.
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
    tRow.push(i);
    tStart.push(day);
    tCluster.push(t.practice ?? pop.practices[c.practice[i]!]!);
  });
  // Pool.
  let poolRows: number[];
  if (o.pool) {
    poolRows = [];
    o.pool.forEach((id, k) => {
      const i = typeof id === 'number' ? (id < pop.size ? id : -1) : pop.indexOf(id);
      if (i < 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'pool', k], value: id, message: 'not an id or row of the population' });
      if (!isTreated[i]) poolRows.push(i);
    });
  } else {
    poolRows = [];
    for (let i = 0; i < pop.size; i++) if (!isTreated[i]) poolRows.push(i);
  }

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
  const tB = new Float64Array(nS * nO);
  const tA = new Float64Array(nS * nO);
  const cB = new Float64Array(nS * nO);
  const cA = new Float64Array(nS * nO);
  let lastEvent = -Infinity;
  for (let j = 0; j < pop.activity.date.length; j++) if (pop.activity.date[j]! > lastEvent) lastEvent = pop.activity.date[j]!;
  let beyond = 0;
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
    addEventTime(tRow[s.t]!, day, etT, 1 / sets.length);
    for (const ctl of s.controls) addEventTime(ctl.row, day, etC, 1 / (sets.length * s.controls.length));
    const b0 = addMonths(day, -o.before);
    const a1 = addMonths(day, o.after);
    if (a1 - 1 > lastEvent) beyond++;
    const tb = pick(windowCounts(pop, tRow[s.t]!, b0, day, flags, wc));
    const ta = pick(windowCounts(pop, tRow[s.t]!, day, a1, flags, wc));
    for (let q = 0; q < nO; q++) {
      tB[k * nO + q] = tb[q]!;
      tA[k * nO + q] = ta[q]!;
    }
    for (const ctl of s.controls) {
      const cb = pick(windowCounts(pop, ctl.row, b0, day, flags, wc));
      const ca = pick(windowCounts(pop, ctl.row, day, a1, flags, wc));
      for (let q = 0; q < nO; q++) {
        cB[k * nO + q]! += cb[q]! / s.controls.length;
        cA[k * nO + q]! += ca[q]! / s.controls.length;
      }
    }
  });
  if (beyond > 0) warnings.push(`${beyond} matched set(s) have an after window ending after the last recorded event (${formatDay(lastEvent)}): their after counts may be incomplete (equally in both groups)`);

  // Cluster sums: per cluster, per outcome, sums of tB, tA, cB, cA; and set count.
  const clusterNames = [...new Set(sets.map((s) => tCluster[s.t]!))].sort();
  const clusterIndex = new Map(clusterNames.map((n, k) => [n, k]));
  const nC = clusterNames.length;
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
  if (nC < 10) warnings.push(`only ${nC} practice cluster(s): cluster-bootstrap intervals are unreliable with fewer than about 10 clusters`);

  const R = o.bootstrap;
  const bootRng = rng.fork(1);
  const bootDid = Array.from({ length: nO }, () => new Float64Array(R));
  const bootRel = Array.from({ length: nO }, () => new Float64Array(R));
  const bootNaive = Array.from({ length: nO }, () => new Float64Array(R));
  const bootCtl = Array.from({ length: nO }, () => new Float64Array(R));
  const acc = new Float64Array(nO * 4);
  for (let rep = 0; rep < R; rep++) {
    if (o.onProgress && rep % 50 === 0) o.onProgress(rep, R);
    acc.fill(0);
    let n = 0;
    for (let k = 0; k < nC; k++) {
      const g = bootRng.int(nC);
      n += counts[g]!;
      for (let x = 0; x < nO * 4; x++) acc[x]! += sums[g * nO * 4 + x]!;
    }
    for (let q = 0; q < nO; q++) {
      const [b, a, cb, ca] = [acc[q * 4]! / n, acc[q * 4 + 1]! / n, acc[q * 4 + 2]! / n, acc[q * 4 + 3]! / n];
      bootNaive[q]![rep] = a - b;
      bootCtl[q]![rep] = ca - cb;
      bootDid[q]![rep] = a - b - (ca - cb);
      bootRel[q]![rep] = (a - b - (ca - cb)) / (b + ca - cb);
    }
  }
  o.onProgress?.(R, R);
  const ci = (xs: Float64Array): readonly [number, number] => [quantileR7(xs, 0.025), quantileR7(xs, 0.975)];
  const effects = {} as Record<InterventionOutcome, OutcomeEffect>;
  INTERVENTION_OUTCOMES.forEach((name, q) => {
    const col = (arr: Float64Array): number[] => Array.from({ length: nS }, (_, k) => arr[k * nO + q]!);
    const [b, a, cb, ca] = [mean(col(tB)), mean(col(tA)), mean(col(cB)), mean(col(cA))];
    const did = a - b - (ca - cb);
    const expected = b + (ca - cb);
    const se = Math.sqrt(sampleVariance(bootDid[q]!));
    const mde = (Z_ALPHA + Z_POWER) * se;
    effects[name] = Object.freeze({
      outcome: name, treatedBefore: b, treatedAfter: a, controlBefore: cb, controlAfter: ca,
      did: { estimate: did, ci95: ci(bootDid[q]!) },
      relative: { estimate: did / expected, ci95: ci(bootRel[q]!) },
      naiveBeforeAfter: { estimate: a - b, ci95: ci(bootNaive[q]!) },
      controlChange: { estimate: ca - cb, ci95: ci(bootCtl[q]!) },
      regressionToMean: ca - cb,
      minimumDetectableEffect: mde,
      minimumDetectableRelative: mde / Math.abs(expected),
      bootstrapDid: bootDid[q]!,
      bootstrapRelative: bootRel[q]!,
    });
  });

  const power = Object.freeze({
    alpha: 0.05 as const,
    power: 0.8 as const,
    formula: 'MDE = (z_0.975 + z_0.80) x SE = 2.8016 x SD of the cluster-bootstrap DiD replicates; relative = MDE / (treated before + control change)',
    byOutcome: Object.fromEntries(INTERVENTION_OUTCOMES.map((name) => [name, { absolute: effects[name].minimumDetectableEffect, relative: effects[name].minimumDetectableRelative }])) as Record<InterventionOutcome, { absolute: number; relative: number }>,
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
    return Object.freeze({
      covariate: name, treatedMean: mean(tvm), poolMean: weightedMean(pv, poolW), matchedControlMean: weightedMean(mv, mW),
      smdBefore: before, smdAfter: after, imbalanced: Math.abs(after) > 0.1,
    });
  });
  const badBalance = balance.filter((b) => b.imbalanced).map((b) => b.covariate);
  if (badBalance.length > 0) warnings.push(`after matching |SMD| > 0.1 for: ${badBalance.join(', ')}`);

  const matched: MatchedSet[] = sets.map((s) =>
    Object.freeze({
      treatedId: pop.ids[tRow[s.t]!]!, controlIds: s.controls.map((x) => pop.ids[x.row]!), start: formatDay(tStart[s.t]!),
      cluster: tCluster[s.t]!, treatedRisk: tRisk[s.t]!, controlRisks: s.controls.map((x) => x.risk),
    }),
  );
  const controlsUsed = new Set(sets.flatMap((s) => s.controls.map((x) => x.row))).size;
  const rawTable = INTERVENTION_OUTCOMES.map((name) => {
    const e = effects[name];
    return {
      outcome: name, treated: nS, controls: controlsUsed, unmatched: unmatchedIds.length,
      treatedBefore: e.treatedBefore, treatedAfter: e.treatedAfter, controlBefore: e.controlBefore, controlAfter: e.controlAfter,
      naiveChange: e.naiveBeforeAfter.estimate, regressionToMean: e.regressionToMean, did: e.did.estimate,
      didLower: e.did.ci95[0], didUpper: e.did.ci95[1], relative: e.relative.estimate, minimumDetectableEffect: e.minimumDetectableEffect,
    };
  });
  const { table, note } = publish(rawTable, o.suppression, ['treated', 'controls', 'unmatched']);
  const method =
    `Greedy ${o.ratio}:1 nearest-neighbour matching on logit(predicted risk) ${o.replacement ? 'with' : 'without'} replacement, caliper ${o.caliper} SD = ${caliper.toFixed(4)}` +
    (o.exact.length ? `, exact on ${o.exact.join(', ')}` : '') +
    `; difference in differences over ${o.before} months before and ${o.after} months from each start; ${R} cluster-bootstrap reps by practice (${nC} clusters), percentile 95% intervals; MDE = 2.8016 x bootstrap SE.`;
  return Object.freeze({
    matched, unmatched: Object.freeze({ count: unmatchedIds.length, ids: unmatchedIds, reasons: unmatchedReasons }), controlsUsed,
    caliperLogit: caliper, balance, effects, eventTime, power, clusters: nC, bootstrapReps: R, table, suppression: note, method, warnings,
  });
}
