/**
 * Introselect on an index array: the selection kernel behind {@link selectCohort}. Internal
 * to the cohort stage (not exported from the package).
 *
 * @module
 */

/**
 * The ranking order of the cohort stage: score descending, then id ascending by JS string
 * comparison (`<`, UTF-16 code units, the same as SQL `COLLATE "C"` for ASCII ids).
 * Returns true when index `a` ranks strictly before index `b`.
 */
export type RankBefore = (a: number, b: number) => boolean;

/**
 * Makes the (score desc, id asc) order for `scores` and the id of each score index.
 * Ids must be distinct, so the order is total and the result deterministic.
 */
export function rankBefore(scores: ArrayLike<number>, idOf: (scoreIndex: number) => string): RankBefore {
  return (a: number, b: number): boolean => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa > sb;
    return idOf(a) < idOf(b);
  };
}

function swap(idx: Uint32Array, i: number, j: number): void {
  const t = idx[i]!;
  idx[i] = idx[j]!;
  idx[j] = t;
}

/** Sift-down on a max-heap (by "ranks later") of idx[lo..lo+size). */
function siftDown(idx: Uint32Array, lo: number, size: number, start: number, before: RankBefore): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= size) return;
    // The heap keeps the *worst-ranked* element on top, so compare with "ranks later".
    if (child + 1 < size && before(idx[lo + child]!, idx[lo + child + 1]!)) child += 1;
    if (before(idx[lo + root]!, idx[lo + child]!)) {
      swap(idx, lo + root, lo + child);
      root = child;
    } else {
      return;
    }
  }
}

/**
 * Fallback when quickselect's depth budget runs out: keeps the best `k - lo` of
 * idx[lo..hi] in a heap of that size. O(m log k) worst case, m = hi - lo + 1.
 */
function heapSelect(idx: Uint32Array, lo: number, hi: number, k: number, before: RankBefore): void {
  const size = k - lo;
  if (size <= 0) return;
  for (let s = (size >> 1) - 1; s >= 0; s--) siftDown(idx, lo, size, s, before);
  for (let j = lo + size; j <= hi; j++) {
    // idx[lo] is the worst of the kept ones; replace it when j ranks before it.
    if (before(idx[j]!, idx[lo]!)) {
      swap(idx, lo, j);
      siftDown(idx, lo, size, 0, before);
    }
  }
}

/**
 * Rearranges `idx[from..to)` so that its first `k` entries are the `k` best-ranked under
 * `before` (in no particular order) and the rest rank after all of them.
 *
 * Introselect: quickselect with a median-of-three pivot (Hoare, "Find", 1961) and a depth
 * budget of 2·log2(m) partitioning rounds; past the budget it finishes with a bounded heap
 * (Musser 1997 style fallback). Expected O(m); worst case O(m log k). Mutates only `idx`.
 * `budget` (partitioning rounds before the fallback) is exposed for tests.
 */
export function selectTopK(
  idx: Uint32Array,
  from: number,
  to: number,
  k: number,
  before: RankBefore,
  budget = 2 * Math.ceil(Math.log2(to - from + 1)) + 4,
): void {
  if (k <= 0 || k >= to - from) return;
  let lo = from;
  let hi = to - 1;
  const target = from + k; // first position that must NOT be among the best
  while (hi > lo) {
    if (budget-- <= 0) {
      heapSelect(idx, lo, hi, target, before);
      return;
    }
    // Median of three of lo, mid, hi moved to `lo` as the pivot.
    const mid = lo + ((hi - lo) >> 1);
    if (before(idx[mid]!, idx[lo]!)) swap(idx, mid, lo);
    if (before(idx[hi]!, idx[lo]!)) swap(idx, hi, lo);
    if (before(idx[hi]!, idx[mid]!)) swap(idx, hi, mid);
    // Now idx[lo] <= idx[mid] <= idx[hi] in rank order; use idx[mid] as the pivot.
    swap(idx, lo, mid);
    const pivot = idx[lo]!;
    // Hoare-style partition: [lo+1..i) rank before pivot, (j..hi] rank after it.
    let i = lo + 1;
    let j = hi;
    for (;;) {
      while (i <= j && before(idx[i]!, pivot)) i++;
      while (i <= j && before(pivot, idx[j]!)) j--;
      if (i >= j) break;
      swap(idx, i, j);
      i++;
      j--;
    }
    // Place the pivot at j: everything left of j ranks before it, right after it.
    swap(idx, lo, j);
    if (j === target || j === target - 1) {
      // The pivot is exactly at the boundary (the k-th best or first excluded): done.
      return;
    }
    if (j < target) lo = j + 1;
    else hi = j - 1;
  }
}

/** Sorts `idx[from..to)` by `before` (a total order): O(m log m). */
export function sortRange(idx: Uint32Array, from: number, to: number, before: RankBefore): void {
  const part = idx.subarray(from, to);
  part.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}
