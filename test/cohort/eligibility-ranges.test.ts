import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ADULT_MARGIN_DAYS, eligibilityRanges, eligibilityRangesOnRepeat } from '../../src/cohort/eligibility-ranges.js';
import { eligibilityPass, samplePass, type EligibilityInput } from '../../src/cohort/eligibility-pass.js';
import { practiceSizes } from '../../src/cohort/practice-sizes.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { createPopulation, isEligible, type Population } from '../../src/core/population.js';
import { ageInYears, dayFromCivil, NO_DATE } from '../../src/core/dates.js';

interface Row {
  birth: number;
  regFrom: number;
  regTo: number;
  death: number;
  optedOut: number;
  practice: number;
  score: number;
}

const T0 = dayFromCivil(2020, 1, 1);

/** People born, registered, leaving and dying around the days tested, births near the 18th birthday included (29 February too). */
const rowArb: fc.Arbitrary<Row> = fc.record({
  birth: fc.oneof(
    fc.integer({ min: T0 - 40_000, max: T0 + 400 }),
    fc.integer({ min: -20, max: 20 }).map((d) => dayFromCivil(2002, 1, 1) + d), // turning 18 around T0
    fc.constantFrom(dayFromCivil(2000, 2, 29), dayFromCivil(2004, 2, 29), dayFromCivil(2002, 2, 28), dayFromCivil(2002, 3, 1)),
  ),
  regFrom: fc.oneof(fc.constant(T0 - 50_000), fc.integer({ min: T0 - 400, max: T0 + 400 })),
  regTo: fc.oneof(fc.constant(NO_DATE), fc.integer({ min: T0 - 400, max: T0 + 800 })),
  death: fc.oneof(fc.constant(NO_DATE), fc.integer({ min: T0 - 400, max: T0 + 800 })),
  optedOut: fc.integer({ min: 0, max: 9 }).map((x) => (x === 0 ? 1 : 0)),
  practice: fc.integer({ min: 0, max: 2 }),
  score: fc.integer({ min: 0, max: 20 }).map((x) => x / 20),
});

function build(rows: readonly Row[]): Population {
  return createPopulation({
    ids: rows.map((_, i) => `p${String(i).padStart(4, '0')}`),
    practices: ['A', 'B', 'C'],
    practice: rows.map((r) => r.practice),
    birthDate: rows.map((r) => r.birth),
    registeredFrom: rows.map((r) => r.regFrom),
    registeredTo: rows.map((r) => r.regTo),
    deathDate: rows.map((r) => r.death),
    optedOut: rows.map((r) => r.optedOut),
    window: { extractDate: dayFromCivil(2022, 3, 1) }, // every as-of day tried is inside the extract
  });
}

/** Every day from 2 years before T0 to 2 years after it, in steps that hit the 29 February days too. */
const dayArb = fc.oneof(fc.integer({ min: T0 - 730, max: T0 + 730 }), fc.constantFrom(dayFromCivil(2020, 2, 28), dayFromCivil(2020, 2, 29), dayFromCivil(2020, 3, 1), dayFromCivil(2022, 2, 28), dayFromCivil(2022, 3, 1)));

