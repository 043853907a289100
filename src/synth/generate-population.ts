import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord } from '../core/own-record.js';
import { addMonths, NO_DATE, toDay } from '../core/dates.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { createPopulation, type Population } from '../core/population.js';
import { createRng, type Rng } from '../core/rng.js';
import { CONDITION_LOADINGS, MAX_TABLE_AGE, gAt, onsetAge, onsetTables } from './condition-onset-model.js';
import { ActivityBuffer, CodedBuffer } from './event-buffer.js';
import {
  ACUTE_ACSC_CODES, ADULT_EMERGENCY_CODES, CHILD_EMERGENCY_CODES, CHRONIC_ACSC_CODES, CONDITION_MEDICATIONS, ELECTIVE_CODES,
  OLDER_EMERGENCY_CODES,
} from './synth-codes.js';
import { SYNTH_CONDITIONS, SYNTH_REFERENCE as R } from './synth-reference.js';

const FN = 'generatePopulation';
const DAYS_PER_YEAR = 365.25;

/** Who is case-managed when a synthetic intervention effect is switched on. */
export const SyntheticEffectSelection = /* @__PURE__ */ lazySchema(() => z.union([
  z.strictObject({
    /** Percentage (0-100] selected: `ceil(topPercent / 100 * eligible)` in each group. */
    topPercent: z.number().check(z.gt(0), z.lte(100)),
    /** Cut within each case-managing practice (default) or across all of them. */
    per: z._default(z.enum(['practice', 'population']), 'practice'),
    /**
     * Rank by emergency admissions in the 12 months before the start (`'admissions'`, the
     * default), or by true risk at the start (`'risk'`: expected emergency admissions in the next 12
     * months given the person's persistent rate and acute-episode state, the best any model
     * could do; partly hidden from any model, so matching on observed data leaves some
     * regression to the mean: a hard test). With `'admissions'` ties go by row, so
     * selection depends on observed data only and a matched comparison can remove its bias.
     * To select with your own model's scores, generate without `effect`, score as of the
     * start, and generate again with the same seed and `selection: { ids }`: every other
     * byte is the same.
     */
    by: z._default(z.enum(['admissions', 'risk']), 'admissions'),
    /** Only people aged 18+ at the start (the enhanced service's rule). */
    adultsOnly: z._default(z.boolean(), true),
  }),
  z.strictObject({
    /** Exactly these people (ids from the generated population), whatever their risk. */
    ids: z.array(z.string()).check(z.minLength(1)),
  }),
]));
export type SyntheticEffectSelection = z.input<typeof SyntheticEffectSelection>;

/** A known intervention effect written into the synthetic data (see {@link generatePopulation}). */
export const SyntheticEffect = /* @__PURE__ */ lazySchema(() => z.strictObject({
  /** Relative reduction in the emergency admission rate of the treated, 0..1 (0.15 = 15% fewer). */
  relativeReduction: z.number().check(z.gte(0), z.lte(1)),
  /** Months after `startDate` when case management starts (1 .. 12·years − 1). */
  startMonth: z.number().check(z.int(), z.gte(1)),
  selection: z._default(SyntheticEffectSelection, { topPercent: 5, per: 'practice', by: 'admissions', adultsOnly: true }),
  /**
   * Codes of the practices that case-manage; the others form the comparison pool. Default:
   * the practices named in `startMonths` if given, else every other practice (P00001,
   * P00003, ...).
   */
  practices: z.optional(z.array(z.string()).check(z.minLength(1))),
  /**
   * Staggered starts: start month per practice code (e.g. `{ P00001: 12, P00003: 18 }`),
   * overriding `startMonth` for those practices. Selection, prior admissions and risk are
   * measured at each practice's own start.
   */
  startMonths: z.optional(ownRecord(z.number().check(z.int(), z.gte(1)), 'start months by practice')),
}));
export type SyntheticEffect = z.input<typeof SyntheticEffect>;

/** Options of {@link generatePopulation}. */
export const GeneratePopulationOptions = /* @__PURE__ */ lazySchema(() => z.strictObject({
  /** Number of people (rows) in total, including those who register, are born or leave during the window. */
  size: z.number().check(z.int(), z.gte(1), z.lte(50_000_000)),
  /** Number of practices; default `size` / the mean English list size (~11,400), so the median list is ~9,500. */
  practices: z.optional(z.number().check(z.int(), z.gte(1))),
  /** Years of activity from `startDate`. */
  years: z._default(z.number().check(z.int(), z.gte(1), z.lte(20)), 3),
  /** Seed: the same seed (and options) gives the same bytes. */
  seed: z._default(z.union([z.number(), z.string()]), 1),
  /** First day of the activity window (ISO / dd/mm/yyyy string or day number). */
  startDate: z._default(z.union([z.string(), z.number().check(z.int())]), '2021-04-01'),
  /** Write a known case-management effect into the data (the evaluation's ground truth). */
  effect: z.optional(SyntheticEffect),
  /** Generate GP contacts (~5 a person a year, most of the events; turn off for speed). */
  gpContacts: z._default(z.boolean(), true),
  /** Generate outpatient attendances (~2 a person a year). */
  outpatients: z._default(z.boolean(), true),
  /** Generate medication issues (for a polypharmacy feature). */
  medications: z._default(z.boolean(), true),
  /** Called as `onProgress(done, total)` after each practice and pass. */
  onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' })),
}));
export type GeneratePopulationOptions = z.input<typeof GeneratePopulationOptions>;

