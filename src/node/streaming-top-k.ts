import { fail } from '../core/errors.js';

const FN = 'createStreamingTopK';

/** The people kept for one group (e.g. a practice), best first. */
export interface StreamingTopKGroup {
  /** The group (practice code). */
  readonly group: string;
  /** How many people the group keeps (its k). */
  readonly k: number;
  /** People offered to this group so far. */
  readonly offered: number;
  /** Ids of the kept people, best first (score descending, then id ascending). */
  readonly ids: readonly string[];
  /** Their scores, in the same order. */
  readonly scores: Float64Array;
}

/** A running top-k per group over a stream of scored people; see {@link createStreamingTopK}. */
export interface StreamingTopK {
  /**
   * Offers one person. O(log k) when they enter the group's heap, O(1) otherwise.
   * @throws RiskStratifyError `non_finite` for a NaN score; `invalid_input` for a group with no k.
   */
  offer(group: string, score: number, id: string): void;
  /**
   * Offers a chunk: person `i` has `scores[i]`, group `groupCodes[groups[i]]` and id `idOf(i)`;
   * `include(i)` (default all) filters the eligible. `idOf` is only called for people whose
   * score reaches the group's current cut-off, so ids need not be built for everyone.
   */
  offerChunk(
    scores: ArrayLike<number>,
    groups: ArrayLike<number>,
    groupCodes: readonly string[],
    idOf: (i: number) => string,
    include?: (i: number) => boolean,
  ): void;
  /** The kept people of every group, groups in code order (JS string order). O(Σk log k). */
  result(): StreamingTopKGroup[];
}

interface Heap {
  readonly k: number;
  size: number;
  offered: number;
  readonly score: Float64Array;
  readonly id: string[];
}

/** True when (sa, ia) ranks after (sb, ib): lower score, or the same score and a later id. */
function worse(sa: number, ia: string, sb: number, ib: string): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function siftUp(h: Heap, at: number): void {
  const s = h.score[at]!;
  const id = h.id[at]!;
  let i = at;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!worse(s, id, h.score[p]!, h.id[p]!)) break;
    h.score[i] = h.score[p]!;
    h.id[i] = h.id[p]!;
    i = p;
  }
  h.score[i] = s;
  h.id[i] = id;
}

function siftDown(h: Heap): void {
  const s = h.score[0]!;
  const id = h.id[0]!;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= h.size) break;
    if (c + 1 < h.size && worse(h.score[c + 1]!, h.id[c + 1]!, h.score[c]!, h.id[c]!)) c += 1;
    if (!worse(h.score[c]!, h.id[c]!, s, id)) break;
    h.score[i] = h.score[c]!;
    h.id[i] = h.id[c]!;
    i = c;
  }
  h.score[i] = s;
  h.id[i] = id;
}

/**
 * A running top-k per group for scoring a population in chunks: one bounded heap per group
 * whose root is the worst kept person, so the memory is Σk entries (a score and an id each)
 * whatever the number of people offered. The order is the cohort stage's `exact` policy:
 * score descending, then id ascending (JS string `<`), a total order for distinct ids, so the
 * kept set equals `selectCohort(..., { topN: k, policy: 'exact' })` on the same people and
 * never depends on the order they arrive in.
 *
 * Cost: O(1) per person below the group's cut-off, O(log k) per person entering the heap.
 *
 * @param k - The number to keep per group code (e.g. `cohortSize(2, eligible)` per practice).
 *   People of a group with k = 0 are counted and dropped.
 * @returns A {@link StreamingTopK}.
 * @throws RiskStratifyError `invalid_argument` when a k is not a whole number >= 0.
 * @example
 * const top = createStreamingTopK({ P1: 2 });
 * top.offer('P1', 0.2, 'a'); top.offer('P1', 0.9, 'c'); top.offer('P1', 0.9, 'b');
 * top.result()[0].ids; // => ['b', 'c']  (0.9 tie: 'b' < 'c')
 */
export function createStreamingTopK(k: Readonly<Record<string, number>>): StreamingTopK {
  if (k === null || typeof k !== 'object') fail({ fn: FN, code: 'invalid_argument', path: ['k'], value: k, message: 'must be a record group -> k' });
  const heaps = new Map<string, Heap>();
  for (const [g, v] of Object.entries(k)) {
    if (!Number.isInteger(v) || v < 0) fail({ fn: FN, code: 'invalid_argument', path: ['k', g], value: v, message: 'must be a whole number >= 0' });
    heaps.set(g, { k: v, size: 0, offered: 0, score: new Float64Array(v), id: new Array<string>(v) });
  }
  const heapOf = (group: string): Heap => {
    const h = heaps.get(group);
    if (h === undefined) return fail({ fn: 'StreamingTopK.offer', code: 'invalid_input', path: ['group'], value: group, message: 'has no k (it was not counted)' });
    return h;
  };
  const push = (h: Heap, score: number, id: string): void => {
    if (h.size < h.k) {
      h.score[h.size] = score;
      h.id[h.size] = id;
      h.size += 1;
      siftUp(h, h.size - 1);
    } else if (h.k > 0 && worse(h.score[0]!, h.id[0]!, score, id)) {
      h.score[0] = score;
      h.id[0] = id;
      siftDown(h);
    }
  };
  const checkScore = (score: number, where: number | string): void => {
    if (Number.isNaN(score)) fail({ fn: 'StreamingTopK.offer', code: 'non_finite', path: ['scores', where], value: score, message: 'score is NaN' });
  };
  return {
    offer(group, score, id) {
      checkScore(score, id);
      const h = heapOf(group);
      h.offered += 1;
      push(h, score, id);
    },
    offerChunk(scores, groups, groupCodes, idOf, include) {
      const hs = groupCodes.map((g) => heaps.get(g));
      for (let i = 0; i < scores.length; i++) {
        if (include !== undefined && !include(i)) continue;
        const s = scores[i]!;
        checkScore(s, i);
        const h = hs[groups[i]!] ?? heapOf(groupCodes[groups[i]!] ?? String(groups[i]));
        h.offered += 1;
        // Cheap reject without building the id: strictly below a full heap's worst score.
        if (h.size === h.k && (h.k === 0 || s < h.score[0]!)) continue;
        push(h, s, idOf(i));
      }
    },
    result() {
      const out: StreamingTopKGroup[] = [];
      for (const g of [...heaps.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const h = heaps.get(g)!;
        const order = Array.from({ length: h.size }, (_, i) => i);
        order.sort((a, b) => (worse(h.score[a]!, h.id[a]!, h.score[b]!, h.id[b]!) ? 1 : worse(h.score[b]!, h.id[b]!, h.score[a]!, h.id[a]!) ? -1 : 0));
        out.push({ group: g, k: h.k, offered: h.offered, ids: order.map((i) => h.id[i]!), scores: Float64Array.from(order, (i) => h.score[i]!) });
      }
      return out;
    },
  };
}
