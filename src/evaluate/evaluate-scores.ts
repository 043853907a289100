import { setOwn } from '../core/own-value.js';
import { alignTo, rowsOf } from '../core/aligned-rows.js';
import { fail } from '../core/errors.js';
import type { EvaluateOptions } from './evaluate-options.js';
import { parseEvaluateOptions } from './parse-evaluate-options.js';
import { formatDay } from '../core/dates.js';
import { checkSpan } from '../core/check-window.js';
import type { DataWindow } from '../core/population.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { cohortSize } from '../cohort/cohort-size.js';
import { deLongInterval } from './auroc.js';
import { calibration, type CalibrationBin } from './calibration.js';
import { argsortAscending } from './argsort.js';
import { checkOutcome, checkScores, deLong } from './delong.js';
import { rank, takeTop, type Ranked } from './ranked.js';

const FN = 'evaluateScores';


/**
 * What `evaluateScores` reads from `options.outcomeWindow`: an `Outcomes` object has both.
 *
 * @example
 * const o = buildOutcomes(population, { asOf: '2023-03-31' });
 * evaluateScores(scores, o.emergencyAdmission, { outcomeWindow: o }).outcomeWindow; // => { asOf: '2023-03-31', end: '2024-03-31', extractDate: '2024-03-31' }
 */
export interface OutcomeWindowSource {
  /** The outcome window `(start, end]`, day numbers. */
  readonly window: readonly [number, number];
  /** The extract's window the outcomes were counted in. */
  readonly dataWindow: DataWindow;
}

/** Metrics for the people with the top `percent`% of scores. */
export interface AtTop {
  readonly percent: number;
  /** k = ceil(percent/100 · n), as {@link cohort!selectCohort} rounds. */
  readonly people: number;
  /** The k-th highest score (the cut-off). */
  readonly threshold: number;
  /** Events among the top k (people tied at the cut-off share it: see {@link evaluateScores}). */
  readonly events: number;
  /** Positive predictive value: events / people (k is at least 1, so never null). */
  readonly ppv: number;
  /** Share of all events captured: events / all events (null when there are no events: `no_events`). */
  readonly sensitivity: number | null;
  /** ppv / prevalence (null when there are no events: `no_events`). */
  readonly lift: number | null;
  /** People to case-manage per event captured: people / events (null when the slice has no events: `zero_denominator`). */
  readonly numberNeeded: number | null;
  /** Share of all admissions captured (null without `admissions`; null with `zero_denominator` when there are none). */
  readonly admissionsShare: number | null;
  /** Share of all bed days captured (null without `bedDays`; null with `zero_denominator` when there are none). */
  readonly bedDaysShare: number | null;
}

/** A point of the concentration curve: what the top `percent`% of people account for. */
export interface ConcentrationPoint {
  readonly percent: number;
  readonly people: number;
  readonly eventsShare: number | null;
  readonly admissionsShare: number | null;
  readonly bedDaysShare: number | null;
}

/** Metrics of a set of scores against an outcome (overall or within a subgroup). */
export interface ScoreMetrics {
  readonly n: number;
  readonly events: number;
  /** events / n (null when n = 0). */
  readonly prevalence: number | null;
  /** Exact AUROC, ties ½ (null without both events and non-events). */
  readonly auroc: number | null;
  /** DeLong 95% CI (null with fewer than 2 events or 2 non-events). */
  readonly aurocCI: readonly [number, number] | null;
  /** Average precision (step-wise AUPRC, as scikit-learn's `average_precision_score`). */
  readonly auprc: number | null;
  /** Mean squared error of the scores as probabilities (null unless all scores are in [0, 1]). */
  readonly brier: number | null;
  /** Observed vs expected by bins of predicted risk, intercept and slope (null unless scores are probabilities). */
  readonly calibration: { readonly bins: readonly CalibrationBin[]; readonly intercept: number | null; readonly slope: number | null } | null;
  readonly atTop: readonly AtTop[];
}

/**
 * A subgroup's share of the overall top slice: who the population-wide cut-off selects from
 * this group. People tied at the overall cut-off count in the same proportion as overall.
 */
export interface GroupAtOverallTop {
  readonly percent: number;
  /** People of the group in the overall top `percent`% (can be fractional at a tie). */
  readonly people: number;
  /** Their events. */
  readonly events: number;
  /** events / people (null when nobody of the group is selected: `zero_denominator`). */
  readonly ppv: number | null;
  /** Share of the group's events captured (null when the group has no events: `no_events`). */
  readonly sensitivity: number | null;
  /** people / people in the group: how often the group is selected. */
  readonly selectedShare: number;
}

