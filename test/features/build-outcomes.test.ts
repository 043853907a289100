import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { parseDate } from '../../src/core/dates.js';
import { AS_OF, handPopulation } from '../fixtures/features/hand-population.js';
import { arbEvents, arbPeople, build, concatEvents, reorderEvents } from '../fixtures/features/arbitrary-population.js';

const arr = (x: ArrayLike<number>): number[] => Array.from(x);

describe('buildOutcomes on the hand-made population, window (2024-03-31, 2025-03-31]', () => {
  const pop = handPopulation();

  it("'observed' counts what happened up to death or leaving, and keeps everyone included", () => {
    const o = buildOutcomes(pop, { asOf: AS_OF, horizonMonths: 12 });
    expect(o.window).toEqual([parseDate('2024-03-31'), parseDate('2025-03-31')]);
    expect(o.rowIds).toEqual(['a', 'b', 'c', 'f']);
    // a: 2024-04-10 N390 (ACSC, 4 days) + 2025-03-31 S720 (on the included end: 0 days inside);
    //    2024-03-29 (before) and 2025-04-01 (after) ignored.
    // b: 2024-08-25 J440 (ACSC) with 10 bed days, dies 2024-09-01: 7 days counted; 2024-09-05 ignored.
    // f: leaves 2024-04-01; the admission that day is not counted (registration end is exclusive).
    expect(arr(o.emergencyAdmissions)).toEqual([2, 1, 0, 0]);
    expect(arr(o.avoidableAdmissions)).toEqual([1, 1, 0, 0]);
    expect(arr(o.emergencyAdmission)).toEqual([1, 1, 0, 0]);
    expect(arr(o.avoidableAdmission)).toEqual([1, 1, 0, 0]);
    expect(arr(o.bedDays)).toEqual([4, 7, 0, 0]);
    expect(arr(o.died)).toEqual([0, 1, 0, 0]);
    expect(arr(o.leftList)).toEqual([0, 0, 0, 1]);
    expect(arr(o.included)).toEqual([1, 1, 1, 1]);
    expect(o.counts).toEqual({ died: 1, left: 1, excluded: 0, notEligible: 0 });
    expect(o.warnings).toEqual([]);
  });

  it("'exclude' marks people who died or left as not included, zeroes their values and keeps alignment", () => {
    const o = buildOutcomes(pop, { asOf: AS_OF, censoring: 'exclude' });
    expect(arr(o.included)).toEqual([1, 0, 1, 0]);
    expect(arr(o.emergencyAdmissions)).toEqual([2, 0, 0, 0]);
    expect(arr(o.bedDays)).toEqual([4, 0, 0, 0]);
    expect(arr(o.died)).toEqual([0, 1, 0, 0]);
    expect(o.counts).toEqual({ died: 1, left: 1, excluded: 2, notEligible: 0 });
  });

  it('a shorter horizon shortens the window: 1 month is (2024-03-31, 2024-04-30]', () => {
    const o = buildOutcomes(pop, { asOf: AS_OF, horizonMonths: 1 });
    expect(o.window).toEqual([parseDate('2024-03-31'), parseDate('2024-04-30')]);
    expect(arr(o.emergencyAdmissions)).toEqual([1, 0, 0, 0]);
    expect(arr(o.died)).toEqual([0, 0, 0, 0]);
  });

  it('rows: takes the rows of a feature matrix, warns about rows not eligible on asOf, refuses rows outside', () => {
    const f = buildFeatures(pop, { asOf: AS_OF });
    const o = buildOutcomes(pop, { asOf: AS_OF, rows: f.rows });
    expect(arr(o.rows)).toEqual(arr(f.rows));
    const d = buildOutcomes(pop, { asOf: AS_OF, rows: [3] });
    expect(d.warnings.map((w) => w.code)).toEqual(['rows_not_eligible']);
    expect(() => buildOutcomes(pop, { asOf: AS_OF, rows: [6] })).toThrow(/buildOutcomes: is not a population row \(options\.rows\.0\); got 6/);
    expect(() => buildOutcomes(pop, { asOf: AS_OF, censoring: 'drop' as 'exclude' })).toThrow(/options\.censoring/);
  });

  it('takes a versioned ACSC list of its own', () => {
    const local = { id: 'local-fractures', version: '1', source: 'a test', groups: [{ name: 'fracture', indicator: 'local', prefixes: ['S72'] }] };
    const o = buildOutcomes(pop, { asOf: AS_OF, acscCodes: local });
    // a: N390 is no longer avoidable, S720 (2025-03-31) is
    expect(arr(o.avoidableAdmissions)).toEqual([1, 0, 0, 0]);
    expect(() => buildOutcomes(pop, { asOf: AS_OF, acscCodes: [] })).toThrow(/options\.acscCodes/);
  });

  it('warns about missing and invalid diagnoses in the window', () => {
    const o = buildOutcomes(pop, { asOf: '2023-03-31', horizonMonths: 12 });
    expect(o.warnings.map((w) => [w.code, w.count])).toEqual([['diagnosis_missing', 1], ['diagnosis_invalid', 1]]);
  });
});

