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
 * flipped; positive: sign bit set) and sorted by four 16-bit digits, skipping digits that
 * are the same for every score. Small inputs use a stable comparison sort.
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
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    f[i] = v === 0 ? 0 : v; // −0 -> +0
  }
  const u = new Uint32Array(f.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = little ? u[2 * i + 1]! : u[2 * i]!;
    let l = little ? u[2 * i]! : u[2 * i + 1]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  // Histograms of the four digits in one pass.
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let dst: Uint32Array = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    const key = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    // Skip a digit every score shares.
    const first = (key[0]! >>> shift) & 0xffff;
    if (counts[base + first] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = src[j]!;
      const d = (key[i]! >>> shift) & 0xffff;
      dst[counts[base + d]!++] = i;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
