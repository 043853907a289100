import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { cohortRows } from '../../src/cohort/cohort-rows.js';
import { createPopulation } from '../../src/core/population.js';
import { ageInYears, NO_DATE, parseDate } from '../../src/core/dates.js';
import { isRiskStratifyError, type RiskStratifyError } from '../../src/core/errors.js';
import { AS_OF, bruteForce, buildPopulation, personArb, type PersonSpec } from './helpers.js';
import { figureProblems } from '../helpers/figure-problems.js';
import { thrown } from '../helpers/thrown.js';


const adults = (n: number, practice = 0, score = (i: number) => i / n): PersonSpec[] =>
  Array.from({ length: n }, (_, i) => ({ practice, age: 40, optedOut: false, died: false, left: false, score: score(i) }));

describe('selectCohort', () => {
  it('matches its documented example: k = ceil(0.5·4) = 2, the tie at 0.9 broken by id', () => {
    const pop = createPopulation({ ids: ['a', 'b', 'c', 'd'], practices: ['P1'], practice: [0, 0, 0, 0], birthDate: [0, 0, 0, 0], window: { extractDate: parseDate('2020-01-01')! } });
    const cohort = selectCohort(new Float64Array([0.1, 0.9, 0.5, 0.9]), pop, { asOf: '2020-01-01', topPercent: 50 });
    expect(cohort.selected.ids).toEqual(['b', 'd']);
    expect(Array.from(cohort.selected.rank)).toEqual([1, 2]);
    expect(cohortRows(cohort)).toEqual([
      { id: 'b', practice: 'P1', rank: 1, score: 0.9 },
      { id: 'd', practice: 'P1', rank: 2, score: 0.9 },
    ]);
  });

  it('selectCohort(scores, {topPercent: 2}) selects ceil(0.02·n) adults per practice', () => {
    // P0: 350 adults -> 2% is exactly 7 (not 8 from floating-point noise); P1: 101 adults -> ceil(2.02) = 3.
    // Children in both practices are never counted in n.
    const people = [...adults(350, 0), ...adults(101, 1), ...adults(40, 0).map((p) => ({ ...p, age: 12 }))];
    const pop = buildPopulation(people, ['P0', 'P1']);
    const cohort = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 2 });
    expect(cohort.groups.map((g) => [g.group, g.eligible, g.k, g.selected])).toEqual([['P0', 350, 7, 7], ['P1', 101, 3, 3]]);
    expect(cohort.excluded.child).toBe(40);
    // The top 7 of P0 are rows 343..349 (score i/350 increasing), best first.
    expect(cohort.selected.ids.slice(0, 7)).toEqual([349, 348, 347, 346, 345, 344, 343].map((i) => `id${i}`));
    expect(cohort.groups[0]!.threshold).toBe(343 / 350);
  });

  it("policy 'exact' breaks ties by id ascending (JS string order); 'threshold' takes every tie and says how many", () => {
    const pop = createPopulation({ ids: ['e', 'B', 'a', 'c', 'd'], practices: ['P'], practice: [0, 0, 0, 0, 0], birthDate: [0, 0, 0, 0, 0], window: { extractDate: 20000 } });
    const scores = [0.5, 0.5, 0.5, 0.9, 0.1];
    const exact = selectCohort(scores, pop, { asOf: 20000, topPercent: 40 }); // k = 2
    // 'B' < 'a' < 'e' in code-unit order (upper case first), as SQL COLLATE "C".
    expect(exact.selected.ids).toEqual(['c', 'B']);
    const thr = selectCohort(scores, pop, { asOf: 20000, topPercent: 40, policy: 'threshold' });
    expect(thr.selected.ids).toEqual(['c', 'B', 'a', 'e']);
    expect(Array.from(thr.selected.rank)).toEqual([1, 2, 3, 4]);
    expect(thr.groups[0]).toMatchObject({ k: 2, selected: 4, threshold: 0.5, tiesAdded: 2 });
  });

  it('excludes opted-out (counted, never listed), deceased, left the list, not yet registered, children and named lists, first reason wins', () => {
    const d = parseDate('2024-04-01')!;
    const pop = createPopulation({
      ids: ['opt', 'dead', 'left', 'future', 'kid', 'cm', 'eol', 'ok1', 'ok2', 'deadcm'],
      practices: ['P'],
      practice: new Array(10).fill(0),
      birthDate: [0, 0, 0, 0, parseDate('2006-04-02')!, 0, 0, 0, parseDate('2006-04-01')!, 0],
      registeredFrom: [0, 0, 0, d + 1, 0, 0, 0, 0, 0, 0],
      registeredTo: [NO_DATE, NO_DATE, d, NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE],
      deathDate: [NO_DATE, d, NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE, NO_DATE, d - 1],
      optedOut: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      window: { extractDate: d + 1 },
    });
    const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const c = selectCohort(scores, pop, {
      asOf: '2024-04-01', topPercent: 100,
      exclude: { alreadyCaseManaged: ['cm', 'deadcm', 'nobody'], endOfLife: ['eol', 'cm'] },
    });
    expect(c.selected.ids).toEqual(['ok1', 'ok2']); // ok2 turns 18 on asOf exactly
    expect(c.excluded).toEqual({ optedOut: 1, deceased: 2, leftList: 1, notRegistered: 1, child: 1, missingScore: 0, notScored: 0, alreadyCaseManaged: 1, endOfLife: 1 });
    expect(c.exclusions).toEqual([
      { id: 'dead', reason: 'deceased' }, { id: 'left', reason: 'leftList' }, { id: 'future', reason: 'notRegistered' },
      { id: 'kid', reason: 'child' }, { id: 'cm', reason: 'alreadyCaseManaged' }, { id: 'eol', reason: 'endOfLife' },
      { id: 'deadcm', reason: 'deceased' },
    ]);
    expect(JSON.stringify(c.exclusions)).not.toContain('opt');
    expect(c.options.exclude).toEqual({ alreadyCaseManaged: 3, endOfLife: 2 }); // list sizes, not ids
    expect(JSON.stringify(c)).not.toContain('"opt"');
    // The list is made on first read, then kept; it is in the JSON and in a spread copy too.
    expect(c.exclusions).toBe(c.exclusions);
    expect(JSON.parse(JSON.stringify(c)).exclusions).toEqual(c.exclusions);
    expect({ ...c }.exclusions).toEqual(c.exclusions);
    expect(c.warnings.filter((w) => w.code === 'unknown_ids')).toEqual([
      { code: 'unknown_ids', message: 'exclude.alreadyCaseManaged: 1 id(s) not in the population were ignored', path: ['options', 'exclude', 'alreadyCaseManaged'], count: 1 },
    ]);
    // adultsOnly: false keeps the 17-year-old.
    const all = selectCohort(scores, pop, { asOf: '2024-04-01', topPercent: 100, adultsOnly: false });
    expect(all.selected.ids).toContain('kid');
    expect(all.selected.ids).not.toContain('opt');
  });

  it('selected.ids is the population id of each selected row, made on first read, then kept, and in JSON, spreads and structured clones', () => {
    const people = [...adults(120, 0), ...adults(80, 1)];
    const pop = buildPopulation(people, ['P0', 'P1']);
    const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 10, rows: people.map((_, i) => i) });
    expect(c.selected.ids).toEqual(Array.from(c.selected.rows, (r) => pop.ids[r]));
    expect(c.selected.ids.length).toBe(12 + 8); // ceil(0.1 · 120), ceil(0.1 · 80)
    expect(c.selected.ids).toBe(c.selected.ids);
    expect(JSON.parse(JSON.stringify(c)).selected.ids).toEqual(c.selected.ids);
    expect({ ...c.selected }.ids).toEqual(c.selected.ids);
    expect(structuredClone(c).selected.ids).toEqual(c.selected.ids);
    expect(Object.keys(c.selected)[0]).toBe('ids');
  });

  it('lists thousands of excluded people in score order, each once, with the first reason that applies', () => {
    // 6,000 people (more excluded than the list starts with room for): every third a child, every seventh opted out (counted, never listed).
    const people: PersonSpec[] = Array.from({ length: 6000 }, (_, i) => ({
      practice: i % 4, age: i % 3 === 0 ? 12 : 50, optedOut: i % 7 === 0, died: false, left: false, score: (i % 101) / 101,
    }));
    const pop = buildPopulation(people);
    const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 2 });
    const want = people.flatMap((p, i) => (p.optedOut ? [] : p.age === 12 ? [{ id: pop.ids[i]!, reason: 'child' }] : []));
    expect(c.exclusions).toEqual(want);
    expect(c.excluded['child']).toBe(want.length);
    expect(c.excluded['optedOut']).toBe(people.filter((p) => p.optedOut).length);
  });

  it('refuses a NaN score naming the person and row, or leaves it out with missing: exclude', () => {
    const people = adults(5);
    const pop = buildPopulation(people);
    const scores = [0.1, 0.2, Number.NaN, 0.4, 0.5];
    const e = thrown(() => selectCohort(scores, pop, { asOf: AS_OF, topPercent: 50 }));
    expect(e.code).toBe('non_finite');
    expect(e.path).toEqual(['scores', 2]);
    expect(e.message).toMatch(/selectCohort: score of "id002" \(population row 2\) is NaN/);
    const c = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 50, missing: 'exclude' });
    expect(c.excluded.missingScore).toBe(1);
    expect(c.groups[0]!.eligible).toBe(4);
    expect(c.selected.ids).toEqual(['id004', 'id003']);
  });

  it('refuses bad options with a RiskStratifyError naming the field and value', () => {
    const pop = buildPopulation(adults(3));
    const s = [1, 2, 3];
    expect(thrown(() => selectCohort(s, pop, { asOf: AS_OF, topPercent: 0 })).path).toEqual(['options', 'topPercent']);
    expect(thrown(() => selectCohort(s, pop, { asOf: AS_OF, topPercent: 101 })).code).toBe('invalid_options');
    expect(thrown(() => selectCohort(s, pop, { asOf: AS_OF })).message).toMatch(/exactly one of topPercent and topN/);
    expect(thrown(() => selectCohort(s, pop, { asOf: AS_OF, topPercent: 2, topN: 3 })).code).toBe('invalid_options');
    expect(thrown(() => selectCohort(s, pop, { asOf: '2024-02-30', topPercent: 2 })).message).toMatch(/asOf.*got "2024-02-30"/);
    expect(thrown(() => selectCohort(s, pop, { asOf: AS_OF, topPercent: 2, per: 'ccg' as 'practice' })).path).toEqual(['options', 'per']);
    expect(thrown(() => selectCohort([1, 2], pop, { asOf: AS_OF, topPercent: 2 })).code).toBe('length_mismatch');
    expect(thrown(() => selectCohort([1, 2], pop, { asOf: AS_OF, topPercent: 2, rows: [0, 0] })).message).toMatch(/scored twice/);
    expect(thrown(() => selectCohort([1, 2], pop, { asOf: AS_OF, topPercent: 2, rows: [0, 7] })).path).toEqual(['options', 'rows', 1]);
    expect(thrown(() => selectCohort([1], pop, { asOf: AS_OF, topPercent: 2, ids: ['zz'] })).value).toBe('zz');
    expect(thrown(() => selectCohort(s, pop, { asOf: AS_OF, topPercent: 2, exclude: { optedOut: [] } })).path).toEqual(['options', 'exclude', 'optedOut']);
  });

  it('maps scores to people with rows (e.g. features.rows) or ids, and counts unscored people', () => {
    const people = adults(6);
    const pop = buildPopulation(people);
    const byRows = selectCohort([0.9, 0.1, 0.5], pop, { asOf: AS_OF, topN: 2, rows: new Uint32Array([4, 0, 2]) });
    expect(byRows.selected.ids).toEqual(['id004', 'id002']);
    expect(Array.from(byRows.selected.scoreIndex)).toEqual([0, 2]);
    expect(Array.from(byRows.selected.rows)).toEqual([4, 2]);
    expect(byRows.excluded.notScored).toBe(3);
    const byIds = selectCohort([0.9, 0.1, 0.5], pop, { asOf: AS_OF, topN: 2, ids: ['id004', 'id000', 'id002'] });
    expect(byIds.selected.ids).toEqual(byRows.selected.ids);
  });

  it('population-wide selection uses one cut-off for everyone', () => {
    const people = [...adults(10, 0, (i) => i), ...adults(10, 1, (i) => 100 + i)];
    const pop = buildPopulation(people);
    const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 10, per: 'population' });
    expect(c.groups).toEqual([{ group: 'population', eligible: 20, k: 2, selected: 2, threshold: 108, tiesAdded: 0, capped: 0 }]);
    expect(c.selected.practice).toEqual(['P1', 'P1']);
  });

  it('applies capacity after ranking, per practice or per MDT, keeping the best-ranked', () => {
    const people = [...adults(20, 0, (i) => i), ...adults(20, 1, (i) => 50 + i), ...adults(20, 2, (i) => 0.5 + i)];
    const pop = buildPopulation(people, ['P0', 'P1', 'P2']);
    const scores = people.map((p) => p.score);
    const perPractice = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 25, capacity: { P0: 2 } }); // k = 5 each
    expect(perPractice.groups.map((g) => g.selected)).toEqual([2, 5, 5]);
    expect(perPractice.groups[0]!.capped).toBe(3);
    expect(perPractice.capacity).toEqual([{ unit: 'P0', capacity: 2, before: 5, after: 2 }]);
    expect(perPractice.overCapacity.map((x) => x.id)).toEqual(['id017', 'id016', 'id015']);
    // P0 and P2 share an MDT with room for 6: P2's top five (19.5..15.5) outrank P0's 19, 18 ... so P0 keeps 19, 18 only
    // after P2's 19.5, 18.5, 17.5, 16.5: the six best of {19..15} ∪ {19.5..15.5} are 19.5 19 18.5 18 17.5 17.
    const mdt = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 25, groups: { P0: 'north', P2: 'north' }, capacity: { north: 6 } });
    expect(Array.from(mdt.selected.score).filter((s) => s < 50).sort((a, b) => b - a)).toEqual([19.5, 19, 18.5, 18, 17.5, 17]);
    expect(mdt.groups.map((g) => g.selected)).toEqual([3, 5, 3]);
    const everyone = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 25, capacity: 1 });
    expect(everyone.selected.ids).toEqual(['id019', 'id039', 'id059']);
  });

  it('never modifies its inputs', () => {
    const people = adults(30);
    const pop = buildPopulation(people);
    const scores = new Float64Array(people.map((p) => p.score));
    const before = scores.slice();
    const rows = Object.freeze(Array.from({ length: 30 }, (_, i) => i));
    const exclude = Object.freeze({ endOfLife: Object.freeze(['id001']) as string[] });
    selectCohort(scores, pop, { asOf: AS_OF, topPercent: 10, rows, exclude });
    expect(scores).toEqual(before);
  });

  test.prop([fc.integer({ min: -20000, max: 30000 }), fc.integer({ min: -3000, max: 3000 })])(
    'the adult filter agrees with core ageInYears(birth, asOf) >= 18 on every birthday edge', (asOf, offset) => {
      const birth = asOf - 18 * 365 + offset % 400;
      const pop = createPopulation({ ids: ['x'], practices: ['P'], practice: [0], birthDate: [birth], registeredFrom: [birth], window: { extractDate: asOf } });
      const c = selectCohort([1], pop, { asOf, topN: 1 });
      expect(c.selected.ids.length === 1).toBe(ageInYears(birth, asOf) >= 18);
    });
});

