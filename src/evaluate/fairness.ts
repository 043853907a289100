import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, setOwn } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { ageInYears, toDay } from '../core/dates.js';
import { SEX_LEVELS, type Population } from '../core/population.js';
import { Z_975 } from '../core/normal.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { cohortSize } from '../cohort/cohort-size.js';
import type { SuppressionNote, SuppressionRule } from '../compare/suppress-small-numbers.js';
import { publish } from '../compare/internal/publish.js';
import { publishedNumber } from '../compare/published-number.js';
import { auroc } from './auroc.js';
import { checkScores } from './delong.js';
import { argsortAscending } from './argsort.js';
import { nhsEthnicGroup } from './nhs-ethnic-group.js';
import { observedExpected, type ObservedExpected } from './observed-expected.js';

const FN = 'evaluateFairness';

/** The built-in evaluation groups of {@link evaluateFairness}, in the order they are reported. */
export const FAIRNESS_GROUPS = Object.freeze(['ageBand', 'sex', 'deprivation', 'ethnicity', 'practice'] as const);
/** One of {@link FAIRNESS_GROUPS}. */
export type FairnessGroup = (typeof FAIRNESS_GROUPS)[number];

/** Levels of need for the equal-need check: observed next-year emergency admissions. */
export const NEED_LEVELS = Object.freeze(['0', '1', '2', '3+'] as const);

const arrayLike = (message: string) =>
  z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), { message });

/**
 * Options of {@link evaluateFairness}.
 * - `rows`: the population row of each score (`features.rows` of the matrix that was scored).
 *   Default: `outcomes.rows` when there are as many scores, else the population's rows when
 *   there is one score per person.
 * - `cohort`: who was selected (a `selectCohort` result, or anything with `selected.rows`).
 *   Without it, the top `topPercent`% (default 2) of the people evaluated by score, k =
 *   ceil(p/100 · n), ties broken by id as `selectCohort` does.
 * - `groups`: which built-in groups to report (default all of {@link FAIRNESS_GROUPS});
 *   `extraGroups`: more groups by name, one label per score.
 * - `adultsOnly`: evaluate adults (18+ at `asOf`) only; default: as the cohort was drawn.
 * - `asOf`: the day ages are taken on; default the outcomes' as-of date.
 * - `minGroupSize` (default 100): a group with fewer people gets a `group_too_small` warning
 *   and no figures, only its count of people.
 * - `suppression`: the small-number rule for the published table (default: NHS hospital
 *   statistics, 1–7 suppressed, the rest rounded to 5), or `false` for no published table.
 */
export const FairnessOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    rows: z.optional(arrayLike('expected an array of population rows, one per score (features.rows)')),
    cohort: z.optional(z.custom<{ readonly selected: { readonly rows: ArrayLike<number> }; readonly options?: { readonly adultsOnly?: boolean } }>(
      (v) => typeof v === 'object' && v !== null && typeof (v as { selected?: unknown }).selected === 'object', { message: 'expected a Cohort (selectCohort(...))' },
    )),
    topPercent: z._default(z.number().check(z.gt(0), z.lte(100)), 2),
    groups: z._default(z.array(z.enum(FAIRNESS_GROUPS)), [...FAIRNESS_GROUPS]),
    extraGroups: z._default(ownRecord(z.custom<ArrayLike<string | number>>((v) => Array.isArray(v) || ArrayBuffer.isView(v), { message: 'expected one label per score' }), 'labels by group name'), {}),
    adultsOnly: z.optional(z.boolean()),
    asOf: z.optional(z.union([z.number().check(z.int()), z.string(), z.date()])),
    minGroupSize: z._default(z.number().check(z.int(), z.gte(1)), 100),
    suppression: z.optional(z.union([z.custom<SuppressionRule>((v) => typeof v === 'object' && v !== null, { message: 'expected a SuppressionRule or false' }), z.literal(false)])),
  })).shape));
/** Input type of {@link FairnessOptions}. */
export type FairnessOptions = z.input<typeof FairnessOptions>;

