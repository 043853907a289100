import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, civilFromDay, dayFromCivil, formatDay, toDay } from '../core/dates.js';
import { checkSpan } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import type { DataWindow } from '../core/population.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { mean, median } from './internal/stats.js';

/** XmR scaling constant: 3 / d2 with d2 = 1.128 for moving ranges of two points. */
export const XMR_LIMIT_FACTOR = 2.66;
/** Moving ranges above this multiple of their mean are screened out (D4 for n = 2). */
export const XMR_SCREEN_FACTOR = 3.267;
/** d2 for moving ranges of two points: sigma = mean moving range / 1.128 (XmR and Laney's sigma_Z). */
export const D2_MOVING_RANGE = 1.128;

const DateLike = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int()), z.string()]));

/** Options of {@link monitor}. */
export const MonitorOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /**
   * `'xmr'` individuals chart on `value`; `'u'` rate chart on `numerator / denominator` (per
   * unit of denominator, times `multiplier`); `'p'` proportion chart (numerator of denominator);
   * `'run'` run chart around the median (shift and trend rules only).
   */
  chart: z._default(z.enum(['xmr', 'u', 'p', 'run']), 'xmr'),
  /** Limits from the first this many points of each segment (frozen baseline); default all points. */
  baselinePoints: z.optional(z.number().check(z.int(), z.gte(2))),
  /**
   * Declared recalculation points: a new segment starts at each, with the reason kept in the
   * result. Never automatic. `at` is a point index when it is a number below the series length,
   * otherwise a date (day number or ISO string) matching a point's `date`.
   */
  rebase: z._default(z.array(z.object({ at: DateLike, reason: z.string().check(z.minLength(1)) })), []),
  rules: z._default(z
    .object({
      /** Shift: this many consecutive points on one side of the centre line (6 or more). */
      shift: z._default(z.number().check(z.int(), z.gte(2)), 7),
      /** Trend: this many consecutive points each higher (or each lower) than the one before (N points = N - 1 rises). */
      trend: z._default(z.number().check(z.int(), z.gte(2)), 7),
      /** Two of three consecutive points beyond two-thirds of the way to a limit, same side. */
      twoOfThree: z._default(z.boolean(), true),
      /** A point beyond a process limit. */
      outside: z._default(z.boolean(), true),
    }), { shift: 7, trend: 7, twoOfThree: true, outside: true }),
  /** Which direction is better, for the variation and assurance icons. */
  improvement: z._default(z.enum(['up', 'down', 'neither']), 'neither'),
  /** A target for the assurance icon. */
  target: z.optional(z.number()),
  /** Screen moving ranges above 3.267 x their mean before computing XmR limits (once). */
  screenMovingRanges: z._default(z.boolean(), true),
  /**
   * u and p charts: Laney's u-prime / p-prime adjustment, limits widened by sigma_Z (the mean
   * moving range of the baseline z-scores / 1.128). `'auto'` (default) applies it when
   * sigma_Z > 1 (overdispersion), `'always'` whenever sigma_Z can be computed, `'never'` gives
   * the plain Poisson / binomial limits. sigma_Z is reported either way.
   */
  laney: z._default(z.enum(['auto', 'always', 'never']), 'auto'),
  /**
   * Points dated on or after this day (day number or ISO date) are provisional: incomplete
   * data (a part-month at the extract's end, admissions not yet discharged). Points can also
   * say so themselves (`provisional` in the point).
   */
  provisionalFrom: z.optional(DateLike),
  /** u-chart values are shown per this many units of denominator (e.g. 1000). */
  multiplier: z._default(z.number().check(z.positive()), 1),
  /**
   * The extract's window the series comes from (`population.window`, or `dataWindow` of
   * `buildMonthlySeries`' rows): every point must then have a date, and a point whose period
   * (its calendar month for a `buildMonthlySeries` row, else its day) ends after the extract
   * date is refused; one starting before activity is complete warns (or refuses, by `beforeData`).
   */
  window: z.optional(z.custom<DataWindow>((v) => typeof v === 'object' && v !== null && typeof (v as DataWindow).extractDate === 'number' && typeof (v as DataWindow).activityFrom === 'number', { message: 'expected a DataWindow (population.window)' })),
  /** Points before activity is complete, with `window`: `'warn'` (default) or `'error'`. */
  beforeData: BeforeData,
}));
export type MonitorOptions = z.input<typeof MonitorOptions>;

