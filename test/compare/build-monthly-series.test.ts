import { describe, expect, it } from 'vitest';
import { buildMonthlySeries } from '../../src/compare/build-monthly-series.js';
import { publishMonthlySeries } from '../../src/compare/publish-monthly-series.js';
import { monitor } from '../../src/compare/monitor.js';
import { createPopulation } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';

const D = (s: string): number => parseDate(s)!;

// Four people, hand-placed events (see the comments on each assertion).
function tinyPopulation() {
  return createPopulation({
    ids: ['a', 'b', 'c', 'd'],
    practices: ['P1', 'P2'],
    practice: [0, 0, 1, 1],
    birthDate: [D('1950-01-01'), D('1960-01-01'), D('1940-01-01'), D('1980-01-01')],
    registeredFrom: [D('2000-01-01'), D('2024-02-15'), D('2000-01-01'), D('2000-01-01')],
    deathDate: [2147483647, 2147483647, D('2024-02-10'), 2147483647],
    window: { extractDate: D('2024-03-31'), activityFrom: D('2023-12-01') }, // the extract: December to March
    activity: {
      patient: [0, 0, 0, 0, 1, 1, 2, 2, 3],
      date: [D('2024-01-05'), D('2024-01-05'), D('2024-03-20'), D('2024-02-01'), D('2024-02-20'), D('2024-02-01'), D('2024-02-05'), D('2024-02-12'), D('2023-12-31')],
      setting: [0, 1, 0, 0, 1, 1, 0, 1, 0],
      emergency: [1, 0, 1, 0, 0, 0, 1, 0, 1],
      bedDays: [3, 0, 2, 1, 0, 0, 4, 0, 5],
      diagnosis: [0, -1, 1, -1, -1, -1, 2, -1, 0],
      diagnoses: ['I50', 'S72', 'J44'],
    },
  });
}

describe('buildMonthlySeries', () => {
  const pop = tinyPopulation();
  it('counts events in the month for people eligible on the event date over people registered and alive on the 1st', () => {
    const rows = buildMonthlySeries(pop, { from: '2024-01-15', to: '2024-03-01', measures: ['emergencyAdmissionsPer1000', 'avoidableAdmissionsPer1000', 'bedDaysPer1000', 'aePer1000'] });
    const get = (measure: string) => rows.filter((r) => r.measure === measure).map((r) => [r.month, r.numerator, r.denominator]);
    // Denominators: Jan a,c,d = 3; Feb a,c,d = 3 (b joins 15 Feb); Mar a,b,d = 3 (c died 10 Feb).
    // Emergency: a 5 Jan; c 5 Feb; a 20 Mar (the elective 1 Feb and d's 31 Dec do not count).
    expect(get('emergencyAdmissionsPer1000')).toEqual([['2024-01', 1, 3], ['2024-02', 1, 3], ['2024-03', 1, 3]]);
    // Avoidable: I50 in Jan, J44 in Feb, S72 (hip fracture) in Mar is not an ACSC.
    expect(get('avoidableAdmissionsPer1000')).toEqual([['2024-01', 1, 3], ['2024-02', 1, 3], ['2024-03', 0, 3]]);
    expect(get('bedDaysPer1000')).toEqual([['2024-01', 3, 3], ['2024-02', 4, 3], ['2024-03', 2, 3]]);
    // A&E: a 5 Jan; b 20 Feb (registered by then; b's 1 Feb visit predates registration); c's 12 Feb is after death.
    expect(get('aePer1000')).toEqual([['2024-01', 1, 3], ['2024-02', 1, 3], ['2024-03', 0, 3]]);
    expect(rows[0]!.value).toBeCloseTo(1000 / 3, 12);
  });
  it('splits by practice or by site', () => {
    const byPractice = buildMonthlySeries(pop, { from: '2024-01-01', to: '2024-03-31', per: 'practice', measures: ['emergencyAdmissionsPer1000'] });
    expect(byPractice.map((r) => `${r.unit} ${r.month} ${r.numerator}/${r.denominator}`)).toEqual([
      'P1 2024-01 1/1', 'P1 2024-02 0/1', 'P1 2024-03 1/2', 'P2 2024-01 0/2', 'P2 2024-02 1/2', 'P2 2024-03 0/1',
    ]);
    const bySite = buildMonthlySeries(pop, { from: '2024-01-01', to: '2024-01-31', per: 'site', sites: { P2: 'North' }, measures: ['emergencyAdmissionsPer1000'] });
    expect(bySite).toHaveLength(1);
    expect(bySite[0]!.unit).toBe('North');
    expect(() => buildMonthlySeries(pop, { from: '2024-01-01', to: '2024-01-31', per: 'site' })).toThrow(/buildMonthlySeries: .*options\.sites/);
  });
  it('restricts to a cohort, and averages a per-person measure per person then per month', () => {
    const rows = buildMonthlySeries(pop, {
      from: '2024-01-01', to: '2024-02-28', measures: [],
      perPersonMeasure: { name: 'eq5d', values: [{ id: 'a', date: '2024-01-10', value: 0.6 }, { id: 'a', date: '2024-01-20', value: 0.8 }, { id: 'd', date: '2024-01-15', value: 0.5 }] },
    });
    // Jan: a's mean 0.7 and d's 0.5 -> (0.7 + 0.5) / 2 = 0.6 over 2 people; Feb: nobody.
    expect(rows[0]!.value).toBeCloseTo(0.6, 12);
    expect(rows[0]!.denominator).toBe(2);
    expect(rows[1]!.denominator).toBe(0);
    expect(rows[1]!.value).toBeNull(); // nobody to divide by: no value, never NaN
    const cohort = buildMonthlySeries(pop, { from: '2024-01-01', to: '2024-03-01', cohort: ['a'], measures: ['emergencyAdmissionsPer1000'] });
    expect(cohort.map((r) => [r.numerator, r.denominator])).toEqual([[1, 1], [0, 1], [1, 1]]);
  });
  it('refuses bad ranges and unknown ids, naming the field', () => {
    expect(() => buildMonthlySeries(pop, { from: '2024-03-01', to: '2024-01-01' })).toThrow(/options\.to/);
    expect(() => buildMonthlySeries(pop, { from: 'soon', to: '2024-01-01' })).toThrow(/options\.from.*soon/);
    expect(() => buildMonthlySeries(pop, { from: '2024-01-01', to: '2024-01-01', cohort: ['zz'] })).toThrow(/options\.cohort\.0.*zz/);
  });
});