/** Metrics within one subgroup level: its own metrics plus its part of the overall top slices. */
export interface GroupMetrics extends ScoreMetrics {
  readonly atOverallTop: readonly GroupAtOverallTop[];
}

/** The result of {@link evaluateScores}. */
export interface ScoreEvaluation extends ScoreMetrics {
  /**
   * The outcome window the evaluation stands on (from `options.outcomeWindow`), `yyyy-mm-dd`:
   * outcomes from the day after `asOf` to `end`, inside the extract ending `extractDate`; null
   * when no `outcomeWindow` was given.
   */
  readonly outcomeWindow: { readonly asOf: string; readonly end: string; readonly extractDate: string } | null;
  /** Concentration curve at every whole percent 0..100 of people, highest scores first. */
  readonly concentration: readonly ConcentrationPoint[];
  /** The same metrics within each level of each subgroup variable. */
  readonly byGroup: Readonly<Record<string, Readonly<Record<string, GroupMetrics>>>>;
  /**
   * Why figures are null, each with the path of the figures it concerns (see
   * {@link evaluateScores}); `warningFor(warnings, path)` finds the one for a figure.
   */
  readonly warnings: readonly ResultWarning[];
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** Average precision: Σ over distinct thresholds (R_t − R_{t−1})·P_t, highest first. */
function averagePrecision(r: Ranked, events: number): number | null {
  if (events === 0) return null;
  let ap = 0;
  let prevTp = 0;
  for (let b = 0; b < r.blocks; b++) {
    const tp = r.events[b]!;
    if (tp !== prevTp) ap += ((tp - prevTp) / events) * (tp / r.end[b]!);
    prevTp = tp;
  }
  return ap;
}

function share(r: Ranked, cum: Float64Array | undefined, k: number, total: number): number | null {
  if (cum === undefined || !(total > 0)) return null;
  return takeTop(r, cum, k) / total;
}

const slices = (xs: readonly number[]): string => xs.map((p) => `${p}%`).join(', ');

function metrics(
  scores: ArrayLike<number>,
  y: Uint8Array,
  admissions: ArrayLike<number> | undefined,
  bedDays: ArrayLike<number> | undefined,
  topPercents: readonly number[],
  bins: number,
  isProbability: boolean,
  scope: readonly (string | number)[],
  warnings: ResultWarning[],
): { m: ScoreMetrics; ranked: Ranked; totals: { admissions: number; bedDays: number } } {
  const n = y.length;
  const events = sum(y);
  const prevalence = n > 0 ? events / n : null;
  const ascending = argsortAscending(scores);
  const am = deLong(scores, y, ascending);
  const auc = Number.isNaN(am.auc) ? null : am.auc;
  const ranked = rank(scores, y, ascending, admissions, bedDays);
  const totals = { admissions: admissions ? sum(admissions) : 0, bedDays: bedDays ? sum(bedDays) : 0 };
  const where = scope.length > 0 ? ` in ${String(scope[1])} ${String(scope[2])}` : '';
  const canCalibrate = isProbability && n > 0;
  // One warning per cause, at the narrowest path holding every figure it makes null.
  if (n === 0) {
    warnings.push(resultWarning('no_events', 'nobody to evaluate (n = 0): prevalence, AUROC, AUPRC and every top-slice figure are null or empty', { path: [...scope], count: 0 }));
  } else if (events === 0) {
    warnings.push(resultWarning('no_events', `no events${where} (${n} people, none with the outcome): AUROC and its interval, AUPRC, sensitivity, lift and people per event${canCalibrate ? ', the calibration intercept and slope' : ''}${scope.length === 0 ? ", and the events' share of the concentration curve" : ''} are null`, { path: [...scope], count: 0 }));
  } else if (events === n) {
    warnings.push(resultWarning('no_non_events', `no non-events${where} (all ${n} people had the outcome): AUROC and its interval${canCalibrate ? ', the calibration intercept and slope' : ''} are null`, { path: [...scope], count: 0 }));
  } else if (events < 2 || n - events < 2) {
    warnings.push(resultWarning('insufficient_data', `only ${events} event(s) and ${n - events} non-event(s)${where}: the DeLong interval of the AUROC needs at least 2 of each, so it is null`, { path: [...scope, 'aurocCI'], count: Math.min(events, n - events) }));
  }
  const atTop: AtTop[] = [];
  const noneCaptured: number[] = [];
  if (n > 0) {
    for (const percent of topPercents) {
      const k = cohortSize(percent, n);
      const ev = takeTop(ranked, ranked.events, k);
      const ppv = ev / k;
      if (events > 0 && !(ev > 0)) noneCaptured.push(percent);
      atTop.push({
        percent,
        people: k,
        threshold: scores[ranked.order[k - 1]!]!,
        events: ev,
        ppv,
        sensitivity: events > 0 ? ev / events : null,
        lift: events > 0 ? ppv / prevalence! : null,
        numberNeeded: ev > 0 ? k / ev : null,
        admissionsShare: share(ranked, ranked.admissions, k, totals.admissions),
        bedDaysShare: share(ranked, ranked.bedDays, k, totals.bedDays),
      });
    }
  }
  if (noneCaptured.length > 0) {
    warnings.push(resultWarning('zero_denominator', `no events among the top ${slices(noneCaptured)}${where}: people per event captured is null there`, { path: [...scope, 'atTop'], count: noneCaptured.length, examples: noneCaptured.map((p) => `${p}%`) }));
  }
  if (n > 0) {
    for (const [name, given, total] of [['admissions', admissions, totals.admissions], ['bed days', bedDays, totals.bedDays]] as const) {
      if (given !== undefined && !(total > 0)) {
        warnings.push(resultWarning('zero_denominator', `no ${name}${where}: the share of ${name} captured is null`, { path: scope.length === 0 ? [] : [...scope, 'atTop'], count: 0 }));
      }
    }
  }
  let brier: number | null = null;
  let cal: ScoreMetrics['calibration'] = null;
  if (canCalibrate) {
    let b = 0;
    for (let i = 0; i < n; i++) {
      const d = scores[i]! - y[i]!;
      b += d * d;
    }
    brier = b / n;
    const c = calibration(scores, y, { bins });
    cal = { bins: c.bins, intercept: c.intercept, slope: c.slope };
    for (const w of c.warnings) {
      // No events / no non-events are already said for the whole scope; clamping once, overall.
      if (w.code === 'no_events' || w.code === 'no_non_events' || (w.code === 'clamped_predictions' && scope.length > 0)) continue;
      warnings.push(resultWarning(w.code, `${w.message}${where}`, { path: [...scope, 'calibration', ...(w.path ?? [])], ...(w.count !== undefined ? { count: w.count } : {}) }));
    }
  }
  return {
    m: {
      n,
      events,
      prevalence,
      auroc: auc,
      aurocCI: auc === null ? null : deLongInterval(am.auc, am.variance),
      auprc: averagePrecision(ranked, events),
      brier,
      calibration: cal,
      atTop,
    },
    ranked,
    totals,
  };
}

/**
 * How well scores pick out the people who go on to have the event: discrimination (exact
 * AUROC with DeLong CI, average precision), probability accuracy (Brier, calibration), what
 * each top slice captures (PPV, sensitivity, lift, people per event, shares of admissions and
 * bed days; a concentration curve), and all of it again within subgroups, because a score
 * can be well calibrated overall and not within groups.
 *
 * Definitions:
 * - **AUROC**: P(score of a case > score of a control) + ½ P(tie), exactly (Mann-Whitney);
 *   95% CI by DeLong (agrees with pROC `ci.auc(method = "delong")`).
 * - **AUPRC**: average precision, Σ_t (R_t − R_{t−1})·P_t over distinct score thresholds from
 *   the highest (step-wise, no interpolation; scikit-learn's `average_precision_score`).
 * - **Top p%**: k = ceil(p/100 · n) (the cohort stage's rounding). People tied with the k-th
 *   score share the places left at the cut-off: those strictly above count fully and the tied
 *   block counts in proportion, the expected value under a random tie-break, so no result
 *   depends on row order. `events` can therefore be fractional.
 * - **Brier** and **calibration** only when every score is in [0, 1] (otherwise null with a
 *   warning): see {@link calibration} for the binning (equal-count bins of predicted risk,
 *   ties kept together) and the intercept and slope.
 * - **Degenerate figures are null, never NaN**, each explained by a typed warning whose path
 *   holds the figures it concerns (`warningFor(e.warnings, path)` finds it): `no_events` /
 *   `no_non_events` for a whole scope (`[]` overall, `['byGroup', name, level]` in a group:
 *   AUROC, its interval, AUPRC, sensitivity, lift, people per event, calibration intercept and
 *   slope); `insufficient_data` at `[..., 'aurocCI']` with only 1 event or 1 non-event;
 *   `zero_denominator` at `[..., 'atTop']` when a slice captures no event (people per event),
 *   for shares when there are no admissions or bed days, and at `[..., 'atOverallTop']` when
 *   nobody of a group is in the overall slice (its PPV); `not_probabilities` (path empty)
 *   when scores leave [0, 1]; `insufficient_data` / `not_converged` at
 *   `[..., 'calibration', 'slope' | 'intercept']`. Shares are also null, without a warning,
 *   when `admissions` / `bedDays` were not passed.
 * - **byGroup**: every metric recomputed within the level, including its own top p%; and
 *   `atOverallTop`, the level's part of the population-wide top p% (who the overall cut-off
 *   selects from the level, its PPV there and the share of its events captured).
 *
 * Cost: one O(n) radix argsort shared by AUROC, AUPRC and the top slices, another (by
 * prediction then outcome) for calibration, O(n) passes, and O(n) per calibration Newton
 * step; the same again per subgroup variable.
 *
 * @param scores - One score per person; higher means higher risk.
 * @param outcome - 0/1 per person (e.g. `buildOutcomes(...).emergencyAdmission`).
 * @param options - {@link EvaluateOptions}.
 * @returns A {@link ScoreEvaluation}.
 * Window: `evaluateScores` takes an outcome vector, not a population; the outcome window is
 * checked where it is made (`buildOutcomes` refuses one running past the extract date, and the
 * `Outcomes` carry it). Pass those `Outcomes` as `options.outcomeWindow` to have the window
 * checked again here and reported in `outcomeWindow`.
 *
 * @throws RiskStratifyError `window_past_extract` when `options.outcomeWindow` runs past its
 *   extract date; `non_finite` for a NaN score, `invalid_input` for an outcome that
 *   is not 0/1 or a negative/NaN admission or bed-day value, `length_mismatch` for arrays of
 *   the wrong length, `invalid_options` for bad options.
 * @example
 * const e = evaluateScores([0.9, 0.8, 0.3, 0.2, 0.1], [1, 0, 1, 0, 0], { topPercents: [40] });
 * e.atTop[0]; // => { percent: 40, people: 2, threshold: 0.8, events: 1, ppv: 0.5, sensitivity: 0.5, ... }
 * e.auroc; // => 0.8333333333333334
 * const none = evaluateScores([0.9, 0.1], [0, 0]);
 * none.auroc; // => null
 * none.warnings[0].code; // => 'no_events'
 */
export function evaluateScores(scores: ArrayLike<number>, outcome: ArrayLike<number | boolean>, options: EvaluateOptions = {}): ScoreEvaluation {
  checkScores(FN, 'scores', scores);
  // Scores from model.score and outcomes from buildOutcomes carry their population rows:
  // outcomes (and admissions, bed days) built on other rows are lined up with the scores.
  const scoreRows = rowsOf(scores);
  if (scoreRows !== undefined) {
    outcome = alignTo(FN, ['outcome'], outcome as ArrayLike<number>, scoreRows);
    if (options.admissions !== undefined) options = { ...options, admissions: alignTo(FN, ['options', 'admissions'], options.admissions, scoreRows) };
    if (options.bedDays !== undefined) options = { ...options, bedDays: alignTo(FN, ['options', 'bedDays'], options.bedDays, scoreRows) };
  }
  const y = checkOutcome(FN, outcome, scores.length);
  const o = parseEvaluateOptions(FN, options);
  const n = y.length;
  let outcomeWindow: ScoreEvaluation['outcomeWindow'] = null;
  if (o.outcomeWindow) {
    const [start, end] = o.outcomeWindow.window;
    const dw = o.outcomeWindow.dataWindow;
    // A window that starts early was already a warning of the outcomes; only the end is refused here.
    checkSpan(FN, dw, { what: 'the outcome window', first: start + 1, last: end, path: ['options', 'outcomeWindow', 'window'] }, 'warn');
    outcomeWindow = { asOf: formatDay(start), end: formatDay(end), extractDate: formatDay(dw.extractDate) };
  }
  for (const [name, arr] of [['admissions', o.admissions], ['bedDays', o.bedDays]] as const) {
    if (arr === undefined) continue;
    if (arr.length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['options', name], value: arr.length, message: `has ${arr.length} values but there are ${n} scores` });
    for (let i = 0; i < n; i++) {
      const v = arr[i]!;
      if (!(v >= 0) || !Number.isFinite(v)) fail({ fn: FN, code: 'invalid_input', path: ['options', name, i], value: v, message: `value at row ${i} must be a finite number >= 0` });
    }
  }
  const warnings: ResultWarning[] = [];
  let isProbability = true;
  for (let i = 0; i < n && isProbability; i++) if (!(scores[i]! >= 0 && scores[i]! <= 1)) isProbability = false;
  if (!isProbability) warnings.push(resultWarning('not_probabilities', 'scores are not all in [0, 1], so they are not probabilities: Brier and calibration are null, overall and in every group'));