/**
 * One point of a series: a plain value, or a numerator and denominator (u and p charts). A
 * denominator of 0 (nobody registered that month), or a `value` of null, is a point without
 * a value: kept in place, left out of the limits and rules, and named in the warnings.
 */
export type SeriesPoint =
  | number
  | {
      readonly value?: number | null;
      readonly numerator?: number;
      readonly denominator?: number;
      /** A day number or ISO date; used to place `rebase` points. */
      readonly date?: number | string;
      readonly label?: string;
      /** As in `buildMonthlySeries` rows: used as `date` and `label` when those are absent. */
      readonly monthStart?: number;
      readonly month?: string;
      /**
       * Incomplete data (`true`, or the reason in words): drawn, but left out of the centre,
       * limits and rules and never flagged. Rows of `buildMonthlySeries` carry it.
       */
      readonly provisional?: boolean | string;
    };

/** Names of the special-cause rules. */
export type SpcRule = 'outside' | 'shift' | 'trend' | 'twoOfThree';

/** A point's special-cause flag. */
export interface PointSignal {
  readonly rule: SpcRule;
  /** Which side of the centre (or which direction, for a trend). */
  readonly side: 'high' | 'low';
}

/**
 * A plotted point with its limits and flags. Figures that do not exist are `null`, never
 * NaN: the value of a point with a denominator of 0, limits of a run chart (it has none) or
 * of a segment with too few points, the moving range of a segment's first point.
 */
export interface SpcPoint {
  readonly index: number;
  /** The value; null when the point has none (a denominator of 0, or a null value given). */
  readonly value: number | null;
  readonly label: string;
  readonly date: number | undefined;
  readonly segment: number;
  /** The segment's centre line; null when its baseline has no point with a value. */
  readonly centre: number | null;
  /** Upper process limit; null for a run chart, a point without a denominator, or a segment whose limits cannot be computed. */
  readonly upper: number | null;
  readonly lower: number | null;
  /** Two-thirds of the way from the centre to each limit (the "2 sigma" lines); null with the limits. */
  readonly upperTwoThirds: number | null;
  readonly lowerTwoThirds: number | null;
  /** Moving range to the previous point of the same segment (XmR, both with values and neither provisional), else null. */
  readonly movingRange: number | null;
  readonly signals: readonly PointSignal[];
  /** Incomplete data: shown, left out of the centre, limits and rules, never flagged. */
  readonly provisional: boolean;
  /** Why the point is provisional, in words; null when it is not. */
  readonly provisionalReason: string | null;
}

/** A run of points flagged by one rule. */
export interface SpcSignal {
  readonly rule: SpcRule;
  readonly side: 'high' | 'low';
  readonly indices: readonly number[];
  /** Improvement or concern given the `improvement` direction, or 'neither'. */
  readonly meaning: 'improvement' | 'concern' | 'neither';
}

/** A stretch of the chart with its own limits. */
export interface SpcSegment {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** Why this segment starts here (`'initial'` for the first). */
  readonly reason: string;
  readonly baselinePoints: number;
  /** Null when no baseline point has a value (an `insufficient_data` warning at `['segments', s]`). */
  readonly centre: number | null;
  /** XmR: mean moving range after screening (null for other charts, or without 2 adjacent baseline values). */
  readonly meanMovingRange: number | null;
  /** XmR: mean moving range before screening. */
  readonly meanMovingRangeUnscreened: number | null;
  /** XmR: indices (of the later point) of moving ranges screened out. */
  readonly screenedMovingRanges: readonly number[];
  /** XmR: fixed limits (u and p have per-point limits; see the points); null otherwise or when they cannot be computed. */
  readonly upper: number | null;
  readonly lower: number | null;
  /**
   * u and p charts: Laney's sigma_Z, the overdispersion ratio (1 = as Poisson / binomial
   * variation predicts; above 1 overdispersed): mean moving range of the baseline z-scores /
   * 1.128. Null for XmR and run charts, or without two adjacent baseline values.
   */
  readonly sigmaZ: number | null;
  /** Whether the limits were widened by sigma_Z (Laney's u-prime / p-prime chart). */
  readonly laney: boolean;
}

