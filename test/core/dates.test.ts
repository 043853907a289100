import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { addMonths, ageInYears, civilFromDay, dayFromCivil, formatDay, NO_DATE, parseDate } from '../../src/core/dates.js';

describe('dates', () => {
  it('day numbers count from 1970-01-01 and agree with Date.UTC', () => {
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(dayFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86400000);
    expect(dayFromCivil(1900, 2, 28)).toBe(Date.UTC(1900, 1, 28) / 86400000);
  });
  ptest.prop([fc.integer({ min: -100000, max: 100000 })])('civilFromDay inverts dayFromCivil', (d) => {
    const { year, month, day } = civilFromDay(d);
    expect(dayFromCivil(year, month, day)).toBe(d);
    expect(formatDay(d)).toBe(new Date(d * 86400000).toISOString().slice(0, 10));
  });
  it('parseDate reads ISO (with or without time) and dd/mm/yyyy, and refuses impossible dates', () => {
    expect(parseDate('2023-10-16')).toBe(dayFromCivil(2023, 10, 16));
    expect(parseDate('2023-10-16T07:13:55Z')).toBe(dayFromCivil(2023, 10, 16));
    expect(parseDate('16/10/2023')).toBe(dayFromCivil(2023, 10, 16));
    expect(parseDate('1/2/2020')).toBe(dayFromCivil(2020, 2, 1));
    expect(parseDate('29/02/2021')).toBeUndefined();
    expect(parseDate('2020-13-01')).toBeUndefined();
    expect(parseDate('10/16/2023')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
  });
  it('addMonths clamps to the end of the month', () => {
    expect(formatDay(addMonths(parseDate('2024-01-31')!, 1))).toBe('2024-02-29');
    expect(formatDay(addMonths(parseDate('2023-01-31')!, 1))).toBe('2023-02-28');
    expect(formatDay(addMonths(parseDate('2023-03-15')!, -12))).toBe('2022-03-15');
    expect(formatDay(addMonths(parseDate('2023-11-30')!, 3))).toBe('2024-02-29');
  });
  it('ageInYears counts completed years; a 29 February birthday turns on 1 March', () => {
    expect(ageInYears(parseDate('2000-06-15')!, parseDate('2018-06-14')!)).toBe(17);
    expect(ageInYears(parseDate('2000-06-15')!, parseDate('2018-06-15')!)).toBe(18);
    expect(ageInYears(parseDate('2000-02-29')!, parseDate('2019-02-28')!)).toBe(18);
    expect(ageInYears(parseDate('2000-02-29')!, parseDate('2019-03-01')!)).toBe(19);
  });
  it('NO_DATE formats as empty and sorts after every real date', () => {
    expect(formatDay(NO_DATE)).toBe('');
    expect(NO_DATE > dayFromCivil(9999, 12, 31)).toBe(true);
  });
});
