import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { gatherCandidates, SAMPLE_STRIDE, sampleCutoffs } from '../../src/cohort/candidates.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { AS_OF, bruteForce, buildPopulation, type PersonSpec } from './helpers.js';

/** n adults in `practices` practices with the given scores, in the given row order. */
function adults(scores: readonly number[], practices: number): PersonSpec[] {
  return scores.map((score, i) => ({ practice: i % practices, age: 50, optedOut: i % 37 === 0, died: false, left: i % 53 === 0, score }));
}

/** Orders that a fixed-stride sample could misjudge: sorted, reverse sorted, sampled rows high. */
const orderArb = fc.constantFrom('random', 'ascending', 'descending', 'sampled-high', 'few-values');

function scoresFor(order: string, n: number, seed: number): number[] {
  let x = seed >>> 0;
  const next = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const s = Array.from({ length: n }, () => next());
  if (order === 'ascending') s.sort((a, b) => a - b);
  if (order === 'descending') s.sort((a, b) => b - a);
  if (order === 'sampled-high') for (let i = 0; i < n; i++) s[i] = i % SAMPLE_STRIDE === 0 ? 0.9 + s[i]! / 10 : s[i]! / 2;
  if (order === 'few-values') for (let i = 0; i < n; i++) s[i] = Math.floor(s[i]! * 7) / 7;
  return s;
}

describe('candidate cut-offs (internal to selectCohort)', () => {
  test.prop([fc.integer({ min: 400, max: 6000 }), fc.integer({ min: 1, max: 4 }), orderArb, fc.constantFrom(0.5, 2, 5, 20), fc.constantFrom('exact' as const, 'threshold' as const), fc.integer()], { numRuns: 40 })(
    'on populations large enough to sample, selectCohort still selects exactly what a full sort would, whatever the row order', (n, practices, order, percent, policy, seed) => {
      const people = adults(scoresFor(order, n, seed), practices);
      const pop = buildPopulation(people);
      const scores = new Float64Array(people.map((p) => p.score));
      for (const per of ['practice', 'population'] as const) {
        const c = selectCohort(scores, pop, { asOf: AS_OF, topPercent: percent, per, policy });
        expect(new Set(c.selected.ids)).toEqual(bruteForce(pop, scores, { percent, per, policy }));
        // Ranks within each group are 1, 2, 3, ... in (score desc, id asc) order.
        for (let i = 1; i < c.selected.ids.length; i++) {
          if (c.selected.group[i] !== c.selected.group[i - 1]) continue;
          const a = c.selected.score[i - 1]!;
          const b = c.selected.score[i]!;
          expect(a > b || (a === b && c.selected.ids[i - 1]! < c.selected.ids[i]!)).toBe(true);
          expect(c.selected.rank[i]).toBe(c.selected.rank[i - 1]! + 1);
        }
      }
    });

  it('a cut-off from an unrepresentative sample is dropped, so the group is ranked whole', () => {
    // 1,600 eligible in one group; only the sampled rows (every 16th) score high.
    const m = 1600;
    const scores = new Float64Array(m);
    for (let i = 0; i < m; i++) scores[i] = i % SAMPLE_STRIDE === 0 ? 0.9 + i / 1e6 : 0.1 + i / 1e7;
    const groupOf = new Int32Array(m);
    const sampleGroup = new Uint32Array(m / SAMPLE_STRIDE);
    const sampleScore = Float64Array.from({ length: m / SAMPLE_STRIDE }, (_, j) => scores[j * SAMPLE_STRIDE]!);
    const ks = Uint32Array.of(32); // 2% of 1,600
    const cut = sampleCutoffs(sampleGroup, sampleScore, sampleScore.length, Uint32Array.of(m), ks);
    // e = 100 · 32 / 1600 = 2 sampled above the 32nd; q = ceil(2 + 3·sqrt(2) + 2) = 9: the 9th best sampled score.
    expect(cut[0]).toBe(sampleScore[sampleScore.length - 9]);
    const c = gatherCandidates(scores, groupOf, cut, ks);
    expect(cut[0]).toBe(Number.NEGATIVE_INFINITY); // only 9 reached it, fewer than k = 32
    expect(c.idx.length).toBe(m);
  });

  it('a representative sample lets through only a few per cent of a group, and all of its top k', () => {
    const m = 10_000;
    const scores = new Float64Array(m);
    for (let i = 0; i < m; i++) scores[i] = ((i * 7919) % m) / m; // a permutation of 0 .. 0.9999
    const groupOf = new Int32Array(m);
    const picked = Array.from({ length: m / SAMPLE_STRIDE }, (_, j) => scores[j * SAMPLE_STRIDE]!);
    const ks = Uint32Array.of(200);
    const cut = sampleCutoffs(new Uint32Array(picked.length), Float64Array.from(picked), picked.length, Uint32Array.of(m), ks);
    const c = gatherCandidates(scores, groupOf, cut, ks);
    expect(c.idx.length).toBeGreaterThanOrEqual(200);
    expect(c.idx.length).toBeLessThan(600);
    const kth = Array.from(scores).sort((a, b) => b - a)[199]!;
    expect(cut[0]).toBeLessThanOrEqual(kth);
  });

  it('a group with k = 0 gets no candidates', () => {
    const cut = sampleCutoffs(new Uint32Array(0), new Float64Array(0), 0, Uint32Array.of(0), Uint32Array.of(0));
    expect(cut[0]).toBe(Number.POSITIVE_INFINITY);
  });
});
