// The extract's window, checked by every step with an as-of date, a lookback or a horizon.
// One generated case per function: a window refused when it runs past the extract (or starts
// after it), warned about (or refused with beforeData: 'error') when it starts before activity
// is complete, and accepted without a window warning when it lies inside.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { checkAsOf, checkSpan, earliestAsOf, latestAsOf } from '../../src/core/check-window.js';
import { createPopulation, type Population } from '../../src/core/population.js';
import { addMonths, civilFromDay, dayFromCivil, formatDay, parseDate } from '../../src/core/dates.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { evaluateScores } from '../../src/evaluate/evaluate-scores.js';
import { segment } from '../../src/segment/segment.js';
import { frailtyCategories } from '../../src/segment/frailty-categories.js';
import { summarisePopulation } from '../../src/synth/summarise-population.js';
import { backtestOutcomes } from '../../src/compare/backtest-outcomes.js';
import { compareVariants } from '../../src/compare/compare-variants.js';
import { buildMonthlySeries } from '../../src/compare/build-monthly-series.js';
import { monitor } from '../../src/compare/monitor.js';
import { evaluateIntervention, type InterventionResult } from '../../src/compare/evaluate-intervention.js';
import { compareArms } from '../../src/compare/compare-arms.js';
import { thrown } from '../helpers/thrown.js';

const d = (s: string): number => parseDate(s)!;

const windowWarnings = (ws: readonly { code: string }[]): string[] => ws.filter((w) => w.code.startsWith('window_')).map((w) => w.code);

const W = Object.freeze({ extractDate: d('2024-03-31'), activityFrom: d('2021-04-01'), extractDateSource: 'given', activityFromSource: 'given', rule: '' } as const);

describe('checkAsOf and checkSpan (the shared rule)', () => {
  it('refuses an as-of date after the extract date, naming the function, the dates and the window', () => {
    const e = thrown(() => checkAsOf('selectCohort', W, d('2025-03-31'), ['options', 'asOf']));
    expect(e.code).toBe('window_past_extract');
    expect(e.message).toBe('selectCohort: the as-of date 2025-03-31 is after the extract date 2024-03-31: nothing after the extract date is in the data (the extract\'s window: activity complete from 2021-04-01 to the extract date 2024-03-31) (options.asOf); got "2025-03-31"');
    expect(() => checkAsOf('selectCohort', W, d('2024-03-31'), ['options', 'asOf'])).not.toThrow();
  });
  it('refuses a window running past the extract date or starting after it, with the fix', () => {
    const late = thrown(() => checkSpan('buildOutcomes', W, { what: 'the outcome window', first: d('2024-03-01'), last: d('2025-02-28'), path: ['options', 'horizonMonths'], fixLate: 'use an earlier asOf' }, 'warn'));
    expect(late.code).toBe('window_past_extract');
    expect(late.message).toMatch(/^buildOutcomes: the outcome window, 2024-03-01 to 2025-02-28, runs past the extract date 2024-03-31: events after it are not in the data, so its counts would be too low and look like a fall .*; use an earlier asOf/);
    const after = thrown(() => checkSpan('evaluateIntervention', W, { what: 'the after window', first: d('2024-06-01'), last: d('2025-05-31'), path: ['x'] }, 'warn'));
    expect(after.message).toMatch(/starts after the extract date 2024-03-31: there are no data for it, so it cannot give a number/);
  });
  it("warns about a window starting before activity is complete, or refuses with 'error'", () => {
    const span = { what: 'the lookback window', first: d('2021-01-01'), last: d('2021-12-31'), path: ['options', 'lookbackMonths'] };
    const w = checkSpan('buildFeatures', W, span, 'warn');
    expect(w).toMatchObject({ code: 'window_before_data', path: ['options', 'lookbackMonths'] });
    expect(w!.message).toMatch(/^buildFeatures: the lookback window, 2021-01-01 to 2021-12-31, starts before activity is complete \(from 2021-04-01\)/);
    const e = thrown(() => checkSpan('buildFeatures', W, span, 'error'));
    expect(e.code).toBe('window_before_data');
    expect(e.message).toMatch(/beforeData: 'warn' accepts it with a warning/);
    expect(checkSpan('buildFeatures', W, { ...span, first: d('2021-04-01') }, 'error')).toBeUndefined();
  });
  test.prop([fc.integer({ min: d('2000-01-01'), max: d('2040-12-31') }), fc.integer({ min: 1, max: 120 })])(
    'latestAsOf and earliestAsOf are the exact edges of (asOf, asOf + m] and (asOf - m, asOf]', (day, m) => {
      const hi = latestAsOf(day, m);
      expect(addMonths(hi, m)).toBeLessThanOrEqual(day);
      expect(addMonths(hi + 1, m)).toBeGreaterThan(day);
      const lo = earliestAsOf(day, m);
      expect(addMonths(lo, -m) + 1).toBeGreaterThanOrEqual(day);
      expect(addMonths(lo - 1, -m) + 1).toBeLessThan(day);
    });
});

