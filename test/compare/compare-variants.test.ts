import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { compareVariants } from '../../src/compare/compare-variants.js';
import { createPopulation } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';
import { figureProblems } from '../helpers/figure-problems.js';
import { warningFor } from '../../src/core/warning-for.js';

const D = (s: string): number => parseDate(s)!;

// Practice P1: adults rows 0-9 with scores 1.0, 0.9, ..., 0.1; row 10 a child (score 0.99);
// row 11 an opted-out adult (score 0.95). Practice P2: adults rows 12-21, row 12 scores 0.8,
// the rest 0.5 (ties).
function handSetup() {
  const n = 22;
  const scores = new Float64Array(n);
  for (let i = 0; i < 10; i++) scores[i] = (10 - i) / 10;
  scores[10] = 0.99;
  scores[11] = 0.95;
  for (let i = 12; i < 22; i++) scores[i] = i === 12 ? 0.8 : 0.5;
  const population = createPopulation({
    ids: Array.from({ length: n }, (_, i) => `r${i}`), practices: ['P1', 'P2'],
    practice: Array.from({ length: n }, (_, i) => (i < 12 ? 0 : 1)),
    birthDate: Array.from({ length: n }, (_, i) => (i === 10 ? D('2014-01-01') : D('1950-01-01'))),
    optedOut: Array.from({ length: n }, (_, i) => (i === 11 ? 1 : 0)),
    window: { extractDate: D('2025-04-01'), activityFrom: D('2023-04-01') }, // the prior year and the horizon around 2024-04-01 fit
  });
  const y = new Float64Array(n);
  const beds = new Float64Array(n);
  const prior = new Float64Array(n);
  Object.assign(y, { 0: 2, 5: 1, 10: 1, 12: 1, 20: 3 });
  Object.assign(beds, { 0: 10, 5: 2, 10: 1, 12: 4, 20: 9 });
  Object.assign(prior, { 0: 4, 1: 3, 12: 2, 13: 1 });
  return { scores, population, outcomes: { emergencyAdmissions: y, bedDays: beds, priorEmergencyAdmissions: prior } };
}

