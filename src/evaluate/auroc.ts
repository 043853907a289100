import { checkOutcome, checkScores, deLongFromKeys } from './delong.js';
import { Z_975 } from '../core/normal.js';

/** The result of {@link auroc}. */
export interface AurocResult {
  /** Area under the ROC curve, ties counting one half; NaN without both cases and controls. */
  readonly auroc: number;
  /** DeLong 95% confidence interval, clipped to [0, 1] (as pROC's `ci.auc(method = "delong")`); null when fewer than 2 cases or 2 controls. */
  readonly ci: readonly [number, number] | null;
  /** DeLong variance of the AUROC. */
  readonly variance: number;
  /** Number of people with outcome 1. */
  readonly cases: number;
  /** Number of people with outcome 0. */
  readonly controls: number;
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
 * @returns AUROC, DeLong CI and variance, and the numbers of cases and controls.
 * @throws RiskStratifyError `non_finite` for a NaN score (naming the row), `invalid_input`
 *   for an outcome that is not 0/1, `length_mismatch` when the lengths differ.
 * @example
 * auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auroc; // => 0.75
 * auroc([1, 1, 0], [1, 0, 0]).auroc; // => 0.75 (the tie counts one half)
 */
export function auroc(scores: ArrayLike<number>, outcome: ArrayLike<number | boolean>): AurocResult {
  const fn = 'auroc';
  checkScores(fn, 'scores', scores);
  const y = checkOutcome(fn, outcome, scores.length);
  const m = deLongFromKeys(scores, y);
  return { auroc: m.auc, ci: deLongInterval(m.auc, m.variance), variance: m.variance, cases: m.cases, controls: m.controls };
}

/** AUROC ± z·√V, clipped to [0, 1]; null when V is not a number. */
export function deLongInterval(auc: number, variance: number): readonly [number, number] | null {
  if (!Number.isFinite(variance) || !Number.isFinite(auc)) return null;
  const sd = Math.sqrt(variance);
  return [Math.max(0, auc - Z_975 * sd), Math.min(1, auc + Z_975 * sd)];
}
