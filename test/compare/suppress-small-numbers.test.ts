import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { suppressSmallNumbers } from '../../src/compare/suppress-small-numbers.js';
import { suppressCount } from '../../src/compare/suppress-count.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { attackIntervals, type AttackLine, type Shown } from './helpers/attack-table.js';

describe('suppressSmallNumbers', () => {
  it('suppressSmallNumbers(rows) by default keeps 0, suppresses 1-7 as "*", rounds 8+ to the nearest 5 (halves up)', () => {
    const rows = Object.freeze([0, 1, 7, 8, 12, 13, 22, 23, 100].map((n, i) => Object.freeze({ unit: `u${i}`, n })));
    const { rows: out, note } = suppressSmallNumbers(rows);
    // Hand-worked: 0->0; 1,7->*; 8->10 (8/5=1.6); 12->10 (2.4); 13->15 (2.6); 22->20; 23->25; 100->100.
    // The two suppressed cells hold 8 together (> 7), so no secondary suppression is needed.
    expect(out.map((r) => r.n)).toEqual([0, '*', '*', 10, 10, 15, 20, 25, 100]);
    expect(out.map((r) => r.unit)).toEqual(rows.map((r) => r.unit));
    expect(note.countColumns).toEqual(['n']);
    expect(note.suppressedCells).toBe(2);
    expect(note.secondarySuppressedCells).toBe(0);
    expect(note.roundedCells).toBe(6);
    expect(note.text).toMatch(/1-7 are suppressed/);
    expect(rows[1]!.n).toBe(1); // input untouched
  });
  it('treats only all-integer non-negative columns as counts by default, so rates and labels pass through', () => {
    const { rows, note } = suppressSmallNumbers([{ year: 'x', count: 3, rate: 1.5 }, { year: 'y', count: 9, rate: 2.25 }], { secondary: 'none' });
    expect(note.countColumns).toEqual(['count']);
    expect(rows).toEqual([{ year: 'x', count: '*', rate: 1.5 }, { year: 'y', count: 10, rate: 2.25 }]);
  });
  it('is configurable: threshold, rounding base, marker, zero suppression, named columns, derived columns', () => {
    const rows = [{ a: 0, b: 4, r: 0.4 }, { a: 6, b: 11, r: 1.1 }];
    const { rows: out, note } = suppressSmallNumbers(rows, { threshold: 5, roundTo: 1, marker: null, suppressZero: true, columns: ['a', 'b'], derived: { r: 'b' }, secondary: 'none' });
    expect(out).toEqual([{ a: null, b: null, r: null }, { a: 6, b: 11, r: 1.1 }]);
    expect(note.suppressedCells).toBe(2);
    expect(note.derivedSuppressedCells).toBe(1);
  });
  it('reads arquero-like tables through objects()', () => {
    const table = { objects: () => [{ n: 5 }, { n: 50 }] };
    // 5 is small; 50 is suppressed too, or the column total would give the 5 back.
    expect(suppressSmallNumbers(table).rows).toEqual([{ n: '*' }, { n: '*' }]);
    expect(suppressSmallNumbers(table, { secondary: 'none' }).rows).toEqual([{ n: '*' }, { n: 50 }]);
  });
  it('refuses a non-count value in a named count column, naming the function, field and value', () => {
    try {
      suppressSmallNumbers([{ n: 2.5 }], { columns: ['n'] });
      expect.unreachable();
    } catch (e) {
      expect(isRiskStratifyError(e)).toBe(true);
      expect((e as Error).message).toMatch(/suppressSmallNumbers: .*table\.0\.n.*2\.5/);
    }
    expect(() => suppressSmallNumbers([{ n: 1 }], { threshold: -1 })).toThrow(/rule\.threshold/);
    expect(() => suppressSmallNumbers(42 as never)).toThrow(/suppressSmallNumbers/);
  });
  it('refuses totals that do not add up, two total rows for one line, and derived columns that name no count', () => {
    expect(() => suppressSmallNumbers([{ p: 'A', n: 10 }, { p: 'B', n: 20 }, { p: 'all', n: 31 }], { totals: { p: 'all' } })).toThrow(/add up to 30/);
    expect(() => suppressSmallNumbers([{ p: 'A', n: 10 }, { p: 'all', n: 10 }, { p: 'all', n: 10 }], { totals: { p: 'all' } })).toThrow(/two total rows/);
    expect(() => suppressSmallNumbers([{ n: 10, m: 2 }], { columns: ['n'], derived: { r: { from: 'm', over: 'n' } } })).toThrow(/derived\.r\.from/);
    expect(() => suppressSmallNumbers([{ n: 10 }], { derived: { r: { from: 'n', shareOf: 'p' } } })).toThrow(/derived\.r\.shareOf/);
  });
  ptest.prop([fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 30 })])(
    'without secondary suppression: no published count is in 1..7, every published count is a multiple of 5, and rounding moves a count by at most 2',
    (ns) => {
      const out = suppressSmallNumbers(ns.map((n) => ({ n })), { columns: ['n'], secondary: 'none' }).rows;
      out.forEach((r, i) => {
        if (r.n === '*') expect(ns[i]! >= 1 && ns[i]! <= 7).toBe(true);
        else {
          expect(typeof r.n).toBe('number');
          expect((r.n as number) % 5).toBe(0);
          expect(Math.abs((r.n as number) - ns[i]!)).toBeLessThanOrEqual(2);
        }
      });
    },
  );
});

