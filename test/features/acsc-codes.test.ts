import { describe, expect, it } from 'vitest';
import { ACSC_CODES, isAcsc, isValidIcd10 } from '../../src/features/acsc-codes.js';

describe('ACSC_CODES and isAcsc', () => {
  it('names its source and version and covers both NHS OF indicators', () => {
    expect(ACSC_CODES.source).toMatch(/2\.3\.i/);
    expect(ACSC_CODES.source).toMatch(/3a/);
    expect(ACSC_CODES.version.length).toBeGreaterThan(0);
    expect(new Set(ACSC_CODES.groups.map((g) => g.indicator))).toEqual(new Set(['NHS OF 2.3.i', 'NHS OF 3a']));
    for (const g of ACSC_CODES.groups) {
      expect(g.prefixes.length).toBeGreaterThan(0);
      for (const p of g.prefixes) expect(p).toMatch(/^[A-Z][0-9]{2}[0-9A-Z]?$/);
    }
  });

  it.each([
    ['J44.1', true, 'COPD with acute exacerbation'],
    ['j441', true, 'lower case, no dot'],
    ['I10X', true, 'essential hypertension, UK 4-character form'],
    ['I11.0', true, 'hypertensive heart disease with heart failure'],
    ['I11.9', true, 'hypertensive heart disease without heart failure'],
    ['E11.9', false, 'type 2 diabetes without complications is not in the list'],
    ['E11.6', true, 'type 2 diabetes with other specified complications'],
    ['N39.0', true, 'urinary tract infection (3a)'],
    ['L03.1', true, 'cellulitis (3a)'],
    ['K25.3', false, 'acute gastric ulcer without haemorrhage or perforation'],
    ['K25.0', true, 'acute gastric ulcer with haemorrhage'],
    ['S72.0', false, 'fractured neck of femur'],
    ['I21.9', false, 'acute myocardial infarction'],
    ['', false, 'empty'],
    ['COPD', false, 'not ICD-10'],
  ])('isAcsc(%s) is %s (%s)', (code, expected) => {
    expect(isAcsc(code)).toBe(expected);
  });

  it('takes a user list of prefixes', () => {
    expect(isAcsc('S72.0', ['S72'])).toBe(true);
    expect(isAcsc('J44.1', ['S72'])).toBe(false);
  });

  it('isValidIcd10 accepts letter + two digits + up to four characters', () => {
    expect(['A00', 'J44.1', 'I10X', 'U07.1', 'z53.09'].map(isValidIcd10)).toEqual([true, true, true, true, true]);
    expect(['', 'XYZ', '123', 'J4', 'COPD', 'R69.12345'].map(isValidIcd10)).toEqual([false, false, false, false, false, false]);
  });
});
