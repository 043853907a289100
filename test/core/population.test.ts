import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { createPopulation, isEligible } from '../../src/core/population.js';
import { isRiskStratifyError, RiskStratifyError, toSafe } from '../../src/core/errors.js';
import { NO_DATE } from '../../src/core/dates.js';

describe('createPopulation', () => {
  it('groups events per person (CSR) and sorts them by date', () => {
    const pop = createPopulation({
      ids: ['a', 'b', 'c'], practices: ['P1', 'P2'], practice: [0, 1, 0], birthDate: [0, 100, 200],
      activity: { patient: [2, 0, 2, 0, 2], date: [30, 20, 10, 5, 20], setting: [0, 1, 0, 3, 2], emergency: [1, 1, 0, 0, 0], bedDays: [4, 0, 2, 0, 0] },
    });
    expect(Array.from(pop.activity.offsets)).toEqual([0, 2, 2, 5]);
    expect(Array.from(pop.activity.date)).toEqual([5, 20, 10, 20, 30]);
    expect(Array.from(pop.activity.setting)).toEqual([3, 1, 0, 2, 0]);
    expect(Array.from(pop.activity.bedDays)).toEqual([0, 0, 2, 0, 4]);
    expect(pop.indexOf('c')).toBe(2);
    expect(pop.indexOf('zz')).toBe(-1);
    expect(pop.column('practice')).toBe(pop.columns.practice);
    expect(pop.columns.deathDate[0]).toBe(NO_DATE);
    expect(Array.from(pop.columns.registeredFrom)).toEqual([0, 100, 200]);
  });
  ptest.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -500, max: 500 })), { maxLength: 60 })])(
    'keeps every event, each under its own person, in date order', (events) => {
      const pop = createPopulation({
        ids: Array.from({ length: 10 }, (_, i) => `p${i}`), practices: ['X'], practice: new Array(10).fill(0), birthDate: new Array(10).fill(-1000),
        activity: { patient: events.map((e) => e[0]), date: events.map((e) => e[1]), setting: events.map(() => 0), emergency: events.map(() => 1), cost: events.map((_, j) => j) },
      });
      const off = pop.activity.offsets;
      expect(off[10]).toBe(events.length);
      for (let i = 0; i < 10; i++) {
        const got = Array.from(pop.activity.cost.subarray(off[i]!, off[i + 1]!)).map((j) => events[j]!);
        expect(got.every((e) => e[0] === i)).toBe(true);
        const dates = got.map((e) => e[1]);
        expect(dates).toEqual([...dates].sort((x, y) => x - y));
        expect(got.length).toBe(events.filter((e) => e[0] === i).length);
      }
    });
  it('refuses columns of the wrong length and events for rows that do not exist, naming the field', () => {
    const r = toSafe(() => createPopulation({ ids: ['a'], practices: ['P'], practice: [0, 0], birthDate: [0] }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('length_mismatch');
      expect(r.error.path).toEqual(['practice']);
      expect(r.error.message).toContain('createPopulation');
    }
    expect(() => createPopulation({ ids: ['a'], practices: ['P'], practice: [0], birthDate: [0], activity: { patient: [3], date: [1], setting: [0], emergency: [0] } }))
      .toThrow(/activity\.patient\.0/);
  });
  it('isEligible: registered and alive on the day; death and deregistration dates are exclusive', () => {
    const pop = createPopulation({ ids: ['a', 'b', 'c'], practices: ['P'], practice: [0, 0, 0], birthDate: [0, 0, 0], deathDate: [NO_DATE, 50, NO_DATE], registeredFrom: [10, 0, 0], registeredTo: [NO_DATE, NO_DATE, 40] });
    expect([0, 1, 2].map((i) => isEligible(pop, i, 9))).toEqual([false, true, true]);
    expect([0, 1, 2].map((i) => isEligible(pop, i, 40))).toEqual([true, true, false]);
    expect([0, 1, 2].map((i) => isEligible(pop, i, 50))).toEqual([true, false, false]);
  });
});