/** The result of {@link monitor}. */
export interface SpcResult {
  readonly chart: 'xmr' | 'u' | 'p' | 'run';
  readonly points: readonly SpcPoint[];
  readonly segments: readonly SpcSegment[];
  readonly signals: readonly SpcSignal[];
  /** Making Data Count variation icon, judged on the latest point with a value (null when no point has one). */
  readonly variation: 'common_cause' | 'special_cause_improvement' | 'special_cause_concern' | 'special_cause_neither' | null;
  /** Which side the latest point's special cause is on (the H or L of the icon); null for common cause or no point. */
  readonly variationSide: 'high' | 'low' | null;
  /** u and p charts: sigma_Z of the latest segment (see {@link SpcSegment.sigmaZ}); null otherwise. */
  readonly overdispersionRatio: number | null;
  /** Making Data Count assurance icon against `target` on the latest point's limits (null when they do not exist). */
  readonly assurance: 'pass' | 'fail' | 'hit_and_miss' | 'no_target' | null;
  /** The rules as applied, in words. */
  readonly method: string;
  /**
   * What could not be computed, and why: `zero_denominator` (path `['points']`, with the
   * labels) for points with a denominator of 0; `insufficient_data` for points given without
   * a value, and at `['segments', s]` for a segment whose centre or limits cannot be computed
   * (no baseline value; XmR: no two adjacent baseline values), its points taking their
   * limits from it; `insufficient_data` at `['variation']` / `['assurance']` when the latest
   * point cannot be judged; `assurance_not_judged` when a target is given to a chart that
   * cannot judge it; `window_before_data` for points before complete data.
   */
  readonly warnings: readonly ResultWarning[];
}

const FN = 'monitor';

interface Raw {
  /** Null: no value (denominator 0, or a null value given). */
  value: number | null;
  /** Reason the point is provisional, or null. */
  provisional: string | null;
  n: number;
  num: number;
  label: string;
  date: number | undefined;
}

/**
 * Statistical process control for a monthly series, as NHS "Making Data Count" does it.
 *
 * - XmR: centre = mean of the baseline points; moving ranges |x_i - x_(i-1)|; moving ranges
 *   above 3.267 x their mean are screened out and the mean moving range is recomputed once
 *   (no iteration); limits = mean +/- 2.66 x mean moving range.
 * - u: u-bar = sum(numerators) / sum(denominators) over the baseline; per-point limits
 *   u-bar +/- 3 sqrt(u-bar / n_i), lower clamped at 0; shown times `multiplier`.
 * - p: p-bar likewise; limits p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n_i), clamped to [0, 1].
 * - u and p, Laney (2002): z_i = (y_i - bar) / sigma_i on the baseline points; sigma_Z = mean
 *   |z_i - z_(i-1)| / 1.128 (no screening), reported as `overdispersionRatio`; with `laney`
 *   `'auto'` (default) and sigma_Z > 1 the limits are bar +/- 3 sigma_i sigma_Z (u-prime, p-prime).
 *   Counts that come in clumps (bed days: one admission brings many) are overdispersed, so a
 *   plain u-chart's limits are far too narrow; XmR (the default) takes its limits from the
 *   series' own month-to-month variation, as Making Data Count advises for rates.
 * - run: centre = median of the baseline; only the shift and trend rules apply.
 *
 * Points without a value (a denominator of 0: nobody registered that month; or a null
 * value) keep their place but are left out: of the baseline (centre and limits come from the
 * points with values), of moving ranges (only between adjacent points that both have one) and
 * of the rules (such a point breaks a run). A centre or limit that cannot be computed (no
 * baseline value; XmR without two adjacent baseline values) is `null` with an
 * `insufficient_data` warning, never NaN.
 *
 * Rules, within each segment only: `outside` a point strictly beyond a limit; `shift` a run
 * of `rules.shift` (default 7) consecutive points strictly on one side of the centre (a point
 * exactly on the centre breaks the run); `trend` `rules.trend` (default 7) consecutive points
 * each strictly above (or below) the one before, i.e. 7 points = 6 rises (an equal value breaks
 * it); `twoOfThree` two or three of three consecutive points strictly beyond the two-thirds
 * line on the same side (the points beyond the line are flagged). Baselines are frozen:
 * limits use the first `baselinePoints` of each segment. A new segment starts only at a
 * declared `rebase` point; its reason is kept. O(n).
 *
 * Provisional points (`provisional` in the point, or dated on or after `provisionalFrom`:
 * a part-month at the extract's end, bed days of admissions not yet discharged) are drawn but
 * left out of the centre, limits, moving ranges and rules, never flagged, and never the point
 * the variation icon judges; in a run they count as a point without a value.
 *
 * @param series - values, or objects with `value` or `numerator`/`denominator`, and `date`/`label`
 *   (rows of `buildMonthlySeries` for one unit and measure work as they are).
 * @param options - see {@link MonitorOptions}.
 * @returns an {@link SpcResult}.
 * Window: a chart of a series that reaches past the extract date would judge a part-month as a
 * fall; with `options.window` (the population's window) each point's period is checked: past
 * the extract date is refused (`window_past_extract`), before complete data warns
 * (`window_before_data`, or an error with `beforeData: 'error'`). `buildMonthlySeries` already
 * refuses such months; pass its `dataWindow` here when the series may come from elsewhere.
 *
 * @throws RiskStratifyError `invalid_options` for bad options or a rebase point that matches
 *   no point; `invalid_input` for a missing or non-finite value or a negative denominator,
 *   or a point without a date when `window` is given; `window_past_extract` /
 *   `window_before_data` as above.
 * @example
 * const r = monitor([10, 12, 11, 13, 9, 10, 12, 11], { chart: 'xmr' });
 * r.segments[0].centre; // => 11
 * const gap = monitor([{ numerator: 3, denominator: 100 }, { numerator: 0, denominator: 0 },
 *   { numerator: 4, denominator: 100 }], { chart: 'u' });
 * gap.points[1].value; // => null (warnings[0].code 'zero_denominator')
 */
