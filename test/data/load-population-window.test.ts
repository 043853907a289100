import { describe, expect, it } from 'vitest';
import { loadPopulation } from '../../src/data/load-population.js';
import { fromSyntheaTables } from '../../src/data/from-synthea-tables.js';
import { formatDay, parseDate } from '../../src/core/dates.js';
import { DERIVED_ACTIVITY_FROM, EXTRACT_DATE, windowExtract } from '../fixtures/data/window-extract.js';

const extract = windowExtract();

describe("loadPopulation: the extract's window", () => {
  it('takes the extract date (referenceDate) as the window end and derives activityFrom by the stated rule, shown in the summary', () => {
    const r = loadPopulation(extract, { referenceDate: '31/03/2024' });
    expect(r.rejected).toEqual([]);
    expect(r.summary.window).toEqual({
      extractDate: EXTRACT_DATE, activityFrom: DERIVED_ACTIVITY_FROM, extractDateSource: 'given', activityFromSource: 'derived',
      rule: expect.stringContaining('half the median monthly count') as unknown as string,
    });
    expect(formatDay(r.population.window.extractDate)).toBe(EXTRACT_DATE);
    expect(formatDay(r.population.window.activityFrom)).toBe(DERIVED_ACTIVITY_FROM);
  });
  it('extractDate is the other name of referenceDate: the same result, and two different dates are refused', () => {
    const a = loadPopulation(extract, { referenceDate: EXTRACT_DATE });
    const b = loadPopulation(extract, { extractDate: EXTRACT_DATE });
    expect(b.summary.window).toEqual(a.summary.window);
    expect(b.summary.referenceDate).toBe(EXTRACT_DATE);
    expect(() => loadPopulation(extract, { referenceDate: EXTRACT_DATE, extractDate: '2024-04-30' })).toThrow(/loadPopulation: referenceDate and extractDate .*options\.extractDate/);
  });
  it('activityFrom given is taken as given (and must not be after the extract date)', () => {
    const r = loadPopulation(extract, { extractDate: EXTRACT_DATE, activityFrom: '17/04/2021' });
    expect(r.summary.window).toEqual({ extractDate: EXTRACT_DATE, activityFrom: '2021-04-17', extractDateSource: 'given', activityFromSource: 'given', rule: '' });
    expect(() => loadPopulation(extract, { extractDate: EXTRACT_DATE, activityFrom: '2024-05-01' })).toThrow(/loadPopulation: activity cannot be complete .*options\.activityFrom/);
  });
  it('without an extract date rows are checked against today and the window ends at the latest date in the data', () => {
    const r = loadPopulation(extract);
    expect(r.summary.window.extractDateSource).toBe('derived');
    expect(r.summary.window.rule).toContain('latest date in the data');
    expect(parseDate(r.summary.window.extractDate)!).toBeLessThanOrEqual(parseDate(EXTRACT_DATE)!);
    expect(parseDate(r.summary.window.extractDate)!).toBeGreaterThan(parseDate('2024-03-01')!);
  });
});

describe("fromSyntheaTables: the extract's window", () => {
  const patients = 'Id,BIRTHDATE,DEATHDATE,GENDER\nx1,1950-01-01,,F\n';
  const encounters = 'Id,START,STOP,PATIENT,ORGANIZATION,ENCOUNTERCLASS,CODE,DESCRIPTION,REASONCODE\n' +
    ['2023-01-10', '2023-02-10', '2023-03-10', '2023-04-10'].map((d, k) => `e${k},${d}T10:00:00Z,${d}T11:00:00Z,x1,o1,ambulatory,1,visit,`).join('\n') + '\n';
  it('passes extractDate and activityFrom to the population', () => {
    const r = fromSyntheaTables({ patients, encounters }, { extractDate: '2023-06-30', activityFrom: '2023-01-01' });
    expect(r.summary.window).toMatchObject({ extractDate: '2023-06-30', activityFrom: '2023-01-01', extractDateSource: 'given', activityFromSource: 'given' });
  });
});