describe('compareVariants on degenerate data: null with a typed warning, never NaN or Infinity', () => {
  const { scores, population, outcomes } = handSetup();
  const none = new Float64Array(22);
  const base = { asOf: '2024-04-01', bootstrap: 50, seed: 1, suppression: false as const };

  it('no admissions in the horizon: sensitivity null (no_events), none averted, so no cost per admission averted', () => {
    const r = compareVariants(scores, population, { ...outcomes, emergencyAdmissions: none, bedDays: none }, [{ name: 'a', topPercent: 20 }, { name: 'b', topPercent: 50 }], { ...base, effect: [0.1, 0.2], costPerPersonYear: 100 });
    const a = r.variants[0]!;
    expect([a.ppv.estimate, a.sensitivity.estimate, a.sensitivity.ci95, a.costPerAdmissionAverted.low.estimate, a.costPerAdmissionAverted.high.estimate]).toEqual([0, null, null, null, null]);
    // The cohort {0, 1, 12, 13} had 10 admissions before and none after: a fall of 100%.
    expect(a.relativeFallNoIntervention.estimate).toBe(1);
    expect(warningFor(r.warnings, ['variants', 0, 'sensitivity', 'estimate'])!.code).toBe('no_events');
    expect(warningFor(r.warnings, ['variants', 0, 'costPerAdmissionAverted', 'low', 'estimate'])!.message).toMatch(/no admissions averted \(or too few to divide by\) at the low \(0\.1\) and high \(0\.2\) assumed effects/);
    expect(r.differences.find((d) => d.metric === 'sensitivity')).toMatchObject({ estimate: null, ci95: null });
    expect(warningFor(r.warnings, ['differences', 1, 'estimate'])!.message).toMatch(/sensitivity \(a - b\)/);
    expect(figureProblems(r, r.warnings, () => false, (p) => p[0] === 'table' || p[0] === 'suppression')).toEqual([]);
  });

  it('no admissions the year before: the relative fall has nothing to divide by; an effect of 0 averts nothing', () => {
    const r = compareVariants(scores, population, { ...outcomes, priorEmergencyAdmissions: none }, [{ name: 'a', topPercent: 20 }], base); // default effect [0, 0.2]
    const a = r.variants[0]!;
    expect([a.priorAdmissions.estimate, a.expectedFallNoIntervention.estimate, a.relativeFallNoIntervention.estimate]).toEqual([0, -3, null]);
    expect([a.costPerAdmissionAverted.low.estimate, a.costPerAdmissionAverted.low.ci95]).toEqual([null, null]);
    expect(a.costPerAdmissionAverted.high.estimate).toBe(0); // no programme cost given: 0 / 0.6
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ['zero_denominator', ['variants', 0, 'relativeFallNoIntervention']],
      ['zero_denominator', ['variants', 0, 'costPerAdmissionAverted', 'low']],
    ]);
    expect(figureProblems(r, r.warnings, () => false, (p) => p[0] === 'table' || p[0] === 'suppression')).toEqual([]);
  });

  it('nobody scored: an empty cohort has no PPV (empty_cohort, carried from selectCohort with the variant\'s path)', () => {
    const r = compareVariants(new Float64Array(22).fill(Number.NaN), population, outcomes, [{ name: 'a', topPercent: 20 }], base);
    const a = r.variants[0]!;
    // Nobody scored, so nobody scored had an admission either: sensitivity 0/0 too.
    expect([a.cohortSize, a.ppv.estimate, a.ppv.ci95, a.sensitivity.estimate, a.admissions.estimate]).toEqual([0, null, null, null, 0]);
    expect(r.warnings.filter((w) => w.code === 'empty_cohort').map((w) => [w.path, w.message])).toEqual([[['variants', 0], 'variant "a": nobody was selected (nobody is eligible)']]);
    expect(figureProblems(r, r.warnings, () => false, (p) => p[0] === 'table' || p[0] === 'suppression')).toEqual([]);
  });

  it("a top 2% of practices of 10 adults: each variant's cohort warnings come with it", () => {
    const r = compareVariants(scores, population, outcomes, [{ name: 'top 2%', topPercent: 2 }], base);
    const w = r.warnings.find((x) => x.code === 'group_too_small')!;
    expect(w).toMatchObject({ path: ['variants', 0], count: 2, examples: ['P1 (10 eligible)', 'P2 (10 eligible)'] });
    expect(w.message).toMatch(/^variant "top 2%": 2 of 2 group\(s\) have fewer than 50 eligible people/);
  });

  ptest.prop([
    fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: 22, maxLength: 22 }),
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as [number, number]),
    fc.constantFrom('practice' as const, 'population' as const),
  ])('no figure is ever NaN, Infinity or undefined; a null always has a warning whose path holds it', (rows, effect, per) => {
    const s = Float64Array.from(rows, (r) => (r[0] === undefined ? Number.NaN : r[0] / 5));
    const y = Float64Array.from(rows, (r) => r[1]);
    const prior = Float64Array.from(rows, (r) => r[2]);
    const r = compareVariants(s, population, { emergencyAdmissions: y, bedDays: y, priorEmergencyAdmissions: prior },
      [{ name: '2', topPercent: 2, per }, { name: '50', topPercent: 50, per }, { name: 'n1', topN: 1, per }], { asOf: '2024-04-01', effect, costPerPersonYear: 10, bootstrap: 20, seed: 3, suppression: false });
    expect(figureProblems(r, r.warnings, () => false, (p) => p[0] === 'table' || p[0] === 'suppression')).toEqual([]);
  });
});