describe('errors', () => {
  it('isRiskStratifyError recognises our errors by brand, not by class identity', () => {
    const e = new RiskStratifyError({ fn: 'f', code: 'invalid_argument', path: ['x'], value: 3, message: 'bad' });
    expect(isRiskStratifyError(e)).toBe(true);
    expect(e.message).toBe('f: bad (x); got 3');
    expect(isRiskStratifyError(new Error('x'))).toBe(false);
    expect(isRiskStratifyError({ code: 'invalid_argument' })).toBe(false);
    const copy = Object.create(Object.getPrototypeOf(e));
    Object.defineProperty(copy, Symbol.for('risk-stratify.error'), { value: true });
    expect(isRiskStratifyError(copy)).toBe(true);
  });
  it('toSafe rethrows errors that are not ours (bugs stay loud)', () => {
    expect(() => toSafe(() => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
});

describe('createPopulation puts each person\'s events in date order whatever the input order', () => {
  // dates close together (packed keys) and, sometimes, millions of days apart (the comparator fallback)
  ptest.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: -3_000_000, max: 3_000_000 }))), { maxLength: 200 })])(
    'the per-person order is a stable sort by date (ties keep input order)',
    (events) => {
      const pop = createPopulation({
        ids: ['a', 'b', 'c', 'd'], practices: ['P'], practice: [0, 0, 0, 0], birthDate: [0, 0, 0, 0],
        activity: { patient: events.map((e) => e[0]), date: events.map((e) => e[1]), setting: events.map(() => 0), emergency: events.map(() => 0), cost: events.map((_, j) => j) },
      });
      for (let i = 0; i < 4; i++) {
        const mine = events.map((e, j) => ({ date: e[1], j })).filter((_, j) => events[j]![0] === i);
        const expected = [...mine].sort((x, y) => x.date - y.date || x.j - y.j).map((x) => x.j);
        const lo = pop.activity.offsets[i]!;
        const hi = pop.activity.offsets[i + 1]!;
        expect(Array.from(pop.activity.cost.subarray(lo, hi))).toEqual(expected); // cost carried the input index
      }
    },
  );

  it('200,000 events of one person newest first, and in a cyclic order, come out in date order', () => {
    const n = 200_000;
    for (const date of [Array.from({ length: n }, (_, j) => n - j), Array.from({ length: n }, (_, j) => (j * 7919) % n)]) {
      const pop = createPopulation({
        ids: ['a'], practices: ['P'], practice: [0], birthDate: [0],
        activity: { patient: new Uint32Array(n), date, setting: new Uint8Array(n), emergency: new Uint8Array(n) },
      });
      const d = pop.activity.date;
      let ordered = true;
      for (let k = 1; k < n; k++) if (d[k - 1]! > d[k]!) ordered = false;
      expect(ordered).toBe(true);
      expect(d.length).toBe(n);
    }
  });
});

describe('interned columns never wrap', () => {
  it.each([65_535, 65_536, 65_537, 70_000])('%i distinct condition codes and ethnicities: every index points at its own value', (distinct) => {
    const n = distinct;
    const ids = Array.from({ length: n }, (_, i) => `P${i}`);
    const codes = Array.from({ length: distinct }, (_, i) => `X${i}`);
    const ethnicities = ['', ...Array.from({ length: distinct - 1 }, (_, i) => `E${i}`)];
    const pop = createPopulation({
      ids, practices: ['P'], practice: new Uint32Array(n), birthDate: new Int32Array(n),
      ethnicity: Uint32Array.from({ length: n }, (_, i) => i % ethnicities.length), ethnicities,
      conditions: { patient: Uint32Array.from({ length: n }, (_, i) => i), code: Uint32Array.from({ length: n }, (_, i) => i), codes, date: new Int32Array(n) },
    });
    for (const i of [0, 65_535, 65_536, n - 1].filter((x) => x < n)) {
      expect(pop.conditions.codes[pop.conditions.code[pop.conditions.offsets[i]!]!]).toBe(`X${i}`);
      expect(pop.ethnicities[pop.columns.ethnicity[i]!]).toBe(ethnicities[i % ethnicities.length]);
    }
    expect(pop.conditions.code.BYTES_PER_ELEMENT).toBe(distinct > 65_536 ? 4 : 2);
  });
});
