/**
 * Shared kernels of the evaluate stage: input checks, the split of scores into sorted cases
 * and controls, and DeLong placement values. Internal (not exported from the package).
 *
 * @module
 */
import { fail } from '../core/errors.js';

/** Checks that `scores` is an array-like of numbers without NaN; returns it. */
export function checkScores(fn: string, name: string, scores: ArrayLike<number>): ArrayLike<number> {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number') {
    fail({ fn, code: 'invalid_argument', path: [name], value: scores, message: 'expected an array or typed array of numbers' });
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || Number.isNaN(s)) {
      fail({ fn, code: 'non_finite', path: [name, i], value: s, message: `score at row ${i} is not a number` });
    }
  }
  return scores;
}

/** Checks that `outcome` holds only 0/1 (or booleans) and has length `n`; returns it as bytes. */
export function checkOutcome(fn: string, outcome: ArrayLike<number | boolean>, n: number, name = 'outcome'): Uint8Array {
  if (outcome === null || typeof outcome !== 'object' || typeof outcome.length !== 'number') {
    fail({ fn, code: 'invalid_argument', path: [name], value: outcome, message: 'expected an array or typed array of 0/1 outcomes' });
  }
  if (outcome.length !== n) {
    fail({ fn, code: 'length_mismatch', path: [name], value: outcome.length, message: `has ${outcome.length} values but there are ${n} scores` });
  }
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = outcome[i];
    if (v === 1 || v === true) y[i] = 1;
    else if (v !== 0 && v !== false) fail({ fn, code: 'invalid_input', path: [name, i], value: v, message: `outcome at row ${i} is not 0 or 1` });
  }
  return y;
}

/** Scores of cases (outcome 1) and controls (outcome 0), each sorted ascending. */
export interface SplitScores {
  readonly cases: Float64Array;
  readonly controls: Float64Array;
}

/**
 * Splits scores by outcome and sorts each part once (`Float64Array.prototype.sort`, numeric).
 * Together the two sorts cost no more than one sort of all n scores. O(n log n).
 */
export function splitSorted(scores: ArrayLike<number>, y: Uint8Array): SplitScores {
  let n1 = 0;
  for (let i = 0; i < y.length; i++) n1 += y[i]!;
  const cases = new Float64Array(n1);
  const controls = new Float64Array(y.length - n1);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) cases[a++] = scores[i]!;
    else controls[b++] = scores[i]!;
  }
  cases.sort();
  controls.sort();
  return { cases, controls };
}

/** AUROC with its DeLong variance from sorted cases and controls. */
export interface AurocMoments {
  readonly auc: number;
  /** DeLong variance S10/n1 + S01/n0 (NaN when n1 < 2 or n0 < 2). */
  readonly variance: number;
  readonly cases: number;
  readonly controls: number;
}

/**
 * AUROC and DeLong variance by one merge pass over sorted cases and controls.
 * The placement of case i is V10(i) = (#controls below x_i + ½ #controls equal) / n0 and of
 * control j is V01(j) = (#cases above y_j + ½ #cases equal) / n1 (DeLong, DeLong &
 * Clarke-Pearson 1988; these are the midrank differences of Sun & Xu 2014). AUROC = mean V10 =
 * mean V01 (Mann-Whitney U / (n1 n0), ties count one half); variance = S10/n1 + S01/n0 with
 * S10, S01 the sample variances (n − 1) of the placements. O(n) after the sorts.
 */
export function aurocFromSorted(split: SplitScores): AurocMoments {
  const { cases: x, controls: y } = split;
  const n1 = x.length;
  const n0 = y.length;
  if (n1 === 0 || n0 === 0) return { auc: Number.NaN, variance: Number.NaN, cases: n1, controls: n0 };
  // Case placements: counts of controls below / equal, pointers move forward as x increases.
  let lt = 0;
  let le = 0;
  let sum10 = 0;
  let sq10 = 0;
  for (let i = 0; i < n1; i++) {
    const v = x[i]!;
    while (lt < n0 && y[lt]! < v) lt++;
    if (le < lt) le = lt;
    while (le < n0 && y[le]! <= v) le++;
    const p = (lt + 0.5 * (le - lt)) / n0;
    sum10 += p;
    sq10 += p * p;
  }
  // Control placements: cases above / equal = n1 - (cases <= v) and (cases <= v) - (cases < v).
  let clt = 0;
  let cle = 0;
  let sum01 = 0;
  let sq01 = 0;
  for (let j = 0; j < n0; j++) {
    const v = y[j]!;
    while (clt < n1 && x[clt]! < v) clt++;
    if (cle < clt) cle = clt;
    while (cle < n1 && x[cle]! <= v) cle++;
    const p = (n1 - cle + 0.5 * (cle - clt)) / n1;
    sum01 += p;
    sq01 += p * p;
  }
  const auc = sum10 / n1;
  // Sample variances about theta = auc (the mean of both placement sets).
  const s10 = n1 > 1 ? Math.max(0, sq10 - n1 * auc * auc) / (n1 - 1) : Number.NaN;
  const s01 = n0 > 1 ? Math.max(0, sq01 - n0 * auc * auc) / (n0 - 1) : Number.NaN;
  return { auc, variance: s10 / n1 + s01 / n0, cases: n1, controls: n0 };
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Placement values per person, in input order (cases' V10, controls' V01). */
export interface Placements {
  readonly v10: Float64Array;
  readonly v01: Float64Array;
  readonly auc: number;
}

/**
 * DeLong placement values in input order (needed to pair two scores on the same people), by
 * binary search of each score in the sorted other class. O(n log n).
 */
export function placements(scores: ArrayLike<number>, y: Uint8Array, split: SplitScores): Placements {
  const { cases: x, controls: c } = split;
  const n1 = x.length;
  const n0 = c.length;
  const v10 = new Float64Array(n1);
  const v01 = new Float64Array(n0);
  let a = 0;
  let b = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const s = scores[i]!;
    if (y[i] === 1) {
      const lt = lowerBound(c, s);
      const p = (lt + 0.5 * (upperBound(c, s) - lt)) / n0;
      v10[a++] = p;
      sum += p;
    } else {
      const lt = lowerBound(x, s);
      const le = upperBound(x, s);
      v01[b++] = (n1 - le + 0.5 * (le - lt)) / n1;
    }
  }
  return { v10, v01, auc: sum / n1 };
}
