/**
 * Candidate filtering for {@link selectCohort}: internal to the cohort stage.
 *
 * Ranking a whole practice to keep its top 2% wastes most of the work on people far below
 * the cut. While checking eligibility, `selectCohort` keeps every 16th eligible score (with
 * its group); from that sample each group gets a cut-off a little below its estimated k-th
 * score, and only people at or above it are ranked (about 3-4% of the eligible at 2%).
 *
 * The result never depends on the sample: a group whose cut-off let through fewer than k
 * people is gathered again with no cut-off. When at least k people reach the cut-off, the
 * k best (and everyone tied with the k-th, for the `threshold` policy) all score at least
 * the cut-off, so they are all among the candidates.
 *
 * @module
 */

/** One in this many eligible people is sampled (a power of two). */
export const SAMPLE_STRIDE = 16;

/** The q-th largest (1-based) of `a[from..to)`, by Hoare's selection; reorders that range. Expected O(m). */
function qthLargest(a: Float64Array, from: number, to: number, q: number): number {
  const target = to - q; // its position in ascending order
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const pivot = a[lo + ((hi - lo) >> 1)]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

/**
 * The cut-off of each group from a sample of its eligible scores (`sampleGroup[i]`,
 * `sampleScore[i]`, i < `size`): the q-th best sampled score, q = ceil(e + 3 sqrt(e) + 2)
 * where e = sampled · k / eligible is the expected number of sampled people above the k-th
 * score (three standard deviations of margin); -Infinity (everyone a candidate) when the
 * sample is too small to tell, +Infinity when k = 0. Expected O(s) for s sampled scores.
 */
export function sampleCutoffs(sampleGroup: Uint32Array, sampleScore: Float64Array, size: number, eligible: Uint32Array, ks: Uint32Array): Float64Array {
  const groups = ks.length;
  // Counting sort of the sample by group, then each group's scores sorted ascending.
  const start = new Uint32Array(groups + 1);
  for (let i = 0; i < size; i++) start[sampleGroup[i]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const byGroup = new Float64Array(size);
  const cursor = start.slice(0, groups);
  for (let i = 0; i < size; i++) byGroup[cursor[sampleGroup[i]!]!++] = sampleScore[i]!;
  const cut = new Float64Array(groups).fill(Number.NEGATIVE_INFINITY);
  for (let g = 0; g < groups; g++) {
    const k = ks[g]!;
    if (k === 0) {
      cut[g] = Number.POSITIVE_INFINITY;
      continue;
    }
    const sampled = start[g + 1]! - start[g]!;
    const expected = (sampled * k) / eligible[g]!;
    const q = Math.ceil(expected + 3 * Math.sqrt(expected) + 2);
    if (q >= sampled) continue;
    cut[g] = qthLargest(byGroup, start[g]!, start[g + 1]!, q);
  }
  return cut;
}

/** Eligible score indices at or above their group's cut-off, grouped, with their scores. */
export interface Candidates {
  /** Score indices, group by group, in input order within a group. */
  readonly idx: Uint32Array;
  /** `keys[p]` is the score of `idx[p]`. */
  readonly keys: Float64Array;
  /** Group g occupies `idx[offsets[g] .. offsets[g + 1])`. */
  readonly offsets: Uint32Array;
}

/**
 * Gathers the candidates of every group (`groupOf[s]` is the group of score s, -1 when
 * excluded). A group with fewer than `ks[g]` candidates has its cut-off dropped and is
 * gathered whole. Mutates `cutoff` to say which cut-offs were used. O(n).
 */
export function gatherCandidates(scores: ArrayLike<number>, groupOf: Int32Array, cutoff: Float64Array, ks: Uint32Array): Candidates {
  const groups = cutoff.length;
  const n = groupOf.length;
  const count = new Uint32Array(groups);
  // One pass into a flat list with each candidate's score and group, then grouped from it, so
  // no score is read twice from far apart. Room for 1/16 of everyone to start with (the
  // candidates of a 2% selection are 3-4%), doubled when needed.
  let room = Math.min(n, 4096 + (n >> 4));
  let flat = new Uint32Array(room);
  let flatKey = new Float64Array(room);
  let flatGroup = new Uint32Array(room);
  const grow = (): void => {
    room = Math.min(n, room * 2);
    const f = new Uint32Array(room);
    const k = new Float64Array(room);
    const g = new Uint32Array(room);
    f.set(flat);
    k.set(flatKey);
    g.set(flatGroup);
    flat = f;
    flatKey = k;
    flatGroup = g;
  };
  const gather = (): number => {
    count.fill(0);
    let size = 0;
    for (let s = 0; s < n; s++) {
      const g = groupOf[s]!;
      if (g >= 0) {
        const score = scores[s]!;
        if (score >= cutoff[g]!) {
          if (size === room) grow();
          flat[size] = s;
          flatGroup[size] = g;
          flatKey[size++] = score;
          count[g]!++;
        }
      }
    }
    return size;
  };
  let size = gather();
  let short = false;
  for (let g = 0; g < groups; g++) {
    if (count[g]! < ks[g]!) {
      cutoff[g] = Number.NEGATIVE_INFINITY;
      short = true;
    }
  }
  // Rare: a sample that misjudged a group. Gather again with those groups whole.
  if (short) size = gather();
  const offsets = new Uint32Array(groups + 1);
  for (let g = 0; g < groups; g++) offsets[g + 1] = offsets[g]! + count[g]!;
  const idx = new Uint32Array(size);
  const keys = new Float64Array(size);
  const cursor = offsets.slice(0, groups);
  for (let c = 0; c < size; c++) {
    const p = cursor[flatGroup[c]!]!++;
    idx[p] = flat[c]!;
    keys[p] = flatKey[c]!;
  }
  return { idx, keys, offsets };
}