describe('suppressSmallNumbers: secondary suppression by lines (worked by hand)', () => {
  const exact = { threshold: 7, roundTo: 1 }; // no rounding: subtraction would be exact

  it('1-D with a total row: the one small cell is joined by the next smallest, so total minus the rest gives only their sum', () => {
    // A..E = 3, 12, 40, 0, 25; total 80. Primary: A (3). The line has one suppressed cell, so the
    // smallest other positive cell, B (12), is suppressed too: A + B = 80 - 40 - 0 - 25 = 15,
    // which A = 1..14 and B = 14..1 both satisfy. D = 0 is not a candidate (zero stays zero).
    const rows = [['A', 3], ['B', 12], ['C', 40], ['D', 0], ['E', 25], ['all', 80]].map(([p, n]) => ({ practice: p, people: n }));
    const { rows: out, note } = suppressSmallNumbers(rows, { ...exact, totals: { practice: 'all' } });
    expect(out.map((r) => r.people)).toEqual(['*', '*', 40, 0, 25, 80]);
    expect(note.suppressedCells).toBe(1);
    expect(note.secondarySuppressedCells).toBe(1);
    expect(note.lines).toBe(1);
    // without it, the total gives the small cell back
    const open = suppressSmallNumbers(rows, { ...exact, totals: { practice: 'all' }, secondary: 'none' }).rows;
    expect(80 - 12 - 40 - 0 - 25).toBe(3);
    expect(open.map((r) => r.people)).toEqual(['*', 12, 40, 0, 25, 80]);
  });

  it('two small cells whose sum is small are joined by a third: 1 + 1 = 2 would give both back', () => {
    // 1, 1, 30, 40; total 72. A + B = 72 - 30 - 40 = 2 forces A = B = 1, so C (30) is suppressed:
    // A + B + C = 32, A anything from 1 to 30.
    const rows = [['A', 1], ['B', 1], ['C', 30], ['D', 40], ['all', 72]].map(([p, n]) => ({ practice: p, people: n }));
    expect(suppressSmallNumbers(rows, { ...exact, totals: { practice: 'all' } }).rows.map((r) => r.people)).toEqual(['*', '*', '*', 40, 72]);
  });

  it('2-D segment x practice with row and column totals: suppression iterates across both dimensions', () => {
    //             P1   P2   P3 | all
    //   S1         3   20   15 |  38
    //   S2        10   12   30 |  52
    //   S3        25    9   40 |  74
    //   all       38   41   85 | 164
    // Primary: S1P1 (3). Row S1 has one suppressed cell: its smallest other cell, S1P3 (15), goes.
    // Column P1 has one: S2P1 (10) goes. Column P3 now has one (S1P3): S2P3 (30) goes. Row S2 then
    // has two (40 together). Every line with a suppressed cell has two; the four form a rectangle:
    // S1P1 = t, S1P3 = 18 - t, S2P1 = 13 - t, S2P3 = 27 + t for any t from 1 to 12.
    const grid = [[3, 20, 15], [10, 12, 30], [25, 9, 40]];
    const rows: Array<{ segment: string; practice: string; people: number }> = [];
    const segs = ['S1', 'S2', 'S3'];
    const pracs = ['P1', 'P2', 'P3'];
    segs.forEach((s, i) => {
      pracs.forEach((p, j) => rows.push({ segment: s, practice: p, people: grid[i]![j]! }));
      rows.push({ segment: s, practice: 'all', people: grid[i]!.reduce((a, b) => a + b, 0) });
    });
    pracs.forEach((p, j) => rows.push({ segment: 'all', practice: p, people: grid.reduce((a, r) => a + r[j]!, 0) }));
    rows.push({ segment: 'all', practice: 'all', people: 164 });
    const { rows: out, note } = suppressSmallNumbers(rows, { ...exact, totals: { practice: 'all', segment: 'all' } });
    const starred = out.filter((r) => r.people === '*').map((r) => `${r.segment}${r.practice}`).sort();
    expect(starred).toEqual(['S1P1', 'S1P3', 'S2P1', 'S2P3']);
    expect(note.secondarySuppressedCells).toBe(3);
    expect(note.lines).toBe(8); // 4 rows + 4 columns, totals included
    expect(note.unprotectedCells).toBe(0);
  });

  it('a line whose rounded cells sit at the edge of their rounding gives them all back; the audit suppresses two of them', () => {
    // 8 + 8 + 8 + 8 = 32: each 8 is published as 10 (counts 8..12), the total as 30 (28..32).
    // Four cells of at least 8 add up to at most 32 only if every one is 8: all four exact.
    const rows = [8, 8, 8, 8].map((n, i) => ({ practice: `P${i}`, people: n }));
    const open = suppressSmallNumbers([...rows, { practice: 'all', people: 32 }], { totals: { practice: 'all' }, secondary: 'none' }).rows;
    expect(open.map((r) => r.people)).toEqual([10, 10, 10, 10, 30]);
    const shown = open.map((r) => r.people as Shown);
    const lines: AttackLine[] = [{ members: [0, 1, 2, 3], total: 4 }];
    expect(attackIntervals(shown, lines, { threshold: 7, roundTo: 5 }).slice(0, 4)).toEqual([[8, 8], [8, 8], [8, 8], [8, 8]]);
    const safe = suppressSmallNumbers([...rows, { practice: 'all', people: 32 }], { totals: { practice: 'all' } });
    expect(safe.rows.map((r) => r.people)).toEqual(['*', '*', 10, 10, 30]);
    const after = attackIntervals(safe.rows.map((r) => r.people as Shown), lines, { threshold: 7, roundTo: 5 });
    for (const [lo, hi] of after.slice(0, 4)) expect(hi).toBeGreaterThan(lo);
  });

  it("'column' (the older name) protects a single suppressed cell in a column with a second one", () => {
    const { rows, note } = suppressSmallNumbers([{ n: 3 }, { n: 40 }, { n: 9 }, { n: 0 }], { secondary: 'column' });
    expect(rows.map((r) => r.n)).toEqual(['*', 40, '*', 0]);
    expect(note.secondarySuppressedCells).toBe(1);
  });

  it('linked columns (the same people counted twice) are suppressed together, or one would give the other back', () => {
    // people: A is small, C (19) the next smallest; people observed: A is small, B (17) the next.
    // Unlinked, observed C (published 20) stands in for the suppressed people C, and the
    // people total minus B and C gives A back within rounding. Linked, both columns hide A, B, C.
    const rows = [{ p: 'A', people: 3, observed: 3 }, { p: 'B', people: 20, observed: 17 }, { p: 'C', people: 19, observed: 19 }, { p: 'D', people: 60, observed: 58 }];
    const open = suppressSmallNumbers(rows, { columns: ['people', 'observed'] }).rows;
    expect(open.map((r) => [r.people, r.observed])).toEqual([['*', '*'], [20, '*'], ['*', 20], [60, 60]]);
    const linked = suppressSmallNumbers(rows, { columns: ['people', 'observed'], linked: [['people', 'observed']] }).rows;
    expect(linked.map((r) => [r.people, r.observed])).toEqual([['*', '*'], ['*', '*'], ['*', '*'], [60, 60]]);
  });

  it("totals: 'none' and within keep unrelated rows apart", () => {
    const rows = [{ v: 'top2', g: 'A', n: 3 }, { v: 'top2', g: 'B', n: 50 }, { v: 'top5', g: 'A', n: 9 }, { v: 'top5', g: 'B', n: 60 }];
    expect(suppressSmallNumbers(rows, { totals: 'none' }).rows.map((r) => r.n)).toEqual(['*', 50, 10, 60]);
    // per variant the practices add up to an implied total: top2's B goes, top5 is untouched
    expect(suppressSmallNumbers(rows, { totals: { g: 'all' }, within: ['v'] }).rows.map((r) => r.n)).toEqual(['*', '*', 10, 60]);
  });
});