describe('selectCohort on groups too small for the rule: warned, with counts and example groups', () => {
  const codes = (c: { warnings: readonly { code: string; count?: number }[] }) => c.warnings.map((w) => [w.code, w.count]);

  it('a top 2% needs 50 eligible people a group (n < 1/p is too small); a top 5% 20; a top 0.5% 200', () => {
    // P0: 49 adults: 0.02·49 = 0.98, k = 1 only by rounding up (1/49 = 2.04% of the group).
    // P1: 50 adults: k = 1 is exactly 2%. P2: 120 adults: k = ceil(2.4) = 3.
    const people = [...adults(49, 0), ...adults(50, 1), ...adults(120, 2)];
    const pop = buildPopulation(people, ['P0', 'P1', 'P2']);
    const two = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 2 });
    expect(two.groups.map((g) => [g.group, g.eligible, g.k])).toEqual([['P0', 49, 1], ['P1', 50, 1], ['P2', 120, 3]]);
    expect(codes(two)).toEqual([['group_too_small', 1]]);
    expect(two.warnings[0]).toMatchObject({ path: ['groups'], examples: ['P0 (49 eligible)'] });
    expect(two.warnings[0]!.message).toMatch(/^1 of 3 group\(s\) have fewer than 50 eligible people \(1\/p for a top 2%\): k = ceil\(0\.02·n\) is 1 there only by rounding up/);
    // Top 5%: 20 is the least (P0, P1, P2 all fine); top 0.5%: 200 (all three too small).
    expect(codes(selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 5 }))).toEqual([]);
    const half = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 0.5 });
    expect(codes(half)).toEqual([['group_too_small', 3]]);
    const edge = buildPopulation([...adults(19, 0), ...adults(20, 1)], ['P0', 'P1']);
    expect(selectCohort(new Float64Array(39).fill(0.5), edge, { asOf: AS_OF, topPercent: 5 }).warnings[0]!.examples).toEqual(['P0 (19 eligible)']);
  });

  it('practices of one or two people (Synthea organisations): every group too small, and k is everyone in most of them', () => {
    // Adults per group 1, 1, 1, 2, 30: k = 1 everywhere; k = eligible in the three single-person groups (3 of 5).
    const people = [...adults(1, 0), ...adults(1, 1), ...adults(1, 2), ...adults(2, 3), ...adults(30, 4)];
    const pop = buildPopulation(people, ['O1', 'O2', 'O3', 'O4', 'O5']);
    const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 2 });
    expect(c.selected.ids).toHaveLength(5);
    expect(codes(c)).toEqual([['group_too_small', 5], ['k_reaches_eligible', 3]]);
    expect(c.warnings[1]).toMatchObject({ path: ['groups'], examples: ['O1 (k = 1 of 1)', 'O2 (k = 1 of 1)', 'O3 (k = 1 of 1)'] });
    expect(c.warnings[1]!.message).toBe('k reaches the number eligible in 3 of 5 group(s) with anyone eligible: there the cohort is everyone eligible, not a top 2%');
  });

  it('k reaching everyone in half the groups or fewer is not "most"; topN warns the same way', () => {
    const people = [...adults(3, 0), ...adults(3, 1), ...adults(10, 2), ...adults(10, 3)];
    const pop = buildPopulation(people, ['P0', 'P1', 'P2', 'P3']);
    const scores = people.map((p) => p.score);
    expect(codes(selectCohort(scores, pop, { asOf: AS_OF, topN: 5 }))).toEqual([]); // 2 of 4: not most
    const three = buildPopulation(people.slice(0, 16), ['P0', 'P1', 'P2']);
    expect(codes(selectCohort(scores.slice(0, 16), three, { asOf: AS_OF, topN: 5 }))).toEqual([['k_reaches_eligible', 2]]);
  });

  it('nobody eligible: the group is too small, its threshold null, and the cohort empty', () => {
    const people = adults(3, 0).map((p) => ({ ...p, age: 12 }));
    const pop = buildPopulation(people, ['P0']);
    const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: 2 });
    expect(c.groups).toEqual([{ group: 'P0', eligible: 0, k: 0, selected: 0, threshold: null, tiesAdded: 0, capped: 0 }]);
    expect(codes(c)).toEqual([['group_too_small', 1], ['empty_cohort', 0]]);
    expect(c.warnings[0]!.message).toMatch(/\(1 with nobody eligible\)/);
    expect(figureProblems(c, c.warnings)).toEqual([]);
  });
});

