import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { resolveColumns } from '../../src/data/resolve-columns.js';
import { looseName, SOURCE_FIELDS } from '../../src/data/source-fields.js';

const fieldOf = (source: Parameters<typeof resolveColumns>[0], names: string[], mapping?: Record<string, string | string[]>, ignore?: string[]) =>
  Object.fromEntries(Object.entries(resolveColumns(source, names, mapping, ignore).fieldColumns).map(([k, v]) => [k, v!.join('+')]));

describe('resolveColumns', () => {
  it('resolveColumns finds a field by mapping, then exact name, then loose name, then alias, and says which rule', () => {
    const r = resolveColumns('patients', ['pid', 'practiceId', 'Birth_Date', 'gender', 'national_opt_out', 'gp_name'], { id: 'pid' });
    expect(r.uses.map((u) => [u.column, u.use, u.field, u.rule])).toEqual([
      ['pid', 'field', 'id', 'mapping'],
      ['practiceId', 'field', 'practiceId', 'exact'],
      ['Birth_Date', 'field', 'birthDate', 'loose'],
      ['gender', 'field', 'sex', 'alias'],
      ['national_opt_out', 'field', 'optedOut', 'alias'],
      ['gp_name', 'unrecognised', undefined, undefined],
    ]);
  });
  it('resolveColumns reports an ignored column as ignored and never reads it, even when its name is an alias', () => {
    const r = resolveColumns('patients', ['nhs_pseudo_id', 'practice_code', 'dob', 'date_of_birth', 'gp_name'], undefined, ['gp_name', 'dob']);
    expect(r.uses.map((u) => `${u.column}:${u.use}:${u.field ?? ''}`)).toEqual(['nhs_pseudo_id:field:id', 'practice_code:field:practiceId', 'dob:ignored:', 'date_of_birth:field:birthDate', 'gp_name:ignored:']);
  });
  it('resolveColumns reads the first alias in table order and reports a second column naming the same field as a duplicate', () => {
    // alias order, not header order: admidate comes before start_date in the activity aliases
    const r = resolveColumns('activity', ['start_date', 'nhs_pseudo_id', 'admidate', 'pod', 'id']);
    expect(fieldOf('activity', ['start_date', 'nhs_pseudo_id', 'admidate', 'pod', 'id'])).toEqual({ patientId: 'nhs_pseudo_id', date: 'admidate', setting: 'pod' });
    expect(r.uses.filter((u) => u.use === 'duplicate').map((u) => [u.column, u.field, u.note])).toEqual([
      ['start_date', 'date', 'also names date, which is read from admidate'],
      ['id', 'patientId', 'also names patientId, which is read from nhs_pseudo_id'],
    ]);
  });
  it('resolveColumns reads every opt-out column (national_opt_out and type_1_opt_out), never one alone', () => {
    const r = resolveColumns('patients', ['id', 'type_1_opt_out', 'national_opt_out', 'Type1 Opt Out'], undefined);
    expect(r.fieldColumns['optedOut']).toEqual(['national_opt_out', 'type_1_opt_out', 'Type1 Opt Out']);
    expect(r.uses.filter((u) => u.field === 'optedOut').every((u) => u.use === 'field' && u.note?.includes('ANY'))).toBe(true);
    // a mapping adds to them rather than replacing them
    expect(resolveColumns('patients', ['id', 'ndoo', 'objection'], { optedOut: 'objection' }).fieldColumns['optedOut']).toEqual(['objection', 'ndoo']);
    expect(resolveColumns('patients', ['id', 'a', 'b'], { optedOut: ['a', 'b'] }).fieldColumns['optedOut']).toEqual(['a', 'b']);
  });
  it('resolveColumns reports a mapped column that is not there, and a repeated header as a duplicate', () => {
    expect(resolveColumns('patients', ['id'], { practiceId: 'gp' }).missingMapped).toEqual([{ field: 'practiceId', column: 'gp' }]);
    expect(resolveColumns('patients', ['id', 'id']).uses.map((u) => u.use)).toEqual(['field', 'duplicate']);
  });
  it('resolveColumns in conditions prefers a cluster column to a clinical code column, and the exact name code to both', () => {
    expect(fieldOf('conditions', ['person_id', 'snomed_code', 'cluster', 'event_date'])).toEqual({ patientId: 'person_id', code: 'cluster', date: 'event_date' });
    expect(fieldOf('conditions', ['person_id', 'snomed_code', 'code', 'cluster', 'event_date'])).toEqual({ patientId: 'person_id', code: 'code', date: 'event_date' });
  });
  // headers with distinct loose names: every field's column is the same whatever their order,
  // and whatever unrecognised columns stand beside them
  const headers = fc.shuffledSubarray(['nhs_pseudo_id', 'person_id', 'practice_code', 'registered_practice', 'dob', 'year_of_birth', 'gender', 'sex_code',
    'date_of_death', 'dod', 'registration_start_date', 'deregistration_date', 'registration_end_date', 'imd_decile', 'lsoa_imd_decile', 'care_home_flag',
    'national_opt_out', 'type_1_opt_out', 'ethnic_category', 'ethnicity_code', 'usual_gp_name', 'postcode_district', 'x1'], { minLength: 1 });
  test.prop([headers, fc.nat()])('resolveColumns gives each field the same column whatever the order of the headers and whatever else is there', (names, seed) => {
    const shuffled = [...names].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (a < b ? -1 : 1));
    const a = resolveColumns('patients', names);
    const b = resolveColumns('patients', shuffled);
    const norm = (r: ReturnType<typeof resolveColumns>) => Object.fromEntries(Object.entries(r.fieldColumns).map(([k, v]) => [k, [...v!].sort()]));
    expect(norm(b)).toEqual(norm(a));
    const withJunk = resolveColumns('patients', [...names, 'zz_unknown', 'another_one']);
    expect(norm(withJunk)).toEqual(norm(a));
    // every header has exactly one entry
    expect(a.uses.map((u) => u.column)).toEqual(names);
  });
});