// ---------------------------------------------------------------------------------------------
// One generated case per function.

/** A generated extract: its window, and a number of months for lookbacks and horizons. */
interface Case { extract: number; from: number; months: number; pick: number }
const caseArb: fc.Arbitrary<Case> = fc.record({
  extract: fc.integer({ min: d('2019-01-01'), max: d('2027-12-31') }),
  spanDays: fc.integer({ min: 3 * 365, max: 6 * 365 }),
  months: fc.integer({ min: 1, max: 18 }),
  pick: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
}).map(({ extract, spanDays, months, pick }) => ({ extract, from: extract - spanDays, months, pick }));

/** A day in [lo, hi] chosen by `pick`. */
const between = (lo: number, hi: number, pick: number): number => lo + Math.floor(pick * (hi - lo + 1));

/** The as-of days where windows of `months` before and after fit, run past, or start early. */
function asOfs(c: Case) {
  const lo = earliestAsOf(c.from, c.months);
  const hi = latestAsOf(c.extract, c.months);
  return {
    inside: between(lo, hi, c.pick),
    past: between(hi + 1, c.extract + 400, c.pick), // the horizon runs past the extract date
    after: between(c.extract + 1, c.extract + 400, c.pick), // the as-of date itself is after it
    early: between(c.from - 300, lo - 1, c.pick), // the lookback starts before activity is complete
  };
}

