/**
 * Stable ascending argsort of numbers by least-significant-digit radix sort on their IEEE-754
 * bits: O(n), no comparisons. Internal to the evaluate stage.
 *
 * @module
 */

const SMALL = 1024;

/**
 * Row indices ordered by `scores` ascending. Stable: equal scores keep the order they have in
 * `initial` (default: row order). −0 and +0 are equal. NaN must have been refused already.
 *
 * Floats are mapped to unsigned keys that sort in the same order (negative: all bits
 * flipped; positive: sign bit set) and sorted by six 11-bit digits, carrying the keys with
 * the indices, skipping digits that are the same for every score. Small inputs use a stable
 * comparison sort.
 */
export function argsortAscending(scores: ArrayLike<number>, initial?: Uint32Array): Uint32Array {
  const n = scores.length;
  let src: Uint32Array;
  if (initial) src = initial.slice();
  else {
    src = new Uint32Array(n);
    for (let i = 0; i < n; i++) src[i] = i;
  }
  if (n < SMALL) {
    const arr = Array.from(src);
    arr.sort((a, b) => {
      const sa = scores[a]!;
      const sb = scores[b]!;
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    });
    return Uint32Array.from(arr);
  }
  // Keys in the order of `src` (so each pass reads them sequentially and carries them along).
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let j = 0; j < n; j++) putSortKey(scores[src[j]!]!, hi, lo, j);
  return radixSortKeys(hi, lo, src).payload!;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Writes the unsigned 64-bit sort key of `v` (as two words) at `at`: keys compare as the
 * numbers do (negative: all bits flipped; positive: sign bit set), and −0 is +0.
 */
export function putSortKey(v: number, hi: Uint32Array, lo: Uint32Array, at: number): void {
  F64[0] = v === 0 ? 0 : v;
  let h = U32[LITTLE ? 1 : 0]!;
  let l = U32[LITTLE ? 0 : 1]!;
  if (h & 0x80000000) {
    h = ~h >>> 0;
    l = ~l >>> 0;
  } else {
    h = (h | 0x80000000) >>> 0;
  }
  hi[at] = h;
  lo[at] = l;
}

/**
 * Stable LSD radix sort of 64-bit keys given as `hi`/`lo` words (from {@link putSortKey}),
 * carrying `payload` along when given. Six 11-bit digits (the last of each word 10 bits),
 * histograms in one pass, digits that every key shares skipped. The inputs are reused as
 * scratch; the sorted keys (and payload) are returned. O(n).
 */
export function radixSortKeys(hi: Uint32Array, lo: Uint32Array, payload?: Uint32Array): { hi: Uint32Array; lo: Uint32Array; payload: Uint32Array | undefined } {
  const n = hi.length;
  const counts = new Uint32Array(6 * 2048);
  for (let j = 0; j < n; j++) {
    const l = lo[j]!;
    const h = hi[j]!;
    counts[l & 2047]!++;
    counts[2048 + ((l >>> 11) & 2047)]!++;
    counts[4096 + (l >>> 22)]!++;
    counts[6144 + (h & 2047)]!++;
    counts[8192 + ((h >>> 11) & 2047)]!++;
    counts[10240 + (h >>> 22)]!++;
  }
  let idx: Uint32Array | undefined = payload;
  let idx2: Uint32Array | undefined = payload ? new Uint32Array(n) : undefined;
  let lo2: Uint32Array = new Uint32Array(n);
  let hi2: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * 2048;
    const key = pass < 3 ? lo : hi;
    const shift = (pass % 3) * 11;
    const mask = pass % 3 === 2 ? 1023 : 2047;
    // Skip a digit every key shares.
    if (n === 0 || counts[base + ((key[0]! >>> shift) & mask)] === n) continue;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    if (idx !== undefined && idx2 !== undefined) {
      for (let j = 0; j < n; j++) {
        const q = counts[base + ((key[j]! >>> shift) & mask)]!++;
        idx2[q] = idx[j]!;
        lo2[q] = lo[j]!;
        hi2[q] = hi[j]!;
      }
      const t = idx;
      idx = idx2;
      idx2 = t;
    } else {
      for (let j = 0; j < n; j++) {
        const q = counts[base + ((key[j]! >>> shift) & mask)]!++;
        lo2[q] = lo[j]!;
        hi2[q] = hi[j]!;
      }
    }
    let t = lo;
    lo = lo2;
    lo2 = t;
    t = hi;
    hi = hi2;
    hi2 = t;
  }
  return { hi, lo, payload: idx };
}