/** What {@link evaluateFairness} reads from the outcomes: `buildOutcomes(...)` has all of it. */
export interface FairnessOutcomes {
  /** Population row of each outcome. */
  readonly rows: ArrayLike<number>;
  /** 1 when the person had at least one emergency admission in the window. */
  readonly emergencyAdmission: ArrayLike<number>;
  /** Emergency admissions in the window. */
  readonly emergencyAdmissions: ArrayLike<number>;
  /** 0 for people the censoring policy excluded. */
  readonly included?: ArrayLike<number>;
  /** The as-of day of the outcome window. */
  readonly asOf?: number;
}

/** One level of need: the group against everyone else with the same observed next-year admissions. */
export interface NeedStratum {
  /** Observed next-year emergency admissions: `'0'`, `'1'`, `'2'` or `'3+'`. */
  readonly need: (typeof NEED_LEVELS)[number];
  readonly people: number;
  readonly selected: number;
  /** selected / people (null when nobody). */
  readonly rate: number | null;
  readonly othersPeople: number;
  readonly othersSelected: number;
  readonly othersRate: number | null;
}

/**
 * The Obermeyer-style check: is the group selected less than everyone else at the same
 * level of need? `ratio` is the Mantel-Haenszel risk ratio of selection (group vs everyone
 * else) across the need strata, with Greenland-Robins 95% interval.
 */
export interface EqualNeed {
  readonly strata: readonly NeedStratum[];
  /** Selections expected in the group had it been selected at everyone else's rate in each stratum. */
  readonly expectedSelected: number;
  /** Mantel-Haenszel ratio; 0 when the group has no one selected; null when nobody else is selected. */
  readonly ratio: number | null;
  /** 95% interval (null when the ratio is 0 or null). */
  readonly ci: readonly [number, number] | null;
  /** The ratio is significantly below 1: its interval lies below 1 (with no one selected: P(0 | expected) < 0.025). */
  readonly belowOne: boolean;
}

/** Figures for one level of one evaluation group. */
export interface FairnessLevel {
  readonly level: string;
  readonly people: number;
  /**
   * Fewer than `minGroupSize` people (a `group_too_small` warning): the counts are kept
   * (published only through suppression) and every share, rate and statistic is null.
   */
  readonly tooSmall: boolean;
  readonly selected: number;
  readonly selectedShare: number | null;
  /** People with at least one next-year emergency admission. */
  readonly events: number;
  /** Next-year emergency admissions of the group. */
  readonly admissions: number;
  /** Events among the selected (people selected who had an emergency admission). */
  readonly selectedEvents: number;
  /** The group's share of all next-year emergency admissions of the people evaluated. */
  readonly admissionsShare: number | null;
  /** The group's share of everyone selected (compare with `admissionsShare`: its share of the need). */
  readonly cohortShare: number | null;
  /** Events among the selected / selected (null when nobody of the group is selected). */
  readonly ppv: number | null;
  readonly auroc: number | null;
  readonly aurocCI: readonly [number, number] | null;
  /** Calibration-in-the-large: people with an event / sum of predicted risks, Byar 95% interval. */
  readonly observedExpected: ObservedExpected | null;
  readonly equalNeed: EqualNeed | null;
  /**
   * The flag: selected less than everyone else at equal need (`equalNeed.belowOne`) **and**
   * under-predicted (observed/expected interval above 1): at the same score the group has
   * more admissions than the score says, the signature of a score that leans on recorded use
   * (Obermeyer et al. 2019). When scores are not probabilities, `equalNeed.belowOne` alone.
   */
  readonly underSelected: boolean;
}