/** Ground truth of a synthetic intervention effect. */
export interface SyntheticEffectTruth {
  readonly relativeReduction: number;
  readonly startMonth: number;
  /** Day number `startMonth` months after the window start (the start unless staggered). */
  readonly startDate: number;
  /** Start day per practice (index as `population.practices`; comparison practices get `startDate`). */
  readonly practiceStartDates: Int32Array;
  /** Day each treated person's case management started; {@link NO_DATE} for the untreated. */
  readonly treatedFrom: Int32Array;
  /** Case-managing practices (codes) and the comparison pool. */
  readonly practices: readonly string[];
  readonly comparisonPractices: readonly string[];
  /** 1 for people case-managed from `startDate`. */
  readonly treated: Uint8Array;
  readonly treatedIds: readonly string[];
  /** True risk at the person's practice start: expected emergency admissions in the next 12 months given their state then; NaN if not registered and alive then. */
  readonly riskAtStart: Float64Array;
  /** Emergency admissions in the 12 months before the person's practice start (observed, before any effect). */
  readonly admissionsBefore: Uint16Array;
  /** Expected emergency admissions from the start to the end of the window without the effect (counterfactual). */
  readonly expectedAfterStart: Float64Array;
  /** Emergency admissions removed by the effect, per person (observed = counterfactual − averted). */
  readonly avertedAdmissions: Uint16Array;
}

/** Ground truth returned with a synthetic population. */
export interface SyntheticTruth {
  /** First and last-plus-one day of the activity window. */
  readonly startDate: number;
  readonly endDate: number;
  readonly years: number;
  /** Day numbers of the start of each year of the window (length years + 1, last = endDate). */
  readonly yearStarts: Int32Array;
  /**
   * Persistent expected emergency admissions a year at the start of the window (or at
   * registration): age band rate x relative risk from conditions, frailty, deprivation and
   * care home. The long-run average around which transient episodes move.
   */
  readonly latentRisk: Float64Array;
  /** Latent frailty (standard normal; drives conditions, admissions and deaths). */
  readonly frailty: Float64Array;
  /**
   * Per year of the window: expected emergency admissions given the person's realised
   * acute-episode path, integrated over the time registered and alive (without any effect).
   */
  readonly expectedAdmissions: readonly Float64Array[];
  /** Per year: `1 - exp(-expectedAdmissions)`, the true probability of at least one emergency admission. */
  readonly admissionProbability: readonly Float64Array[];
  /** Present when `effect` was given. */
  readonly effect: SyntheticEffectTruth | undefined;
}

/** What {@link generatePopulation} returns. */
export interface SyntheticPopulation {
  readonly population: Population;
  readonly truth: SyntheticTruth;
}

// --- model constants (documented in the README "Synthetic population" section) ---------
/** Log relative risk of emergency admission per unit of frailty, deprivation (−1..1) and care home. */
const RISK_FRAIL = 0.5;
const RISK_DEP = 0.2;
const RISK_CARE_HOME = 0.5;
/** Log mortality multiplier per unit of frailty and for care home. */
const DEATH_FRAIL = 0.45;
const DEATH_CARE_HOME = 0.8;
/** Acute episodes: onset rate per year = EPISODE_ONSET x sqrt(relative risk); mean duration in years. */
const EPISODE_ONSET = 0.12;
const EPISODE_MAX_ONSET = 2;
const EPISODE_DURATION = 0.3;
/** Rate multipliers during an episode: emergency, A&E, outpatient and elective, GP. */
const M_EM = 6;
const M_AE = 3;
const M_OP = 1.3;
const M_GP = 2;
/** Exponents of relative risk for the other streams (they vary less with risk than admissions). */
const K_AE = 0.6;
const K_OP = 0.5;
const K_GP = 0.4;
const IN_MOVERS_PER_YEAR = 0.045;
const MED_ISSUE_PROBABILITY = 0.6;

function bandOf(age: number, bands: readonly number[]): number {
  let b = 0;
  for (let j = 1; j < bands.length; j++) if (age >= bands[j]!) b = j;
  return b;
}

/** Band index by whole year of age 0..130 (a lookup table: the hot loops call it per person-year). */
function bandTable(bands: readonly number[]): Uint8Array {
  const t = new Uint8Array(131);
  for (let a = 0; a <= 130; a++) t[a] = bandOf(a, bands);
  return t;
}

function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let j = 0; j < weights.length; j++) c[j] = s += weights[j]!;
  for (let j = 0; j < c.length; j++) c[j]! /= s;
  return c;
}

function pick(c: Float64Array, u: number): number {
  for (let j = 0; j < c.length; j++) if (u < c[j]!) return j;
  return c.length - 1;
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Apportions `total` over `weights` (largest remainder), each share at least 1. */
function apportion(total: number, weights: Float64Array): Uint32Array {
  const k = weights.length;
  const out = new Uint32Array(k);
  let s = 0;
  for (let j = 0; j < k; j++) s += weights[j]!;
  const spare = total - k;
  let used = 0;
  const rem = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const exact = (spare * weights[j]!) / s;
    out[j] = 1 + Math.floor(exact);
    rem[j] = exact - Math.floor(exact);
    used += out[j]!;
  }
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => rem[b]! - rem[a]! || a - b);
  for (let t = 0; used < total; t++, used++) out[order[t % k]!]!++;
  return out;
}

