import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { addMonths, formatDay, NO_DATE, toDay } from '../core/dates.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { Population } from '../core/population.js';
import { checkAsOf, checkSpan } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import type { ResultWarning } from '../core/result-warning.js';
import { SYNTH_ACSC_PREFIXES } from './synth-acsc-prefixes.js';
import { SYNTH_REFERENCE } from './synth-reference.js';

const FN = 'summarisePopulation';
const DAYS_PER_YEAR = 365.25;

/** Options of {@link summarisePopulation}. */
export const SummarisePopulationOptions = /* @__PURE__ */ lazySchema(() => z.strictObject({
  /** Date of the cross-section (list sizes, ages, prevalence, care home, opt-outs). */
  asOf: z.union([z.string(), z.number().check(z.int())]),
  /** Start of the period for activity and death rates; default 12 months before `asOf`. */
  from: z.optional(z.union([z.string(), z.number().check(z.int())])),
  /** End (exclusive) of the period for rates; default `asOf`. */
  to: z.optional(z.union([z.string(), z.number().check(z.int())])),
  /** ICD-10 prefixes counted as ambulatory care sensitive; default {@link SYNTH_ACSC_PREFIXES}. */
  acscPrefixes: z.optional(z.array(z.string())),
  /** A rate period starting before activity is complete: `'warn'` (default) or `'error'`. */
  beforeData: BeforeData,
}));
export type SummarisePopulationOptions = z.input<typeof SummarisePopulationOptions>;

/** One activity measure in a {@link PopulationSummary}. */
export interface ActivitySummaryRow {
  readonly measure: 'emergency_admissions' | 'acsc_emergency_admissions' | 'emergency_bed_days' | 'elective_admissions' | 'ae_attendances' | 'outpatient_attendances' | 'gp_contacts';
  readonly count: number;
  readonly per1000PerYear: number;
  /** Per 1,000 person-years by age band (age at `from`); NaN where a band has no person-time. */
  readonly byAgeBand: readonly number[];
}

/** A plain, JSON-ready description of a population (see {@link summarisePopulation}). */
export interface PopulationSummary {
  readonly asOf: string;
  readonly period: { readonly from: string; readonly to: string; readonly personYears: number };
  /** Rows in the population, and people registered and alive on `asOf`. */
  readonly people: { readonly rows: number; readonly registered: number };
  readonly practices: { readonly count: number; readonly listSize: { readonly min: number; readonly median: number; readonly max: number } };
  /** Age bands (age on `asOf`) by sex, people registered on `asOf`. */
  readonly ageSex: { readonly bands: readonly string[]; readonly female: readonly number[]; readonly male: readonly number[]; readonly other: readonly number[]; readonly unknown: readonly number[] };
  /** Recorded on or before `asOf` and not resolved, among people registered on `asOf`. */
  readonly conditions: ReadonlyArray<{ readonly code: string; readonly count: number; readonly percent: number; readonly percentByAgeBand: readonly number[] }>;
  /** Counts of people registered on `asOf` by IMD decile, index 0 = unknown, 1..10. */
  readonly imdDecile: readonly number[];
  readonly careHome: { readonly count: number; readonly percent: number };
  readonly optedOut: { readonly count: number; readonly percent: number };
  /** Deaths in the period while registered, and per 1,000 person-years. */
  readonly deaths: { readonly count: number; readonly per1000PerYear: number };
  readonly activity: readonly ActivitySummaryRow[];
  /** Share of emergency admissions in the period with an ACSC primary diagnosis. */
  readonly acscShareOfEmergency: number;
  /** Mean bed days of emergency admissions in the period, overall and by age band. */
  readonly emergencyMeanLengthOfStay: { readonly overall: number; readonly byAgeBand: readonly number[] };
  /** Total cost of activity in the period (pounds; unknown costs skipped). */
  readonly cost: number;
  /** A rate period starting before activity is complete (`window_before_data`). */
  readonly warnings: readonly ResultWarning[];
}