const populationArb = fc.array(personArb, { minLength: 1, maxLength: 80 });
const percentArb = fc.constantFrom(0.5, 1, 2, 5, 10, 20, 25, 50, 100);

describe('selectCohort invariants', () => {
  test.prop([fc.array(personArb, { minLength: 0, maxLength: 80 }), fc.oneof(percentArb.map((p) => ({ topPercent: p })), fc.integer({ min: 0, max: 6 }).map((n) => ({ topN: n }))), fc.constantFrom('practice' as const, 'population' as const), fc.constantFrom(undefined, 0, 1)])(
    'no figure is NaN or undefined; a null threshold has its warning; the size warnings say exactly what the groups show', (people, rule, per, capacity) => {
      const pop = buildPopulation(people);
      const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, ...rule, per, ...(capacity === undefined ? {} : { capacity }) });
      expect(figureProblems(c, c.warnings)).toEqual([]);
      const p = 'topPercent' in rule ? rule.topPercent : undefined;
      const small = c.groups.filter((g) => g.eligible === 0 || (p !== undefined && g.eligible * p < 100 - 1e-9)).length;
      expect(c.warnings.find((w) => w.code === 'group_too_small')?.count ?? 0).toBe(small);
      const withPeople = c.groups.filter((g) => g.eligible > 0);
      const everyone = withPeople.filter((g) => g.k === g.eligible).length;
      expect(c.warnings.find((w) => w.code === 'k_reaches_eligible')?.count ?? 0).toBe(everyone > withPeople.length / 2 ? everyone : 0);
      expect(c.warnings.some((w) => w.code === 'empty_cohort')).toBe(c.selected.rows.length === 0);
    });

  test.prop([populationArb, percentArb, fc.constantFrom('practice' as const, 'population' as const), fc.constantFrom('exact' as const, 'threshold' as const)])(
    'selects exactly the people a full sort would (size exactly what the policy says) and never an opted-out person', (people, percent, per, policy) => {
      const pop = buildPopulation(people);
      const scores = new Float64Array(people.map((p) => p.score));
      const c = selectCohort(scores, pop, { asOf: AS_OF, topPercent: percent, per, policy });
      const expected = bruteForce(pop, scores, { percent, per, policy });
      expect(new Set(c.selected.ids)).toEqual(expected);
      expect(c.selected.ids.length).toBe(expected.size);
      for (const g of c.groups) {
        if (policy === 'exact') expect(g.selected).toBe(g.k);
        else expect(g.selected).toBe(g.k + g.tiesAdded);
        expect(g.k).toBe(g.eligible === 0 ? 0 : Math.ceil((percent * g.eligible) / 100 - 1e-9));
      }
      for (const r of c.selected.rows) expect(pop.columns.optedOut[r]).toBe(0);
      for (const x of c.exclusions) expect(pop.columns.optedOut[pop.indexOf(x.id)]).toBe(0);
    });

  test.prop([populationArb, fc.constantFrom('practice' as const, 'population' as const)])(
    'the top-2% cohort is inside the top-5% cohort under the same options (exact policy)', (people, per) => {
      // Why it holds: the eligible set and the total order are the same for both, so in each
      // group the 2% cohort is a prefix of length ceil(0.02·m) of the same ranking, and
      // ceil(0.02·m) <= ceil(0.05·m) because ceil is monotone. Capacity per practice keeps a
      // prefix of that prefix, so the inclusion survives it too.
      const pop = buildPopulation(people);
      const scores = people.map((p) => p.score);
      for (const capacity of [undefined, 1]) {
        const extra = capacity === undefined ? {} : { capacity };
        const two = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 2, per: 'practice', ...extra });
        const five = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 5, per: 'practice', ...extra });
        const fiveIds = new Set(five.selected.ids);
        for (const id of two.selected.ids) expect(fiveIds.has(id)).toBe(true);
      }
      const two = selectCohort(scores, pop, { asOf: AS_OF, topPercent: 2, per });
      const five = new Set(selectCohort(scores, pop, { asOf: AS_OF, topPercent: 5, per }).selected.ids);
      for (const id of two.selected.ids) expect(five.has(id)).toBe(true);
    });

  test.prop([populationArb, percentArb, fc.constantFrom('exact' as const, 'threshold' as const), fc.integer()])(
    'permuting the input rows does not change who is selected, their rank or the thresholds', (people, percent, policy, seed) => {
      const pop = buildPopulation(people);
      const scores = people.map((p) => p.score);
      const a = selectCohort(scores, pop, { asOf: AS_OF, topPercent: percent, policy });
      // A seeded Fisher-Yates permutation of the score rows, mapped back with `rows`.
      const perm = Array.from({ length: people.length }, (_, i) => i);
      let x = seed >>> 0;
      for (let i = perm.length - 1; i > 0; i--) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const j = x % (i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const b = selectCohort(perm.map((r) => scores[r]!), pop, { asOf: AS_OF, topPercent: percent, policy, rows: perm });
      expect(b.selected.ids).toEqual(a.selected.ids);
      expect(Array.from(b.selected.rank)).toEqual(Array.from(a.selected.rank));
      expect(b.groups).toEqual(a.groups);
    });

  test.prop([populationArb, percentArb, fc.constantFrom('practice' as const, 'population' as const)])(
    "each selected person's group and practice (made on first read) are their row's practice, or 'population'", (people, percent, per) => {
      const pop = buildPopulation(people);
      const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: percent, per });
      const practiceOf = (r: number) => pop.practices[pop.columns.practice[r]!]!;
      expect(c.selected.practice).toEqual(Array.from(c.selected.rows, practiceOf));
      expect(c.selected.group).toEqual(Array.from(c.selected.rows, (r) => (per === 'practice' ? practiceOf(r) : 'population')));
      expect(c.selected.group).toBe(c.selected.group); // made once
      expect(JSON.parse(JSON.stringify(c.selected)).practice).toEqual(c.selected.practice); // enumerable
    });

  test.prop([populationArb, percentArb, fc.oneof(fc.integer({ min: 0, max: 4 }), fc.dictionary(fc.constantFrom('P0', 'P1', 'P2', 'P3', 'north'), fc.integer({ min: 0, max: 4 }))), fc.boolean()])(
    'capacity is never exceeded in any practice or MDT', (people, percent, capacity, useMdt) => {
      const pop = buildPopulation(people);
      const groups = useMdt ? { P0: 'north', P1: 'north' } : undefined;
      const c = selectCohort(people.map((p) => p.score), pop, { asOf: AS_OF, topPercent: percent, capacity, ...(groups ? { groups } : {}) });
      const perUnit = new Map<string, number>();
      for (const p of c.selected.practice) {
        const unit = (groups as Record<string, string> | undefined)?.[p] ?? p;
        perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
      }
      for (const [unit, count] of perUnit) {
        const cap = typeof capacity === 'number' ? capacity : (capacity as Record<string, number>)[unit];
        if (cap !== undefined) expect(count).toBeLessThanOrEqual(cap);
      }
    });

  test.prop([populationArb, percentArb, fc.constantFrom('practice' as const, 'population' as const)])(
    'the threshold policy selects at least as many as exact, and a superset of them', (people, percent, per) => {
      const pop = buildPopulation(people);
      const scores = people.map((p) => p.score);
      const exact = selectCohort(scores, pop, { asOf: AS_OF, topPercent: percent, per });
      const thr = selectCohort(scores, pop, { asOf: AS_OF, topPercent: percent, per, policy: 'threshold' });
      expect(thr.selected.ids.length).toBeGreaterThanOrEqual(exact.selected.ids.length);
      const t = new Set(thr.selected.ids);
      for (const id of exact.selected.ids) expect(t.has(id)).toBe(true);
      expect(thr.selected.ids.length - exact.selected.ids.length).toBe(thr.groups.reduce((s, g) => s + g.tiesAdded, 0));
    });
});

describe('safeSelectCohort', () => {
  it('returns the error as a result instead of throwing, and the cohort when all is well', async () => {
    const { safeSelectCohort } = await import('../../src/cohort/safe-select-cohort.js');
    const pop = buildPopulation(adults(4));
    const bad = safeSelectCohort([1, 2, 3, 4], pop, { asOf: AS_OF, topPercent: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.path).toEqual(['options', 'topPercent']);
    const good = safeSelectCohort([1, 2, 3, 4], pop, { asOf: AS_OF, topPercent: 50 });
    expect(good.ok && good.value.selected.ids).toEqual(['id003', 'id002']);
  });
});
