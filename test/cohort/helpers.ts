// Test helpers for the cohort stage: small populations and an independent brute-force
// reference of the selection rule (full sort, written separately from the library code).
import { fc } from '@fast-check/vitest';
import { createPopulation, isEligible, type Population } from '../../src/core/population.js';
import { ageInYears, NO_DATE, parseDate } from '../../src/core/dates.js';

export const AS_OF = parseDate('2024-04-01')!;

/** The extract's window of these populations: a year of data up to AS_OF (the tests are about selection, not the window). */
export const WINDOW = { extractDate: AS_OF, activityFrom: AS_OF - 365 };

export interface PersonSpec {
  practice: number;
  age: number; // whole years on AS_OF (birth placed 100 days before the birthday)
  optedOut: boolean;
  died: boolean;
  left: boolean;
  score: number;
}

export function buildPopulation(people: readonly PersonSpec[], practices = ['P0', 'P1', 'P2', 'P3']): Population {
  return createPopulation({
    ids: people.map((_, i) => `id${String(i).padStart(3, '0')}`),
    practices,
    practice: people.map((p) => p.practice),
    birthDate: people.map((p) => AS_OF - Math.round(p.age * 365.25) - 100),
    registeredFrom: people.map(() => AS_OF - 365 * 100),
    deathDate: people.map((p) => (p.died ? AS_OF - 10 : NO_DATE)),
    registeredTo: people.map((p) => (p.left ? AS_OF - 5 : NO_DATE)),
    optedOut: people.map((p) => (p.optedOut ? 1 : 0)),
    window: WINDOW,
  });
}

/** People with scores drawn from a small set, so ties are common. */
export const personArb = fc.record({
  practice: fc.integer({ min: 0, max: 3 }),
  age: fc.integer({ min: 10, max: 95 }),
  optedOut: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
  died: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
  left: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
  score: fc.oneof(fc.integer({ min: 0, max: 6 }).map((x) => x / 6), fc.double({ min: 0, max: 1, noNaN: true })),
});

/** The selection rule written the slow, obvious way: filter, full sort, take ceil(p·m/100). */
export function bruteForce(
  pop: Population,
  scores: ArrayLike<number>,
  opts: { percent: number; per: 'practice' | 'population'; policy: 'exact' | 'threshold'; adultsOnly?: boolean },
): Set<string> {
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < pop.size; i++) {
    if (pop.columns.optedOut[i] === 1 || !isEligible(pop, i, AS_OF)) continue;
    if ((opts.adultsOnly ?? true) && ageInYears(pop.columns.birthDate[i]!, AS_OF) < 18) continue;
    const g = opts.per === 'practice' ? pop.columns.practice[i]! : 0;
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g)!.push(i);
  }
  const out = new Set<string>();
  for (const list of byGroup.values()) {
    list.sort((a, b) => scores[b]! - scores[a]! || (pop.ids[a]! < pop.ids[b]! ? -1 : 1));
    // k: the smallest whole number with 100·k >= p·m.
    let k = 0;
    while (100 * k < opts.percent * list.length) k++;
    const t = scores[list[k - 1]!]!;
    list.forEach((i, j) => {
      if (j < k || (opts.policy === 'threshold' && scores[i] === t)) out.add(pop.ids[i]!);
    });
  }
  return out;
}