export function monitor(series: readonly SeriesPoint[], options?: MonitorOptions): SpcResult {
  const o = parseOptions(FN, MonitorOptions, options);
  if (!Array.isArray(series) || series.length < 2) {
    fail({ fn: FN, code: 'invalid_input', path: ['series'], value: series, message: 'needs at least two points' });
  }
  const raw: Raw[] = series.map((p, i) => readPoint(p, i, o.chart, o.multiplier));
  if (o.provisionalFrom !== undefined) {
    const from = toDay(o.provisionalFrom);
    if (from === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'provisionalFrom'], value: o.provisionalFrom, message: 'not a date' });
    raw.forEach((r, i) => {
      if (r.date === undefined) fail({ fn: FN, code: 'invalid_input', path: ['series', i, 'date'], value: undefined, message: 'with options.provisionalFrom every point needs a date (or monthStart)' });
      if (r.date >= from && r.provisional === null) r.provisional = `on or after ${formatDay(from)} (options.provisionalFrom)`;
    });
  }
  const warnings: ResultWarning[] = [];
  if (o.window) {
    const w = checkWindow(series, raw, o.window, o.beforeData);
    if (w) warnings.push(w);
  }
  const noDenominator = raw.flatMap((r, i) => (r.value === null && r.n === 0 ? [i] : []));
  const noValue = raw.flatMap((r, i) => (r.value === null && r.n !== 0 ? [i] : []));
  if (noDenominator.length > 0) {
    warnings.push(resultWarning('zero_denominator', `${noDenominator.length} point(s) have a denominator of 0 (nobody to divide by): they have no value and are left out of the centre, limits and rules`,
      { path: ['points'], count: noDenominator.length, examples: noDenominator.slice(0, 5).map((i) => raw[i]!.label) }));
  }
  if (noValue.length > 0) {
    warnings.push(resultWarning('insufficient_data', `${noValue.length} point(s) were given without a value: they are left out of the centre, limits and rules`,
      { path: ['points'], count: noValue.length, examples: noValue.slice(0, 5).map((i) => raw[i]!.label) }));
  }

  // Segments from declared rebase points.
  const starts = new Map<number, string>([[0, 'initial']]);
  o.rebase.forEach((rb, k) => {
    // A number below the series length is a point index; any other number or a string is a date.
    let at: number;
    if (typeof rb.at === 'number' && rb.at >= 0 && rb.at < raw.length) at = rb.at;
    else {
      const day = toDay(rb.at);
      at = day === undefined ? -1 : raw.findIndex((r) => r.date === day);
    }
    if (at <= 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'rebase', k, 'at'], value: rb.at, message: 'rebase point must match a point after the first (an index or a point date)' });
    starts.set(at, rb.reason);
  });
  const startList = [...starts.keys()].sort((a, b) => a - b);

  const points: SpcPoint[] = [];
  const segments: SpcSegment[] = [];
  const signals: SpcSignal[] = [];
  const meaning = (side: 'high' | 'low'): SpcSignal['meaning'] =>
    o.improvement === 'neither' ? 'neither' : (side === 'high') === (o.improvement === 'up') ? 'improvement' : 'concern';
  const hasLimits = o.chart !== 'run';

  startList.forEach((start, s) => {
    const end = s + 1 < startList.length ? startList[s + 1]! : raw.length;
    const seg = raw.slice(start, end);
    const nb = Math.min(o.baselinePoints ?? seg.length, seg.length);
    // Values as the limits and rules see them: provisional points have none.
    const rv = seg.map((r) => (r.provisional === null ? r.value : null));
    const base = seg.slice(0, nb);
    const usable = base.filter((r, j) => rv[j] !== null);
    let centre: number | null = null;
    let mrBar: number | null = null;
    let mrBarRaw: number | null = null;
    const screened: number[] = [];
    // Moving ranges only between adjacent points that both have a value.
    const mr = rv.map((x, j) => (j === 0 || x === null || rv[j - 1] === null ? null : Math.abs(x - rv[j - 1]!)));
    let segUpper: number | null = null;
    let segLower: number | null = null;
    const up: (number | null)[] = [];
    const lo: (number | null)[] = [];
    let why = '';
    let sigmaZ: number | null = null;
    let laney = false;
    if (o.chart === 'xmr') {
      if (usable.length > 0) centre = mean(usable.map((r) => r.value!));
      const baseMr = mr.slice(1, nb).filter((m): m is number => m !== null);
      if (baseMr.length > 0 && centre !== null) {
        const raw0 = mean(baseMr);
        mrBarRaw = raw0;
        const kept: number[] = [];
        mr.slice(1, nb).forEach((m, j) => {
          if (m === null) return;
          if (o.screenMovingRanges && m > XMR_SCREEN_FACTOR * raw0) screened.push(start + j + 1);
          else kept.push(m);
        });
        mrBar = kept.length > 0 ? mean(kept) : raw0;
        segUpper = centre + XMR_LIMIT_FACTOR * mrBar;
        segLower = centre - XMR_LIMIT_FACTOR * mrBar;
      } else {
        why = centre === null ? 'no baseline point has a value: its centre line and limits are null' : 'its baseline has no two adjacent points with values (no moving range): its limits are null';
      }
      for (let j = 0; j < seg.length; j++) {
        up.push(segUpper);
        lo.push(segLower);
      }
    } else if (o.chart === 'u' || o.chart === 'p') {
      let sn = 0;
      let sd = 0;
      for (const r of usable) {
        sn += r.num;
        sd += r.n;
      }
      const bar = sd > 0 ? sn / sd : null;
      if (bar === null) why = 'no baseline point has a denominator above 0: its centre line and limits are null';
      centre = bar === null ? null : bar * (o.chart === 'u' ? o.multiplier : 1);
      const sigmaOf = (n: number): number => (o.chart === 'u' ? Math.sqrt(bar! / n) : Math.sqrt((bar! * (1 - bar!)) / n));
      // Laney: z-scores of the baseline points, sigma_Z from their moving ranges (adjacent points with values only).
      if (bar !== null && bar > 0 && !(o.chart === 'p' && bar >= 1)) {
        const z = seg.slice(0, nb).map((r, j) => (rv[j] === null ? null : (r.num / r.n - bar) / sigmaOf(r.n)));
        const zmr = z.flatMap((x, j) => (j === 0 || x === null || z[j - 1] === null ? [] : [Math.abs(x - z[j - 1]!)]));
        if (zmr.length > 0) sigmaZ = mean(zmr) / D2_MOVING_RANGE;
      }
      laney = sigmaZ !== null && (o.laney === 'always' || (o.laney === 'auto' && sigmaZ > 1));
      const widen = laney ? sigmaZ! : 1;
      for (const r of seg) {
        if (bar === null || r.value === null) {
          up.push(null);
          lo.push(null);
          continue;
        }
        const sigma = sigmaOf(r.n) * widen;
        let u = bar + 3 * sigma;
        const l = Math.max(0, bar - 3 * sigma);
        if (o.chart === 'p') u = Math.min(1, u);
        const m = o.chart === 'u' ? o.multiplier : 1;
        up.push(u * m);
        lo.push(l * m);
      }
    } else {
      if (usable.length > 0) centre = median(usable.map((r) => r.value!));
      else why = 'no baseline point has a value: its centre line is null';
      for (let j = 0; j < seg.length; j++) {
        up.push(null);
        lo.push(null);
      }
    }
    if (why !== '') warnings.push(resultWarning('insufficient_data', `segment ${s} (points ${start}-${end - 1}): ${why}`, { path: ['segments', s], count: usable.length }));
    segments.push(
      Object.freeze({
        start, end, reason: starts.get(start)!, baselinePoints: nb, centre,
        meanMovingRange: mrBar, meanMovingRangeUnscreened: mrBarRaw, screenedMovingRanges: screened,
        upper: segUpper, lower: segLower, sigmaZ, laney,
      }),
    );

    const flags: PointSignal[][] = seg.map(() => []);
    const add = (rule: SpcRule, side: 'high' | 'low', idx: number[]): void => {
      for (const j of idx) if (!flags[j]!.some((f) => f.rule === rule)) flags[j]!.push({ rule, side });
      signals.push({ rule, side, indices: idx.map((j) => start + j), meaning: meaning(side) });
    };
    const v = rv;
    // outside
    if (o.rules.outside && hasLimits) {
      v.forEach((x, j) => {
        if (x === null || up[j] === null || lo[j] === null) return;
        if (x > up[j]!) add('outside', 'high', [j]);
        else if (x < lo[j]!) add('outside', 'low', [j]);
      });
    }
    // shift: maximal runs strictly on one side (a point without a value, or on the centre, breaks a run)
    if (centre !== null) {
      const c = centre;
      let runStart = 0;
      let runSide = 0;
      const close = (endJ: number): void => {
        if (runSide !== 0 && endJ - runStart >= o.rules.shift) add('shift', runSide > 0 ? 'high' : 'low', range(runStart, endJ));
      };
      v.forEach((x, j) => {
        const side = x === null ? 0 : x > c ? 1 : x < c ? -1 : 0;
        if (side !== runSide || side === 0) {
          close(j);
          runStart = j;
          runSide = side;
        }
      });
      close(v.length);
    }
    // trend: maximal strictly monotone runs of points (a point without a value breaks it)
    {
      let runStart = 0;
      let dir = 0;
      const close = (endJ: number): void => {
        if (dir !== 0 && endJ - runStart >= o.rules.trend) add('trend', dir > 0 ? 'high' : 'low', range(runStart, endJ));
      };
      for (let j = 1; j < v.length; j++) {
        const a = v[j - 1]!;
        const b = v[j]!;
        const d = a === null || b === null ? 0 : b > a ? 1 : b < a ? -1 : 0;
        if (d !== dir || d === 0) {
          close(j);
          runStart = j - 1;
          dir = d;
        }
      }
      close(v.length);
    }
    // two of three beyond two-thirds of the way to a limit
    if (o.rules.twoOfThree && hasLimits && centre !== null) {
      const c = centre;
      for (const sideName of ['high', 'low'] as const) {
        const beyond = v.map((x, j) => {
          if (x === null || up[j] === null || lo[j] === null) return false;
          return sideName === 'high' ? x > c + (2 / 3) * (up[j]! - c) : x < c - (2 / 3) * (c - lo[j]!);
        });
        const flagged = new Set<number>();
        for (let j = 0; j + 2 < v.length; j++) {
          const w = [j, j + 1, j + 2].filter((k) => beyond[k]);
          if (w.length >= 2) for (const k of w) flagged.add(k);
        }
        // group consecutive flagged windows into one signal
        const sorted = [...flagged].sort((a, b) => a - b);
        let group: number[] = [];
        for (const k of sorted) {
          if (group.length > 0 && k - group[group.length - 1]! > 2) {
            add('twoOfThree', sideName, group);
            group = [];
          }
          group.push(k);
        }
        if (group.length > 0) add('twoOfThree', sideName, group);
      }
    }
    seg.forEach((r, j) => {
      const i = start + j;
      const u = up[j]!;
      const l = lo[j]!;
      points.push(
        Object.freeze({
          index: i, value: r.value, label: r.label, date: r.date, segment: s, centre,
          upper: u, lower: l,
          upperTwoThirds: centre !== null && u !== null ? centre + (2 / 3) * (u - centre) : null,
          lowerTwoThirds: centre !== null && l !== null ? centre - (2 / 3) * (centre - l) : null,
          movingRange: o.chart === 'xmr' ? mr[j]! : null,
          signals: Object.freeze(flags[j]!),
          provisional: r.provisional !== null, provisionalReason: r.provisional,
        }),
      );
    });
  });

  // The latest point with a value that is not provisional is the one judged.
  let last: SpcPoint | undefined;
  for (let i = points.length - 1; i >= 0 && last === undefined; i--) if (points[i]!.value !== null && !points[i]!.provisional) last = points[i];
  let variation: SpcResult['variation'] = 'common_cause';
  let variationSide: SpcResult['variationSide'] = null;
  if (last === undefined) {
    variation = null;
    warnings.push(resultWarning('insufficient_data', 'no point has a value (that is not provisional): the variation icon is null', { path: ['variation'] }));
  } else if (last.signals.length > 0) {
    const sides = new Set(last.signals.map((f) => f.side));
    const side = sides.size === 1 ? [...sides][0]! : last.centre !== null && last.value! >= last.centre ? 'high' : 'low';
    variationSide = side;
    const m = meaning(side);
    variation = m === 'improvement' ? 'special_cause_improvement' : m === 'concern' ? 'special_cause_concern' : 'special_cause_neither';
  }
  let assurance: SpcResult['assurance'] = 'no_target';
  if (o.target !== undefined && o.chart !== 'run' && o.improvement !== 'neither') {
    const t = o.target;
    if (last === undefined || last.lower === null || last.upper === null) {
      assurance = null;
      warnings.push(resultWarning('insufficient_data', 'the latest point has no process limits: the assurance icon is null', { path: ['assurance'] }));
    } else if (t >= last.lower && t <= last.upper) assurance = 'hit_and_miss';
    else if (o.improvement === 'up') assurance = t < last.lower ? 'pass' : 'fail';
    else assurance = t > last.upper ? 'pass' : 'fail';
  } else if (o.target !== undefined) {
    warnings.push(resultWarning('assurance_not_judged', 'assurance needs limits and an improvement direction; none given', { path: ['assurance'] }));
  }
  const lastSeg = segments[segments.length - 1]!;
  const laneyText = lastSeg.sigmaZ === null ? '' : lastSeg.laney
    ? ` x sigma_Z ${lastSeg.sigmaZ.toFixed(2)} (Laney's ${o.chart}-prime: sigma_Z = mean moving range of the z-scores / 1.128)`
    : ` (sigma_Z ${lastSeg.sigmaZ.toFixed(2)}${o.laney === 'never' ? '; Laney adjustment off' : ': not overdispersed'})`;
  const provisionalCount = points.filter((p) => p.provisional).length;
  const method =
    `${o.chart === 'xmr' ? 'XmR: mean +/- 2.66 x mean moving range' + (o.screenMovingRanges ? ' (moving ranges > 3.267 x mean screened once)' : '') : o.chart === 'u' ? `u-chart: u-bar +/- 3 sqrt(u-bar/n)${laneyText}` : o.chart === 'p' ? `p-chart: p-bar +/- 3 sqrt(p-bar(1-p-bar)/n)${laneyText}` : 'run chart around the median'}; ` +
    `rules: ${[o.rules.outside && o.chart !== 'run' ? 'point outside limits' : '', `shift of ${o.rules.shift} points on one side (points on the centre break a run)`, `trend of ${o.rules.trend} points (${o.rules.trend - 1} consecutive rises or falls)`, o.rules.twoOfThree && o.chart !== 'run' ? 'two of three points beyond two-thirds of the way to a limit' : ''].filter(Boolean).join('; ')}` +
    `${noDenominator.length + noValue.length > 0 ? '; points without a value are left out' : ''}` +
    `${provisionalCount > 0 ? `; ${provisionalCount} provisional point(s) (incomplete data) shown but left out of the limits and rules` : ''}.`;
  const overdispersionRatio = o.chart === 'u' || o.chart === 'p' ? lastSeg.sigmaZ : null;
  return Object.freeze({ chart: o.chart, points, segments, signals, variation, variationSide, assurance, overdispersionRatio, method, warnings });
}