/** The result of {@link evaluateFairness}. */
export interface FairnessEvaluation {
  /** People evaluated (scored, with an outcome, not opted out, adults when the cohort is). */
  readonly people: number;
  readonly selected: number;
  /** How the selection was made: the cohort given, or the top p% of scores. */
  readonly selection: string;
  /** The same figures for everyone evaluated (no equal-need check). */
  readonly overall: FairnessLevel;
  /** Per group, its levels in sorted order. */
  readonly groups: Readonly<Record<string, readonly FairnessLevel[]>>;
  /** Groups selected significantly less at equal need (also `under_selected_at_equal_need` warnings). */
  readonly underSelected: readonly { readonly group: string; readonly level: string; readonly ratio: number; readonly ci: readonly [number, number] | null }[];
  /**
   * The table to publish: one row per group level and a total row (`level: 'all'`) per group,
   * counts suppressed and rounded by `options.suppression`, percentages from the published
   * counts, and every statistic shown as the marker when a count it rests on is suppressed.
   * Null with `suppression: false`.
   */
  readonly published: { readonly rows: ReadonlyArray<Record<string, unknown>>; readonly note: SuppressionNote | null } | null;
  /** The definitions used, in words. */
  readonly method: string;
  /** `group_too_small`, `under_selected_at_equal_need`, `not_probabilities`, `insufficient_data` (people left out) and others from AUROC. */
  readonly warnings: readonly ResultWarning[];
}

function ageBand(age: number): string {
  return age < 18 ? '0-17' : age < 45 ? '18-44' : age < 65 ? '45-64' : age < 75 ? '65-74' : age < 85 ? '75-84' : '85+';
}

/** Mantel-Haenszel risk ratio with the Greenland-Robins variance of its log. */
function equalNeed(strata: NeedStratum[]): EqualNeed {
  let r = 0;
  let s = 0;
  let v = 0;
  let expected = 0;
  let selected = 0;
  for (const t of strata) {
    const n1 = t.people;
    const n0 = t.othersPeople;
    const N = n1 + n0;
    if (n1 === 0 || n0 === 0) continue;
    const a = t.selected;
    const b = t.othersSelected;
    r += (a * n0) / N;
    s += (b * n1) / N;
    v += (n1 * n0 * (a + b) - a * b * N) / (N * N);
    expected += (n1 * b) / n0;
    selected += a;
  }
  if (!(s > 0)) return { strata, expectedSelected: expected, ratio: null, ci: null, belowOne: false };
  if (!(r > 0)) {
    // Nobody of the group selected: under-selected when 0 is improbable at everyone else's rates.
    return { strata, expectedSelected: expected, ratio: 0, ci: null, belowOne: selected === 0 && Math.exp(-expected) < 0.025 };
  }
  const ratio = r / s;
  const se = Math.sqrt(v / (r * s));
  const ci: readonly [number, number] = [ratio * Math.exp(-Z_975 * se), ratio * Math.exp(Z_975 * se)];
  return { strata, expectedSelected: expected, ratio, ci, belowOne: ci[1] < 1 };
}

