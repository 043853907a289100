import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { groupCandidates, sampleCutoffs } from '../../src/cohort/candidates.js';
import { eligibilityPass, type EligibilityInput, exclusionCode, SAMPLE_STRIDE, samplePass } from '../../src/cohort/eligibility-pass.js';
import { cohortSize } from '../../src/cohort/cohort-size.js';
import { eligibilityRanges } from '../../src/cohort/eligibility-ranges.js';
import { practiceSizes } from '../../src/cohort/practice-sizes.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { AS_OF, bruteForce, buildPopulation, personArb, type PersonSpec } from './helpers.js';

/** n adults in `practices` practices with the given scores, in the given row order. */
function adults(scores: readonly number[], practices: number): PersonSpec[] {
  return scores.map((score, i) => ({ practice: i % practices, age: 50, optedOut: i % 37 === 0, died: false, left: i % 53 === 0, score }));
}

/** Orders that a fixed-stride sample could misjudge: sorted, reverse sorted, sampled rows high or low. */
const orderArb = fc.constantFrom('random', 'ascending', 'descending', 'sampled-high', 'sampled-low', 'few-values');

function scoresFor(order: string, n: number, seed: number): number[] {
  let x = seed >>> 0;
  const next = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const s = Array.from({ length: n }, () => next());
  if (order === 'ascending') s.sort((a, b) => a - b);
  if (order === 'descending') s.sort((a, b) => b - a);
  if (order === 'sampled-high') for (let i = 0; i < n; i++) s[i] = i % SAMPLE_STRIDE === 0 ? 0.9 + s[i]! / 10 : s[i]! / 2;
  if (order === 'sampled-low') for (let i = 0; i < n; i++) s[i] = i % SAMPLE_STRIDE === 0 ? s[i]! / 10 : 0.5 + s[i]! / 2;
  if (order === 'few-values') for (let i = 0; i < n; i++) s[i] = Math.floor(s[i]! * 7) / 7;
  return s;
}

/** The pass input for a population whose row s has score s. */
function inputFor(pop: ReturnType<typeof buildPopulation>, scores: ArrayLike<number>, perPractice = true): EligibilityInput {
  const adultBorn = AS_OF - 18 * 366; // every test person is either well under or well over 18
  return { scores, rowOf: undefined, columns: pop.columns, ranges: eligibilityRanges(pop, true), asOf: AS_OF, adultBorn, customOf: undefined, perPractice, groups: pop.practices.length, lists: 0, scored: perPractice ? practiceSizes(pop) : Uint32Array.of(pop.size) };
}