/**
 * Generates a GP-registered population that behaves like England's, with hospital and GP
 * activity month by month and the ground truth behind it, so every later stage (features,
 * models, cohorts, evaluation) can be exercised and checked against a known answer.
 *
 * What it models (targets and sources in {@link SYNTH_REFERENCE} and the README):
 * - practices with log-normal list sizes (median ~9,500 scaled to `size / practices`), each
 *   with its own deprivation centre (IMD deciles correlated within practice), ethnic mix and
 *   opt-out rate; codes `P00001`, `P00002`, ... (not real ODS codes);
 * - ages and sex as ONS mid-2020 England; latent frailty ~ N(0, 1);
 * - 16 long-term condition clusters whose prevalence by age follows QOF-calibrated curves,
 *   rising with deprivation and frailty, recorded on their onset date (before or during the
 *   window); care-home residents (mostly 85+, more with dementia); opt-outs;
 * - registrations that start (births, people moving in) and end (moving away, death);
 *   deaths by ONS age-specific rates raised by frailty and conditions;
 * - emergency admissions by HES age-band rates x a persistent relative risk (conditions,
 *   frailty, deprivation, care home; normalised within age band so band rates hit target)
 *   x an acute-episode state (a two-state Markov process, onset ~0.12/yr x sqrt(risk), mean
 *   ~3.6 months, rates x6 while in it), so high users regress to the mean; primary
 *   diagnoses ICD-10, ~17% ambulatory care sensitive; length of stay skewed and rising with
 *   age; elective admissions, A&E, outpatient and GP contacts with their own rates; costs
 *   from NHS reference costs;
 * - with `effect`, people selected at `startMonth` in the case-managing practices have
 *   each later emergency admission removed with probability `relativeReduction` (thinning
 *   a Poisson process reduces its rate by exactly that factor); everything else is the same
 *   bytes as without the effect, and the truth says who was treated and what was averted.
 *
 * The population's window (`population.window`) is what was generated: activity complete
 * from `startDate`, and `truth.endDate` (the day after the last simulated day) as the extract
 * date, as for an extract taken that morning. Steps refuse as-of dates and horizons past it.
 *
 * Deterministic: practice-level draws come from `fork(1)` of the seed, each practice's
 * people from their own forks, so the same options give the same bytes.
 *
 * Speed: O(people x (years + events)); about 1M people x 3 years in a few seconds (see the
 * README for the measured figure). Memory ~30 bytes per event plus ~100 bytes per person
 * while generating.
 *
 * @param options - {@link GeneratePopulationOptions}: `size` (required), `practices`,
 *   `years` (3), `seed` (1), `startDate` ('2021-04-01'), `effect`, `gpContacts`,
 *   `outpatients`, `medications`, `onProgress`.
 * @returns `{ population, truth }`: a core {@link Population} and its {@link SyntheticTruth}.
 * @throws RiskStratifyError `invalid_options` for a bad option (e.g. `size: 0`, an
 *   unparseable `startDate`, `effect.startMonth` outside the window, unknown practice codes
 *   or ids in `effect`), naming the field and value.
 * @example
 * const { population, truth } = generatePopulation({ size: 20_000, seed: 1 });
 * population.size; // => 20000
 * truth.expectedAdmissions.length; // => 3
 * @example
 * // 15% fewer emergency admissions for the top 5% by prior-year admissions, per practice, in half the
 * // practices, from month 24 (the rest of the practices are the comparison pool).
 * const run = generatePopulation({ size: 50_000, seed: 7, effect: {
 *   relativeReduction: 0.15, startMonth: 24, selection: { topPercent: 5, per: 'practice' } } });
 * run.truth.effect?.treatedIds.length; // => about 5% of adults in half the practices
 */