/**
 * Checks each point's period against the extract's window: the calendar month of a point
 * that comes from `buildMonthlySeries` (it has `monthStart` or `month`), else its day.
 * Refuses a point past the extract date; one warning for points before complete data.
 */
function checkWindow(series: readonly SeriesPoint[], raw: readonly Raw[], window: DataWindow, beforeData: 'warn' | 'error'): ResultWarning | undefined {
  let early = 0;
  let first: ResultWarning | undefined;
  raw.forEach((r, i) => {
    if (r.date === undefined) fail({ fn: FN, code: 'invalid_input', path: ['series', i, 'date'], value: undefined, message: 'with options.window every point needs a date (or monthStart) to check against the extract' });
    // A provisional point is known to be incomplete: it may run past the extract date.
    if (r.provisional !== null) return;
    const p = series[i]!;
    const monthly = typeof p === 'object' && (p.monthStart !== undefined || p.month !== undefined);
    let lo = r.date;
    let hi = r.date;
    if (monthly) {
      const c = civilFromDay(r.date);
      lo = dayFromCivil(c.year, c.month, 1);
      hi = addMonths(lo, 1) - 1;
    }
    const what = `point ${i} (${monthly ? `the month ${formatDay(lo).slice(0, 7)}` : formatDay(lo)})`;
    const w = checkSpan(FN, window, { what, first: lo, last: hi, path: ['series', i] }, beforeData);
    if (w) {
      early++;
      first ??= w;
    }
  });
  if (first === undefined) return undefined;
  return resultWarning('window_before_data', early > 1 ? `${first.message} (and ${early - 1} more point(s))` : first.message, { path: ['series'], count: early });
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let k = a; k < b; k++) out.push(k);
  return out;
}