/**
 * Fairness of a risk score and the cohort drawn from it, by evaluation group: who is
 * selected, whether the score discriminates and is calibrated equally well in each group,
 * and whether a group is selected less than others **at the same level of need** (Obermeyer
 * et al. 2019: a model that predicts use, not need, under-selects groups whose need is
 * recorded less).
 *
 * Groups (default all): `ageBand` (0-17, 18-44, 45-64, 65-74, 75-84, 85+ at `asOf`), `sex`,
 * `deprivation` (IMD quintile 1 most deprived .. 5, from the decile; `unknown`), `ethnicity`
 * (the loaded column grouped by {@link nhsEthnicGroup} into the NHS's five high-level groups,
 * "Not stated or not known" its own group, unrecognised values `Unrecognised`) and
 * `practice`. For each level:
 * - **people**, **selected** and **selectedShare** (selected / people);
 * - **events** (people with ≥ 1 emergency admission in the outcome window), **admissions**
 *   and **admissionsShare** (the level's share of all those admissions), against
 *   **cohortShare** (its share of everyone selected);
 * - **ppv**: events among the selected / selected;
 * - **auroc** with its DeLong 95% interval ({@link auroc});
 * - **observedExpected**: calibration-in-the-large, events / Σ predicted risk, with Byar's
 *   95% interval (scores must be probabilities, else null with `not_probabilities`);
 * - **equalNeed**: people split by observed next-year emergency admissions (0, 1, 2, 3+);
 *   in each stratum the level's selection rate against everyone else's; summarised by the
 *   Mantel-Haenszel risk ratio with its Greenland-Robins 95% interval (`belowOne` when the
 *   interval lies below 1).
 * - **underSelected**, the flag: `belowOne` **and** the group's observed/expected interval
 *   above 1. A ratio below 1 alone is not evidence of bias: the strata measure need coarsely,
 *   and a group whose members carry less risk within a stratum (younger, fewer conditions,
 *   less deprived) is rightly selected less by a calibrated score (a calibrated score cannot
 *   also give equal selection rates at equal observed outcome to groups with different risk
 *   profiles: Kleinberg et al. 2016, Chouldechova 2017). What Obermeyer et al. found was both:
 *   at equal need selected less, and at equal score more need (the score under-predicts the
 *   group). A flagged level is listed in `underSelected` with an
 *   `under_selected_at_equal_need` warning. With many levels (practices) an interval misses
 *   by chance about 1 time in 40 on each side; read a flag with its figures.
 *
 * Who is evaluated: people with a score and an outcome (rows joined by population row, so
 * scores in `features.rows` order and outcomes in theirs can be passed as they come), not
 * opted out (never selectable), and adults only when the cohort was drawn from adults (or
 * `adultsOnly`). People left out are counted in an `insufficient_data` warning.
 *
 * Small groups: a level with fewer than `minGroupSize` people has every figure null and
 * is named in a `group_too_small` warning. The published table (`published`) goes through
 * the library's small-number suppression (`suppressSmallNumbers`, with each group's levels
 * adding up to its total row); a statistic whose counts are suppressed is shown as the
 * marker.
 *
 * O(n log n) for the top-p% selection, O(n) per group plus the AUROC's O(n) radix sorts.
 *
 * @param population - The population the scores and outcomes refer to.
 * @param scores - Predicted risks as `model.score(features)` returned them (one per row of
 *   the scored matrix; pass `options.rows = features.rows` unless they are in the outcomes'
 *   row order).
 * @param outcomes - `buildOutcomes(population, { asOf, rows: features.rows })` (or any
 *   {@link FairnessOutcomes}).
 * @param options - {@link FairnessOptions}.
 * @returns A {@link FairnessEvaluation}.
 * @throws RiskStratifyError `length_mismatch` when the scores cannot be matched to rows (the
 *   message says to pass `rows: features.rows`), `invalid_input` for a row outside the
 *   population or a non-0/1 outcome, `non_finite` for a NaN score, `invalid_options`.
 * @example
 * const { population } = generatePopulation({ size: 3000, seed: 1 });
 * const features = buildFeatures(population, { asOf: '2023-03-31' });
 * const outcomes = buildOutcomes(population, { asOf: '2023-03-31', rows: features.rows });
 * const model = fitRiskModel(features, outcomes.emergencyAdmission);
 * const f = evaluateFairness(population, model.score(features), outcomes, { rows: features.rows, topPercent: 5 });
 * f.groups.ethnicity.map((g) => g.level); // => ['Asian or Asian British', 'Black or Black British', 'Mixed', 'Not stated or not known', 'Other', 'White']
 */