export function generatePopulation(options: GeneratePopulationOptions): SyntheticPopulation {
  const o = parseOptions(FN, GeneratePopulationOptions, options);
  const size = o.size;
  const ls0 = R.practiceListSize;
  const P = Math.min(size, o.practices ?? Math.max(1, Math.round(size / (ls0.median * Math.exp((ls0.logSd * ls0.logSd) / 2)))));
  const Y = o.years;
  const T0 = toDay(o.startDate);
  if (T0 === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'startDate'], value: o.startDate, message: 'is not a date' });
  const yearStarts = new Int32Array(Y + 1);
  for (let y = 0; y <= Y; y++) yearStarts[y] = addMonths(T0, 12 * y);
  const T1 = yearStarts[Y]!;
  const windowDays = T1 - T0;
  const effect = o.effect;
  if (effect && effect.startMonth >= 12 * Y) {
    fail({ fn: FN, code: 'invalid_options', path: ['options', 'effect', 'startMonth'], value: effect.startMonth, message: `must be before the end of the window (${12 * Y} months)` });
  }
  if (effect?.startMonths) {
    for (const [code, m] of Object.entries(effect.startMonths)) {
      if (m >= 12 * Y) fail({ fn: FN, code: 'invalid_options', path: ['options', 'effect', 'startMonths', code], value: m, message: `must be before the end of the window (${12 * Y} months)` });
    }
  }
  const onProgress = o.onProgress;
  const totalSteps = 2 * P + 1;
  let step = 0;
  const progress = (): void => {
    step++;
    if (onProgress) onProgress(step, totalSteps);
  };

  const root = createRng(o.seed);
  const RB = bandTable(R.rateBands);
  const DB = bandTable(R.deathBands);
  const rateBand = (age: number): number => RB[age <= 0 ? 0 : age >= 130 ? 130 : Math.floor(age)]!;
  const deathBand = (age: number): number => DB[age <= 0 ? 0 : age >= 130 ? 130 : Math.floor(age)]!;
  const EM = Float64Array.from(R.emergencyPer1000, (v) => v / 1000);
  const AE = Float64Array.from(R.aePer1000, (v) => v / 1000);
  const OP = Float64Array.from(R.outpatientPer1000, (v) => v / 1000);
  const EL = Float64Array.from(R.electivePer1000, (v) => v / 1000);
  const GP = Float64Array.from(R.gpPer1000, (v) => v / 1000);
  const DR = Float64Array.from(R.deathsPer1000, (v) => v / 1000);
  const LOS = Float64Array.from(R.emergencyMeanLos);
  const LOS0 = Float64Array.from(R.emergencyZeroLos);
  const tables = onsetTables();
  const C = tables.codes.length;
  const condLoad = SYNTH_CONDITIONS.map((c) => CONDITION_LOADINGS[c.code]!);
  const emW = Float64Array.from(condLoad, (l) => l.emergency);
  const deathW = Float64Array.from(condLoad, (l) => l.death);
  const acscW = Float64Array.from(condLoad, (l) => l.acsc);

  // ---- practices -------------------------------------------------------------------
  const pr = root.fork(1);
  const weights = new Float64Array(P);
  const depCentre = new Float64Array(P);
  const diversity = new Float64Array(P);
  const optOutRate = new Float64Array(P);
  // Deprivation centres stratified over [0, 1) in a shuffled order, so deciles stay near-uniform overall.
  const centreOrder = Uint32Array.from({ length: P }, (_, p) => p);
  for (let p = P - 1; p > 0; p--) {
    const j = pr.int(p + 1);
    const t = centreOrder[p]!;
    centreOrder[p] = centreOrder[j]!;
    centreOrder[j] = t;
  }
  for (let p = 0; p < P; p++) {
    const ls = R.practiceListSize;
    weights[p] = Math.min(ls.max, Math.max(ls.min, ls.median * Math.exp(ls.logSd * pr.normal())));
    depCentre[p] = (centreOrder[p]! + pr.uniform()) / P;
    // More deprived (low centre) practices are more ethnically diverse, on average.
    diversity[p] = Math.exp(0.8 * pr.normal() + 0.8 * (0.5 - depCentre[p]!));
    optOutRate[p] = Math.min(0.15, R.optOutShare * Math.exp(0.35 * pr.normal() - 0.06));
  }
  const listCounts = apportion(size, weights);
  const practiceCodes = Array.from({ length: P }, (_, p) => `P${String(p + 1).padStart(5, '0')}`);
  // Case-managing practices and each practice's start day (effect only).
  const managing = new Uint8Array(P);
  const esP = new Int32Array(P).fill(NO_DATE);
  if (effect) {
    const codeIndex = (code: string, path: Array<string | number>): number => {
      const p = practiceCodes.indexOf(code);
      if (p < 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'effect', ...path], value: code, message: 'is not a generated practice code' });
      return p;
    };
    const staggered = effect.startMonths ?? {};
    if (effect.practices) effect.practices.forEach((code, j) => { managing[codeIndex(code, ['practices', j])] = 1; });
    else if (effect.startMonths) for (const code of Object.keys(staggered)) managing[codeIndex(code, ['startMonths', code])] = 1;
    else for (let p = 0; p < P; p += 2) managing[p] = 1;
    esP.fill(addMonths(T0, effect.startMonth));
    for (const [code, m] of Object.entries(staggered)) esP[codeIndex(code, ['startMonths', code])] = addMonths(T0, m);
  }

  // ---- per-person columns ----------------------------------------------------------
  const practice = new Uint32Array(size);
  const sex = new Uint8Array(size);
  const birthDate = new Int32Array(size);
  const deathDate = new Int32Array(size).fill(NO_DATE);
  const registeredFrom = new Int32Array(size);
  const registeredTo = new Int32Array(size).fill(NO_DATE);
  const leaveDay = new Int32Array(size).fill(NO_DATE);
  const imdDecile = new Uint8Array(size);
  const careHome = new Uint8Array(size);
  const optedOut = new Uint8Array(size);
  const ethnicity = new Uint16Array(size);
  const frailty = new Float64Array(size);
  const deathE = new Float64Array(size);
  const onset = new Int32Array(size * C).fill(NO_DATE);
  const ethnicities = ['', ...Object.keys(R.ethnicity)];
  const ethShares = Object.values(R.ethnicity);

  const ageCum = cumulative(R.ageShares);
  const mobility = R.ageShares.map((s, b) => s * R.moveOutPerYear[bandOf(b * 5, R.rateBands)]!);
  const moverAgeCum = cumulative(mobility);
  const femaleShare = R.femaleShare;
  const pBirth = (R.birthsPer1000 / 1000) * (windowDays / DAYS_PER_YEAR);
  const pIn = IN_MOVERS_PER_YEAR * (windowDays / DAYS_PER_YEAR);
  const entrantShare = (pBirth + pIn) / (1 + pBirth + pIn);
  const birthShare = pBirth / (1 + pBirth + pIn);

  const drawAge = (rng: Rng, cum: Float64Array): number => {
    const b = pick(cum, rng.uniform());
    if (b === cum.length - 1) return Math.min(105.9, 90 - 4 * Math.log(1 - rng.uniform()));
    return b * 5 + 5 * rng.uniform();
  };

  const practiceStart = new Uint32Array(P + 1);
  for (let p = 0; p < P; p++) practiceStart[p + 1] = practiceStart[p]! + listCounts[p]!;

  // ---- pass A: people, conditions, registrations -------------------------------------
  for (let p = 0; p < P; p++) {
    const rng = root.fork(1_000_000 + p);
    const ethCum = cumulative(ethShares.map((s, j) => (j === 0 ? s : s * diversity[p]!)));
    for (let i = practiceStart[p]!; i < practiceStart[p + 1]!; i++) {
      practice[i] = p;
      const kind = rng.uniform();
      let birth: number;
      let regFrom: number;
      let ageAtRef: number;
      if (kind < birthShare) {
        birth = T0 + Math.floor(rng.uniform() * windowDays);
        regFrom = Math.min(T1 - 1, birth + 14 + Math.floor(60 * rng.uniform()));
        ageAtRef = 0;
      } else if (kind < entrantShare) {
        regFrom = T0 + Math.floor(rng.uniform() * windowDays);
        ageAtRef = drawAge(rng, moverAgeCum);
        birth = regFrom - Math.round(ageAtRef * DAYS_PER_YEAR);
      } else {
        ageAtRef = drawAge(rng, ageCum);
        birth = T0 - Math.round(ageAtRef * DAYS_PER_YEAR);
        const onList = Math.min(ageAtRef, -10 * Math.log(1 - rng.uniform()));
        regFrom = Math.max(birth, T0 - Math.round(onList * DAYS_PER_YEAR));
      }
      birthDate[i] = birth;
      registeredFrom[i] = regFrom;
      const b5 = Math.min(18, Math.floor(ageAtRef / 5));
      const su = rng.uniform();
      sex[i] = su < 0.0005 ? 0 : su < 0.001 ? 3 : su < 0.001 + 0.999 * femaleShare[b5]! ? 1 : 2;
      // Deprivation: practice centre plus individual spread, reflected into [0, 1).
      let x = depCentre[p]! + 0.17 * rng.normal();
      if (x < 0) x = -x;
      if (x >= 1) x = Math.max(0, 2 - x - 1e-9);
      const decile = Math.min(10, 1 + Math.floor(x * 10));
      imdDecile[i] = decile;
      const dep = (5.5 - decile) / 4.5;
      ethnicity[i] = rng.uniform() < R.ethnicityUnrecorded ? 0 : 1 + pick(ethCum, rng.uniform());
      const fz = rng.normal();
      frailty[i] = fz;
      // Conditions: onset by the coupled monotone model; only onsets up to the end of the window.
      const ageEnd = (T1 - birth) / DAYS_PER_YEAR;
      const ageEndT = Math.min(MAX_TABLE_AGE, ageEnd);
      for (let c = 0; c < C; c++) {
        // Conditions nobody has by this age (table at its floor) need no draw.
        if (gAt(tables, c, ageEndT) <= -39) continue;
        const u = rng.uniform();
        const target = logit(Math.min(1 - 1e-12, Math.max(1e-12, u))) - tables.dep[c]! * dep - tables.frail[c]! * fz;
        const a = onsetAge(tables, c, target, ageEndT);
        if (a >= 0) onset[i * C + c] = birth + Math.floor(a * DAYS_PER_YEAR);
      }
      // Care home (residents at the start of the window).
      const cu = rng.uniform();
      if (kind >= entrantShare && ageAtRef >= 60) {
        const base = ageAtRef < 65 ? 0.0004 : ageAtRef < 75 ? 0.006 : ageAtRef < 85 ? 0.03 : ageAtRef < 90 ? 0.09 : 0.2;
        const dementia = onset[i * C + 9]! <= T0 ? 1 : 0;
        const lp = logit(base) + 1.8 * dementia + 0.6 * fz - 0.55;
        if (cu < 1 / (1 + Math.exp(-lp))) careHome[i] = 1;
      } else if (kind >= entrantShare && ageAtRef >= 18 && cu < 0.0003) careHome[i] = 1;
      optedOut[i] = rng.uniform() < optOutRate[p]! ? 1 : 0;
      // Moving away: exponential with the age band's turnover (care-home residents rarely move).
      const h = R.moveOutPerYear[rateBand(ageAtRef)]! * (careHome[i] ? 0.3 : 1);
      const leaveAt = Math.max(regFrom, T0) + Math.floor((-Math.log(1 - rng.uniform()) / h) * DAYS_PER_YEAR) + 1;
      if (leaveAt < T1) leaveDay[i] = Math.max(regFrom + 1, leaveAt);
      deathE[i] = -Math.log(1 - rng.uniform());
    }
    progress();
  }

  // ---- deaths, then normalisers --------------------------------------------------------
  // Relative risks are normalised within age band so that band rates hit their targets per
  // person-year. High-risk people die sooner, so the means are weighted by person-time in
  // the first window year; deaths are computed twice (unweighted means, then weighted).
  const nb = R.rateBands.length;
  const nd = R.deathBands.length;
  const logRisk = (i: number, day: number): number => {
    let s = RISK_FRAIL * frailty[i]! + RISK_DEP * ((5.5 - imdDecile[i]!) / 4.5) + RISK_CARE_HOME * careHome[i]!;
    const base = i * C;
    for (let c = 0; c < C; c++) if (onset[base + c]! <= day) s += emW[c]!;
    return s;
  };
  const logDeath = (i: number, day: number): number => {
    let s = DEATH_FRAIL * frailty[i]! + DEATH_CARE_HOME * careHome[i]!;
    const base = i * C;
    for (let c = 0; c < C; c++) if (onset[base + c]! <= day) s += deathW[c]!;
    return s;
  };
  const refDeathBand = new Uint8Array(size);
  const refDeathMult = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const ref = Math.max(T0, registeredFrom[i]!);
    const age = Math.max(0, (ref - birthDate[i]!) / DAYS_PER_YEAR);
    refDeathBand[i] = deathBand(age);
    refDeathMult[i] = Math.exp(logDeath(i, ref));
  }
  const yearZeroTime = (i: number): number => {
    const s0 = Math.max(T0, registeredFrom[i]!);
    const s1 = Math.min(yearStarts[1]!, registeredTo[i]!);
    return s1 > s0 ? (s1 - s0) / DAYS_PER_YEAR : 0;
  };
  const normD = new Float64Array(nd);
  {
    const cnt = new Float64Array(nd);
    for (let i = 0; i < size; i++) {
      normD[refDeathBand[i]!]! += refDeathMult[i]!;
      cnt[refDeathBand[i]!]!++;
    }
    for (let d = 0; d < nd; d++) normD[d] = cnt[d]! > 0 ? normD[d]! / cnt[d]! : 1;
  }
  const computeDeaths = (): void => {
    for (let i = 0; i < size; i++) {
      const birth = birthDate[i]!;
      const leave = leaveDay[i]!;
      const a0 = Math.max(T0, registeredFrom[i]!);
      let E = deathE[i]!;
      let dDay = NO_DATE;
      for (let y = 0; y < Y && dDay === NO_DATE; y++) {
        const s0 = Math.max(yearStarts[y]!, a0);
        const s1 = Math.min(yearStarts[y + 1]!, leave);
        if (s1 <= s0) continue;
        const age = Math.max(0, (yearStarts[y]! - birth) / DAYS_PER_YEAR);
        const db = deathBand(age);
        const h = (DR[db]! * Math.exp(logDeath(i, yearStarts[y]!))) / normD[db]!;
        const L = (s1 - s0) / DAYS_PER_YEAR;
        // Never on the first day at risk (so every death has person-time before it), never after leaving.
        if (h * L >= E) dDay = Math.max(a0 + 1, Math.min(s1 - 1, s0 + Math.floor((E / h) * DAYS_PER_YEAR)));
        else E -= h * L;
      }
      deathDate[i] = dDay;
      registeredTo[i] = Math.min(leave, dDay);
    }
  };
  computeDeaths();
  {
    const sum = new Float64Array(nd);
    const w = new Float64Array(nd);
    for (let i = 0; i < size; i++) {
      const t = yearZeroTime(i);
      sum[refDeathBand[i]!]! += refDeathMult[i]! * t;
      w[refDeathBand[i]!]! += t;
    }
    for (let d = 0; d < nd; d++) if (w[d]! > 0) normD[d] = sum[d]! / w[d]!;
  }
  computeDeaths();
  // Admission normalisers per window year (survivors of frail groups thin out as they die,
  // so each year is normalised on its own person-time: band rates stay on target every year).
  const normE = new Float64Array(Y * nb), normA = new Float64Array(Y * nb), normO = new Float64Array(Y * nb), normG = new Float64Array(Y * nb);
  for (let y = 0; y < Y; y++) {
    const wB = new Float64Array(nb);
    const ys = yearStarts[y]!;
    for (let i = 0; i < size; i++) {
      const s0 = Math.max(ys, T0, registeredFrom[i]!);
      const s1 = Math.min(yearStarts[y + 1]!, registeredTo[i]!);
      if (s1 <= s0) continue;
      const t = (s1 - s0) / DAYS_PER_YEAR;
      const b = y * nb + rateBand((ys - birthDate[i]!) / DAYS_PER_YEAR);
      const lr = logRisk(i, ys);
      normE[b]! += Math.exp(lr) * t;
      normA[b]! += Math.exp(K_AE * lr) * t;
      normO[b]! += Math.exp(K_OP * lr) * t;
      normG[b]! += Math.exp(K_GP * lr) * t;
      wB[b - y * nb]! += t;
    }
    for (let j = 0; j < nb; j++) {
      const w = wB[j]!;
      const k = y * nb + j;
      normE[k] = w > 0 ? normE[k]! / w : 1;
      normA[k] = w > 0 ? normA[k]! / w : 1;
      normO[k] = w > 0 ? normO[k]! / w : 1;
      normG[k] = w > 0 ? normG[k]! / w : 1;
    }
  }

  // ---- diagnosis codes ---------------------------------------------------------------
  const diagnoses: string[] = [];
  const diagIndex = new Map<string, number>();
  const intern = (code: string): number => {
    let k = diagIndex.get(code);
    if (k === undefined) {
      k = diagnoses.length;
      diagnoses.push(code);
      diagIndex.set(code, k);
    }
    return k;
  };
  const chronicAcsc: Int32Array[] = SYNTH_CONDITIONS.map((c) => Int32Array.from((CHRONIC_ACSC_CODES[c.code] ?? []).map(intern)));
  const acuteAcsc = Int32Array.from(ACUTE_ACSC_CODES.map(intern));
  const childCodes = Int32Array.from(CHILD_EMERGENCY_CODES.map(intern));
  const adultCodes = Int32Array.from(ADULT_EMERGENCY_CODES.map(intern));
  const olderCodes = Int32Array.from(OLDER_EMERGENCY_CODES.map(intern));
  const electiveCodes = Int32Array.from(ELECTIVE_CODES.map(intern));
  const medCodes: string[] = [];
  const medIndex = new Map<string, number>();
  const condMeds: Uint32Array[] = SYNTH_CONDITIONS.map((c) => Uint32Array.from((CONDITION_MEDICATIONS[c.code] ?? []).map((m) => {
    let k = medIndex.get(m);
    if (k === undefined) {
      k = medCodes.length;
      medCodes.push(m);
      medIndex.set(m, k);
    }
    return k;
  })));

  // ---- pass B: deaths and activity ---------------------------------------------------
  const perYear = R.gpPer1000.reduce((a, b) => a + b, 0) / nb / 1000 * (o.gpContacts ? 1 : 0) + 3;
  const act = new ActivityBuffer(size * Y * perYear * 0.9 + 1024);
  const cond = new CodedBuffer(size * 0.8 + 1024);
  const meds = new CodedBuffer(o.medications ? size * 1.2 + 1024 : 16);
  const expected: Float64Array[] = Array.from({ length: Y }, () => new Float64Array(size));
  const latentRisk = new Float64Array(size);
  const ES0 = effect ? addMonths(T0, effect.startMonth) : NO_DATE;
  const riskAtStart = new Float64Array(effect ? size : 0).fill(Number.NaN);
  const expectedAfter = new Float64Array(effect ? size : 0);
  const C_ = R.costs;
  const has = new Uint8Array(C);

  for (let p = 0; p < P; p++) {
    const rng = root.fork(2_000_000 + p);
    const ES = esP[p]!;
    for (let i = practiceStart[p]!; i < practiceStart[p + 1]!; i++) {
      const birth = birthDate[i]!;
      const a0 = Math.max(T0, registeredFrom[i]!);
      const dDay = deathDate[i]!;
      const end = Math.min(T1, registeredTo[i]!);
      // Conditions recorded up to the end of observation; medications issued after diagnosis.
      const base = i * C;
      for (let c = 0; c < C; c++) {
        const d = onset[base + c]!;
        if (d < end) {
          cond.push(i, c, d, NO_DATE);
          if (o.medications) {
            const ml = condMeds[c]!;
            for (let m = 0; m < ml.length; m++) {
              if (rng.uniform() < MED_ISSUE_PROBABILITY) {
                const md = d + 14 + Math.floor(60 * rng.uniform());
                if (md < end) meds.push(i, ml[m]!, md, NO_DATE);
              }
            }
          }
        }
      }
      {
        const age0 = Math.max(0, (a0 - birth) / DAYS_PER_YEAR);
        const b0 = rateBand(age0);
        let y0 = 0;
        while (y0 < Y - 1 && yearStarts[y0 + 1]! <= a0) y0++;
        latentRisk[i] = (EM[b0]! * Math.exp(logRisk(i, a0))) / normE[y0 * nb + b0]!;
      }
      if (a0 >= end) continue;
      let state = -1; // episode state, drawn at the first piece
      for (let y = 0; y < Y; y++) {
        const s0 = Math.max(yearStarts[y]!, a0);
        const s1 = Math.min(yearStarts[y + 1]!, end);
        if (s1 <= s0) continue;
        const age = Math.max(0, (yearStarts[y]! - birth) / DAYS_PER_YEAR);
        const b = rateBand(age);
        const lr = logRisk(i, yearStarts[y]!);
        const rr = Math.exp(lr);
        const rel = rr / normE[y * nb + b]!;
        const emRate = EM[b]! * rel;
        const aeRate = (AE[b]! * Math.exp(K_AE * lr)) / normA[y * nb + b]!;
        const rrOp = Math.exp(K_OP * lr) / normO[y * nb + b]!;
        const opRate = o.outpatients ? OP[b]! * rrOp : 0;
        const elRate = EL[b]! * rrOp;
        const gpRate = o.gpContacts ? (GP[b]! * Math.exp(K_GP * lr)) / normG[y * nb + b]! : 0;
        const q = Math.min(EPISODE_MAX_ONSET, EPISODE_ONSET * Math.sqrt(rel));
        const off = 1 / EPISODE_DURATION;
        const pi = q / (q + off);
        const fE = 1 / (1 + pi * (M_EM - 1)), fA = 1 / (1 + pi * (M_AE - 1)), fO = 1 / (1 + pi * (M_OP - 1)), fG = 1 / (1 + pi * (M_GP - 1));
        if (state < 0) state = rng.uniform() < pi ? 1 : 0;
        // Which diagnoses this person's emergency admissions can carry this year.
        let pAcsc = age < 15 ? 0.1 : age < 65 ? 0.07 : age < 80 ? 0.11 : 0.15;
        let nChronic = 0;
        for (let c = 0; c < C; c++) {
          has[c] = onset[base + c]! <= yearStarts[y]! ? 1 : 0;
          if (has[c]) {
            pAcsc += acscW[c]!;
            if (chronicAcsc[c]!.length > 0) nChronic++;
          }
        }
        pAcsc = Math.min(0.7, pAcsc);
        const los = LOS[b]!;
        const zeroLos = LOS0[b]!;
        const losMeanNonZero = los / (1 - zeroLos);
        let t = s0;
        while (t < s1) {
          const rate = state ? off : q;
          const sw = rate > 0 ? t + (-Math.log(1 - rng.uniform()) / rate) * DAYS_PER_YEAR : Infinity;
          const pe = Math.min(sw, s1);
          const L = pe - t;
          const LY = L / DAYS_PER_YEAR;
          const mE = state ? M_EM * fE : fE;
          const lamE = emRate * mE * LY;
          expected[y]![i]! += lamE;
          if (effect) {
            if (ES >= t && ES < pe) {
              // True risk at the start: expected admissions in the next 12 months given state now.
              const kappa = q + off;
              const phi = pi + ((state - pi) * (1 - Math.exp(-kappa))) / kappa;
              riskAtStart[i] = emRate * fE * (1 + (M_EM - 1) * phi);
            }
            const lo = Math.max(t, ES);
            if (pe > lo) expectedAfter[i]! += emRate * mE * ((pe - lo) / DAYS_PER_YEAR);
          }
          // Emergency admissions.
          let k = rng.poisson(lamE);
          for (; k > 0; k--) {
            const date = Math.floor(t + rng.uniform() * L);
            let stay = 0;
            if (rng.uniform() >= zeroLos) stay = Math.min(365, Math.ceil(-Math.log(1 - rng.uniform()) * (losMeanNonZero - 0.5)));
            let endDate = date + stay;
            if (endDate > dDay) endDate = dDay;
            const bd = endDate - date;
            let dx: number;
            if (rng.uniform() < pAcsc) {
              if (nChronic > 0 && rng.uniform() < 0.7) {
                let which = rng.int(nChronic);
                let list: Int32Array = acuteAcsc;
                for (let c = 0; c < C; c++) {
                  if (has[c] && chronicAcsc[c]!.length > 0 && which-- === 0) {
                    list = chronicAcsc[c]!;
                    break;
                  }
                }
                dx = list[rng.int(list.length)]!;
              } else dx = acuteAcsc[rng.int(acuteAcsc.length)]!;
            } else {
              const list = age < 15 ? childCodes : rng.uniform() < Math.min(0.85, Math.max(0, (age - 40) / 45)) ? olderCodes : adultCodes;
              dx = list[rng.int(list.length)]!;
            }
            act.push(i, date, endDate, 0, 1, bd, dx, C_.emergencyBase + C_.emergencyPerBedDay * bd);
          }
          // A&E attendances.
          k = rng.poisson(aeRate * (state ? M_AE * fA : fA) * LY);
          for (; k > 0; k--) act.push(i, Math.floor(t + rng.uniform() * L), NO_DATE, 1, 0, 0, -1, C_.ae);
          // Elective admissions (80% day cases).
          k = rng.poisson(elRate * LY);
          for (; k > 0; k--) {
            const date = Math.floor(t + rng.uniform() * L);
            const day = rng.uniform() < 0.8;
            let stay = day ? 0 : Math.min(90, Math.ceil(-Math.log(1 - rng.uniform()) * 3));
            if (date + stay > dDay) stay = dDay - date;
            act.push(i, date, date + stay, 0, 0, stay, electiveCodes[rng.int(electiveCodes.length)]!, day ? C_.electiveDayCase : C_.electiveOrdinary);
          }
          if (opRate > 0) {
            k = rng.poisson(opRate * (state ? M_OP * fO : fO) * LY);
            for (; k > 0; k--) act.push(i, Math.floor(t + rng.uniform() * L), NO_DATE, 2, 0, 0, -1, C_.outpatient);
          }
          if (gpRate > 0) {
            k = rng.poisson(gpRate * (state ? M_GP * fG : fG) * LY);
            for (; k > 0; k--) act.push(i, Math.floor(t + rng.uniform() * L), NO_DATE, 3, 0, 0, -1, C_.gp);
          }
          if (sw < s1) state = 1 - state;
          t = pe;
        }
      }
    }
    progress();
  }

  // ---- effect: select at the start, thin later emergency admissions ----------------------
  let effectTruth: SyntheticEffectTruth | undefined;
  let keep: Uint8Array | undefined;
  const ids = new Array<string>(size);
  const width = Math.max(7, String(size).length);
  for (let i = 0; i < size; i++) ids[i] = `S${String(i + 1).padStart(width, '0')}`;
  if (effect) {
    // Admissions in the 12 months before the start (observed so far, before any thinning).
    const before = new Uint16Array(size);
    const fromP = Int32Array.from(esP, (d) => addMonths(d, -12));
    for (let k = 0; k < act.n; k++) {
      const p = practice[act.patient[k]!]!;
      if (act.emergency[k] === 1 && act.date[k]! >= fromP[p]! && act.date[k]! < esP[p]!) before[act.patient[k]!]!++;
    }
    const treated = new Uint8Array(size);
    const sel = effect.selection;
    if ('ids' in sel) {
      const index = new Map<string, number>();
      for (let i = 0; i < size; i++) index.set(ids[i]!, i);
      sel.ids.forEach((id, j) => {
        const i = index.get(id);
        if (i === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'effect', 'selection', 'ids', j], value: id, message: 'is not a generated id' });
        treated[i] = 1;
      });
    } else {
      const groups = new Map<number, number[]>();
      for (let i = 0; i < size; i++) {
        const p = practice[i]!;
        if (!managing[p] || optedOut[i] || Number.isNaN(riskAtStart[i]!)) continue;
        const ES = esP[p]!;
        if (!(birthDate[i]! <= ES && registeredFrom[i]! <= ES && registeredTo[i]! > ES && deathDate[i]! > ES)) continue;
        if (sel.adultsOnly && (ES - birthDate[i]!) / DAYS_PER_YEAR < 18) continue;
        const g = sel.per === 'practice' ? p : 0;
        let list = groups.get(g);
        if (!list) groups.set(g, (list = []));
        list.push(i);
      }
      for (const list of groups.values()) {
        const k = Math.ceil((sel.topPercent / 100) * list.length);
        // Ties: by row (rows are in random order within a practice), never by hidden risk, so a
        // selection on admissions depends on observed data alone.
        if (sel.by === 'admissions') list.sort((a, b) => before[b]! - before[a]! || a - b);
        else list.sort((a, b) => riskAtStart[b]! - riskAtStart[a]! || a - b);
        for (let j = 0; j < k && j < list.length; j++) treated[list[j]!] = 1;
      }
    }
    const averted = new Uint16Array(size);
    const thin = root.fork(3_000_000);
    keep = new Uint8Array(act.n).fill(1);
    for (let k = 0; k < act.n; k++) {
      const i = act.patient[k]!;
      if (treated[i] && act.emergency[k] === 1 && act.date[k]! >= esP[practice[i]!]! && thin.uniform() < effect.relativeReduction) {
        keep[k] = 0;
        averted[i]!++;
      }
    }
    const treatedIds: string[] = [];
    const treatedFrom = new Int32Array(size).fill(NO_DATE);
    for (let i = 0; i < size; i++) {
      if (!treated[i]) continue;
      treatedIds.push(ids[i]!);
      treatedFrom[i] = esP[practice[i]!]!;
    }
    effectTruth = Object.freeze({
      relativeReduction: effect.relativeReduction,
      startMonth: effect.startMonth,
      startDate: ES0,
      practiceStartDates: esP,
      treatedFrom,
      practices: Object.freeze(practiceCodes.filter((_, p) => managing[p] === 1)),
      comparisonPractices: Object.freeze(practiceCodes.filter((_, p) => managing[p] === 0)),
      treated,
      treatedIds: Object.freeze(treatedIds),
      riskAtStart,
      admissionsBefore: before,
      expectedAfterStart: expectedAfter,
      avertedAdmissions: averted,
    });
  }
  act.compact(keep);

  const n = act.n;
  const population = createPopulation({
    ids,
    practices: practiceCodes,
    practice,
    sex,
    birthDate,
    deathDate,
    registeredFrom,
    registeredTo,
    imdDecile,
    careHome,
    optedOut,
    ethnicity,
    ethnicities,
    activity: {
      patient: act.patient.subarray(0, n),
      date: act.date.subarray(0, n),
      endDate: act.endDate.subarray(0, n),
      setting: act.setting.subarray(0, n),
      emergency: act.emergency.subarray(0, n),
      bedDays: act.bedDays.subarray(0, n),
      diagnosis: act.diagnosis.subarray(0, n),
      diagnoses,
      cost: act.cost.subarray(0, n),
    },
    conditions: {
      patient: cond.patient.subarray(0, cond.n),
      code: cond.code.subarray(0, cond.n),
      codes: tables.codes,
      date: cond.date.subarray(0, cond.n),
    },
    ...(o.medications
      ? { medications: { patient: meds.patient.subarray(0, meds.n), code: meds.code.subarray(0, meds.n), codes: medCodes, date: meds.date.subarray(0, meds.n) } }
      : {}),
    // What was generated: activity from the first day of the window, and the window's end as
    // the extract date (the day the synthetic extract is taken; events run to the day before).
    window: { activityFrom: T0, extractDate: T1 },
  });
  progress();
  const admissionProbability = expected.map((e) => {
    const out = new Float64Array(e.length);
    for (let i = 0; i < e.length; i++) out[i] = -Math.expm1(-e[i]!);
    return out;
  });
  return {
    population,
    truth: Object.freeze({
      startDate: T0,
      endDate: T1,
      years: Y,
      yearStarts,
      latentRisk,
      frailty,
      expectedAdmissions: Object.freeze(expected),
      admissionProbability: Object.freeze(admissionProbability),
      effect: effectTruth,
    }),
  };
}