describe('candidate cut-offs (internal to selectCohort)', () => {
  test.prop([fc.integer({ min: 400, max: 12000 }), fc.integer({ min: 1, max: 4 }), orderArb, fc.constantFrom(0.5, 2, 5, 20), fc.constantFrom('exact' as const, 'threshold' as const), fc.integer()], { numRuns: 40 })(
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

  test.prop([fc.array(personArb, { minLength: 1, maxLength: 200 }), fc.array(fc.constantFrom(-1, 0.2, 0.5, 0.9, Number.NaN, Number.NEGATIVE_INFINITY), { minLength: 4, maxLength: 4 })])(
    'the pass finds for each person the reason exclusionCode gives (its fast path is the exact negation), and keeps exactly the eligible at or above the cut-off', (people, cuts) => {
      const pop = buildPopulation(people);
      const scores = Float64Array.from(people, (p, i) => (i % 11 === 5 ? Number.NaN : p.score));
      const input = inputFor(pop, scores);
      const cutoff = Float64Array.from(cuts);
      const pass = eligibilityPass(input, cutoff);
      const eligible = new Uint32Array(4);
      const excluded = new Uint32Array(7);
      const listed: number[] = [];
      const kept: number[] = [];
      people.forEach((p, s) => {
        const code = exclusionCode(input, s, scores[s]!);
        // An independent statement of the rule: the first reason, in the documented order.
        const age = p.age; // whole years on AS_OF by construction
        const expected = p.optedOut ? 1 : p.died ? 2 : p.left ? 3 : age < 18 ? 5 : Number.isNaN(scores[s]!) ? 6 : 0;
        expect(code).toBe(expected);
        if (code === 0) {
          eligible[p.practice]!++;
          if (scores[s]! >= cutoff[p.practice]!) kept.push(s);
        } else {
          excluded[code]!++;
          if (code !== 1) listed.push(s);
        }
      });
      expect(Array.from(pass.eligible)).toEqual(Array.from(eligible));
      expect(Array.from(pass.excluded)).toEqual(Array.from(excluded));
      expect(Array.from(pass.listed.scoreIndex)).toEqual(listed);
      expect(Array.from(pass.reached.idx.subarray(0, pass.reached.size))).toEqual(kept);
      expect(Array.from(pass.reached.key.subarray(0, pass.reached.size))).toEqual(kept.map((s) => scores[s]!));
    });

  it('the cut-off is the q-th best sampled score, q = ceil(e + 3 sqrt(e) + 2), e = k / stride', () => {
    // 3,200 eligible in one group: the sample holds 100 (every 32nd). k = ceil(0.02 · 3200) = 64,
    // e = 64 / 32 = 2, q = ceil(2 + 3·1.414 + 2) = ceil(8.24) = 9: the 9th best of the 100.
    const sampled = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100 / 100); // a permutation of 0 .. 0.99
    const cut = sampleCutoffs(new Uint32Array(100), sampled, 100, 1, SAMPLE_STRIDE, (m) => cohortSize(2, m));
    expect(cut[0]).toBe(0.91); // 0.99, 0.98, ..., 0.91 is the 9th
  });

  it('a group too small to sample gets no cut-off (-Infinity), a group with k = 0 keeps nobody (NaN)', () => {
    const cut = sampleCutoffs(Uint32Array.of(0, 0, 1), Float64Array.of(0.5, 0.4, 0.3), 3, 3, SAMPLE_STRIDE, (m) => Math.min(0, m));
    expect(Number.isNaN(cut[0])).toBe(true);
    expect(cut[2]).toBe(Number.NEGATIVE_INFINITY); // never sampled
    const big = sampleCutoffs(Uint32Array.of(0, 0), Float64Array.of(0.5, 0.4), 2, 1, SAMPLE_STRIDE, (m) => cohortSize(2, m));
    expect(big[0]).toBe(Number.NEGATIVE_INFINITY); // q = ceil(0.02 + 0.42 + 2) = 3 >= 2 sampled
  });

  it('a representative sample lets through only a few per cent of a group, and all of its top k', () => {
    const m = 10_000;
    const people = adults(Array.from({ length: m }, (_, i) => ((i * 7919) % m) / m), 1).map((p) => ({ ...p, optedOut: false, left: false }));
    const pop = buildPopulation(people);
    const scores = Float64Array.from(people, (p) => p.score);
    const input = inputFor(pop, scores);
    const sample = samplePass(input, SAMPLE_STRIDE);
    expect(sample.size).toBe(Math.ceil(m / 32)); // rows 0, 32, ..., 9984
    const cut = sampleCutoffs(sample.group, sample.score, sample.size, 4, SAMPLE_STRIDE, (e) => cohortSize(2, e));
    const reached = eligibilityPass(input, cut).reached;
    expect(reached.count[0]).toBeGreaterThanOrEqual(200);
    expect(reached.count[0]).toBeLessThan(800); // under 8% of 10,000
    expect(cut[0]).toBeLessThanOrEqual(0.98); // the 200th best of 0 .. 0.9999 is 0.9800
  });

  it('an unrepresentative sample (only the sampled rows score high) leaves a group short, and selectCohort gathers it again whole', () => {
    const m = 3200;
    const people = adults(Array.from({ length: m }, (_, i) => (i % SAMPLE_STRIDE === 0 ? 0.9 + i / 1e6 : 0.1 + i / 1e7)), 1).map((p) => ({ ...p, optedOut: false, left: false }));
    const pop = buildPopulation(people);
    const scores = Float64Array.from(people, (p) => p.score);
    const input = inputFor(pop, scores);
    const sample = samplePass(input, SAMPLE_STRIDE);
    const cut = sampleCutoffs(sample.group, sample.score, sample.size, 4, SAMPLE_STRIDE, (e) => cohortSize(2, e));
    const pass = eligibilityPass(input, cut);
    expect(pass.reached.count[0]).toBe(9); // only the 9 best sampled reach it, fewer than k = 64
    const c = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 2 });
    expect(new Set(c.selected.ids)).toEqual(bruteForce(pop, scores, { percent: 2, per: 'practice', policy: 'exact' }));
    expect(c.selected.ids.length).toBe(64);
  });

  it('groupCandidates takes the short groups from the second pass and the others from the first, input order kept', () => {
    const first = { idx: Uint32Array.of(0, 1, 2, 3), key: Float64Array.of(0.9, 0.8, 0.7, 0.6), group: Uint32Array.of(1, 0, 1, 0), size: 4, count: Uint32Array.of(2, 2) };
    const redo = { idx: Uint32Array.of(1, 3, 5), key: Float64Array.of(0.8, 0.6, 0.1), group: Uint32Array.of(0, 0, 0), size: 3, count: Uint32Array.of(3, 0) };
    const c = groupCandidates(first, redo, Uint8Array.of(1, 0));
    expect(Array.from(c.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(c.idx)).toEqual([1, 3, 5, 0, 2]);
    expect(Array.from(c.keys)).toEqual([0.8, 0.6, 0.1, 0.9, 0.7]);
    const plain = groupCandidates(first);
    expect(Array.from(plain.idx)).toEqual([1, 3, 0, 2]);
  });
});
