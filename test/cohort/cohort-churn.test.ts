import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { cohortChurn } from '../../src/cohort/cohort-churn.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { createPopulation } from '../../src/core/population.js';
import { NO_DATE, parseDate } from '../../src/core/dates.js';
import { AS_OF, buildPopulation, personArb } from './helpers.js';

const JAN = parseDate('2024-01-01')!;
const FEB = parseDate('2024-02-01')!;
const ids = ['stays', 'dies', 'moves', 'optsOut', 'endOfLife', 'falls', 'capped', 'rises', 'q1', 'q2'];

// The same ten people in January and in February. In February: 'dies' has died, 'moves' has
// left the list, 'optsOut' has opted out, 'endOfLife' is on the end-of-life register, 'falls'
// now scores low, and 'rises' scores high.
function month(day: number, changes: { died?: string; left?: string; opted?: string }) {
  return createPopulation({
    ids,
    practices: ['P'],
    practice: new Array(10).fill(0),
    birthDate: new Array(10).fill(0),
    deathDate: ids.map((id) => (id === changes.died ? day - 3 : NO_DATE)),
    registeredTo: ids.map((id) => (id === changes.left ? day - 2 : NO_DATE)),
    optedOut: ids.map((id) => (id === changes.opted ? 1 : 0)),
    window: { extractDate: day }, // each month's extract is taken on its as-of day
  });
}

describe('cohortChurn', () => {
  const janPop = month(JAN, {});
  const febPop = month(FEB, { died: 'dies', left: 'moves', opted: 'optsOut' });
  //                        stays dies moves opts eol falls capped rises q1 q2
  const janScores = [0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.1, 0.2, 0.3];
  const febScores = [0.99, 0.98, 0.97, 0.96, 0.95, 0.05, 0.5, 0.9, 0.2, 0.3];
  const jan = selectCohort(janScores, janPop, { asOf: JAN, topN: 7 });
  // February: top 4 of the 6 still eligible (stays, falls, capped, rises, q1, q2), capacity 2.
  const feb = selectCohort(febScores, febPop, { asOf: FEB, topN: 3, capacity: 2, exclude: { endOfLife: ['endOfLife'] } });

  it('lists who entered, stayed and left, with the reason for leaving from exclusions, capacity and the population record', () => {
    expect(jan.selected.ids).toEqual(['stays', 'dies', 'moves', 'optsOut', 'endOfLife', 'falls', 'capped']);
    expect(feb.selected.ids).toEqual(['stays', 'rises']);
    const churn = cohortChurn(jan, feb, { population: febPop });
    expect(churn.entered).toEqual(['rises']);
    expect(churn.stayed).toEqual(['stays']);
    expect(churn.left).toEqual([
      { id: 'dies', reason: 'died' },
      { id: 'moves', reason: 'left the list' },
      { id: 'endOfLife', reason: 'excluded', detail: 'endOfLife' },
      { id: 'falls', reason: 'risk fell' },
      { id: 'capped', reason: 'over capacity' },
    ]);
    expect(JSON.stringify(churn)).not.toContain('optsOut');
    expect(churn.counts).toEqual({
      previous: 7, current: 2, entered: 1, left: 6, stayed: 1, optedOut: 1,
      byReason: { died: 1, 'left the list': 1, excluded: 1, 'risk fell': 1, 'over capacity': 1 },
    });
  });

  it('without the population, reasons come from the current exclusions only and the rest are unknown', () => {
    const churn = cohortChurn(jan, feb);
    expect(churn.left.map((x) => x.reason)).toEqual(['died', 'left the list', 'unknown', 'excluded', 'unknown', 'over capacity']);
  });

  it('finds people who died when the current scores did not include them at all', () => {
    // February scored only the people still alive and registered (as buildFeatures would).
    const rows = [0, 4, 5, 6, 7, 8, 9];
    const febOnlyEligible = selectCohort(rows.map((r) => febScores[r]!), febPop, { asOf: FEB, topN: 3, rows });
    const churn = cohortChurn(jan, febOnlyEligible, { population: febPop });
    expect(churn.left.find((x) => x.id === 'dies')).toEqual({ id: 'dies', reason: 'died' });
    expect(churn.left.find((x) => x.id === 'moves')).toEqual({ id: 'moves', reason: 'left the list' });
  });

  it('refuses something that is not a cohort', () => {
    expect(() => cohortChurn({} as never, feb)).toThrow(/cohortChurn: expected a Cohort from selectCohort \(previous\)/);
  });

  test.prop([fc.array(personArb, { minLength: 1, maxLength: 60 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 })])(
    'entered + stayed = current, left + stayed = previous, and nobody is in two lists', (people, newScores) => {
      const pop = buildPopulation(people);
      const a = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 20 });
      const b = selectCohort(people.map((_, i) => newScores[i]!), pop, { asOf: AS_OF, topPercent: 20 });
      const c = cohortChurn(a, b, { population: pop });
      expect(c.counts.entered + c.counts.stayed).toBe(b.selected.ids.length);
      expect(c.counts.left + c.counts.stayed).toBe(a.selected.ids.length);
      const all = [...c.entered, ...c.stayed, ...c.left.map((x) => x.id)];
      expect(new Set(all).size).toBe(all.length);
      // Same population, same date: anyone who left did so because their risk fell.
      for (const x of c.left) expect(x.reason).toBe('risk fell');
    });
});
