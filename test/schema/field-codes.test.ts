// Tests for the small field parsers: sex, flags, settings, admission method, ICD-10, blanks.
import { describe, expect, it } from 'vitest';
import { parseSexCode, SEX_CODE_MAP } from '../../src/schema/parse-sex-code.js';
import { parseBooleanFlag } from '../../src/schema/parse-boolean-flag.js';
import { parseSettingCode } from '../../src/schema/parse-setting-code.js';
import { parseAdmissionMethod } from '../../src/schema/parse-admission-method.js';
import { isIcd10Code, normaliseIcd10 } from '../../src/schema/normalise-icd10.js';
import { isBlank } from '../../src/schema/is-blank.js';
import { SEX, SETTING } from '../../src/core/population.js';

describe('field parsers', () => {
  it('parseSexCode maps F/M/other/unknown, words and NHS gender codes 1/2/9/0, and refuses the rest', () => {
    expect(['F', 'f', 'female', 'Female ', '2'].map(parseSexCode)).toEqual([1, 1, 1, 1, 1]);
    expect(['M', 'male', '1', 1].map(parseSexCode)).toEqual([2, 2, 2, 2]);
    expect(['other', 'I', '9'].map(parseSexCode)).toEqual([3, 3, 3]);
    expect(['U', 'unknown', '0', 'X', '', undefined, null].map(parseSexCode)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(['Q', '3', 'femme'].map(parseSexCode)).toEqual([-1, -1, -1]);
    for (const [code, level] of Object.entries(SEX_CODE_MAP)) expect(parseSexCode(code.toUpperCase())).toBe(SEX[level]);
  });
  it('parseBooleanFlag reads true/false/1/0/yes/no/Y/N in any case and refuses other words', () => {
    expect(['true', 'TRUE', '1', 'yes', 'Y', 'y', 't', true, 1].map((v) => parseBooleanFlag(v))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(['false', '0', 'No', 'N', 'f', false, 0].map((v) => parseBooleanFlag(v))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(parseBooleanFlag('', 0)).toBe(0);
    expect(parseBooleanFlag(null, 1)).toBe(1);
    expect(['maybe', '2', 2, 'yess'].map((v) => parseBooleanFlag(v))).toEqual([-1, -1, -1, -1]);
  });
  it('parseSettingCode maps inpatient/ae/outpatient/gp and their common names', () => {
    expect(['inpatient', 'IP', 'APC'].map(parseSettingCode)).toEqual([SETTING.inpatient, SETTING.inpatient, SETTING.inpatient]);
    expect(['ae', 'A&E', 'ED'].map(parseSettingCode)).toEqual([1, 1, 1]);
    expect(['outpatient', 'OP'].map(parseSettingCode)).toEqual([2, 2]);
    expect(['gp', 'Primary care'].map(parseSettingCode)).toEqual([3, 3]);
    expect(['ward', '', undefined, 0].map(parseSettingCode)).toEqual([-1, -1, -1, -1]);
  });
  it('parseSettingCode reads the SUS point-of-delivery codes: EL, DC, NEL... admissions, OPFA/OPFUP outpatients, AandE', () => {
    expect(['EL', 'DC', 'NEL', 'NELNE', 'NELST', 'RDN'].map(parseSettingCode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(['OPFA', 'OPFUP', 'OPPROC', 'AandE'].map(parseSettingCode)).toEqual([2, 2, 2, 1]);
  });
  it('parseAdmissionMethod reads flags, words and NHS admission method codes (2x emergency; 1x, 3x, 8x not)', () => {
    expect(['21', '28', '2A', '2d', 'emergency', 'Non-elective', 'Y', true].map((v) => parseAdmissionMethod(v))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(['11', '13', '31', '32', '81', '83', 'elective', 'N', 0].map((v) => parseAdmissionMethod(v))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseAdmissionMethod('', 1)).toBe(1);
    expect(parseAdmissionMethod(undefined, 0)).toBe(0);
    expect(['29', '14', '2E', 'urgent'].map((v) => parseAdmissionMethod(v))).toEqual([-1, -1, -1, -1]);
  });
  it('normaliseIcd10 upper-cases and drops the dot, spaces and the HES filler X; isIcd10Code checks the shape', () => {
    expect(normaliseIcd10(' j44.1 ')).toBe('J441');
    expect(normaliseIcd10('I10X')).toBe('I10');
    expect(normaliseIcd10('I10-')).toBe('I10');
    expect(normaliseIcd10('U07.1')).toBe('U071');
    expect(normaliseIcd10('195967001')).toBe('195967001');
    expect(['J441', 'I10', 'U071', 'S7200', 'J45X'].map(isIcd10Code)).toEqual([true, true, true, true, true]);
    expect(['195967001', 'J4', '44', ''].map(isIcd10Code)).toEqual([false, false, false, false]);
  });
  it('isBlank treats undefined, null, NaN and white space as not given', () => {
    expect([undefined, null, Number.NaN, '', '  \t'].map(isBlank)).toEqual([true, true, true, true, true]);
    expect([0, 'x', false, ' 0 '].map(isBlank)).toEqual([false, false, false, false]);
  });
});
