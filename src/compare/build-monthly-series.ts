import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownValue } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, civilFromDay, dayFromCivil, formatDay, NO_DATE, toDay } from '../core/dates.js';
import { checkSpan } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import { isEligible, type DataWindow, type Population } from '../core/population.js';
import type { ResultWarning } from '../core/result-warning.js';
import { avoidableFlags, DEFAULT_ACSC_PREFIXES } from './internal/outcome-counts.js';

const DateLike = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int()), z.string(), z.date()]));

/** Measures {@link buildMonthlySeries} can build from the population's events. */
export const MONTHLY_MEASURES = ['emergencyAdmissionsPer1000', 'avoidableAdmissionsPer1000', 'bedDaysPer1000', 'aePer1000'] as const;
export type MonthlyMeasure = (typeof MONTHLY_MEASURES)[number];

/** Options of {@link buildMonthlySeries}. */
export const MonthlySeriesOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** First month (any day in it). */
  from: DateLike,
  /** Last month, inclusive (any day in it). */
  to: DateLike,
  /** One series per practice, per site (needs `sites`) or one for everyone. */
  per: z._default(z.enum(['practice', 'site', 'all']), 'all'),
  /** Practice code to site name, for `per: 'site'`. Practices not listed are left out. */
  sites: z.optional(ownRecord(z.string(), 'site by practice')),
  measures: z._default(z.array(z.enum(MONTHLY_MEASURES)), ['emergencyAdmissionsPer1000', 'bedDaysPer1000', 'aePer1000']),
  /** Restrict to these person ids (e.g. the case-managed cohort). */
  cohort: z.optional(z.array(z.string())),
  /** ICD-10 prefixes that make an emergency admission avoidable (default: the features stage's versioned ACSC_CODES). */
  avoidableDiagnoses: z.optional(z.array(z.string())),
  /**
   * A measure the user supplies per person and month (e.g. an EQ-5D index): each value is
   * placed in the month of its date; a person's values in one month are averaged first, then
   * people are averaged (numerator = sum of person means, denominator = people with a value).
   */
  perPersonMeasure: z.optional(z
    .object({
      name: z.string().check(z.minLength(1)),
      values: z.array(z.object({ id: z.string(), date: DateLike, value: z.number() })),
    })),
  /** A first month before activity is complete: `'warn'` (default) or `'error'`. */
  beforeData: BeforeData,
  /**
   * A last month that ends after the extract date (a part-month): `'refuse'` (default,
   * `window_past_extract`) or `'provisional'` (kept, its rows marked `provisional`, which
   * `monitor` shows but leaves out of the limits and rules).
   */
  partialMonths: z._default(z.enum(['refuse', 'provisional']), 'refuse'),
}));
export type MonthlySeriesOptions = z.input<typeof MonthlySeriesOptions>;

/** One row of {@link buildMonthlySeries}: a unit, a month and a measure. */
export interface MonthlyRow {
  /** Practice code, site name or `'all'`. */
  readonly unit: string;
  /** `yyyy-mm`. */
  readonly month: string;
  /** Day number of the first of the month. */
  readonly monthStart: number;
  readonly measure: string;
  /** Events (or bed days) in the month; for a per-person measure the sum of person means. */
  readonly numerator: number;
  /** People registered and alive on the first of the month; for a per-person measure the people with a value. */
  readonly denominator: number;
  /** Per 1,000 registered (event measures) or the mean (per-person measures); null when the denominator is 0 (nobody to divide by). */
  readonly value: number | null;
  /**
   * Present only when the month's figure is incomplete, saying why: a part-month at the
   * extract's end, or (bed days) admissions in the month not discharged by the extract date.
   */
  readonly provisional?: string;
}

/**
 * The rows of {@link buildMonthlySeries}, with what the series was checked against. The two
 * extra properties are not enumerable, so the rows serialise (JSON, CSV) as a plain array.
 *
 * @example
 * const rows = buildMonthlySeries(population, { from: '2021-04-01', to: '2024-03-31' });
 * rows.warnings.map((w) => w.code); // => ['window_before_data'] when activity is complete only from a later month
 */
export type MonthlySeries = MonthlyRow[] & {
  /** A first month before activity is complete (`window_before_data`). */
  readonly warnings: readonly ResultWarning[];
  /** The extract's window the months were checked against (`population.window`); pass it to `monitor` as `window`. */
  readonly dataWindow: DataWindow;
};

const FN = 'buildMonthlySeries';

function monthStartOf(day: number): number {
  const c = civilFromDay(day);
  return dayFromCivil(c.year, c.month, 1);
}