export function evaluateFairness(population: Population, scores: ArrayLike<number>, outcomes: FairnessOutcomes, options: FairnessOptions = {}): FairnessEvaluation {
  checkScores(FN, 'scores', scores);
  const o = parseOptions(FN, FairnessOptions, options);
  if (outcomes === null || typeof outcomes !== 'object' || outcomes.rows === undefined || outcomes.emergencyAdmission === undefined || outcomes.emergencyAdmissions === undefined) {
    fail({ fn: FN, code: 'invalid_argument', path: ['outcomes'], value: outcomes, message: 'expected the Outcomes of buildOutcomes (rows, emergencyAdmission, emergencyAdmissions)' });
  }
  const size = population.size;
  const n = scores.length;
  const oRows = outcomes.rows;
  let rows: ArrayLike<number>;
  if (o.rows !== undefined) rows = o.rows;
  else if (n === oRows.length) rows = oRows;
  else if (n === size) rows = Uint32Array.from({ length: size }, (_, i) => i);
  else {
    return fail({ fn: FN, code: 'length_mismatch', path: ['scores'], value: n, message: `there are ${n} scores, ${oRows.length} outcomes and ${size} people; pass options.rows (features.rows of the matrix that was scored) to match scores to people` });
  }
  if (rows.length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['options', 'rows'], value: rows.length, message: `rows has ${rows.length} entries but there are ${n} scores` });
  // Outcome index of each population row.
  const outcomeOf = new Int32Array(size).fill(-1);
  for (let j = 0; j < oRows.length; j++) {
    const r = oRows[j]!;
    if (!(Number.isInteger(r) && r >= 0 && r < size)) fail({ fn: FN, code: 'invalid_input', path: ['outcomes', 'rows', j], value: r, message: 'not a population row' });
    const y = outcomes.emergencyAdmission[j];
    if (y !== 0 && y !== 1) fail({ fn: FN, code: 'invalid_input', path: ['outcomes', 'emergencyAdmission', j], value: y, message: 'outcome is not 0 or 1' });
    if (outcomes.included === undefined || outcomes.included[j] === 1) outcomeOf[r] = j;
  }
  const asOfDay = o.asOf !== undefined ? toDay(o.asOf) : outcomes.asOf;
  if (asOfDay === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'give asOf (the day ages are taken on) when the outcomes do not carry one' });
  const adultsOnly = o.adultsOnly ?? o.cohort?.options?.adultsOnly ?? false;
  const c = population.columns;

  // The people evaluated: score index s, population row, outcome index.
  const keep: number[] = [];
  let noOutcome = 0;
  let optedOut = 0;
  let children = 0;
  for (let s = 0; s < n; s++) {
    const r = rows[s]!;
    if (!(Number.isInteger(r) && r >= 0 && r < size)) fail({ fn: FN, code: 'invalid_input', path: ['options', 'rows', s], value: r, message: 'not a population row' });
    if (outcomeOf[r]! < 0) noOutcome++;
    else if (c.optedOut[r] === 1) optedOut++;
    else if (adultsOnly && ageInYears(c.birthDate[r]!, asOfDay) < 18) children++;
    else keep.push(s);
  }
  const warnings: ResultWarning[] = [];
  const left = noOutcome + optedOut + children;
  if (left > 0) {
    const parts = [noOutcome > 0 ? `${noOutcome} with no outcome (not in outcomes.rows, or excluded by its censoring)` : '', optedOut > 0 ? `${optedOut} opted out (never selectable)` : '', children > 0 ? `${children} children (the cohort is adults only)` : ''].filter(Boolean);
    warnings.push(resultWarning('insufficient_data', `${left} scored people are not evaluated: ${parts.join(', ')}`, { path: ['people'], count: left }));
  }
  const m = keep.length;
  const sc = new Float64Array(m);
  const pr = new Uint32Array(m);
  const y = new Uint8Array(m);
  const adm = new Float64Array(m);
  const need = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const s = keep[i]!;
    const r = rows[s]!;
    const j = outcomeOf[r]!;
    sc[i] = scores[s]!;
    pr[i] = r;
    y[i] = outcomes.emergencyAdmission[j]!;
    adm[i] = outcomes.emergencyAdmissions[j]!;
    need[i] = Math.min(3, adm[i]!);
  }

  // Who is selected.
  const sel = new Uint8Array(m);
  let selection: string;
  if (o.cohort) {
    const isSel = new Uint8Array(size);
    const cr = o.cohort.selected.rows;
    for (let k = 0; k < cr.length; k++) isSel[cr[k]!] = 1;
    for (let i = 0; i < m; i++) sel[i] = isSel[pr[i]!]!;
    selection = 'the cohort given';
  } else {
    const k = m > 0 ? cohortSize(o.topPercent, m) : 0;
    const ids = population.ids;
    // Highest score first (an O(n) radix argsort, reversed), then ids compared only within tied scores.
    const order = argsortAscending(sc).reverse();
    const byId = (x: number, y: number): number => (ids[pr[x]!]! < ids[pr[y]!]! ? -1 : ids[pr[x]!]! > ids[pr[y]!]! ? 1 : 0);
    for (let lo = 0; lo < Math.min(k, m); ) {
      let hi = lo + 1;
      while (hi < m && sc[order[hi]!] === sc[order[lo]!]) hi++;
      if (hi - lo > 1) order.subarray(lo, hi).sort(byId);
      lo = hi;
    }
    for (let j = 0; j < k; j++) sel[order[j]!] = 1;
    selection = `the top ${o.topPercent}% of the people evaluated by score (k = ceil(${o.topPercent}/100 x ${m}) = ${k}), ties broken by id`;
  }
  let isProbability = true;
  for (let i = 0; i < m && isProbability; i++) if (!(sc[i]! >= 0 && sc[i]! <= 1)) isProbability = false;
  if (!isProbability) warnings.push(resultWarning('not_probabilities', 'scores are not all in [0, 1]: calibration-in-the-large (observed/expected) is null in every group'));
  let totalAdmissions = 0;
  for (let i = 0; i < m; i++) totalAdmissions += adm[i]!;

  let selectedTotal = 0;
  for (let i = 0; i < m; i++) selectedTotal += sel[i]!;
  // Totals per need stratum, for "everyone else".
  const needPeople = new Float64Array(4);
  const needSelected = new Float64Array(4);
  for (let i = 0; i < m; i++) {
    needPeople[need[i]!]!++;
    needSelected[need[i]!]! += sel[i]!;
  }

  const levelFigures = (label: string, idx: readonly number[], withNeed: boolean, path: readonly string[]): FairnessLevel => {
    const people = idx.length;
    const tooSmall = withNeed && people < o.minGroupSize;
    let selected = 0;
    let events = 0;
    let selEvents = 0;
    let admissions = 0;
    let expected = 0;
    const gp = new Float64Array(4);
    const gs = new Float64Array(4);
    for (const i of idx) {
      selected += sel[i]!;
      events += y[i]!;
      selEvents += sel[i]! * y[i]!;
      admissions += adm[i]!;
      expected += sc[i]!;
      gp[need[i]!]!++;
      gs[need[i]!]! += sel[i]!;
    }
    if (tooSmall) {
      return { level: label, people, tooSmall, selected, events, admissions, selectedEvents: selEvents, selectedShare: null, admissionsShare: null, cohortShare: null, ppv: null, auroc: null, aurocCI: null, observedExpected: null, equalNeed: null, underSelected: false };
    }
    const gs2 = new Float64Array(people);
    const gy = new Uint8Array(people);
    for (let k = 0; k < people; k++) {
      gs2[k] = sc[idx[k]!]!;
      gy[k] = y[idx[k]!]!;
    }
    const a = auroc(gs2, gy);
    for (const w of a.warnings) warnings.push(resultWarning(w.code, `${w.message} in ${path.slice(1).join(' ') || 'everyone evaluated'}`, { path: [...path, 'auroc'], ...(w.count !== undefined ? { count: w.count } : {}) }));
    const strata: NeedStratum[] = NEED_LEVELS.map((nl, s) => {
      const op = needPeople[s]! - gp[s]!;
      const os = needSelected[s]! - gs[s]!;
      return { need: nl, people: gp[s]!, selected: gs[s]!, rate: gp[s]! > 0 ? gs[s]! / gp[s]! : null, othersPeople: op, othersSelected: os, othersRate: op > 0 ? os / op : null };
    });
    const oe = isProbability ? observedExpected(events, expected) : null;
    const en = withNeed ? equalNeed(strata) : null;
    return {
      level: label, people, tooSmall, selected, selectedShare: people > 0 ? selected / people : null, events, admissions, selectedEvents: selEvents,
      admissionsShare: totalAdmissions > 0 ? admissions / totalAdmissions : null,
      cohortShare: selectedTotal > 0 ? selected / selectedTotal : null,
      ppv: selected > 0 ? selEvents / selected : null,
      auroc: a.auroc, aurocCI: a.ci,
      observedExpected: oe,
      equalNeed: en,
      underSelected: en !== null && en.belowOne && (oe === null || (oe.ci !== null && oe.ci[0] > 1)),
    };
  };

  const all = Array.from({ length: m }, (_, i) => i);
  const overall = levelFigures('all', all, false, []);
  // Each distinct loaded value is grouped once.
  const ethnicGroupOf = population.ethnicities.map((e) => nhsEthnicGroup(e));
  const labelsOf: Record<string, (i: number) => string> = {
    ageBand: (i) => ageBand(ageInYears(c.birthDate[pr[i]!]!, asOfDay)),
    sex: (i) => SEX_LEVELS[c.sex[pr[i]!]!] ?? 'unknown',
    deprivation: (i) => (c.imdDecile[pr[i]!] ? String(Math.ceil(c.imdDecile[pr[i]!]! / 2)) : 'unknown'),
    ethnicity: (i) => ethnicGroupOf[c.ethnicity[pr[i]!]!] ?? 'Not stated or not known',
    practice: (i) => population.practices[c.practice[pr[i]!]!]!,
  };
  const groupLabels: [string, (i: number) => string][] = o.groups.map((g) => [g, labelsOf[g]!]);
  for (const [name, labels] of Object.entries(o.extraGroups)) {
    if (labels.length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['options', 'extraGroups', name], value: labels.length, message: `has ${labels.length} labels but there are ${n} scores` });
    if (Object.hasOwn(labelsOf, name)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'extraGroups', name], value: name, message: 'is the name of a built-in group' });
    for (let s = 0; s < n; s++) if (String(labels[s]) === 'all') fail({ fn: FN, code: 'invalid_input', path: ['options', 'extraGroups', name, s], value: 'all', message: "'all' names the total row of each group; use another label" });
    groupLabels.push([name, (i) => String(labels[keep[i]!])]);
  }
  const groups: Record<string, FairnessLevel[]> = {};
  const underSelected: FairnessEvaluation['underSelected'][number][] = [];
  for (const [name, labelOf] of groupLabels) {
    const byLevel = new Map<string, number[]>();
    for (let i = 0; i < m; i++) {
      const l = labelOf(i);
      let list = byLevel.get(l);
      if (list === undefined) byLevel.set(l, (list = []));
      list.push(i);
    }
    const levels = [...byLevel.keys()].sort();
    const small: string[] = [];
    const figures = levels.map((l) => {
      const f = levelFigures(l, byLevel.get(l)!, true, ['groups', name, l]);
      if (f.tooSmall) small.push(l);
      const en = f.equalNeed;
      if (en !== null && f.underSelected) {
        underSelected.push({ group: name, level: l, ratio: en.ratio!, ci: en.ci });
        const ratioText = en.ci ? `${en.ratio!.toFixed(2)} (95% CI ${en.ci[0].toFixed(2)} to ${en.ci[1].toFixed(2)})` : `0 (nobody selected; ${en.expectedSelected.toFixed(1)} expected at everyone else's rates)`;
        warnings.push(resultWarning('under_selected_at_equal_need', `${name} ${l} is selected less than everyone else with the same number of next-year emergency admissions: ratio ${ratioText}, and has more admissions than its scores predict (observed/expected ${f.observedExpected ? `${f.observedExpected.ratio!.toFixed(2)}, 95% CI ${f.observedExpected.ci![0].toFixed(2)} to ${f.observedExpected.ci![1].toFixed(2)}` : 'not available'}): the score may lean on recorded use that is lower for this group than its need`, { path: ['groups', name, l, 'equalNeed'] }));
      }
      return f;
    });
    setOwn(groups, name, figures);
    if (small.length > 0) {
      warnings.push(resultWarning('group_too_small', `${small.length} level(s) of ${name} have fewer than ${o.minGroupSize} people: no figures are given for them`, { path: ['groups', name], count: small.length, examples: small.slice(0, 5) }));
    }
  }
  const published = o.suppression === false ? null : publishFairness(overall, groups, o.suppression ?? {});
  const method =
    `Selection: ${selection}. AUROC exact with DeLong 95% CI; observed/expected = people with an emergency admission / sum of predicted risk, Byar 95% CI; ` +
    `equal need: people stratified by observed next-year emergency admissions (0, 1, 2, 3+), selection rate of the group against everyone else in each stratum, Mantel-Haenszel risk ratio with Greenland-Robins 95% CI, flagged when the interval lies below 1. Levels with fewer than ${o.minGroupSize} people have no figures.`;
  return { people: m, selected: selectedTotal, selection, overall, groups, underSelected, published, method, warnings };
}