  const { m, ranked, totals } = metrics(scores, y, o.admissions, o.bedDays, o.topPercents, o.calibrationBins, isProbability, [], warnings);
  const totalEvents = m.events;
  const concentration: ConcentrationPoint[] = [];
  for (let p = 0; p <= 100; p++) {
    const k = p === 0 ? 0 : cohortSize(p, n);
    concentration.push({
      percent: p,
      people: k,
      eventsShare: totalEvents > 0 ? takeTop(ranked, ranked.events, k) / totalEvents : null,
      admissionsShare: share(ranked, ranked.admissions, k, totals.admissions),
      bedDaysShare: share(ranked, ranked.bedDays, k, totals.bedDays),
    });
  }

  // Overall cut-offs: score of the k-th person and the share of the tied block selected.
  const cutoffs = m.atTop.map((t) => {
    const k = t.people;
    let above = 0;
    let tied = 0;
    for (let i = 0; i < n; i++) {
      const v = scores[i]!;
      if (v > t.threshold) above++;
      else if (v === t.threshold) tied++;
    }
    return { percent: t.percent, threshold: t.threshold, share: tied > 0 ? (k - above) / tied : 0 };
  });
  const byGroup: Record<string, Record<string, GroupMetrics>> = {};
  for (const [name, labels] of Object.entries(o.groups ?? {})) {
    if (labels.length !== n) {
      fail({ fn: FN, code: 'length_mismatch', path: ['options', 'groups', name], value: labels.length, message: `has ${labels.length} labels but there are ${n} scores` });
    }
    const rowsOf = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const level = String(labels[i]);
      let list = rowsOf.get(level);
      if (list === undefined) rowsOf.set(level, (list = []));
      list.push(i);
    }
    const levels = [...rowsOf.keys()].sort();
    const out: Record<string, GroupMetrics> = {};
    for (const level of levels) {
      const rows = rowsOf.get(level)!;
      const s = Float64Array.from(rows, (i) => scores[i]!);
      const yy = Uint8Array.from(rows, (i) => y[i]!);
      const adm = o.admissions ? Float64Array.from(rows, (i) => o.admissions![i]!) : undefined;
      const bed = o.bedDays ? Float64Array.from(rows, (i) => o.bedDays![i]!) : undefined;
      let groupEvents = 0;
      for (let j = 0; j < yy.length; j++) groupEvents += yy[j]!;
      const scope = ['byGroup', name, level];
      const own = metrics(s, yy, adm, bed, o.topPercents, o.calibrationBins, isProbability, scope, warnings).m;
      const nobody: number[] = [];
      const atOverallTop = cutoffs.map((c) => {
        let people = 0;
        let ev = 0;
        for (let j = 0; j < s.length; j++) {
          const w = s[j]! > c.threshold ? 1 : s[j] === c.threshold ? c.share : 0;
          people += w;
          ev += w * yy[j]!;
        }
        if (!(people > 0)) nobody.push(c.percent);
        return {
          percent: c.percent,
          people,
          events: ev,
          ppv: people > 0 ? ev / people : null,
          sensitivity: groupEvents > 0 ? ev / groupEvents : null,
          selectedShare: people / s.length,
        };
      });
      if (nobody.length > 0) {
        warnings.push(resultWarning('zero_denominator', `nobody in ${name} ${level} is in the overall top ${slices(nobody)}: the group's PPV there is null`, { path: [...scope, 'atOverallTop'], count: nobody.length, examples: nobody.map((p) => `${p}%`) }));
      }
      out[level] = { ...own, atOverallTop };
    }
    setOwn(byGroup, name, out);
  }
  return { ...m, outcomeWindow, concentration, byGroup, warnings };
}