/**
 * Builds monthly series of the programme's core metrics from a population's events, for any
 * date range: emergency admissions, avoidable (ACSC) emergency admissions, emergency bed days
 * (attributed to the admission month) and A&E attendances, each per 1,000 registered, per
 * practice, per site or for everyone; optionally for a cohort only; plus a user-supplied per-
 * person measure averaged per month.
 *
 * Denominator: people registered and alive on the first day of the month (a list-size
 * snapshot, as practice list sizes are published), not person-months. Numerator: events dated
 * in the month for people eligible on the event's date; people who join mid-month add to the
 * numerator but not that month's denominator. Rows are long (one per unit, month and
 * measure): pass the numerators and denominators of one unit and measure to `monitor` with
 * `chart: 'u'`. O(people x months + events).
 *
 * Window: every month must lie inside the extract's window (`population.window`): a last month
 * ending after the extract date is refused (`window_past_extract`: a part-month would show as a
 * fall, and an SPC chart would flag it) unless `partialMonths: 'provisional'`, which keeps it
 * marked `provisional`, and a first month starting before activity is
 * complete gives a `window_before_data` warning (or error, by `beforeData`), in the array's
 * non-enumerable `warnings`.
 *
 * Provisional months: bed days are attributed to the admission month, so a month with an
 * emergency admission not discharged by the extract date (a discharge date on or after it, or
 * neither a discharge date nor bed days) has bed days still to come: its `bedDaysPer1000` row
 * is marked `provisional` with the count in words (admission counts are complete: they are
 * dated by admission). `monitor` draws such rows but leaves them out of its limits and rules.
 *
 * @param population - the population.
 * @param options - see {@link MonthlySeriesOptions}.
 * @returns rows ordered by measure, unit, month.
 * @throws RiskStratifyError `invalid_options` for bad dates, `to` before `from`, `per: 'site'`
 *   without `sites`, or a per-person value for an unknown id; `window_past_extract` for a month
 *   ending after the extract date; `window_before_data` with `beforeData: 'error'`.
 * @example
 * buildMonthlySeries(pop, { from: '2024-01-01', to: '2024-03-01', measures: ['aePer1000'] }).length;
 * // => 3 (one unit, three months)
 */
