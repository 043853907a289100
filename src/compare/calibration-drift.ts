import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, civilFromDay, dayFromCivil, formatDay, toDay } from '../core/dates.js';
import { checkSpan } from '../core/check-window.js';
import { SETTING, type Population } from '../core/population.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { buildFeatures } from '../features/build-features.js';
import type { RiskModel } from '../model/risk-model.js';
import { observedExpected } from '../evaluate/observed-expected.js';
import { monitor, type MonitorOptions, type SpcResult } from './monitor.js';

const FN = 'calibrationDrift';

const DayLike = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int()), z.string(), z.date()]));

/**
 * Options of {@link calibrationDrift}.
 * - `from`, `to`: the first and last month (any day in it, e.g. `'2023-04-01'`). Needed when
 *   a model is passed; with monthly scores, the months of those scores.
 * - `lookbackMonths` (default 12): the features' lookback when a model is passed.
 * - `horizonMonths` (default 12): the horizon the model predicts over; a risk p over it is
 *   a monthly risk 1 − (1 − p)^(1/horizonMonths) (a constant hazard over the horizon).
 * - `perPractice` (default true): a series per practice as well as overall.
 * - `monitor`: options for `monitor` on each series (default: `monitor`'s own, with the
 *   population's window so that no month past the extract is charted); `false` for none.
 */
export const CalibrationDriftOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    from: z.optional(DayLike),
    to: z.optional(DayLike),
    lookbackMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(120)), 12),
    horizonMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(120)), 12),
    perPractice: z._default(z.boolean(), true),
    monitor: z.optional(z.union([z.custom<MonitorOptions>((v) => typeof v === 'object' && v !== null, { message: 'expected monitor options' }), z.literal(false)])),
  })).shape));
/** Input type of {@link CalibrationDriftOptions}. */
export type CalibrationDriftOptions = z.input<typeof CalibrationDriftOptions>;

/** The people scored at the start of one month: as a monthly refresh keeps them. */
export interface MonthlyScores {
  /** Any day of the month the scores were used in (scored as of the day before it began). */
  readonly month: number | string | Date;
  /** Predicted risks over `horizonMonths`, as `model.score(features)` returned them. */
  readonly scores: ArrayLike<number>;
  /** Population row of each score (`features.rows`). */
  readonly rows: ArrayLike<number>;
}

/**
 * One month of an observed/expected series. It is a `monitor` series point: `value` is
 * O/E (XmR), `numerator` / `denominator` are O and E (a u-chart of O/E per expected event),
 * `monthStart` / `month` place it.
 */
