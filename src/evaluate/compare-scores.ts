import { fail } from '../core/errors.js';
import { argsortAscending } from './argsort.js';
import { checkOutcome, checkScores, deLong } from './delong.js';
import { twoSidedP, Z_975 } from '../core/normal.js';

/** The result of {@link compareScores}. */
export interface ScoreComparison {
  readonly aurocA: number;
  readonly aurocB: number;
  /** aurocA − aurocB. */
  readonly difference: number;
  /** 95% confidence interval of the difference (DeLong, paired). */
  readonly ci: readonly [number, number];
  /** difference / its DeLong standard error. */
  readonly z: number;
  /** Two-sided p-value, 2·(1 − Φ(|z|)). */
  readonly pValue: number;
  readonly cases: number;
  readonly controls: number;
}

/**
 * Paired DeLong test of two AUROCs on the same people: are scores `a` and `b` equally good
 * at ranking those who have the event? With placement values V10, V01 of each score
 * (DeLong, DeLong & Clarke-Pearson 1988), S10 and S01 are their 2×2 sample covariance
 * matrices and Var(Â − B̂) = L(S10/n1 + S01/n0)Lᵀ with L = (1, −1); z = (Â − B̂)/√Var. Agrees
 * with pROC `roc.test(method = "delong", paired = TRUE)`. When both the difference and
 * its variance are 0 (identical rankings), z = 0 and p = 1.
 *
 * Cost: one radix argsort per score (O(n)) and O(n) passes.
 *
 * @param a - First score per person.
 * @param b - Second score per person (same people, same order).
 * @param outcome - 0/1 per person.
 * @returns Both AUROCs, their difference with a 95% CI, z and the two-sided p-value.
 * @throws RiskStratifyError `no_events` when there are fewer than 2 cases or 2 controls,
 *   plus the input errors of {@link auroc}.
 * @example
 * const r = compareScores(modelA, modelB, admitted);
 * r.pValue < 0.05; // => true when the AUROCs differ at the 5% level
 */
export function compareScores(a: ArrayLike<number>, b: ArrayLike<number>, outcome: ArrayLike<number | boolean>): ScoreComparison {
  const fn = 'compareScores';
  checkScores(fn, 'a', a);
  checkScores(fn, 'b', b);
  if (b.length !== a.length) {
    fail({ fn, code: 'length_mismatch', path: ['b'], value: b.length, message: `has ${b.length} scores but a has ${a.length}` });
  }
  const y = checkOutcome(fn, outcome, a.length);
  const pa = deLong(a, y, argsortAscending(a), true);
  const pb = deLong(b, y, argsortAscending(b), true);
  const n1 = pa.cases;
  const n0 = pa.controls;
  if (n1 < 2 || n0 < 2) {
    fail({ fn, code: 'no_events', path: ['outcome'], value: n1, message: `needs at least 2 people with and 2 without the event (has ${n1} and ${n0})` });
  }
  const ta = pa.auc;
  const tb = pb.auc;
  const va = pa.placement!;
  const vb = pb.placement!;
  // Var(A − B) = [S10aa + S10bb − 2 S10ab]/n1 + [S01aa + S01bb − 2 S01ab]/n0, i.e. the
  // variances of the paired placement differences, over cases and over controls.
  let s10 = 0;
  let s01 = 0;
  for (let i = 0; i < y.length; i++) {
    const d = va[i]! - ta - (vb[i]! - tb);
    if (y[i] === 1) s10 += d * d;
    else s01 += d * d;
  }
  const variance = s10 / (n1 - 1) / n1 + s01 / (n0 - 1) / n0;
  const difference = ta - tb;
  const sd = Math.sqrt(variance);
  let z = difference / sd;
  if (Number.isNaN(z) && difference === 0 && sd === 0) z = 0;
  return {
    aurocA: ta,
    aurocB: tb,
    difference,
    ci: [difference - Z_975 * sd, difference + Z_975 * sd],
    z,
    pValue: twoSidedP(z),
    cases: n1,
    controls: n0,
  };
}