function readPoint(p: SeriesPoint, i: number, chart: string, multiplier: number): Raw {
  const path = ['series', i];
  if (typeof p === 'number') {
    if (chart === 'u' || chart === 'p') fail({ fn: FN, code: 'invalid_input', path, value: p, message: `a ${chart}-chart needs numerator and denominator` });
    if (!Number.isFinite(p)) fail({ fn: FN, code: 'invalid_input', path, value: p, message: 'value must be a finite number' });
    return { value: p, n: 1, num: p, label: String(i), date: undefined, provisional: null };
  }
  if (p === null || typeof p !== 'object') fail({ fn: FN, code: 'invalid_input', path, value: p, message: 'expected a number or a point object' });
  const rawDate = p.date ?? p.monthStart;
  const date = rawDate === undefined ? undefined : toDay(rawDate);
  if (rawDate !== undefined && date === undefined) fail({ fn: FN, code: 'invalid_input', path: [...path, 'date'], value: rawDate, message: 'not a date' });
  const label = p.label ?? p.month ?? (p.date !== undefined ? String(p.date) : String(i));
  const provisional = p.provisional === undefined || p.provisional === false ? null : p.provisional === true ? 'incomplete data' : String(p.provisional);
  if (chart === 'u' || chart === 'p') {
    const num = p.numerator;
    const n = p.denominator;
    if (typeof num !== 'number' || !Number.isFinite(num) || num < 0) fail({ fn: FN, code: 'invalid_input', path: [...path, 'numerator'], value: num, message: 'numerator must be a finite non-negative number' });
    if (typeof n !== 'number' || !(n >= 0) || !Number.isFinite(n)) fail({ fn: FN, code: 'invalid_input', path: [...path, 'denominator'], value: n, message: 'denominator must be a finite number >= 0' });
    if (n === 0) return { value: null, n: 0, num, label, date, provisional };
    if (chart === 'p' && num > n) fail({ fn: FN, code: 'invalid_input', path: [...path, 'numerator'], value: num, message: 'a p-chart numerator cannot exceed its denominator' });
    return { value: (num / n) * (chart === 'u' ? multiplier : 1), n, num, label, date, provisional };
  }
  // A null value, or a denominator of 0, is a point without a value.
  if (p.value === null || (p.value === undefined && p.denominator === 0)) return { value: null, n: p.denominator === 0 ? 0 : 1, num: 0, label, date, provisional };
  const value = p.value ?? (typeof p.numerator === 'number' && typeof p.denominator === 'number' ? p.numerator / p.denominator : undefined);
  if (typeof value !== 'number' || !Number.isFinite(value)) fail({ fn: FN, code: 'invalid_input', path: [...path, 'value'], value, message: 'value must be a finite number' });
  return { value, n: 1, num: value, label, date, provisional };
}