describe('SOURCE_FIELDS (the alias table)', () => {
  it('no header can name two fields of one source: aliases and field names are distinct loosely within a source', () => {
    for (const [source, specs] of Object.entries(SOURCE_FIELDS)) {
      const owner = new Map<string, string>();
      for (const spec of specs) {
        for (const n of new Set([spec.name, ...spec.aliases].map(looseName))) {
          expect(owner.get(n) ?? spec.name, `${source}: "${n}" names ${owner.get(n)} and ${spec.name}`).toBe(spec.name);
          owner.set(n, spec.name);
        }
      }
    }
  });
  it.each([
    ['patients', 'id', ['nhs_pseudo_id', 'pseudo_nhs_number', 'person_id', 'patient_id']],
    ['patients', 'practiceId', ['practice_code', 'gp_practice_code', 'registered_practice']],
    ['patients', 'birthDate', ['dob', 'date_of_birth']],
    ['patients', 'birthYear', ['year_of_birth']],
    ['patients', 'sex', ['gender', 'sex_code']],
    ['patients', 'deathDate', ['date_of_death', 'dod']],
    ['patients', 'registeredFrom', ['registration_start_date']],
    ['patients', 'registeredTo', ['registration_end_date', 'deregistration_date']],
    ['patients', 'imdDecile', ['lsoa_imd_decile', 'imd_decile']],
    ['patients', 'careHome', ['care_home_flag', 'care_home_resident']],
    ['patients', 'optedOut', ['national_opt_out', 'type_1_opt_out', 'type1_opt_out', 'ndoo', 'opt_out_flag']],
    ['patients', 'ethnicity', ['ethnic_category', 'ethnicity_code']],
    ['activity', 'patientId', ['nhs_pseudo_id', 'pseudo_nhs_number', 'person_id', 'patient_id']],
    ['activity', 'date', ['admidate', 'admission_date', 'arrival_date', 'appointment_date']],
    ['activity', 'dischargeDate', ['disdate', 'discharge_date']],
    ['activity', 'bedDays', ['spell_los', 'los']],
    ['activity', 'emergency', ['admimeth', 'admission_method']],
    ['activity', 'setting', ['pod', 'point_of_delivery', 'setting']],
    ['activity', 'primaryDiagnosis', ['diag_01', 'diag_4_01', 'primary_diagnosis_code', 'primary_diagnosis']],
    ['activity', 'cost', ['cost', 'tariff', 'spell_cost']],
    ['conditions', 'code', ['snomed_code', 'concept_id', 'code', 'cluster', 'cluster_id']],
    ['conditions', 'date', ['event_date', 'diagnosis_date']],
    ['conditions', 'resolvedDate', ['resolved_date', 'end_date']],
    ['medications', 'code', ['snomed_code', 'concept_id', 'dmd_code']],
    ['medications', 'date', ['issue_date', 'event_date']],
    ['medications', 'endDate', ['end_date', 'stop_date']],
  ] as const)('%s.%s is found under each of its English extract names %j', (source, field, names) => {
    for (const n of names) {
      const required = SOURCE_FIELDS[source].filter((s) => s.required && s.name !== field).map((s) => s.name);
      expect(resolveColumns(source, [...required, n]).fieldColumns[field], n).toEqual([n]);
    }
  });
});
