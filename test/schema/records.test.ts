import { describe, expect, it } from 'vitest';
import { PatientRecord } from '../../src/schema/patient-record.js';
import { ActivityRecord } from '../../src/schema/activity-record.js';
import { ConditionRecord } from '../../src/schema/condition-record.js';
import { MedicationRecord } from '../../src/schema/medication-record.js';
import { NO_DATE, parseDate } from '../../src/core/dates.js';

/** The reason codes zod reports for a record (from the issues' params.reason). */
function reasons(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: ReadonlyArray<{ params?: unknown; path: PropertyKey[] }> } } }, v: unknown): string[] {
  const r = schema.safeParse(v);
  if (r.success) return [];
  return r.error!.issues.map((i) => `${String(i.path[0] ?? '')}:${(i.params as { reason?: string } | undefined)?.reason ?? 'type'}`);
}

const good = { id: 'p1', practiceId: 'A81001', sex: 'F', birthDate: '1950-02-01' };

describe('PatientRecord', () => {
  it('PatientRecord accepts a minimal record and normalises codes and dates', () => {
    const p = PatientRecord.parse({ ...good, sex: 'female', registeredTo: '01/01/2020', careHome: 'Y', imdDecile: '3' });
    expect(p.sex).toBe(1);
    expect(p.birthDate).toBe(parseDate('1950-02-01'));
    expect(p.registeredFrom).toBe(p.birthDate);
    expect(p.registeredTo).toBe(parseDate('2020-01-01'));
    expect(p.careHome).toBe(1);
    expect(p.imdDecile).toBe(3);
    expect(p.deathDate).toBe(NO_DATE);
  });
  it('PatientRecord places a birth year alone on 1 July', () => {
    const { birthDate: _b, ...rest } = good;
    expect(PatientRecord.parse({ ...rest, birthYear: 1960 }).birthDate).toBe(parseDate('1960-07-01'));
    expect(reasons(PatientRecord, { ...rest, birthYear: 'sixty' })).toEqual(['birthYear:invalid_date']);
    expect(reasons(PatientRecord, rest)).toEqual(['birthDate:missing_value']);
  });
  it('PatientRecord rejects each bad field with its own reason code', () => {
    expect(reasons(PatientRecord, { ...good, id: ' ' })).toEqual(['id:missing_value']);
    expect(reasons(PatientRecord, { ...good, practiceId: null })).toEqual(['practiceId:missing_value']);
    expect(reasons(PatientRecord, { ...good, practiceId: undefined })).toEqual(['practiceId:type']); // the key is required by the type
    expect(reasons(PatientRecord, { ...good, sex: 'Q' })).toEqual(['sex:unknown_sex']);
    expect(reasons(PatientRecord, { ...good, birthDate: '1950-02-30' })).toEqual(['birthDate:invalid_date']);
    expect(reasons(PatientRecord, { ...good, imdDecile: 11 })).toEqual(['imdDecile:imd_out_of_range']);
    expect(reasons(PatientRecord, { ...good, imdDecile: '0' })).toEqual(['imdDecile:imd_out_of_range']);
    expect(reasons(PatientRecord, { ...good, careHome: 'maybe' })).toEqual(['careHome:invalid_boolean']);
    expect(reasons(PatientRecord, { ...good, optedOut: 2 })).toEqual(['optedOut:invalid_boolean']);
    expect(reasons(PatientRecord, { ...good, deathDate: '1949-01-01' })).toEqual(['deathDate:before_birth']);
    expect(reasons(PatientRecord, { ...good, registeredFrom: '1949-01-01' })).toEqual(['registeredFrom:before_birth']);
    expect(reasons(PatientRecord, { ...good, registeredFrom: '2000-01-01', registeredTo: '1999-01-01' })).toEqual(['registeredTo:end_before_start']);
  });
});

describe('ActivityRecord', () => {
  const a = { patientId: 'p1', date: '2024-03-01', setting: 'inpatient', emergency: '21' };
  it('ActivityRecord derives bed days from the discharge date and normalises the diagnosis', () => {
    const r = ActivityRecord.parse({ ...a, dischargeDate: '05/03/2024', primaryDiagnosis: 'j44.1', cost: '1200.5' });
    expect(r.bedDays).toBe(4);
    expect(r.emergency).toBe(1);
    expect(r.primaryDiagnosis).toBe('J441');
    expect(r.cost).toBe(1200.5);
  });
  it('ActivityRecord defaults emergency to yes for A&E and no elsewhere', () => {
    expect(ActivityRecord.parse({ patientId: 'p', date: '2024-01-01', setting: 'ae' }).emergency).toBe(1);
    expect(ActivityRecord.parse({ patientId: 'p', date: '2024-01-01', setting: 'gp' }).emergency).toBe(0);
  });
  it('ActivityRecord rejects each bad field with its own reason code', () => {
    expect(reasons(ActivityRecord, { ...a, setting: 'ward' })).toEqual(['setting:unknown_setting']);
    expect(reasons(ActivityRecord, { ...a, setting: '' })).toEqual(['setting:missing_value']);
    expect(reasons(ActivityRecord, { ...a, date: '2024-02-31' })).toEqual(['date:invalid_date']);
    expect(reasons(ActivityRecord, { ...a, dischargeDate: '2024-02-01' })).toEqual(['dischargeDate:discharge_before_admission']);
    expect(reasons(ActivityRecord, { ...a, bedDays: -2 })).toEqual(['bedDays:negative_bed_days']);
    expect(reasons(ActivityRecord, { ...a, bedDays: 'lots' })).toEqual(['bedDays:invalid_number']);
    expect(reasons(ActivityRecord, { ...a, cost: -1 })).toEqual(['cost:invalid_number']);
    expect(reasons(ActivityRecord, { ...a, emergency: 'urgent' })).toEqual(['emergency:invalid_admission_method']);
  });
  it('ActivityRecord keeps a diagnosis that is not ICD-10 instead of rejecting the row', () => {
    expect(ActivityRecord.parse({ ...a, primaryDiagnosis: '195967001' }).primaryDiagnosis).toBe('195967001');
  });
});

describe('ConditionRecord and MedicationRecord', () => {
  it('ConditionRecord needs a code and a date, and a resolved date not before it', () => {
    expect(ConditionRecord.parse({ patientId: 'p', code: 'COPD', date: '2020-01-01' }).resolvedDate).toBe(NO_DATE);
    expect(reasons(ConditionRecord, { patientId: 'p', code: '', date: '2020-01-01' })).toEqual(['code:missing_value']);
    expect(reasons(ConditionRecord, { patientId: 'p', code: 'COPD', date: '2020-01-01', resolvedDate: '2019-01-01' })).toEqual(['resolvedDate:end_before_start']);
  });
  it('MedicationRecord needs a code and a start date, and an end not before the start', () => {
    expect(MedicationRecord.parse({ patientId: 'p', code: '0212', date: '2020-01-01', endDate: '2020-02-01' }).endDate).toBe(parseDate('2020-02-01'));
    expect(reasons(MedicationRecord, { patientId: 'p', code: '0212', date: 'soon' })).toEqual(['date:invalid_date']);
    expect(reasons(MedicationRecord, { patientId: 'p', code: '0212', date: '2020-01-01', endDate: '2019-12-31' })).toEqual(['endDate:end_before_start']);
  });
});