describe('suppressSmallNumbers: derived columns come from the published counts', () => {
  it('rates and shares are computed from the rounded counts, at 1 decimal place, and hidden with their counts', () => {
    const rows = [
      { practice: 'A', people: 1234, admissions: 3 },
      { practice: 'B', people: 2346, admissions: 48 },
      { practice: 'C', people: 5002, admissions: 121 },
      { practice: 'all', people: 8582, admissions: 172 },
    ];
    const { rows: outRows, note } = suppressSmallNumbers(rows, {
      totals: { practice: 'all' },
      derived: { per1000: { from: 'admissions', over: 'people', per: 1000 }, sharePercent: { from: 'people', shareOf: 'practice' } },
    });
    const out: Array<Record<string, unknown>> = outRows;
    // admissions: A (3) small, B (48) next smallest; people rounded: 1235, 2345, 5000, 8580.
    expect(out.map((r) => r['admissions'])).toEqual(['*', '*', 120, 170]);
    expect(out.map((r) => r['people'])).toEqual([1235, 2345, 5000, 8580]);
    expect(out.map((r) => r['per1000'])).toEqual(['*', '*', 24, 19.8]); // 120/5000, 170/8580
    expect(out.map((r) => r['sharePercent'])).toEqual([14.4, 27.3, 58.3, 100]); // 1235/8580, ...
    expect(note.kinds).toMatchObject({ people: 'count', per1000: 'rate', sharePercent: 'percent' });
  });
  it('compute: any function of the published row; format: other columns to their precision', () => {
    const { rows } = suppressSmallNumbers([{ a: 3, b: 40, score: 0.123456789 }, { a: 30, b: 40, score: 0.5 }], {
      totals: 'none', derived: { ratio: { compute: (p) => (p['a'] === null ? null : (p['a'] as number) / (p['b'] as number)), kind: 'ratio' } }, format: { score: 'probability' },
    });
    expect(rows).toEqual([{ a: '*', b: 40, score: 0.123, ratio: '*' }, { a: 30, b: 40, score: 0.5, ratio: 0.75 }]);
  });
});