export interface CalibrationDriftPoint {
  /** `'all'` or the practice code. */
  readonly unit: string;
  /** `yyyy-mm`. */
  readonly month: string;
  /** Day number of the first day of the month. */
  readonly monthStart: number;
  readonly label: string;
  /** People scored for the month. */
  readonly people: number;
  /** People scored who had an emergency admission starting in the month. */
  readonly observed: number;
  /** Sum of their predicted monthly risks. */
  readonly expected: number;
  /** observed / expected; null when nobody was scored (expected 0). */
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  /** Byar 95% interval of `value` (null with it). */
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The result of {@link calibrationDrift}. */
export interface CalibrationDrift {
  /** The whole population's monthly O/E, oldest first. */
  readonly overall: readonly CalibrationDriftPoint[];
  /** The same per practice (empty with `perPractice: false`). */
  readonly byPractice: Readonly<Record<string, readonly CalibrationDriftPoint[]>>;
  /** `monitor` on `overall` and on each practice's series (null with `monitor: false` or fewer than 2 months). */
  readonly spc: { readonly overall: SpcResult; readonly byPractice: Readonly<Record<string, SpcResult>> } | null;
  /** What was computed, in words. */
  readonly method: string;
  /** `window_before_data` (lookbacks before complete data), `zero_denominator` (months nobody was scored) and those of `monitor`. */
  readonly warnings: readonly ResultWarning[];
}

function monthOf(fn: string, path: readonly (string | number)[], v: number | string | Date): number {
  const d = toDay(v);
  if (d === undefined) fail({ fn, code: 'invalid_options', path, value: v, message: 'is not a date (a day number, yyyy-mm-dd or a Date)' });
  const c = civilFromDay(d);
  return dayFromCivil(c.year, c.month, 1);
}

/**
 * A monthly observed/expected series of a risk model: in each calendar month, the people
 * scored at its start (as of the day before it began), how many of them had an emergency
 * admission starting in the month (observed, counted up to death or the end of registration),
 * and the sum of their predicted risk for one month (expected), overall and per practice.
 * A model that is well calibrated and stays so gives O/E around a steady line; a change in
 * admission rates, coding or the population that the model did not see shows as
 * special-cause variation on `monitor`'s chart (done here: `spc`). Recalibrate the model
 * (`recalibrate` (model stage)) when it has drifted.
 *
 * Two ways to give the scores:
 * - a `RiskModel`: for each month from `from` to `to`, features are built as of the day
 *   before the month (`buildFeatures`, `lookbackMonths`) and scored (`ignoreExtra`), so the
 *   series backtests the model over the extract;
 * - monthly scores as a refresh kept them (`{ month, scores, rows }` per month).
 *
 * Expected: a risk p over `horizonMonths` (12) is a monthly risk 1 − (1 − p)^(1/12), the
 * risk of at least one admission in a month when admissions come at a constant rate over
 * the year. Observed counts people (at least one emergency admission starting in the month),
 * as the model's outcome does. O/E's interval is Byar's, observed taken as Poisson.
 *
 * Window: every month must end on or before the extract date (`window_past_extract`);
 * lookbacks that start before complete activity warn (`window_before_data`).
 *
 * O(months × (people + their events)); with a model, plus one `buildFeatures` and one
 * score per month.
 *
 * @param population - The population scored.
 * @param scored - A `RiskModel`, or monthly scores ({@link MonthlyScores}).
 * @param options - {@link CalibrationDriftOptions}.
 * @returns A {@link CalibrationDrift}: series in the shape `monitor` takes, and their charts.
 * @throws RiskStratifyError `window_past_extract` for a month past the extract date,
 *   `invalid_options` (no `from`/`to` with a model, `to` before `from`), `length_mismatch`
 *   when scores and rows differ, `invalid_input` for a row outside the population or a
 *   score that is not a probability.
 * @example
 * const { population } = generatePopulation({ size: 3000, seed: 1 });
 * const f = buildFeatures(population, { asOf: '2022-03-31' });
 * const model = fitRiskModel(f, buildOutcomes(population, { asOf: '2022-03-31', rows: f.rows }).emergencyAdmission);
 * const drift = calibrationDrift(population, model, { from: '2022-04-01', to: '2023-03-31', perPractice: false });
 * drift.overall.length; // => 12
 * drift.spc?.overall.chart; // => 'xmr'
 */
export function calibrationDrift(population: Population, scored: RiskModel | readonly MonthlyScores[], options: CalibrationDriftOptions = {}): CalibrationDrift {
  const o = parseOptions(FN, CalibrationDriftOptions, options);
  const warnings: ResultWarning[] = [];
  const size = population.size;
  const c = population.columns;
  const a = population.activity;
  const H = o.horizonMonths;
  const months: { start: number; scores: ArrayLike<number>; rows: ArrayLike<number>; path: (string | number)[] }[] = [];
  if (Array.isArray(scored)) {
    (scored as readonly MonthlyScores[]).forEach((m, k) => {
      if (m === null || typeof m !== 'object') fail({ fn: FN, code: 'invalid_input', path: ['scored', k], value: m, message: 'expected { month, scores, rows }' });
      if (m.scores?.length !== m.rows?.length) fail({ fn: FN, code: 'length_mismatch', path: ['scored', k, 'rows'], value: m.rows?.length, message: `has ${m.rows?.length} rows for ${m.scores?.length} scores; pass features.rows of the matrix scored` });
      months.push({ start: monthOf(FN, ['scored', k, 'month'], m.month), scores: m.scores, rows: m.rows, path: ['scored', k] });
    });
    months.sort((x, y) => x.start - y.start);
  } else {
    const model = scored as RiskModel;
    if (model === null || typeof model !== 'object' || typeof model.score !== 'function') {
      fail({ fn: FN, code: 'invalid_argument', path: ['scored'], value: model, message: 'expected a RiskModel or an array of { month, scores, rows }' });
    }
    if (o.from === undefined || o.to === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', o.from === undefined ? 'from' : 'to'], value: undefined, message: 'give the first and last month (from, to) to score the model in' });
    const first = monthOf(FN, ['options', 'from'], o.from);
    const last = monthOf(FN, ['options', 'to'], o.to);
    if (last < first) fail({ fn: FN, code: 'invalid_options', path: ['options', 'to'], value: o.to, message: `is before from (${formatDay(first)})` });
    // Check the last month first: a window past the extract is refused before any work.
    checkSpan(FN, population.window, { what: `the month ${formatDay(last).slice(0, 7)}`, first: last, last: addMonths(last, 1) - 1, path: ['options', 'to'] }, 'warn');
    for (let start = first; start <= last; start = addMonths(start, 1)) {
      const features = buildFeatures(population, { asOf: start - 1, lookbackMonths: o.lookbackMonths });
      months.push({ start, scores: model.score(features, { ignoreExtra: true }), rows: features.rows, path: ['options', 'from'] });
    }
  }
  if (months.length === 0) fail({ fn: FN, code: 'invalid_input', path: ['scored'], value: scored, message: 'no months to chart' });

  const practices = population.practices;
  const P = o.perPractice ? practices.length : 0;
  const overall: CalibrationDriftPoint[] = [];
  const byUnit: CalibrationDriftPoint[][] = Array.from({ length: P }, () => []);
  let early = 0;
  let firstEarly: ResultWarning | undefined;
  const empty: string[] = [];
  for (const m of months) {
    const start = m.start;
    const end = addMonths(start, 1) - 1;
    const month = formatDay(start).slice(0, 7);
    checkSpan(FN, population.window, { what: `the month ${month}`, first: start, last: end, path: m.path }, 'warn');
    const lookback = addMonths(start - 1, -o.lookbackMonths) + 1;
    if (lookback < population.window.activityFrom) {
      early++;
      firstEarly ??= resultWarning('window_before_data', `${FN}: the ${o.lookbackMonths}-month lookback of the month ${month} starts on ${formatDay(lookback)}, before activity is complete (from ${formatDay(population.window.activityFrom)}): its scores may be too low`, { path: ['overall'] });
    }
    const people = new Float64Array(P + 1);
    const obs = new Float64Array(P + 1);
    const exp = new Float64Array(P + 1);
    for (let k = 0; k < m.rows.length; k++) {
      const r = m.rows[k]!;
      if (!(Number.isInteger(r) && r >= 0 && r < size)) fail({ fn: FN, code: 'invalid_input', path: [...m.path, 'rows', k], value: r, message: 'not a population row' });
      const p = m.scores[k]!;
      if (!(p >= 0 && p <= 1)) fail({ fn: FN, code: 'invalid_input', path: [...m.path, 'scores', k], value: p, message: 'is not a probability in [0, 1]' });
      const q = p === 1 ? 1 : -Math.expm1(Math.log1p(-p) / H);
      // Up to the death day (inclusive) or the day before registration ends.
      const stop = Math.min(end, c.deathDate[r]!, c.registeredTo[r]! - 1);
      let y = 0;
      for (let e = a.offsets[r]!; e < a.offsets[r + 1]! && y === 0; e++) {
        const d = a.date[e]!;
        if (d >= start && d <= stop && a.setting[e] === SETTING.inpatient && a.emergency[e] === 1) y = 1;
      }
      const u = P > 0 ? c.practice[r]! : 0;
      for (const idx of P > 0 ? [P, u] : [0]) {
        people[idx]!++;
        obs[idx]! += y;
        exp[idx]! += q;
      }
    }
    const point = (unit: string, idx: number): CalibrationDriftPoint => {
      const oe = observedExpected(obs[idx]!, exp[idx]!);
      return {
        unit, month, monthStart: start, label: month, people: people[idx]!, observed: obs[idx]!, expected: exp[idx]!,
        value: oe.ratio, numerator: obs[idx]!, denominator: exp[idx]!, lower: oe.ci?.[0] ?? null, upper: oe.ci?.[1] ?? null,
      };
    };
    const all = point('all', P > 0 ? P : 0);
    if (all.value === null) empty.push(month);
    overall.push(all);
    for (let u = 0; u < P; u++) byUnit[u]!.push(point(practices[u]!, u));
  }
  if (firstEarly) warnings.push(early > 1 ? resultWarning('window_before_data', `${firstEarly.message} (and ${early - 1} more month(s))`, { path: ['overall'], count: early }) : firstEarly);
  if (empty.length > 0) warnings.push(resultWarning('zero_denominator', `nobody was scored in ${empty.length} month(s): O/E is null there`, { path: ['overall'], count: empty.length, examples: empty.slice(0, 5) }));
  const byPractice: Record<string, CalibrationDriftPoint[]> = {};
  for (let u = 0; u < P; u++) byPractice[practices[u]!] = byUnit[u]!;

  let spc: CalibrationDrift['spc'] = null;
  if (o.monitor !== false && overall.length >= 2) {
    const mo: MonitorOptions = { window: population.window, ...(o.monitor ?? {}) };
    const chart = (series: readonly CalibrationDriftPoint[]): SpcResult => monitor(series, mo);
    const perPractice: Record<string, SpcResult> = {};
    for (const [code, series] of Object.entries(byPractice)) perPractice[code] = chart(series);
    spc = { overall: chart(overall), byPractice: perPractice };
  }
  const method =
    `Each month: people scored as of the day before it began; observed = those with an emergency admission starting in the month (up to death or leaving the list); ` +
    `expected = sum of monthly risks 1 - (1 - p)^(1/${H}) from risks p over ${H} months; O/E with Byar's 95% interval.` +
    (spc ? ` Charted by monitor: ${spc.overall.method}` : '');
  return { overall, byPractice, spc, method, warnings };
}
