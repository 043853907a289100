/**
 * Scores sorted once (descending) and cut into blocks of equal score, with running totals of
 * events and of optional per-person amounts (admissions, bed days). Everything that depends
 * on "the top k" (PPV at k, capture, concentration, average precision) reads these totals,
 * so tied scores are always handled as a block and results never depend on row order.
 * Internal to the evaluate stage.
 *
 * @module
 */

/** Tie blocks in descending score order with cumulative totals at each block's end. */
export interface Ranked {
  readonly n: number;
  /** Row indices sorted by score descending (ties in reverse row order; ties are always handled as blocks). */
  readonly order: Uint32Array;
  /** Number of blocks. */
  readonly blocks: number;
  /** Score of each block. */
  readonly score: Float64Array;
  /** Cumulative number of people up to and including block b. */
  readonly end: Float64Array;
  /** Cumulative events up to and including block b. */
  readonly events: Float64Array;
  /** Cumulative admissions (when given). */
  readonly admissions: Float64Array | undefined;
  /** Cumulative bed days (when given). */
  readonly bedDays: Float64Array | undefined;
}

/** Builds the blocks from an ascending order of the scores (read backwards). O(n). */
export function rank(scores: ArrayLike<number>, y: Uint8Array, ascending: Uint32Array, admissions?: ArrayLike<number>, bedDays?: ArrayLike<number>): Ranked {
  const n = y.length;
  const order = ascending.slice().reverse();
  const score = new Float64Array(n);
  const end = new Float64Array(n);
  const events = new Float64Array(n);
  const adm = admissions ? new Float64Array(n) : undefined;
  const bed = bedDays ? new Float64Array(n) : undefined;
  let b = -1;
  let ev = 0;
  let ad = 0;
  let bd = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const s = scores[i]!;
    if (b < 0 || s !== score[b]) b++;
    score[b] = s;
    ev += y[i]!;
    end[b] = j + 1;
    events[b] = ev;
    if (adm) {
      ad += admissions![i]!;
      adm[b] = ad;
    }
    if (bed) {
      bd += bedDays![i]!;
      bed[b] = bd;
    }
  }
  const blocks = b + 1;
  return {
    n,
    order,
    blocks,
    score: score.subarray(0, blocks),
    end: end.subarray(0, blocks),
    events: events.subarray(0, blocks),
    admissions: adm?.subarray(0, blocks),
    bedDays: bed?.subarray(0, blocks),
  };
}

/** The block holding position k (1-based count of people taken from the top), by binary search. */
export function blockOf(r: Ranked, k: number): number {
  let lo = 0;
  let hi = r.blocks - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.end[mid]! >= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A running total for the top k people when people tied at the cut-off share it: everyone
 * strictly above the k-th score counts fully, and the block tied at the k-th score counts in
 * proportion (k − above)/(block size), the expected value under a random tie-break.
 */
export function takeTop(r: Ranked, cum: Float64Array, k: number): number {
  if (k <= 0 || r.blocks === 0) return 0;
  const b = blockOf(r, k);
  const startPeople = b > 0 ? r.end[b - 1]! : 0;
  const startCum = b > 0 ? cum[b - 1]! : 0;
  const size = r.end[b]! - startPeople;
  return startCum + ((k - startPeople) / size) * (cum[b]! - startCum);
}