// ---- the attacker: property tests ------------------------------------------------------------

const RULES = [{ threshold: 7, roundTo: 5 }, { threshold: 7, roundTo: 1 }, { threshold: 5, roundTo: 10 }] as const;
/** Counts with many small ones (the cells that matter) and some zeros. */
const count = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 80 }) });

/** Checks what the attacker gets from a published table and that every derived value is a function of published counts. */
function attack(
  truth: readonly number[], shown: readonly Shown[], lines: readonly AttackLine[], rule: { threshold: number; roundTo: number },
): void {
  const iv = attackIntervals(shown, lines, rule);
  shown.forEach((s, i) => {
    const [lo, hi] = iv[i]!;
    expect(lo <= truth[i]! && truth[i]! <= hi, `truth ${truth[i]} outside [${lo}, ${hi}]`).toBe(true);
    if (s === '*') expect(hi, `suppressed cell ${i} (${truth[i]}) recovered`).toBeGreaterThan(lo);
    else if (s !== 0 && rule.roundTo > 1) expect(hi, `exact count ${i} (${truth[i]}) recovered from ${s}`).toBeGreaterThan(lo);
  });
}

describe('suppressSmallNumbers: no suppressed cell and no exact count can be recovered (the attacker)', () => {
  ptest.prop([fc.array(count, { minLength: 1, maxLength: 7 }), fc.array(count, { minLength: 7, maxLength: 7 }), fc.constantFrom(...RULES)], { numRuns: 150 })(
    '1-D with a total row, a share and a rate: subtraction, share x total, rate x denominator and any linear combination fail',
    (people, admissionsRaw, rule) => {
      const admissions = people.map((p, i) => Math.min(p, admissionsRaw[i]!));
      const rows = people.map((p, i) => ({ area: `A${i}`, people: p, admissions: admissions[i]! }));
      rows.push({ area: 'all', people: people.reduce((a, b) => a + b, 0), admissions: admissions.reduce((a, b) => a + b, 0) });
      const out: Array<Record<string, unknown>> = suppressSmallNumbers(rows, {
        ...rule, totals: { area: 'all' },
        derived: { sharePercent: { from: 'people', shareOf: 'area' }, per1000: { from: 'admissions', over: 'people', per: 1000 } },
      }).rows;
      const total = out[out.length - 1]!;
      // The share and rate add nothing: each is the published count over the published denominator.
      for (const r of out) {
        if (r['people'] === '*') expect(r['sharePercent']).toBe('*');
        else if (typeof total['people'] === 'number' && total['people'] > 0) expect(r['sharePercent']).toBe(Math.round((1000 * (r['people'] as number)) / total['people']) / 10);
        if (r['admissions'] === '*' || r['people'] === '*') expect(r['per1000']).toBe('*');
        else if ((r['people'] as number) > 0) expect(Math.abs((r['per1000'] as number) - (1000 * (r['admissions'] as number)) / (r['people'] as number))).toBeLessThanOrEqual(0.05 + 1e-9);
      }
      const members = people.map((_, i) => i);
      for (const col of ['people', 'admissions'] as const) {
        attack(rows.map((r) => r[col]), out.map((r) => r[col] as Shown), [{ members, total: people.length }], rule);
      }
    },
  );

  ptest.prop([fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.array(count, { minLength: 16, maxLength: 16 }), fc.constantFrom(...RULES)], { numRuns: 120 })(
    '2-D segment x practice with row and column totals and shares within practice: the attacker recovers nothing',
    (S, P, pool, rule) => {
      const grid = Array.from({ length: S }, (_, s) => Array.from({ length: P }, (_, p) => pool[s * 4 + p]!));
      type Row = { segment: string; practice: string; people: number };
      const rows: Row[] = [];
      const at = new Map<string, number>();
      const add = (segment: string, practice: string, people: number): void => { at.set(`${segment}|${practice}`, rows.push({ segment, practice, people }) - 1); };
      for (let s = 0; s < S; s++) for (let p = 0; p < P; p++) add(`S${s}`, `P${p}`, grid[s]![p]!);
      for (let s = 0; s < S; s++) add(`S${s}`, 'all', grid[s]!.reduce((a, b) => a + b, 0));
      for (let p = 0; p < P; p++) add('all', `P${p}`, grid.reduce((a, r) => a + r[p]!, 0));
      add('all', 'all', grid.flat().reduce((a, b) => a + b, 0));
      const out: Array<Record<string, unknown>> = suppressSmallNumbers(rows, { ...rule, totals: { practice: 'all', segment: 'all' }, derived: { sharePercent: { from: 'people', shareOf: 'segment' } } }).rows;
      for (const r of out) {
        const t = out[at.get(`all|${String(r['practice'])}`)!]!;
        if (r['people'] === '*' || t['people'] === '*') expect(r['sharePercent']).toBe('*');
      }
      const lines: AttackLine[] = [];
      for (let s = 0; s < S; s++) lines.push({ members: Array.from({ length: P }, (_, p) => at.get(`S${s}|P${p}`)!), total: at.get(`S${s}|all`)! });
      lines.push({ members: Array.from({ length: P }, (_, p) => at.get(`all|P${p}`)!), total: at.get('all|all')! });
      for (let p = 0; p < P; p++) lines.push({ members: Array.from({ length: S }, (_, s) => at.get(`S${s}|P${p}`)!), total: at.get(`all|P${p}`)! });
      lines.push({ members: Array.from({ length: S }, (_, s) => at.get(`S${s}|all`)!), total: at.get('all|all')! });
      attack(rows.map((r) => r.people), out.map((r) => r['people'] as Shown), lines, rule);
    },
  );

  it('the attacker has teeth: without secondary suppression it recovers the small cell', () => {
    const rows = [['A', 3], ['B', 12], ['C', 40], ['all', 55]].map(([p, n]) => ({ practice: p as string, people: n as number }));
    const out = suppressSmallNumbers(rows, { threshold: 7, roundTo: 1, totals: { practice: 'all' }, secondary: 'none' }).rows;
    const iv = attackIntervals(out.map((r) => r.people as Shown), [{ members: [0, 1, 2], total: 3 }], { threshold: 7, roundTo: 1 });
    expect(iv[0]).toEqual([3, 3]);
    expect(suppressCount(3, { threshold: 7, roundTo: 1, suppressZero: false })).toBeNull();
  });
});
