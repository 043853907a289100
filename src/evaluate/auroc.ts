import { checkOutcome, checkScores, deLongFromKeys } from './delong.js';
import { Z_975 } from '../core/normal.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';

/** The result of {@link auroc}. */
export interface AurocResult {
  /** Area under the ROC curve, ties counting one half; null without both cases and controls (see `warnings`). */
  readonly auroc: number | null;
  /** DeLong 95% confidence interval, clipped to [0, 1] (as pROC's `ci.auc(method = "delong")`); null when fewer than 2 cases or 2 controls. */
  readonly ci: readonly [number, number] | null;
  /** DeLong variance of the AUROC; null when the interval is. */
  readonly variance: number | null;
  /** Number of people with outcome 1. */
  readonly cases: number;
  /** Number of people with outcome 0. */
  readonly controls: number;
  /**
   * Why a figure is null (each for the whole result): `no_events` / `no_non_events` (AUROC,
   * interval and variance null) or `insufficient_data` (1 case or 1 control: the AUROC exists,
   * its interval and variance do not).
   */
  readonly warnings: readonly ResultWarning[];
}

/**
 * Area under the ROC curve, exact with ties counting one half: the Mann-Whitney U statistic
 * over cases × controls, divided by n1·n0 (higher score = predicted event). The DeLong 95%
 * interval is AUROC ± qnorm(0.975)·√V with V = S10/n1 + S01/n0 from the placement values
 * (DeLong, DeLong & Clarke-Pearson 1988, computed from midranks as Sun & Xu 2014 describe).
 *
 * Cost: the scores of cases and of controls are each sorted by an LSD radix sort on their
 * IEEE-754 bits (O(n), no indices carried), then one O(n) pass walks both lists a block of
 * tied scores at a time. No O(n1·n0) pair loop and no gathers by index.
 *
 * @param scores - One score per person; higher means more likely to have the event.
 * @param outcome - 0/1 (or boolean) per person.
 * @returns AUROC, DeLong CI and variance, the numbers of cases and controls, and warnings
 *   naming why a figure is null.
 * @throws RiskStratifyError `non_finite` for a NaN score (naming the row), `invalid_input`
 *   for an outcome that is not 0/1, `length_mismatch` when the lengths differ.
 * @example
 * auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auroc; // => 0.75
 * auroc([1, 1, 0], [1, 0, 0]).auroc; // => 0.75 (the tie counts one half)
 * auroc([0.3, 0.2], [0, 0]).auroc; // => null, with warnings[0].code 'no_events'
 */
export function auroc(scores: ArrayLike<number>, outcome: ArrayLike<number | boolean>): AurocResult {
  const fn = 'auroc';
  checkScores(fn, 'scores', scores);
  const y = checkOutcome(fn, outcome, scores.length);
  const m = deLongFromKeys(scores, y);
  const warnings: ResultWarning[] = [];
  if (m.cases === 0) warnings.push(resultWarning('no_events', `no events (${m.controls} people, none with the outcome): the AUROC, its interval and variance are null`, { count: 0 }));
  else if (m.controls === 0) warnings.push(resultWarning('no_non_events', `no non-events (all ${m.cases} people had the outcome): the AUROC, its interval and variance are null`, { count: 0 }));
  else if (m.cases < 2 || m.controls < 2) {
    warnings.push(resultWarning('insufficient_data', `only ${m.cases} event(s) and ${m.controls} non-event(s): the DeLong interval needs at least 2 of each, so it and the variance are null`, { count: Math.min(m.cases, m.controls) }));
  }
  const ci = deLongInterval(m.auc, m.variance);
  return { auroc: Number.isNaN(m.auc) ? null : m.auc, ci, variance: ci === null ? null : m.variance, cases: m.cases, controls: m.controls, warnings };
}

/** AUROC ± z·√V, clipped to [0, 1]; null when V is not a number. */
export function deLongInterval(auc: number, variance: number): readonly [number, number] | null {
  if (!Number.isFinite(variance) || !Number.isFinite(auc)) return null;
  const sd = Math.sqrt(variance);
  return [Math.max(0, auc - Z_975 * sd), Math.min(1, auc + Z_975 * sd)];
}
