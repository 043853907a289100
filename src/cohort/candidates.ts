/**
 * Candidate filtering for {@link selectCohort}: internal to the cohort stage.
 *
 * Ranking a whole practice to keep its top 2% wastes most of the work on people far below
 * the cut. Before its one full pass, `selectCohort` samples the eligible among every 32nd
 * score (`samplePass`); from that sample each group gets a cut-off a little below its
 * estimated k-th score, and the full pass keeps only people at or above it (about 5% of the
 * eligible at 2%), who are the only ones ranked.
 *
 * The result never depends on the sample: a group whose cut-off let through fewer than k
 * people is gathered again with no cut-off. When at least k people reach the cut-off, the
 * k best (and everyone tied with the k-th, for the `threshold` policy) all score at least
 * the cut-off, so they are all among the candidates.
 *
 * @module
 */

import type { Reached } from './eligibility-pass.js';

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
 * `sampleScore[i]`, i < `size`) taken from one in `stride` scores: the q-th best sampled
 * score, q = ceil(e + 3 sqrt(e) + 2), where e = kFor(m) / stride is the expected number of
 * sampled people above the k-th score when the group has m = sampled · stride eligible
 * people (three standard deviations of margin); -Infinity (everyone a candidate) when the
 * sample is too small to tell, NaN (nobody) when k would be 0. Only an estimate: the caller
 * checks that enough people reached it. Expected O(s) for s sampled scores.
 *
 * @param kFor - k for a group of m eligible people (`cohortSize(p, m)`, or min(N, m)).
 */
export function sampleCutoffs(sampleGroup: Uint32Array, sampleScore: Float64Array, size: number, groups: number, stride: number, kFor: (m: number) => number): Float64Array {
  // Counting sort of the sample by group.
  const start = new Uint32Array(groups + 1);
  for (let i = 0; i < size; i++) start[sampleGroup[i]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const byGroup = new Float64Array(size);
  const cursor = start.slice(0, groups);
  for (let i = 0; i < size; i++) byGroup[cursor[sampleGroup[i]!]!++] = sampleScore[i]!;
  const cut = new Float64Array(groups).fill(Number.NEGATIVE_INFINITY);
  for (let g = 0; g < groups; g++) {
    const sampled = start[g + 1]! - start[g]!;
    if (sampled === 0) continue;
    const k = kFor(sampled * stride);
    if (k === 0) {
      cut[g] = Number.NaN;
      continue;
    }
    const expected = k / stride;
    const q = Math.ceil(expected + 3 * Math.sqrt(expected) + 2);
    if (q >= sampled) continue;
    cut[g] = qthLargest(byGroup, start[g]!, start[g + 1]!, q);
  }
  return cut;
}

/** Eligible score indices that may be selected, grouped, with their scores. */
export interface Candidates {
  /** Score indices, group by group, in input order within a group. */
  readonly idx: Uint32Array;
  /** `keys[p]` is the score of `idx[p]`. */
  readonly keys: Float64Array;
  /** Group g occupies `idx[offsets[g] .. offsets[g + 1])`. */
  readonly offsets: Uint32Array;
}

/**
 * Groups the people who reached their cut-offs (a counting sort by group, input order kept
 * within a group). With `redo` (a second pass with no cut-off for the groups marked in
 * `short` and none kept for the others), those groups are taken from it instead. O(c) for c
 * people reached.
 */
export function groupCandidates(reached: Reached, redo?: Reached, short?: Uint8Array): Candidates {
  const groups = reached.count.length;
  const offsets = new Uint32Array(groups + 1);
  for (let g = 0; g < groups; g++) {
    const c = short !== undefined && short[g] === 1 ? redo!.count[g]! : reached.count[g]!;
    offsets[g + 1] = offsets[g]! + c;
  }
  const idx = new Uint32Array(offsets[groups]!);
  const keys = new Float64Array(offsets[groups]!);
  const cursor = offsets.slice(0, groups);
  const place = (from: Reached, only: number): void => {
    for (let c = 0; c < from.size; c++) {
      const g = from.group[c]!;
      if (short !== undefined && short[g] !== only) continue;
      const p = cursor[g]!++;
      idx[p] = from.idx[c]!;
      keys[p] = from.key[c]!;
    }
  };
  place(reached, 0);
  if (redo !== undefined) place(redo, 1);
  return { idx, keys, offsets };
}