describe('buildMonthlySeries -> monitor', () => {
  it('rows of one unit and measure go straight into a u-chart per 1,000, dated by month', () => {
    const rows = buildMonthlySeries(tinyPopulation(), { from: '2024-01-01', to: '2024-03-31', measures: ['emergencyAdmissionsPer1000'] });
    const r = monitor(rows, { chart: 'u', multiplier: 1000, rebase: [{ at: '2024-03-01', reason: 'MDT started' }] });
    // u-bar over Jan-Feb = (1 + 1) / (3 + 3) per person = 333.3 per 1,000
    expect(r.segments[0]!.centre).toBeCloseTo(1000 / 3, 9);
    expect(r.points.map((p) => p.label)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.segments[1]!.reason).toBe('MDT started');
  });
});

describe('publishMonthlySeries', () => {
  it('suppresses small numerators, computes rates from the published counts, and hides per-person numerators and means with the people counted', () => {
    const rows = [
      { unit: 'P1', month: '2024-01', monthStart: 0, measure: 'aePer1000', numerator: 3, denominator: 5012, value: 3000 / 5012 },
      { unit: 'P1', month: '2024-02', monthStart: 31, measure: 'aePer1000', numerator: 12, denominator: 5012, value: 12000 / 5012 },
      { unit: 'P1', month: '2024-01', monthStart: 0, measure: 'eq5d', numerator: 2.1, denominator: 3, value: 0.7 },
      { unit: 'P1', month: '2024-02', monthStart: 31, measure: 'eq5d', numerator: 7.2, denominator: 9, value: 0.8 },
    ];
    const { rows: out, notes } = publishMonthlySeries(Object.freeze(rows.map((r) => Object.freeze(r))));
    expect(out.map((r) => [r['numerator'], r['denominator'], r['value']])).toEqual([
      ['*', 5010, '*'], [10, 5010, 2], [null, '*', '*'], [null, 10, 0.8], // 2 = 10 / 5010 x 1,000 to 1 dp, not 12 / 5012
    ]);
    expect(notes['aePer1000']!.countColumns).toEqual(['numerator', 'denominator']);
    expect(notes['eq5d']!.countColumns).toEqual(['denominator']);
    expect(publishMonthlySeries(rows, false).rows).toEqual(rows);
  });
});
