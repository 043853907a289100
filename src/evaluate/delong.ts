/**
 * Shared kernels of the evaluate stage: input checks, the split of scores into sorted cases
 * and controls, and DeLong placement values. Internal (not exported from the package).
 *
 * @module
 */
import { fail } from '../core/errors.js';
import { putSortKey, radixSortKeys } from './argsort.js';

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
    fail({ fn, code: 'length_mismatch', path: [name], value: outcome.length, message: `has ${outcome.length} values but there are ${n} scores; build both on the same rows (buildOutcomes(population, { asOf, rows: features.rows })), or pass them as model.score and buildOutcomes return them (they carry their rows and are lined up)` });
  }
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = outcome[i];
    if (v === 1 || v === true) y[i] = 1;
    else if (v !== 0 && v !== false) fail({ fn, code: 'invalid_input', path: [name, i], value: v, message: `outcome at row ${i} is not 0 or 1` });
  }
  return y;
}

/** AUROC with its DeLong variance (and, on request, the placement values per row). */
export interface DeLong {
  /** Mann-Whitney AUROC, ties ½; NaN without both cases and controls. */
  readonly auc: number;
  /** DeLong variance S10/n1 + S01/n0 (NaN when n1 < 2 or n0 < 2). */
  readonly variance: number;
  readonly cases: number;
  readonly controls: number;
  /** Per row: V10 for a case, V01 for a control (only when asked for). */
  readonly placement: Float64Array | undefined;
}

/**
 * AUROC and DeLong variance in one pass over the scores in ascending order (`order`, from a
 * single sort), a block of equal scores at a time. The placement of case i is
 * V10(i) = (#controls below x_i + ½ #controls equal) / n0 and of control j is
 * V01(j) = (#cases above y_j + ½ #cases equal) / n1 (DeLong, DeLong & Clarke-Pearson 1988;
 * these are the midrank differences of Sun & Xu 2014, and every member of a tie block shares
 * one value). AUROC = mean V10 = mean V01 (Mann-Whitney U / (n1·n0)); variance = S10/n1 +
 * S01/n0 with S10, S01 the sample variances (n − 1) of the placements. O(n).
 */
export function deLong(scores: ArrayLike<number>, y: Uint8Array, order: Uint32Array, perRow = false): DeLong {
  const n = y.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += y[i]!;
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) return { auc: Number.NaN, variance: Number.NaN, cases: n1, controls: n0, placement: undefined };
  const placement = perRow ? new Float64Array(n) : undefined;
  let casesBelow = 0;
  let controlsBelow = 0;
  let sum10 = 0;
  let sq10 = 0;
  let sq01 = 0;
  for (let j = 0; j < n; ) {
    const s = scores[order[j]!]!;
    let k = j;
    let c1 = 0;
    while (k < n && scores[order[k]!] === s) {
      c1 += y[order[k]!]!;
      k++;
    }
    const c0 = k - j - c1;
    const v10 = (controlsBelow + 0.5 * c0) / n0;
    const v01 = (n1 - casesBelow - 0.5 * c1) / n1;
    sum10 += c1 * v10;
    sq10 += c1 * v10 * v10;
    sq01 += c0 * v01 * v01;
    if (placement) for (let m = j; m < k; m++) placement[order[m]!] = y[order[m]!] === 1 ? v10 : v01;
    casesBelow += c1;
    controlsBelow += c0;
    j = k;
  }
  const auc = sum10 / n1;
  // Sample variances about theta = auc (the mean of both placement sets).
  const s10 = n1 > 1 ? Math.max(0, sq10 - n1 * auc * auc) / (n1 - 1) : Number.NaN;
  const s01 = n0 > 1 ? Math.max(0, sq01 - n0 * auc * auc) / (n0 - 1) : Number.NaN;
  return { auc, variance: s10 / n1 + s01 / n0, cases: n1, controls: n0, placement };
}

/**
 * {@link deLong} without an index sort, for the AUROC alone: the scores of cases and of
 * controls are turned into sort keys and each sorted (no indices carried, no gathers), then
 * walked together a block of equal scores at a time with deLong's arithmetic in deLong's
 * order, so the result is the same to the bit. O(n), reading memory in order.
 */
export function deLongFromKeys(scores: ArrayLike<number>, y: Uint8Array): Omit<DeLong, 'placement'> {
  const n = y.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += y[i]!;
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0) return { auc: Number.NaN, variance: Number.NaN, cases: n1, controls: n0 };
  const caseHi = new Uint32Array(n1);
  const caseLo = new Uint32Array(n1);
  const controlHi = new Uint32Array(n0);
  const controlLo = new Uint32Array(n0);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) putSortKey(scores[i]!, caseHi, caseLo, a++);
    else putSortKey(scores[i]!, controlHi, controlLo, b++);
  }
  const cs = radixSortKeys(caseHi, caseLo);
  const ct = radixSortKeys(controlHi, controlLo);
  const h1 = cs.hi;
  const l1 = cs.lo;
  const h0 = ct.hi;
  const l0 = ct.lo;
  let i = 0;
  let j = 0;
  let casesBelow = 0;
  let controlsBelow = 0;
  let sum10 = 0;
  let sq10 = 0;
  let sq01 = 0;
  while (i < n1 || j < n0) {
    // The smallest key left in either list: the next block of equal scores.
    const caseFirst = j >= n0 || (i < n1 && (h1[i]! < h0[j]! || (h1[i] === h0[j] && l1[i]! <= l0[j]!)));
    const kh = caseFirst ? h1[i]! : h0[j]!;
    const kl = caseFirst ? l1[i]! : l0[j]!;
    let c1 = 0;
    while (i < n1 && h1[i] === kh && l1[i] === kl) { c1++; i++; }
    let c0 = 0;
    while (j < n0 && h0[j] === kh && l0[j] === kl) { c0++; j++; }
    const v10 = (controlsBelow + 0.5 * c0) / n0;
    const v01 = (n1 - casesBelow - 0.5 * c1) / n1;
    sum10 += c1 * v10;
    sq10 += c1 * v10 * v10;
    sq01 += c0 * v01 * v01;
    casesBelow += c1;
    controlsBelow += c0;
  }
  const auc = sum10 / n1;
  const s10 = n1 > 1 ? Math.max(0, sq10 - n1 * auc * auc) / (n1 - 1) : Number.NaN;
  const s01 = n0 > 1 ? Math.max(0, sq01 - n0 * auc * auc) / (n0 - 1) : Number.NaN;
  return { auc, variance: s10 / n1 + s01 / n0, cases: n1, controls: n0 };
}