function quantile7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Summarises a population: list sizes, age-sex structure, condition prevalence, deprivation,
 * care homes, opt-outs (a cross-section on `asOf`), and deaths and activity rates per 1,000
 * person-years over a period (default the 12 months before `asOf`), overall and by age band
 * (0-4, 5-14, ..., 75-84, 85+; age at the start of the period). Person-time counts days
 * registered and alive (registration end and death exclusive), and only events in that
 * time are counted. The demo writes it; the README's targets table is built from it.
 *
 * O(people + events + conditions).
 *
 * @param population - any {@link Population} (generated or loaded).
 * @param options - {@link SummarisePopulationOptions}: `asOf` (required), `from`, `to`, `acscPrefixes`.
 * @returns a {@link PopulationSummary} of plain numbers and strings.
 * Window: `asOf` and the rate period must be inside the extract's window
 * (`population.window`): a period running past the extract date is refused
 * (`window_past_extract`), one starting before activity is complete warns (or refuses with
 * `beforeData: 'error'`).
 *
 * @throws RiskStratifyError `invalid_options` when a date does not parse or `from >= to`;
 *   `window_past_extract` for an as-of date or a period past the extract date.
 * @example
 * const { population } = generatePopulation({ size: 20_000, seed: 1 });
 * const s = summarisePopulation(population, { asOf: '2022-04-01' });
 * s.activity.find((r) => r.measure === 'emergency_admissions')?.per1000PerYear; // => about 100
 */
