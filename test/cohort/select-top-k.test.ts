import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { rankCompare, selectTopK, sortRange } from '../../src/cohort/select-top-k.js';

// Reference: a full sort by (score desc, id asc), then the first k.
function reference(scores: number[], ids: string[], k: number): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || (ids[a]! < ids[b]! ? -1 : 1));
  return order.slice(0, k);
}

const inputs = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 300 })
  .chain((scores) => fc.tuple(fc.constant(scores), fc.integer({ min: 0, max: scores.length }), fc.constantFrom('asc', 'desc', 'asis', 'organ')));

describe('selectTopK (introselect)', () => {
  test.prop([inputs, fc.constantFrom(undefined, 0, 1, 3)])(
    'puts exactly the k best (score desc, id asc) first, whatever the input order, also when the heap fallback runs', ([raw, k, shape], budget) => {
      let scores = raw.slice();
      if (shape === 'asc') scores.sort((a, b) => a - b);
      if (shape === 'desc') scores.sort((a, b) => b - a);
      if (shape === 'organ') {
        const s = raw.slice().sort((a, b) => a - b);
        scores = [...s.filter((_, i) => i % 2 === 0), ...s.filter((_, i) => i % 2 === 1).reverse()];
      }
      const ids = scores.map((_, i) => `p${(i * 7919) % 1009}-${i}`);
      const tie = (a: number, b: number) => ids[a]! < ids[b]!;
      const idx = Uint32Array.from(scores.map((_, i) => i));
      const keys = Float64Array.from(scores);
      selectTopK(idx, keys, 0, idx.length, k, tie, budget);
      // keys stay in step with idx
      idx.forEach((s, p) => expect(keys[p]).toBe(scores[s]));
      sortRange(idx, 0, k, rankCompare(scores, tie));
      expect(Array.from(idx.subarray(0, k))).toEqual(reference(scores, ids, k));
      expect(Array.from(idx).sort((a, b) => a - b)).toEqual(scores.map((_, i) => i)); // a permutation
    });
});
