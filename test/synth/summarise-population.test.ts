import { describe, expect, it } from 'vitest';
import { createPopulation } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { summarisePopulation } from '../../src/synth/summarise-population.js';
import { generatePopulation } from '../../src/synth/generate-population.js';

const d = (s: string): number => parseDate(s)!;
const NO = 2147483647;

// Four people, hand-worked below. Period 2021-04-01 .. 2022-04-01 (365 days).
const pop = createPopulation({
  ids: ['a', 'b', 'c', 'd'],
  practices: ['P1', 'P2'],
  practice: [0, 0, 1, 1],
  sex: [1, 2, 1, 2],
  birthDate: [d('1950-01-01'), d('2000-07-01'), d('1930-01-01'), d('2015-01-01')],
  deathDate: [NO, NO, d('2021-10-01'), NO],
  registeredFrom: [d('2000-01-01'), d('2021-10-01'), d('1990-01-01'), d('2015-02-01')],
  registeredTo: [NO, NO, d('2021-10-01'), NO],
  imdDecile: [3, 10, 5, 0],
  careHome: [0, 0, 1, 0],
  optedOut: [0, 1, 0, 0],
  activity: {
    patient: [0, 0, 0, 0, 1, 1],
    date: [d('2021-06-01'), d('2021-06-01'), d('2020-01-01'), d('2022-05-01'), d('2021-12-01'), d('2022-01-10')],
    endDate: [d('2021-06-11'), NO, NO, NO, d('2021-12-01'), d('2022-01-10')],
    setting: [0, 1, 3, 2, 0, 0],
    emergency: [1, 0, 0, 0, 1, 0],
    bedDays: [10, 0, 0, 0, 0, 0],
    diagnosis: [0, -1, -1, -1, 1, 2],
    diagnoses: ['J441', 'R104', 'H251'],
    cost: [4150, 180, 40, 130, 650, 800],
  },
  conditions: {
    patient: [0, 0, 2],
    code: [0, 1, 0],
    codes: ['COPD', 'hypertension'],
    date: [d('2010-01-01'), d('2023-01-01'), d('2005-01-01')],
  },
});

describe('summarisePopulation', () => {
  const s = summarisePopulation(pop, { asOf: '2022-04-01' });
  // Person-time: a 365 days, b 182 (from 2021-10-01), c 183 (to death 2021-10-01), d 365.
  const py = (365 + 182 + 183 + 365) / 365.25;

  it('defaults the period to the 12 months before asOf and counts registered-and-alive person-time', () => {
    expect(s.period.from).toBe('2021-04-01');
    expect(s.period.to).toBe('2022-04-01');
    expect(s.period.personYears).toBeCloseTo(py, 12);
    expect(s.people).toEqual({ rows: 4, registered: 3 });
  });

  it('counts only events inside each person\'s registered time in the period, per 1,000 person-years', () => {
    const row = (m: string) => s.activity.find((r) => r.measure === m)!;
    expect(row('emergency_admissions').count).toBe(2);
    expect(row('emergency_admissions').per1000PerYear).toBeCloseTo((1000 * 2) / py, 9);
    expect(row('acsc_emergency_admissions').count).toBe(1);
    expect(row('emergency_bed_days').count).toBe(10);
    expect(row('elective_admissions').count).toBe(1);
    expect(row('ae_attendances').count).toBe(1);
    expect(row('gp_contacts').count).toBe(0);
    expect(row('outpatient_attendances').count).toBe(0);
    // By age band (age at the start of the period): a is 71 (65-74), b is 20 (15-24).
    expect(row('emergency_admissions').byAgeBand[7]).toBeCloseTo(1000 / (365 / 365.25), 9);
    expect(row('emergency_admissions').byAgeBand[2]).toBeCloseTo(1000 / (182 / 365.25), 9);
    // d (age 6) has person-time and no admissions; nobody is 0-4 or 35-44.
    expect(row('emergency_admissions').byAgeBand[1]).toBe(0);
    expect(Number.isNaN(row('emergency_admissions').byAgeBand[0]!)).toBe(true);
    expect(Number.isNaN(row('emergency_admissions').byAgeBand[4]!)).toBe(true);
    expect(s.acscShareOfEmergency).toBe(0.5);
    expect(s.emergencyMeanLengthOfStay.overall).toBe(5);
    expect(s.cost).toBe(4150 + 180 + 650 + 800);
    expect(s.deaths.count).toBe(1);
    expect(s.deaths.per1000PerYear).toBeCloseTo(1000 / py, 9);
  });

  it('describes the cross-section on asOf: lists, ages by sex, prevalence, IMD, care home, opt-outs', () => {
    expect(s.practices).toEqual({ count: 2, listSize: { min: 1, median: 1.5, max: 2 } });
    expect(s.ageSex.female[7]).toBe(1);
    expect(s.ageSex.male[2]).toBe(1);
    expect(s.ageSex.male[1]).toBe(1);
    expect(s.ageSex.female.reduce((x, y) => x + y, 0) + s.ageSex.male.reduce((x, y) => x + y, 0)).toBe(3);
    const copd = s.conditions.find((c) => c.code === 'COPD')!;
    expect(copd.count).toBe(1);
    expect(copd.percent).toBeCloseTo(100 / 3, 12);
    expect(copd.percentByAgeBand[7]).toBe(100);
    expect(s.conditions.find((c) => c.code === 'hypertension')!.count).toBe(0);
    expect(s.imdDecile).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(s.careHome.count).toBe(0);
    expect(s.optedOut.count).toBe(1);
  });

  it('is JSON-serialisable and does not mutate the population', () => {
    const before = Array.from(pop.activity.date);
    const again = summarisePopulation(pop, { asOf: d('2022-04-01'), from: '2021-04-01', to: '01/04/2022' });
    expect(JSON.parse(JSON.stringify(again)).people).toEqual(s.people);
    expect(again.activity).toEqual(s.activity);
    expect(Array.from(pop.activity.date)).toEqual(before);
  });

  it.each([
    [{ asOf: 'soon' }, 'asOf'],
    [{ asOf: '2022-04-01', from: '2022-04-01', to: '2022-04-01' }, 'from'],
    [{ asOf: '2022-04-01', to: 'never' }, 'to'],
  ])('summarisePopulation(pop, %j) throws invalid_options naming %s', (opts, field) => {
    try {
      summarisePopulation(pop, opts);
      expect.unreachable();
    } catch (e) {
      expect(isRiskStratifyError(e) && e.code === 'invalid_options' && e.fn === 'summarisePopulation' && e.path.includes(field)).toBe(true);
    }
  });

  it('on a generated population, registered people add up across age bands and IMD deciles', () => {
    const g = generatePopulation({ size: 5_000, seed: 3, gpContacts: false });
    const t = summarisePopulation(g.population, { asOf: '2022-04-01' });
    const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
    expect(sum(t.ageSex.female) + sum(t.ageSex.male) + sum(t.ageSex.other) + sum(t.ageSex.unknown)).toBe(t.people.registered);
    expect(sum(t.imdDecile)).toBe(t.people.registered);
    expect(t.practices.listSize.min).toBeLessThanOrEqual(t.practices.listSize.median);
    expect(t.practices.listSize.median).toBeLessThanOrEqual(t.practices.listSize.max);
  });
});
