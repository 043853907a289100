// Codes are looked up in tables of own keys: a cell that happens to name a member of
// Object.prototype ('__proto__', 'constructor', 'toString', ...) is an unknown code, never a
// valid one (issue 20: sex '__proto__' and setting 'constructor' were accepted).
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { parseSexCode } from '../../src/schema/parse-sex-code.js';
import { parseSettingCode } from '../../src/schema/parse-setting-code.js';
import { parseAdmissionMethod } from '../../src/schema/parse-admission-method.js';
import { parseBooleanFlag } from '../../src/schema/parse-boolean-flag.js';
import { isKnownConditionCluster } from '../../src/data/known-condition-clusters.js';
import { loadPopulation } from '../../src/data/load-population.js';

const PROTO_KEYS = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'];

describe('code parsers know only their own codes', () => {
  test.prop([fc.constantFrom(...PROTO_KEYS), fc.constantFrom('', ' ', '  '), fc.boolean()])('%s (any case, padded) is no code', (key, pad, upper) => {
    const cell = `${pad}${upper ? key.toUpperCase() : key}${pad}`;
    expect(parseSexCode(cell)).toBe(-1);
    expect(parseSettingCode(cell)).toBe(-1);
    expect(parseAdmissionMethod(cell)).toBe(-1);
    expect(parseBooleanFlag(cell)).toBe(-1);
    expect(isKnownConditionCluster(cell)).toBe(false);
  });

  it('a row with such codes is rejected with the field named, never loaded (a condition code: counted in no register)', () => {
    const patients = ['id,practiceId,sex,birthDate,registeredTo,deathDate,optedOut', 'p1,A,__proto__,01/01/1970,,,N', 'p2,A,constructor,01/01/1970,,,toString', 'p3,A,F,01/01/1970,,,N'].join('\n');
    const activity = ['patientId,date,setting,emergency', 'p3,01/03/2024,__proto__,', 'p3,01/03/2024,ae,constructor', 'p3,01/03/2024,ae,21'].join('\n');
    const conditions = ['patientId,code,date', 'p3,toString,01/01/2020', 'p3,hasOwnProperty,01/01/2020', 'p3,COPD,01/01/2020'].join('\n');
    const r = loadPopulation({ patients, activity, conditions }, { referenceDate: '2024-04-01', conditionCodes: { X1: 'COPD' } });
    expect(r.rejected.map((i) => [i.source, i.row, i.field])).toEqual([
      ['patients', 1, 'sex'], ['patients', 2, 'sex'], ['patients', 2, 'optedOut'],
      ['activity', 1, 'setting'], ['activity', 2, 'emergency'],
    ]);
    expect(r.summary.unknownConditionCodes.top.map((t) => t.code)).toEqual(['hasOwnProperty', 'toString']);
    expect(r.population.ids).toEqual(['p3']);
    expect(r.population.conditions.codes).toEqual(['COPD']);
  });
});