export function summarisePopulation(population: Population, options: SummarisePopulationOptions): PopulationSummary {
  const o = parseOptions(FN, SummarisePopulationOptions, options);
  const asOf = toDay(o.asOf);
  if (asOf === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'is not a date' });
  const from = o.from === undefined ? addMonths(asOf, -12) : toDay(o.from);
  if (from === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'from'], value: o.from, message: 'is not a date' });
  const to = o.to === undefined ? asOf : toDay(o.to);
  if (to === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'to'], value: o.to, message: 'is not a date' });
  if (!(from < to)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'from'], value: o.from ?? formatDay(from), message: 'must be before `to`' });
  checkAsOf(FN, population.window, asOf, ['options', 'asOf']);
  const early = checkSpan(FN, population.window, { what: 'the rate period [from, to)', first: from, last: to - 1, path: ['options', o.from === undefined ? 'asOf' : 'from'] }, o.beforeData);
  const prefixes = o.acscPrefixes ?? SYNTH_ACSC_PREFIXES;

  const n = population.size;
  const c = population.columns;
  const bands = SYNTH_REFERENCE.rateBands;
  const nb = bands.length;
  const bandOf = (age: number): number => {
    let b = 0;
    for (let j = 1; j < nb; j++) if (age >= bands[j]!) b = j;
    return b;
  };

  // Cross-section on asOf.
  const P = population.practices.length;
  const list = new Float64Array(P);
  const sexBand = [new Array<number>(nb).fill(0), new Array<number>(nb).fill(0), new Array<number>(nb).fill(0), new Array<number>(nb).fill(0)];
  const imd = new Array<number>(11).fill(0);
  const inBand = new Float64Array(nb);
  let registered = 0;
  let careHome = 0;
  let optedOut = 0;
  const codes = population.conditions.codes;
  const condCount = new Float64Array(codes.length);
  const condBand = new Float64Array(codes.length * nb);
  const cond = population.conditions;
  const seenBy = new Int32Array(codes.length).fill(-1);
  for (let i = 0; i < n; i++) {
    if (!(c.birthDate[i]! <= asOf && c.registeredFrom[i]! <= asOf && c.registeredTo[i]! > asOf && c.deathDate[i]! > asOf)) continue;
    registered++;
    list[c.practice[i]!]!++;
    const b = bandOf((asOf - c.birthDate[i]!) / DAYS_PER_YEAR);
    inBand[b]!++;
    sexBand[c.sex[i]!]![b]!++;
    imd[c.imdDecile[i]!]!++;
    careHome += c.careHome[i]!;
    optedOut += c.optedOut[i]!;
    for (let k = cond.offsets[i]!; k < cond.offsets[i + 1]!; k++) {
      if (cond.date[k]! > asOf || cond.resolvedDate[k]! <= asOf) continue;
      const code = cond.code[k]!;
      if (seenBy[code] === i) continue;
      seenBy[code] = i;
      condCount[code]!++;
      condBand[code * nb + b]!++;
    }
  }
  const sortedList = Float64Array.from(list).sort();

  // Rates over [from, to).
  const pyBand = new Float64Array(nb);
  let personYears = 0;
  let deaths = 0;
  const M = 7;
  const count = new Float64Array(M);
  const countBand = new Float64Array(M * nb);
  const losBand = new Float64Array(nb);
  const emBand = new Float64Array(nb);
  let cost = 0;
  const a = population.activity;
  const acscDx = new Uint8Array(a.diagnoses.length);
  a.diagnoses.forEach((d, j) => {
    acscDx[j] = prefixes.some((p) => d.startsWith(p)) ? 1 : 0;
  });
  for (let i = 0; i < n; i++) {
    const s = Math.max(from, c.registeredFrom[i]!, c.birthDate[i]!);
    const e = Math.min(to, c.registeredTo[i]!, c.deathDate[i]!);
    const d = c.deathDate[i]!;
    if (d !== NO_DATE && d >= from && d < to && d >= c.registeredFrom[i]! && d <= c.registeredTo[i]!) deaths++;
    if (e <= s) continue;
    const py = (e - s) / DAYS_PER_YEAR;
    personYears += py;
    const b = bandOf(Math.max(0, (from - c.birthDate[i]!) / DAYS_PER_YEAR));
    pyBand[b]! += py;
    for (let k = a.offsets[i]!; k < a.offsets[i + 1]!; k++) {
      const day = a.date[k]!;
      if (day < s || day >= e) continue;
      const cost_ = a.cost[k]!;
      if (!Number.isNaN(cost_)) cost += cost_;
      let m: number;
      switch (a.setting[k]) {
        case 0:
          if (a.emergency[k] === 1) {
            m = 0;
            const bd = a.bedDays[k]!;
            if (!Number.isNaN(bd)) {
              count[2]! += bd;
              countBand[2 * nb + b]! += bd;
              losBand[b]! += bd;
            }
            emBand[b]!++;
            const dx = a.diagnosis[k]!;
            if (dx >= 0 && acscDx[dx] === 1) {
              count[1]!++;
              countBand[nb + b]!++;
            }
          } else m = 3;
          break;
        case 1: m = 4; break;
        case 2: m = 5; break;
        default: m = 6;
      }
      count[m]!++;
      countBand[m * nb + b]!++;
    }
  }
  const measures = ['emergency_admissions', 'acsc_emergency_admissions', 'emergency_bed_days', 'elective_admissions', 'ae_attendances', 'outpatient_attendances', 'gp_contacts'] as const;
  const pct = (x: number, d: number): number => (d > 0 ? (100 * x) / d : Number.NaN);
  let losTotal = 0;
  let emTotal = 0;
  for (let b = 0; b < nb; b++) {
    losTotal += losBand[b]!;
    emTotal += emBand[b]!;
  }
  return {
    asOf: formatDay(asOf),
    period: { from: formatDay(from), to: formatDay(to), personYears },
    people: { rows: n, registered },
    practices: { count: P, listSize: { min: sortedList[0] ?? 0, median: quantile7(sortedList, 0.5), max: sortedList[P - 1] ?? 0 } },
    ageSex: { bands: [...SYNTH_REFERENCE.rateBandLabels], female: sexBand[1]!, male: sexBand[2]!, other: sexBand[3]!, unknown: sexBand[0]! },
    conditions: codes.map((code, j) => ({
      code,
      count: condCount[j]!,
      percent: pct(condCount[j]!, registered),
      percentByAgeBand: Array.from({ length: nb }, (_, b) => pct(condBand[j * nb + b]!, inBand[b]!)),
    })),
    imdDecile: imd,
    careHome: { count: careHome, percent: pct(careHome, registered) },
    optedOut: { count: optedOut, percent: pct(optedOut, registered) },
    deaths: { count: deaths, per1000PerYear: personYears > 0 ? (1000 * deaths) / personYears : Number.NaN },
    activity: measures.map((measure, m) => ({
      measure,
      count: count[m]!,
      per1000PerYear: personYears > 0 ? (1000 * count[m]!) / personYears : Number.NaN,
      byAgeBand: Array.from({ length: nb }, (_, b) => (pyBand[b]! > 0 ? (1000 * countBand[m * nb + b]!) / pyBand[b]! : Number.NaN)),
    })),
    acscShareOfEmergency: count[0]! > 0 ? count[1]! / count[0]! : Number.NaN,
    emergencyMeanLengthOfStay: { overall: emTotal > 0 ? losTotal / emTotal : Number.NaN, byAgeBand: Array.from({ length: nb }, (_, b) => (emBand[b]! > 0 ? losBand[b]! / emBand[b]! : Number.NaN)) },
    cost,
    warnings: early ? [early] : [],
  };
}