const ASOF = parseDate('2022-06-30')!;
const snapshot = (o: ReturnType<typeof buildOutcomes>) => [o.rows, o.emergencyAdmission, o.avoidableAdmission, o.emergencyAdmissions, o.avoidableAdmissions, o.bedDays, o.died, o.leftList, o.included].map(arr);

describe('buildOutcomes invariants', () => {
  test.prop([
    arbPeople(ASOF).chain((p) => fc.tuple(fc.constant(p), arbEvents(p.n, ASOF - 300, ASOF + 500), arbEvents(p.n, ASOF - 900, ASOF))),
    fc.constantFrom('observed' as const, 'exclude' as const),
  ], { numRuns: 100 })('events on or before asOf never change an outcome', ([people, events, past], censoring) => {
    const a = buildOutcomes(build(people, events), { asOf: ASOF, censoring });
    const b = buildOutcomes(build(people, concatEvents(events, past)), { asOf: ASOF, censoring });
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  test.prop([arbPeople(ASOF).chain((p) => fc.tuple(fc.constant(p), arbEvents(p.n, ASOF - 300, ASOF + 500))), fc.nat(50)], { numRuns: 100 })(
    'the order events are given in does not change any outcome',
    ([people, events], k) => {
      const a = buildOutcomes(build(people, events), { asOf: ASOF });
      const b = buildOutcomes(build(people, reorderEvents(events, k)), { asOf: ASOF });
      expect(snapshot(b)).toEqual(snapshot(a));
    },
  );

  test.prop([arbPeople(ASOF).chain((p) => fc.tuple(fc.constant(p), arbEvents(p.n, ASOF - 300, ASOF + 500)))], { numRuns: 100 })(
    "'exclude' excludes exactly those who died or left, and agrees with 'observed' for everyone else",
    ([people, events]) => {
      const pop = build(people, events);
      const obs = buildOutcomes(pop, { asOf: ASOF, censoring: 'observed' });
      const exc = buildOutcomes(pop, { asOf: ASOF, censoring: 'exclude' });
      let outCount = 0;
      for (let r = 0; r < obs.rows.length; r++) {
        const out = obs.died[r]! || obs.leftList[r]! ? 1 : 0;
        outCount += out;
        expect(exc.included[r]).toBe(1 - out);
        if (!out) expect(exc.bedDays[r]).toBe(obs.bedDays[r]);
        expect(obs.emergencyAdmission[r]).toBe(obs.emergencyAdmissions[r]! > 0 ? 1 : 0);
        expect(obs.avoidableAdmissions[r]).toBeLessThanOrEqual(obs.emergencyAdmissions[r]!);
      }
      // someone who left and then died in the window is counted in both but excluded once
      expect(exc.counts.excluded).toBe(outCount);
    },
  );
});