export function buildMonthlySeries(population: Population, options: MonthlySeriesOptions): MonthlySeries {
  const o = parseOptions(FN, MonthlySeriesOptions, options);
  const from = toDay(o.from);
  const to = toDay(o.to);
  if (from === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'from'], value: o.from, message: 'not a date' });
  if (to === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'to'], value: o.to, message: 'not a date' });
  if (to < from) fail({ fn: FN, code: 'invalid_options', path: ['options', 'to'], value: o.to, message: 'is before from' });
  if (o.per === 'site' && !o.sites) fail({ fn: FN, code: 'invalid_options', path: ['options', 'sites'], value: undefined, message: "per: 'site' needs a practice-to-site map" });

  const months: number[] = [];
  for (let m = monthStartOf(from); m <= to; m = addMonths(m, 1)) months.push(m);
  const end = addMonths(months[months.length - 1]!, 1);
  const nm = months.length;
  const win = population.window;
  const lastFull = monthStartOf(win.extractDate + 1) - 1; // the last day of the last whole month in the extract
  // A part-month at the end, when asked for: checked as if it ended on the extract date, marked provisional.
  const partial = o.partialMonths === 'provisional' && end - 1 > win.extractDate && months[nm - 1]! <= win.extractDate;
  const early = checkSpan(FN, win, {
    what: `the monthly series (${formatDay(months[0]!).slice(0, 7)} to ${formatDay(months[nm - 1]!).slice(0, 7)})`, first: months[0]!, last: partial ? win.extractDate : end - 1, path: ['options', end - 1 > win.extractDate ? 'to' : 'from'],
    fixLate: `its last whole month ends on ${formatDay(lastFull)}: use a to on or before it`,
    fixEarly: `a from on or after ${formatDay(win.activityFrom)} avoids it`,
  }, o.beforeData);

  // unit of each person
  const unitNames: string[] = [];
  const unitIndex = new Map<string, number>();
  const unitOfPractice = population.practices.map((code) => {
    const name = o.per === 'all' ? 'all' : o.per === 'practice' ? code : ownValue(o.sites!, code);
    if (name === undefined) return -1;
    let u = unitIndex.get(name);
    if (u === undefined) {
      u = unitNames.length;
      unitNames.push(name);
      unitIndex.set(name, u);
    }
    return u;
  });
  const nu = unitNames.length;
  let include: Uint8Array | undefined;
  if (o.cohort) {
    include = new Uint8Array(population.size);
    o.cohort.forEach((id, k) => {
      const i = population.indexOf(id);
      if (i < 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'cohort', k], value: id, message: 'id not in the population' });
      include![i] = 1;
    });
  }

  const den = new Float64Array(nu * nm);
  const emerg = new Float64Array(nu * nm);
  const avoid = new Float64Array(nu * nm);
  const beds = new Float64Array(nu * nm);
  const ae = new Float64Array(nu * nm);
  // Emergency admissions not discharged by the extract date (no discharge date and no bed
  // days, or a discharge on or after the extract date: the stay was cut at the extract).
  const open = new Float64Array(nu * nm);
  const flags = avoidableFlags(population, o.avoidableDiagnoses ?? DEFAULT_ACSC_PREFIXES);
  const a = population.activity;
  const monthIndexOf = (day: number): number => {
    // binary search over month starts
    let lo = 0;
    let hi = nm - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (months[mid]! <= day) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (let i = 0; i < population.size; i++) {
    if (include && include[i] === 0) continue;
    const u = unitOfPractice[population.columns.practice[i]!]!;
    if (u < 0) continue;
    for (let m = 0; m < nm; m++) if (isEligible(population, i, months[m]!)) den[u * nm + m]!++;
    for (let j = a.offsets[i]!; j < a.offsets[i + 1]!; j++) {
      const d = a.date[j]!;
      if (d < months[0]! || d >= end) continue;
      if (!isEligible(population, i, d)) continue;
      const cell = u * nm + monthIndexOf(d);
      const s = a.setting[j]!;
      if (s === 0 && a.emergency[j] === 1) {
        emerg[cell]!++;
        const dx = a.diagnosis[j]!;
        if (dx >= 0 && flags[dx] === 1) avoid[cell]!++;
        const b = a.bedDays[j]!;
        if (Number.isFinite(b)) beds[cell]! += b;
        const e = a.endDate[j]!;
        if (e === NO_DATE ? !Number.isFinite(b) : e >= win.extractDate) open[cell]!++;
      } else if (s === 1) ae[cell]!++;
    }
  }

  const rows: MonthlyRow[] = [];
  const label = (m: number): string => {
    const c = civilFromDay(m);
    return `${c.year}-${String(c.month).padStart(2, '0')}`;
  };
  const byMeasure: Record<MonthlyMeasure, Float64Array> = {
    emergencyAdmissionsPer1000: emerg, avoidableAdmissionsPer1000: avoid, bedDaysPer1000: beds, aePer1000: ae,
  };
  const partialText = `part-month: the extract ends on ${formatDay(win.extractDate)}`;
  const provisionalOf = (measure: string, cell: number, m: number): { provisional?: string } => {
    if (partial && m === nm - 1) return { provisional: partialText };
    if (measure === 'bedDaysPer1000' && open[cell]! > 0) return { provisional: `${open[cell]!} emergency admission(s) not discharged by the extract date ${formatDay(win.extractDate)}: bed days incomplete` };
    return {};
  };
  for (const measure of o.measures) {
    const num = byMeasure[measure];
    for (let u = 0; u < nu; u++) {
      for (let m = 0; m < nm; m++) {
        const d = den[u * nm + m]!;
        const x = num[u * nm + m]!;
        rows.push(Object.freeze({ unit: unitNames[u]!, month: label(months[m]!), monthStart: months[m]!, measure, numerator: x, denominator: d, value: d > 0 ? (1000 * x) / d : null, ...provisionalOf(measure, u * nm + m, m) }));
      }
    }
  }

  if (o.perPersonMeasure) {
    const pm = o.perPersonMeasure;
    // person-month means first
    const perPersonMonth = new Map<number, { sum: number; n: number; unit: number; month: number }>();
    pm.values.forEach((v, k) => {
      const i = population.indexOf(v.id);
      if (i < 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'perPersonMeasure', 'values', k, 'id'], value: v.id, message: 'id not in the population' });
      const day = toDay(v.date);
      if (day === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'perPersonMeasure', 'values', k, 'date'], value: v.date, message: 'not a date' });
      if (day < months[0]! || day >= end) return;
      if (include && include[i] === 0) return;
      const u = unitOfPractice[population.columns.practice[i]!]!;
      if (u < 0) return;
      const m = monthIndexOf(day);
      const key = i * nm + m;
      const cell = perPersonMonth.get(key) ?? { sum: 0, n: 0, unit: u, month: m };
      cell.sum += v.value;
      cell.n++;
      perPersonMonth.set(key, cell);
    });
    const sum = new Float64Array(nu * nm);
    const cnt = new Float64Array(nu * nm);
    for (const c of perPersonMonth.values()) {
      sum[c.unit * nm + c.month]! += c.sum / c.n;
      cnt[c.unit * nm + c.month]!++;
    }
    for (let u = 0; u < nu; u++) {
      for (let m = 0; m < nm; m++) {
        const n = cnt[u * nm + m]!;
        rows.push(Object.freeze({ unit: unitNames[u]!, month: label(months[m]!), monthStart: months[m]!, measure: pm.name, numerator: sum[u * nm + m]!, denominator: n, value: n > 0 ? sum[u * nm + m]! / n : null, ...provisionalOf(pm.name, u * nm + m, m) }));
      }
    }
  }
  Object.defineProperty(rows, 'warnings', { value: Object.freeze(early ? [early] : []), enumerable: false });
  Object.defineProperty(rows, 'dataWindow', { value: win, enumerable: false });
  return rows as MonthlySeries;
}
