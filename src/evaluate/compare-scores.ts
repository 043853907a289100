import { fail } from '../core/errors.js';
import { argsortAscending } from './argsort.js';
import { checkOutcome, checkScores, deLong } from './delong.js';
import { twoSidedP, Z_975 } from '../core/normal.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';

/** The result of {@link compareScores}. Null figures are explained in `warnings`. */
export interface ScoreComparison {
  /** AUROC of `a` (null without both cases and controls). */
  readonly aurocA: number | null;
  readonly aurocB: number | null;
  /** aurocA − aurocB (null when either is). */
  readonly difference: number | null;
  /** 95% confidence interval of the difference (DeLong, paired); null with fewer than 2 cases or 2 controls. */
  readonly ci: readonly [number, number] | null;
  /** difference / its DeLong standard error (null when the interval is, or the SE is 0 with a non-zero difference). */
  readonly z: number | null;
  /** Two-sided p-value, 2·(1 − Φ(|z|)); null when z is. */
  readonly pValue: number | null;
  readonly cases: number;
  readonly controls: number;
  /** `no_events` / `no_non_events` / `insufficient_data` (path empty) or `zero_denominator` (path `['z']`). */
  readonly warnings: readonly ResultWarning[];
}

/**
 * Paired DeLong test of two AUROCs on the same people: are scores `a` and `b` equally good
 * at ranking those who have the event? With placement values V10, V01 of each score
 * (DeLong, DeLong & Clarke-Pearson 1988), S10 and S01 are their 2×2 sample covariance
 * matrices and Var(Â − B̂) = L(S10/n1 + S01/n0)Lᵀ with L = (1, −1); z = (Â − B̂)/√Var. Agrees
 * with pROC `roc.test(method = "delong", paired = TRUE)`. When both the difference and
 * its variance are 0 (identical rankings), z = 0 and p = 1. Without 2 cases and 2 controls
 * the test does not exist: its figures are null with a warning (no AUROC at all without a
 * case or a control), never NaN.
 *
 * Cost: one radix argsort per score (O(n)) and O(n) passes.
 *
 * @param a - First score per person.
 * @param b - Second score per person (same people, same order).
 * @param outcome - 0/1 per person.
 * @returns Both AUROCs, their difference with a 95% CI, z, the two-sided p-value, and warnings.
 * @throws RiskStratifyError: the input errors of {@link auroc}.
 * @example
 * const r = compareScores(modelA, modelB, admitted);
 * r.pValue < 0.05; // => true when the AUROCs differ at the 5% level
 * compareScores([1, 2, 3], [3, 2, 1], [1, 0, 0]).pValue; // => null (warnings[0].code 'insufficient_data')
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
    const none = n1 === 0 || n0 === 0;
    const code = n1 === 0 ? 'no_events' : n0 === 0 ? 'no_non_events' : 'insufficient_data';
    const warning = resultWarning(code, `the paired DeLong test needs at least 2 people with and 2 without the event (has ${n1} and ${n0}): ${none ? 'the AUROCs, their difference' : 'the interval'}, z and p are null`, { count: Math.min(n1, n0) });
    return {
      aurocA: none ? null : pa.auc, aurocB: none ? null : pb.auc, difference: none ? null : pa.auc - pb.auc,
      ci: null, z: null, pValue: null, cases: n1, controls: n0, warnings: [warning],
    };
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
  const warnings: ResultWarning[] = [];
  let z: number | null = sd > 0 ? difference / sd : difference === 0 ? 0 : null;
  if (z === null || !Number.isFinite(z)) {
    z = null;
    warnings.push(resultWarning('zero_denominator', 'the DeLong variance of the difference is 0 while the AUROCs differ: z and p are null', { path: ['z'] }));
  }
  return {
    aurocA: ta,
    aurocB: tb,
    difference,
    ci: [difference - Z_975 * sd, difference + Z_975 * sd],
    z,
    pValue: z === null ? null : twoSidedP(z),
    cases: n1,
    controls: n0,
    warnings,
  };
}
