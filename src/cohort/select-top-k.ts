/**
 * Introselect on an index array with a parallel array of score keys: the selection kernel
 * behind {@link selectCohort}. Internal to the cohort stage (not exported from the package).
 *
 * The ranking order is score descending, then id ascending by JS string comparison (`<`,
 * UTF-16 code units; SQL `COLLATE "C"` gives the same order for ASCII ids). Scores are read
 * from `keys` (kept in step with `idx`, so comparisons read memory in order); ids are only
 * looked at to break a tie.
 *
 * @module
 */

/** True when score index `a` ranks before score index `b` among equal scores (id order). */
export type TieBefore = (a: number, b: number) => boolean;

/** The (score desc, id asc) order as a comparator on score indices, for sorting. */
export function rankCompare(scores: ArrayLike<number>, tieBefore: TieBefore): (a: number, b: number) => number {
  return (a: number, b: number): number => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa > sb ? -1 : 1;
    return tieBefore(a, b) ? -1 : tieBefore(b, a) ? 1 : 0;
  };
}

function swap(idx: Uint32Array, keys: Float64Array, i: number, j: number): void {
  const t = idx[i]!;
  idx[i] = idx[j]!;
  idx[j] = t;
  const u = keys[i]!;
  keys[i] = keys[j]!;
  keys[j] = u;
}

/** Whether position p ranks before position q. */
function before(idx: Uint32Array, keys: Float64Array, p: number, q: number, tie: TieBefore): boolean {
  const kp = keys[p]!;
  const kq = keys[q]!;
  return kp !== kq ? kp > kq : tie(idx[p]!, idx[q]!);
}

/** Sift-down on a heap of positions lo..lo+size with the worst-ranked at the top. */
function siftDown(idx: Uint32Array, keys: Float64Array, lo: number, size: number, start: number, tie: TieBefore): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= size) return;
    if (child + 1 < size && before(idx, keys, lo + child, lo + child + 1, tie)) child += 1;
    if (before(idx, keys, lo + root, lo + child, tie)) {
      swap(idx, keys, lo + root, lo + child);
      root = child;
    } else {
      return;
    }
  }
}

/** Fallback after the depth budget: keep the best (target − lo) of lo..hi in a bounded heap. O(m log k). */
function heapSelect(idx: Uint32Array, keys: Float64Array, lo: number, hi: number, target: number, tie: TieBefore): void {
  const size = target - lo;
  if (size <= 0) return;
  for (let s = (size >> 1) - 1; s >= 0; s--) siftDown(idx, keys, lo, size, s, tie);
  for (let j = lo + size; j <= hi; j++) {
    if (before(idx, keys, j, lo, tie)) {
      swap(idx, keys, lo, j);
      siftDown(idx, keys, lo, size, 0, tie);
    }
  }
}

/**
 * Hoare partition of positions lo..hi around the median of lo, mid and hi (in rank order):
 * returns the pivot's final position j, with everything in lo..j-1 ranking before it and
 * everything in j+1..hi after it. `keys` moves with `idx`.
 */
function partition(idx: Uint32Array, keys: Float64Array, lo: number, hi: number, tie: TieBefore): number {
  const mid = lo + ((hi - lo) >> 1);
  if (before(idx, keys, mid, lo, tie)) swap(idx, keys, mid, lo);
  if (before(idx, keys, hi, lo, tie)) swap(idx, keys, hi, lo);
  if (before(idx, keys, hi, mid, tie)) swap(idx, keys, hi, mid);
  // lo <= mid <= hi in rank order: the median (mid) becomes the pivot at lo.
  swap(idx, keys, lo, mid);
  const pk = keys[lo]!;
  const pi = idx[lo]!;
  let i = lo + 1;
  let j = hi;
  for (;;) {
    // Advance i past elements ranking before the pivot, j past those ranking after it.
    for (;;) {
      if (i > j) break;
      const ki = keys[i]!;
      if (ki > pk || (ki === pk && tie(idx[i]!, pi))) i++;
      else break;
    }
    for (;;) {
      if (i > j) break;
      const kj = keys[j]!;
      if (kj < pk || (kj === pk && tie(pi, idx[j]!))) j--;
      else break;
    }
    if (i >= j) break;
    swap(idx, keys, i, j);
    i++;
    j--;
  }
  swap(idx, keys, lo, j);
  return j;
}

/**
 * Rearranges positions `from..to-1` of `idx` (and `keys` with it, `keys[p]` being the score
 * of `idx[p]`) so that the first `k` are the `k` best-ranked, in no particular order, and the
 * rest rank after all of them. Ids must be distinct so the order is total.
 *
 * Introselect: quickselect with a median-of-three pivot (Hoare's "Find", 1961) and a budget
 * of 2·log2(m) + 4 partitioning rounds; past it a bounded heap finishes (Musser 1997).
 * Expected O(m); worst case O(m log k). `budget` is exposed for tests.
 */
export function selectTopK(
  idx: Uint32Array,
  keys: Float64Array,
  from: number,
  to: number,
  k: number,
  tie: TieBefore,
  budget = 2 * Math.ceil(Math.log2(to - from + 1)) + 4,
): void {
  if (k <= 0 || k >= to - from) return;
  let lo = from;
  let hi = to - 1;
  const target = from + k; // first position that must NOT be among the best
  while (hi > lo) {
    if (budget-- <= 0) {
      heapSelect(idx, keys, lo, hi, target, tie);
      return;
    }
    const j = partition(idx, keys, lo, hi, tie);
    if (j === target || j === target - 1) return;
    if (j < target) lo = j + 1;
    else hi = j - 1;
  }
}

/** Sorts positions `from..to-1` of `idx` by (score desc, id asc): O(m log m). `keys` is not kept in step. */
export function sortRange(idx: Uint32Array, from: number, to: number, compare: (a: number, b: number) => number): void {
  idx.subarray(from, to).sort(compare);
}

/**
 * Sorts positions `from..to-1` by (score desc, id asc), keeping `keys` in step with `idx`:
 * quicksort with a median-of-three pivot and insertion sort below 16 positions, comparing the
 * keys inline (no comparator call per comparison) and ids only on equal keys.
 * O(m log m) expected.
 */
export function sortTop(idx: Uint32Array, keys: Float64Array, from: number, to: number, tie: TieBefore): void {
  let lo = from;
  let hi = to - 1;
  while (hi - lo >= 16) {
    const j = partition(idx, keys, lo, hi, tie);
    // Recurse into the smaller side, loop on the larger: O(log m) stack.
    if (j - lo < hi - j) {
      sortTop(idx, keys, lo, j, tie);
      lo = j + 1;
    } else {
      sortTop(idx, keys, j + 1, hi + 1, tie);
      hi = j - 1;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const k = keys[i]!;
    const v = idx[i]!;
    let j = i - 1;
    while (j >= lo && (keys[j]! < k || (keys[j] === k && tie(v, idx[j]!)))) {
      keys[j + 1] = keys[j]!;
      idx[j + 1] = idx[j]!;
      j--;
    }
    keys[j + 1] = k;
    idx[j + 1] = v;
  }
}

/** Swaps positions i and j of `idx` and `keys` (for callers that move people between ranges). */
export function swapPositions(idx: Uint32Array, keys: Float64Array, i: number, j: number): void {
  swap(idx, keys, i, j);
}