describe('compareVariants', () => {
  const { scores, population, outcomes } = handSetup();
  const scoresBefore = scores.slice();
  const cmp = compareVariants(scores, population, outcomes, [
    { name: 'top 20% per practice', topPercent: 20 },
    { name: 'top 3 overall', topN: 3, per: 'population' },
    { name: 'top 50% capped at 1', topPercent: 50, capacity: 1 },
  ], { asOf: '2024-04-01', effect: [0.1, 0.2], costPerPersonYear: 1000, costPerAdmission: 2000, bootstrap: 200, seed: 7 });
  const [v20, vTop3, vCap] = cmp.variants;

  it('selects ceil(20% x 10 eligible adults) = 2 per practice (through selectCohort), skipping the child and the opted-out person, ties by id', () => {
    // P1 -> rows 0, 1; P2 -> row 12 (0.8) then r13 (first id of the 0.5 ties: 'r13' < 'r14' < ... < 'r21')
    expect(v20!.cohortSize).toBe(4);
    expect(v20!.caseloadPerPractice).toEqual({ mean: 2, min: 2, max: 2 });
    expect(v20!.per1000Registered).toBeCloseTo((1000 * 4) / 22, 12);
    expect(vTop3!.cohortSize).toBe(3);
    expect(vCap!.cohortSize).toBe(2);
    expect(v20!.excluded['optedOut']).toBe(1);
    expect(v20!.excluded['child']).toBe(1);
    expect(scores).toEqual(scoresBefore);
  });
  it('PPV 2/4, sensitivity 2/5, admissions 3, bed days 14 on the hand-worked cohort {0, 1, 12, 13}', () => {
    // people with an admission among the scored and eligible: rows 0, 5, 10, 12, 20 (5); in the cohort: 0 and 12
    expect(v20!.ppv.estimate).toBe(0.5);
    expect(v20!.sensitivity.estimate).toBe(0.4);
    expect(v20!.admissions.estimate).toBe(3);
    expect(v20!.bedDays.estimate).toBe(14);
  });
  it('regression to the mean: prior 10 - next 3 = a fall of 7 (70%) with no intervention', () => {
    expect(v20!.priorAdmissions.estimate).toBe(10);
    expect(v20!.expectedFallNoIntervention.estimate).toBe(7);
    expect(v20!.relativeFallNoIntervention.estimate).toBeCloseTo(0.7, 12);
  });
  it('averted, net cost and cost per admission averted at the low and high assumed effect', () => {
    // averted 0.1 x 3 = 0.3 and 0.6; programme 4 x 1000 = 4000; net 4000 - 0.3 x 2000 = 3400 and 2800;
    // cost per admission averted 4000 / 0.3 = 13333.3 and 4000 / 0.6 = 6666.7
    expect(v20!.admissionsAverted.low.estimate).toBeCloseTo(0.3, 12);
    expect(v20!.admissionsAverted.high.estimate).toBeCloseTo(0.6, 12);
    expect(v20!.bedDaysAverted.high.estimate).toBeCloseTo(2.8, 12);
    expect(v20!.programmeCost).toBe(4000);
    expect(v20!.netCost.low.estimate).toBeCloseTo(3400, 9);
    expect(v20!.netCost.high.estimate).toBeCloseTo(2800, 9);
    expect(v20!.costPerAdmissionAverted.low.estimate).toBeCloseTo(4000 / 0.3, 9);
  });
  it('bootstrap intervals bracket the estimates, and pairwise differences are point differences with paired intervals', () => {
    for (const v of cmp.variants) {
      expect(v.admissions.ci95![0]).toBeLessThanOrEqual(v.admissions.estimate!);
      expect(v.admissions.ci95![1]).toBeGreaterThanOrEqual(v.admissions.estimate!);
    }
    const d = cmp.differences.find((x) => x.a === 'top 20% per practice' && x.b === 'top 3 overall' && x.metric === 'admissions')!;
    // top 3 overall = r0 (1.0), r1 (0.9), then r12 (0.8, ties r2 and wins on id 'r12' < 'r2'): 2 + 0 + 1 = 3 admissions;
    // top 50% per practice capped at 1 = r0 and r12: 3 admissions
    expect(vTop3!.admissions.estimate).toBe(3);
    expect(d.estimate).toBe(0);
    const dCap = cmp.differences.find((x) => x.a === 'top 20% per practice' && x.b === 'top 50% capped at 1' && x.metric === 'priorAdmissions')!;
    // prior: cohort {0, 1, 12, 13} = 4 + 3 + 2 + 1 = 10; capped {0, 12} = 4 + 2 = 6
    expect(dCap.estimate).toBe(4);
    expect(cmp.differences).toHaveLength(3 * 7);
  });
  it('excluded people are never selected: excluding r0 moves the cut to r1, r2', () => {
    const r = compareVariants(scores, population, outcomes, [{ name: 'x', topPercent: 20, exclude: { endOfLife: ['r0'] } }], { asOf: '2024-04-01', bootstrap: 20, suppression: false });
    // P1 eligible now 9 -> k = ceil(1.8) = 2: r1 and r2; P2 unchanged: r12, r13 -> admissions 0 + 0 + 1 + 0 = 1
    expect(r.variants[0]!.cohortSize).toBe(4);
    expect(r.variants[0]!.admissions.estimate).toBe(1);
  });
  it('publishes a table with small counts suppressed and every rate computed from the published counts (unless suppression is false)', () => {
    expect(cmp.table[0]!['cohortSize']).toBe('*');
    expect(cmp.table[0]!['ppvPercent']).toBe('*');
    expect(cmp.table[0]!['sensitivityPercent']).toBe('*');
    expect(cmp.table[0]!['per1000Registered']).toBe('*');
    expect(cmp.table[0]!['programmeCost']).toBe('*');
    expect(cmp.suppression?.countColumns).toContain('cohortSize');
    // registered: 20 adults + the child, alive on asOf -> published 20
    expect(cmp.table[0]!['registered']).toBe(20);
    const open = compareVariants(scores, population, outcomes, [{ name: 'a', topPercent: 20 }], { asOf: '2024-04-01', bootstrap: 20, suppression: false });
    expect(open.table[0]!['cohortSize']).toBe(4);
  });
  it('reports progress through onProgress, ending at (reps, reps)', () => {
    const calls: Array<[number, number]> = [];
    compareVariants(scores, population, outcomes, [{ name: 'a', topPercent: 20 }], { asOf: '2024-04-01', bootstrap: 120, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([[0, 120], [50, 120], [100, 120], [120, 120]]);
  });
  it('refuses bad inputs naming the field', () => {
    expect(() => compareVariants(scores.slice(1), population, outcomes, [{ name: 'a', topPercent: 2 }], { asOf: '2024-04-01' })).toThrow(/compareVariants: .*\(scores\); got 21/);
    expect(() => compareVariants(scores, population, outcomes, [{ name: 'a' }], { asOf: '2024-04-01' })).toThrow(/exactly one of topPercent and topN/);
    expect(() => compareVariants(scores, population, outcomes, [{ name: 'a', topPercent: 2 }, { name: 'a', topPercent: 5 }], { asOf: '2024-04-01' })).toThrow(/unique/);
    expect(() => compareVariants(scores, population, outcomes, [{ name: 'a', topPercent: 2 }], { asOf: '2024-04-01', effect: [0.3, 0.1] })).toThrow(/assumptions\.effect/);
    expect(() => compareVariants(scores, population, outcomes, [{ name: 'a', topPercent: 2, exclude: { optedOut: ['r1'] } }], { asOf: '2024-04-01' })).toThrow(/compareVariants: variant "a": .*variants\.0\.exclude\.optedOut/);
  });
  ptest.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 22, maxLength: 22 })])(
    'the top-2% cohort admissions never exceed the top-5% cohort admissions (nested cohorts), and PPV is in [0, 1]',
    (s) => {
      const r = compareVariants(Float64Array.from(s), population, outcomes, [{ name: '2', topPercent: 2 }, { name: '5', topPercent: 5 }, { name: '30', topPercent: 30 }], { asOf: '2024-04-01', bootstrap: 20, suppression: false });
      expect(r.variants[0]!.admissions.estimate).toBeLessThanOrEqual(r.variants[2]!.admissions.estimate!);
      expect(r.variants[0]!.cohortSize).toBeLessThanOrEqual(r.variants[1]!.cohortSize);
      for (const v of r.variants) if (v.cohortSize > 0) expect(v.ppv.estimate).toBeGreaterThanOrEqual(0);
    },
  );
});