const STAT_COLUMNS = ['auroc', 'aurocLower', 'aurocUpper', 'observedExpected', 'oeLower', 'oeUpper', 'equalNeedRatio', 'equalNeedLower', 'equalNeedUpper'] as const;

/** The published table: counts through `suppressSmallNumbers`, shares from published counts, statistics hidden with their counts. */
function publishFairness(overall: FairnessLevel, groups: Record<string, FairnessLevel[]>, rule: SuppressionRule): { rows: Array<Record<string, unknown>>; note: SuppressionNote | null } {
  const row = (group: string, f: FairnessLevel): Record<string, unknown> => {
    return {
      group, level: f.level, people: f.people, selected: f.selected, events: f.events, selectedEvents: f.selectedEvents, admissions: f.admissions,
      selectedPercent: null, admissionsPercent: null, cohortPercent: null, ppvPercent: null,
      auroc: f.auroc, aurocLower: f.aurocCI?.[0] ?? null, aurocUpper: f.aurocCI?.[1] ?? null,
      observedExpected: f.observedExpected?.ratio ?? null, oeLower: f.observedExpected?.ci?.[0] ?? null, oeUpper: f.observedExpected?.ci?.[1] ?? null,
      equalNeedRatio: f.equalNeed?.ratio ?? null, equalNeedLower: f.equalNeed?.ci?.[0] ?? null, equalNeedUpper: f.equalNeed?.ci?.[1] ?? null,
      underSelected: f.tooSmall || f.equalNeed === null ? null : f.underSelected,
    };
  };
  const rows: Array<Record<string, unknown>> = [];
  for (const [name, levels] of Object.entries(groups)) {
    for (const f of levels) rows.push(row(name, f));
    rows.push(row(name, overall));
  }
  const { table, note } = publish(rows, rule, {
    columns: ['people', 'selected', 'events', 'selectedEvents', 'admissions'],
    totals: { level: 'all' },
    within: ['group'],
    derived: {
      selectedPercent: { from: 'selected', over: 'people', per: 100, kind: 'percent' },
      admissionsPercent: { from: 'admissions', shareOf: 'level', per: 100, kind: 'percent' },
      cohortPercent: { from: 'selected', shareOf: 'level', per: 100, kind: 'percent' },
      ppvPercent: { from: 'selectedEvents', over: 'selected', per: 100, kind: 'percent' },
    },
    format: { auroc: 'probability', aurocLower: 'probability', aurocUpper: 'probability', observedExpected: 'ratio', oeLower: 'ratio', oeUpper: 'ratio', equalNeedRatio: 'ratio', equalNeedLower: 'ratio', equalNeedUpper: 'ratio' },
  });
  const marker = rule.marker === undefined ? '*' : rule.marker;
  const isHidden = (v: unknown): boolean => v === marker && v !== null;
  for (const r of table) {
    if (['people', 'selected', 'events', 'selectedEvents'].some((k) => isHidden(r[k]))) {
      for (const k of STAT_COLUMNS) if (r[k] !== null) r[k] = marker;
      r['underSelected'] = r['underSelected'] === true ? true : marker;
    }
    delete r['selectedEvents'];
    for (const k of STAT_COLUMNS) if (typeof r[k] === 'number') r[k] = publishedNumber(r[k], k.startsWith('auroc') ? 'probability' : 'ratio');
  }
  return { rows: table, note };
}