describe('eligibilityRanges (internal to selectCohort)', () => {
  test.prop([fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.array(dayArb, { minLength: 1, maxLength: 6 }), fc.boolean()])(
    'a day inside a person\'s range is one on which core isEligible holds, the person is not opted out, and (adultsOnly) core ageInYears is 18+', (rows, days, adultsOnly) => {
      const pop = build(rows);
      const ranges = eligibilityRanges(pop, adultsOnly);
      for (const day of days) {
        rows.forEach((row, r) => {
          if (ranges[2 * r]! <= day && day < ranges[2 * r + 1]!) {
            expect(isEligible(pop, r, day)).toBe(true);
            expect(row.optedOut).toBe(0);
            if (adultsOnly) expect(ageInYears(row.birth, day)).toBeGreaterThanOrEqual(18);
          }
        });
      }
    });

  test.prop([fc.array(rowArb, { minLength: 1, maxLength: 80 }), fc.array(dayArb, { minLength: 2, maxLength: 5 }), fc.boolean(), fc.constantFrom(10, 50, 100)])(
    'selectCohort on one population over several asOf days (the ranges cached after the first) selects exactly the eligible by core isEligible and ageInYears, as a fresh population would', (rows, days, adultsOnly, percent) => {
      const pop = build(rows);
      const scores = Float64Array.from(rows, (r) => r.score);
      for (const asOf of days) {
        const warm = selectCohort(scores, pop, { asOf, topPercent: percent, adultsOnly, policy: 'threshold' });
        const cold = selectCohort(scores, build(rows), { asOf, topPercent: percent, adultsOnly, policy: 'threshold' });
        expect({ ...warm, exclusions: warm.exclusions }).toEqual({ ...cold, exclusions: cold.exclusions });
        // Independent reference: eligible counts per practice from the core rules.
        const eligible = [0, 0, 0];
        rows.forEach((row, r) => {
          if (row.optedOut === 0 && isEligible(pop, r, asOf) && (!adultsOnly || ageInYears(row.birth, asOf) >= 18)) eligible[row.practice]!++;
        });
        expect(warm.groups.map((g) => g.eligible)).toEqual(eligible);
      }
    });

  it('is computed once per population and setting, and the adult margin is at least the longest 18 years', () => {
    const pop = build([{ birth: T0 - 7000, regFrom: T0 - 7000, regTo: NO_DATE, death: NO_DATE, optedOut: 0, practice: 0, score: 0.5 }]);
    expect(eligibilityRanges(pop, true)).toBe(eligibilityRanges(pop, true));
    expect(eligibilityRanges(pop, false)).not.toBe(eligibilityRanges(pop, true));
    // 2000-01-01 to 2018-01-01 holds five 29 Februaries: 6,575 days, the most 18 years can hold.
    expect(dayFromCivil(2018, 1, 1) - dayFromCivil(2000, 1, 1)).toBe(6575);
    expect(ADULT_MARGIN_DAYS).toBeGreaterThanOrEqual(6575);
    expect(Array.from(eligibilityRanges(pop, true))).toEqual([T0 - 7000 + ADULT_MARGIN_DAYS, NO_DATE]);
    expect(Array.from(eligibilityRanges(pop, false))).toEqual([T0 - 7000, NO_DATE]);
  });

  it('an opted-out person has an empty range; a birth date near the int32 limit does not wrap around', () => {
    const pop = build([
      { birth: T0, regFrom: T0, regTo: NO_DATE, death: NO_DATE, optedOut: 1, practice: 0, score: 0.5 },
      { birth: NO_DATE - 1, regFrom: 0, regTo: NO_DATE, death: NO_DATE, optedOut: 0, practice: 0, score: 0.5 },
    ]);
    const ranges = eligibilityRanges(pop, true);
    expect(ranges[1]).toBe(-(2 ** 31));
    expect(ranges[2]).toBe(NO_DATE); // clamped, not negative
  });

  it('a first selection on a population builds no ranges; the second builds them once, and later ones reuse them (per setting)', () => {
    const pop = build([{ birth: T0 - 7000, regFrom: T0 - 7000, regTo: NO_DATE, death: NO_DATE, optedOut: 0, practice: 0, score: 0.5 }]);
    expect(eligibilityRangesOnRepeat(pop, true)).toBeUndefined();
    const second = eligibilityRangesOnRepeat(pop, true);
    expect(second).toBe(eligibilityRanges(pop, true));
    expect(eligibilityRangesOnRepeat(pop, true)).toBe(second);
    expect(eligibilityRangesOnRepeat(pop, false)).toBeUndefined(); // the other setting counts apart
    expect(eligibilityRangesOnRepeat(pop, false)).toBe(eligibilityRanges(pop, false));
  });

  test.prop([fc.array(rowArb, { minLength: 1, maxLength: 120 }), dayArb, fc.boolean(), fc.boolean(), fc.array(fc.oneof(fc.constant(Number.NEGATIVE_INFINITY), fc.constant(Number.NaN), fc.integer({ min: 0, max: 20 }).map((x) => x / 20)), { minLength: 3, maxLength: 3 })])(
    'the passes give the same result checking the columns directly (a first selection) as through the ranges', (rows, asOf, adultsOnly, perPractice, cutoff) => {
      const pop = build(rows);
      const scores = Float64Array.from(rows, (r, i) => (i % 13 === 5 ? Number.NaN : r.score));
      const adultBorn = adultsOnly ? Math.max(...rows.map((r) => r.birth).filter((b) => ageInYears(b, asOf) >= 18), Number.NEGATIVE_INFINITY) : Number.POSITIVE_INFINITY;
      const input = (ranges: Int32Array | undefined): EligibilityInput => ({
        scores, rowOf: undefined, columns: pop.columns, ranges, asOf, adultBorn, customOf: undefined, perPractice,
        groups: perPractice ? 3 : 1, lists: 0, scored: perPractice ? practiceSizes(pop) : Uint32Array.of(pop.size),
      });
      const cut = Float64Array.from(perPractice ? cutoff : cutoff.slice(0, 1));
      const direct = eligibilityPass(input(undefined), cut);
      const ranged = eligibilityPass(input(eligibilityRanges(pop, adultsOnly)), cut);
      expect(direct).toEqual(ranged);
      expect(samplePass(input(undefined), 3)).toEqual(samplePass(input(eligibilityRanges(pop, adultsOnly)), 3));
      // And the eligible counted are those of the core rules (an independent reference).
      const eligible = [0, 0, 0];
      rows.forEach((row, r) => {
        if (row.optedOut === 0 && isEligible(pop, r, asOf) && (!adultsOnly || ageInYears(row.birth, asOf) >= 18) && scores[r] === scores[r]) eligible[perPractice ? row.practice : 0]!++;
      });
      expect([...direct.eligible]).toEqual(eligible.slice(0, perPractice ? 3 : 1));
    });
});