/** 30 people in 2 practices, an activity record a month each across the extract (and a little before it). */
function population(c: Case): Population {
  const n = 30;
  const act: { patient: number[]; date: number[]; setting: number[]; emergency: number[] } = { patient: [], date: [], setting: [], emergency: [] };
  for (let i = 0; i < n; i++) {
    for (let day = c.from - 90 + i; day <= c.extract; day += 31 + (i % 5)) {
      act.patient.push(i);
      act.date.push(day);
      act.setting.push(i % 3 === 0 ? 0 : 3);
      act.emergency.push(i % 3 === 0 ? 1 : 0);
    }
  }
  return createPopulation({
    ids: Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`), practices: ['A', 'B'],
    practice: Array.from({ length: n }, (_, i) => i % 2), birthDate: Array.from({ length: n }, (_, i) => d('1940-01-01') + 300 * i),
    registeredFrom: new Array<number>(n).fill(d('1990-01-01')),
    activity: { ...act, diagnosis: act.patient.map(() => 0), diagnoses: ['I50'] },
    window: { extractDate: c.extract, activityFrom: c.from },
  });
}

const firstOfMonth = (day: number): number => {
  const x = civilFromDay(day);
  return dayFromCivil(x.year, x.month, 1);
};

describe('every step refuses a window outside the extract and accepts one inside (one generated case per function)', () => {
  const opts = { numRuns: 30 };

  test.prop([caseArb], opts)('buildFeatures: as-of after the extract refused; lookback before complete data a warning, or an error by beforeData', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    expect(windowWarnings(buildFeatures(pop, { asOf: at.inside, lookbackMonths: c.months }).warnings)).toEqual([]);
    expect(thrown(() => buildFeatures(pop, { asOf: at.after, lookbackMonths: c.months })).code).toBe('window_past_extract');
    expect(windowWarnings(buildFeatures(pop, { asOf: at.early, lookbackMonths: c.months }).warnings)).toEqual(['window_before_data']);
    expect(thrown(() => buildFeatures(pop, { asOf: at.early, lookbackMonths: c.months, beforeData: 'error' })).code).toBe('window_before_data');
  });

  test.prop([caseArb], opts)('buildOutcomes: a horizon running past the extract refused', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    expect(windowWarnings(buildOutcomes(pop, { asOf: at.inside, horizonMonths: c.months }).warnings)).toEqual([]);
    expect(thrown(() => buildOutcomes(pop, { asOf: at.past, horizonMonths: c.months })).code).toBe('window_past_extract');
    expect(thrown(() => buildOutcomes(pop, { asOf: between(c.from - 300, c.from - 2, c.pick), horizonMonths: c.months, beforeData: 'error' })).code).toBe('window_before_data');
  });

  test.prop([caseArb], opts)('selectCohort: an as-of date after the extract refused', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    const scores = Float64Array.from({ length: pop.size }, (_, i) => i / pop.size);
    expect(selectCohort(scores, pop, { asOf: at.inside, topPercent: 10 }).selected.rows.length).toBeGreaterThan(0);
    expect(thrown(() => selectCohort(scores, pop, { asOf: at.after, topPercent: 10 })).code).toBe('window_past_extract');
  });

  test.prop([caseArb], opts)('evaluateScores: outcomes whose window runs past their extract refused', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    const o = buildOutcomes(pop, { asOf: at.inside, horizonMonths: c.months });
    const scores = Float64Array.from(o.rows, (r) => r / pop.size);
    expect(evaluateScores(scores, o.emergencyAdmission, { outcomeWindow: o }).outcomeWindow).toEqual({ asOf: formatDay(at.inside), end: formatDay(o.window[1]), extractDate: formatDay(c.extract) });
    const truncated = { window: [at.past, addMonths(at.past, c.months)] as const, dataWindow: pop.window };
    expect(thrown(() => evaluateScores(scores, o.emergencyAdmission, { outcomeWindow: truncated })).code).toBe('window_past_extract');
  });

  test.prop([caseArb], opts)('segment: an as-of date after the extract refused', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    expect(segment(pop, frailtyCategories(), { asOf: at.inside }).rows.length).toBeGreaterThan(0);
    expect(thrown(() => segment(pop, frailtyCategories(), { asOf: at.after })).code).toBe('window_past_extract');
  });

  test.prop([caseArb], opts)('summarisePopulation: an as-of date after the extract refused, a rate period before complete data a warning', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    expect(windowWarnings(summarisePopulation(pop, { asOf: at.inside, from: addMonths(at.inside, -c.months) + 1 }).warnings)).toEqual([]);
    expect(thrown(() => summarisePopulation(pop, { asOf: at.after })).code).toBe('window_past_extract');
    expect(windowWarnings(summarisePopulation(pop, { asOf: at.early, from: addMonths(at.early, -c.months) + 1 }).warnings)).toEqual(['window_before_data']);
  });

  test.prop([caseArb], opts)('backtestOutcomes: a horizon past the extract refused; a prior window before complete data a warning', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    const o = backtestOutcomes(pop, { asOf: at.inside, horizonMonths: c.months, lookbackMonths: c.months });
    expect(windowWarnings(o.warnings)).toEqual([]);
    expect(thrown(() => backtestOutcomes(pop, { asOf: at.past, horizonMonths: c.months, lookbackMonths: c.months })).code).toBe('window_past_extract');
    expect(windowWarnings(backtestOutcomes(pop, { asOf: at.early, horizonMonths: c.months, lookbackMonths: c.months }).warnings)).toEqual(['window_before_data']);
    expect(thrown(() => backtestOutcomes(pop, { asOf: at.early, horizonMonths: c.months, lookbackMonths: c.months, beforeData: 'error' })).code).toBe('window_before_data');
  });

  test.prop([caseArb], opts)('compareVariants: its outcomes\' horizon (carried, or from horizonMonths) past the extract refused', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    const scores = Float64Array.from({ length: pop.size }, (_, i) => i / pop.size);
    const variants = [{ name: 'top 10%', topPercent: 10 }];
    const a = { bootstrap: 20, suppression: false as const, horizonMonths: c.months, lookbackMonths: c.months };
    const o = backtestOutcomes(pop, { asOf: at.inside, horizonMonths: c.months, lookbackMonths: c.months });
    expect(windowWarnings(compareVariants(scores, pop, o, variants, { ...a, asOf: at.inside }).warnings)).toEqual([]);
    const plain = { emergencyAdmissions: o.emergencyAdmissions, bedDays: o.bedDays, priorEmergencyAdmissions: o.priorEmergencyAdmissions };
    expect(thrown(() => compareVariants(scores, pop, plain, variants, { ...a, asOf: at.past })).code).toBe('window_past_extract');
    expect(thrown(() => compareVariants(scores, pop, o, variants, { ...a, asOf: at.after })).code).toBe('window_past_extract');
    expect(windowWarnings(compareVariants(scores, pop, plain, variants, { ...a, asOf: at.early }).warnings)).toEqual(['window_before_data']);
  });

  test.prop([caseArb], opts)('buildMonthlySeries: a month ending after the extract refused; a first month before complete data a warning', (c) => {
    const pop = population(c);
    const first = addMonths(firstOfMonth(c.from), 1); // whole months from complete data
    const lastWhole = firstOfMonth(c.extract + 1) - 1; // the last day of the last whole month
    const to = between(first, lastWhole, c.pick);
    expect(windowWarnings(buildMonthlySeries(pop, { from: first, to }).warnings)).toEqual([]);
    expect(thrown(() => buildMonthlySeries(pop, { from: first, to: between(lastWhole + 1, c.extract + 400, c.pick) })).code).toBe('window_past_extract');
    const early = between(c.from - 300, firstOfMonth(c.from) - 1, c.pick);
    expect(windowWarnings(buildMonthlySeries(pop, { from: early, to }).warnings)).toEqual(['window_before_data']);
  });

  test.prop([caseArb], opts)('monitor: with the population\'s window, a point past the extract refused; points before complete data a warning', (c) => {
    const pop = population(c);
    const first = addMonths(firstOfMonth(c.from), 1);
    const months = Array.from({ length: 6 }, (_, k) => addMonths(first, k));
    const point = (m: number) => ({ monthStart: m, month: formatDay(m).slice(0, 7), numerator: 5, denominator: 100 });
    expect(windowWarnings(monitor(months.map(point), { chart: 'u', window: pop.window }).warnings)).toEqual([]);
    // The month of a day after the extract date ends after it (a part-month, or wholly after).
    const lateMonth = firstOfMonth(between(c.extract + 1, c.extract + 400, c.pick));
    expect(thrown(() => monitor([...months, lateMonth].map(point), { chart: 'u', window: pop.window })).code).toBe('window_past_extract');
    expect(thrown(() => monitor([1, 2, 3], { chart: 'xmr', window: pop.window })).message).toMatch(/every point needs a date/);
    const early = [addMonths(firstOfMonth(c.from), -1), ...months].map(point);
    expect(windowWarnings(monitor(early, { chart: 'u', window: pop.window }).warnings)).toEqual(['window_before_data']);
  });

  test.prop([caseArb], { numRuns: 15 })('evaluateIntervention: an after window past the extract (or a start after it) refused; a before window before complete data a warning', (c) => {
    const pop = population(c);
    const at = asOfs(c);
    const run = (start: number, extra: object = {}) => evaluateIntervention({
      population: pop, treated: [{ id: 'p00', start: formatDay(start) }, { id: 'p01', start: formatDay(start) }], predictedRisk: (row) => 0.1 + row / 100,
      before: c.months, after: c.months, caliper: 10, bootstrap: 20, biasCorrection: false, suppression: false, ...extra,
    });
    // A start s reads the before window [s - months, s) and the after window [s, s + months).
    const lo = earliestAsOf(c.from + 1, c.months); // the first start whose before window is complete
    const hi = latestAsOf(c.extract + 1, c.months); // the last start whose after window ends by the extract date
    expect(windowWarnings(run(between(lo, hi, c.pick)).warnings)).toEqual([]);
    expect(thrown(() => run(between(hi + 1, c.extract + 400, c.pick))).code).toBe('window_past_extract');
    expect(thrown(() => run(at.after)).code).toBe('window_past_extract');
    const early = between(c.from - 300, lo - 1, c.pick);
    expect(windowWarnings(run(early).warnings)).toEqual(['window_before_data']);
    expect(thrown(() => run(early, { beforeData: 'error' })).code).toBe('window_before_data');
  });

  describe('compareArms', () => {
    const c: Case = { extract: d('2024-03-31'), from: d('2021-04-01'), months: 12, pick: 0.5 };
    const pop = population(c);
    const arm = (start: string): InterventionResult => evaluateIntervention({
      population: pop, treated: [{ id: 'p00', start }, { id: 'p01', start }], predictedRisk: (row) => 0.1 + row / 100, caliper: 10, bootstrap: 20, biasCorrection: false, suppression: false,
    });
    const a = arm('2023-01-01');
    const b = arm('2022-06-01');
    test.prop([fc.integer({ min: -700, max: 700 }), fc.integer({ min: -700, max: 700 })], { numRuns: 40 })(
      "refuses an arm whose days run past its extract, warns (or refuses with 'error') about one before complete data, accepts one inside", (dFirst, dLast) => {
        const moved = { ...b, window: { ...b.window, first: b.window.first + dFirst, last: b.window.last + dLast } };
        const first = Math.min(moved.window.first, moved.window.last);
        const last = Math.max(moved.window.first, moved.window.last);
        const arm2 = { ...moved, window: { ...moved.window, first, last } };
        if (last > c.extract) expect(thrown(() => compareArms(a, arm2)).code).toBe('window_past_extract');
        else if (first < c.from) {
          expect(windowWarnings(compareArms(a, arm2).warnings)).toEqual(['window_before_data']);
          expect(thrown(() => compareArms(a, arm2, { beforeData: 'error' })).code).toBe('window_before_data');
        } else expect(compareArms(a, arm2).warnings).toEqual([]);
      });
    it('refuses a result without the window it read', () => {
      const { window: _w, ...old } = b;
      expect(thrown(() => compareArms(a, old as unknown as InterventionResult)).message).toMatch(/compareArms: expected the result of evaluateIntervention, with the window it read \(effectB\.window\)/);
    });
  });
});
