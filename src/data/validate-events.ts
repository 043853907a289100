// Internal: column-wise validation of the activity, conditions and medications sources.
import { NO_DATE } from '../core/dates.js';
import { SETTING } from '../core/population.js';
import { invalidDateMessage } from '../schema/invalid-date-message.js';
import { isBlank } from '../schema/is-blank.js';
import { normaliseIcd10 } from '../schema/normalise-icd10.js';
import { parseAdmissionMethod } from '../schema/parse-admission-method.js';
import { NOT_A_DECIMAL, parseDecimal } from '../schema/parse-decimal.js';
import { parseSettingCode } from '../schema/parse-setting-code.js';
import { arrayColumn, type Column } from './column.js';
import type { IssueSink } from './issue-sink.js';
import type { ValidPatients } from './validate-patients.js';

const none: Column = arrayColumn([]);

class Interner {
  readonly values: string[] = [];
  private readonly map = new Map<string, number>();
  id(s: string): number {
    let k = this.map.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.map.set(s, k);
      this.values.push(s);
    }
    return k;
  }
}

/** Checks the patient id of row r; returns the population row or -1 (issue reported). */
function patientOf(sink: IssueSink, patients: ValidPatients, col: Column, r: number): number {
  const id = col.text(r);
  if (id === '') {
    sink.add(r, 'patientId', col.get(r), 'missing_value', 'is required');
    return -1;
  }
  const p = patients.index.get(id);
  if (p !== undefined && p >= 0) return p;
  if (p !== undefined) sink.add(r, 'patientId', id, 'patient_rejected', 'belongs to a patient whose row was rejected');
  else sink.add(r, 'patientId', id, 'unknown_patient', 'is not in the patients source');
  return -1;
}

function requiredDate(sink: IssueSink, col: Column, r: number, field: string): number {
  if (col.blank(r)) {
    sink.add(r, field, col.get(r), 'missing_value', 'is required');
    return Number.NaN;
  }
  const d = col.day(r);
  if (Number.isNaN(d)) sink.add(r, field, col.get(r), 'invalid_date', invalidDateMessage(col.get(r)));
  return d;
}

function optionalDate(sink: IssueSink, col: Column | undefined, r: number, field: string): number {
  if (col === undefined || col.blank(r)) return NO_DATE;
  const d = col.day(r);
  if (Number.isNaN(d)) {
    sink.add(r, field, col.get(r), 'invalid_date', invalidDateMessage(col.get(r)));
    return Number.NaN;
  }
  return d;
}

/** Checks a date against the reference date and the person's birth. */
function checkDate(sink: IssueSink, patients: ValidPatients, p: number, d: number, referenceDate: number, col: Column | undefined, r: number, field: string, future = true): void {
  if (Number.isNaN(d) || d === NO_DATE) return;
  if (future && d > referenceDate) sink.add(r, field, col?.get(r), 'future_date', 'is after the reference date');
  if (p >= 0 && d < patients.earliestBirth[p]!) sink.add(r, field, col?.get(r), 'before_birth', "is before the patient's birth");
}

/**
 * Plausibility limits on activity values (loader options `maxBedDays`, `maxCost`): a row
 * beyond one is rejected (`implausible_bed_days`, `implausible_cost`).
 */
export interface ActivityLimits {
  /** Bed days of one row above this are rejected. */
  readonly maxBedDays: number;
  /** A cost of one row above this is rejected. */
  readonly maxCost: number;
}

export interface ValidActivity {
  patient: Int32Array;
  date: Int32Array;
  endDate: Int32Array;
  setting: Uint8Array;
  emergency: Uint8Array;
  bedDays: Float32Array;
  diagnosis: Int32Array;
  diagnoses: string[];
  cost: Float64Array;
}

/** Validates every activity row (O(rows)). */
export function validateActivity(sink: IssueSink, patients: ValidPatients, referenceDate: number, limits: ActivityLimits): ValidActivity {
  const src = sink.src;
  const n = src.rows;
  const F = src.fields;
  const pidCol = F['patientId'] ?? none;
  const dateCol = F['date'] ?? none;
  const settingCol = F['setting'] ?? none;
  const emCol = F['emergency'];
  const disCol = F['dischargeDate'];
  const bedCol = F['bedDays'];
  const diagCol = F['primaryDiagnosis'];
  const costCol = F['cost'];
  const patient = new Int32Array(n);
  const date = new Int32Array(n);
  const endDate = new Int32Array(n);
  const setting = new Uint8Array(n);
  const emergency = new Uint8Array(n);
  const bedDays = new Float32Array(n);
  const diagnosis = new Int32Array(n).fill(-1);
  const cost = new Float64Array(n);
  const diagnoses = new Interner();
  for (let r = 0; r < n && !src.fatal; r++) {
    if (src.malformed[r]) continue;
    const p = patientOf(sink, patients, pidCol, r);
    const d = requiredDate(sink, dateCol, r, 'date');
    checkDate(sink, patients, p, d, referenceDate, dateCol, r, 'date');
    const sv = settingCol.get(r);
    let s = -1;
    if (isBlank(sv)) sink.add(r, 'setting', sv, 'missing_value', 'is required');
    else {
      s = parseSettingCode(sv);
      if (s < 0) sink.add(r, 'setting', sv, 'unknown_setting', 'is not a known setting (inpatient/ae/outpatient/gp; see SETTING_CODE_MAP)');
    }
    const blankEm = s === SETTING.ae ? 1 : 0;
    const em = emCol === undefined ? blankEm : parseAdmissionMethod(emCol.get(r), blankEm);
    if (em < 0) sink.add(r, 'emergency', emCol?.get(r), 'invalid_admission_method', 'is not an admission method (yes/no, emergency/elective or an NHS admission method code)');
    const dis = optionalDate(sink, disCol, r, 'dischargeDate');
    if (!Number.isNaN(dis) && dis !== NO_DATE && !Number.isNaN(d) && dis < d) {
      sink.add(r, 'dischargeDate', disCol?.get(r), 'discharge_before_admission', 'is before the admission date');
    }
    checkDate(sink, patients, -1, dis, referenceDate, disCol, r, 'dischargeDate');
    let bd = s === SETTING.inpatient ? Number.NaN : 0;
    if (bedCol !== undefined && !bedCol.blank(r)) {
      const x = parseDecimal(bedCol.get(r));
      if (Number.isNaN(x)) sink.add(r, 'bedDays', bedCol.get(r), 'invalid_number', NOT_A_DECIMAL);
      else if (x < 0) sink.add(r, 'bedDays', bedCol.get(r), 'negative_bed_days', 'is negative');
      else if (x > limits.maxBedDays) sink.add(r, 'bedDays', bedCol.get(r), 'implausible_bed_days', `is above the maximum of ${limits.maxBedDays} bed days for one stay (loader option maxBedDays)`);
      else if (!Number.isNaN(d)) {
        // a stay cannot hold more bed days than there are days from admission to discharge (or,
        // still in hospital, to the extract date); one day more is allowed for counting both ends
        const open = Number.isNaN(dis) || dis === NO_DATE;
        const span = (open ? referenceDate : dis) - d + 1;
        if (x > span) sink.add(r, 'bedDays', bedCol.get(r), 'implausible_bed_days', `is more than the ${span} day(s) from the admission date to the ${open ? 'extract (reference) date' : 'discharge date'}, counting both`);
      }
      bd = x;
    } else if (s === SETTING.inpatient && dis !== NO_DATE && !Number.isNaN(dis) && !Number.isNaN(d)) {
      bd = dis - d;
    }
    let c = Number.NaN;
    if (costCol !== undefined && !costCol.blank(r)) {
      c = parseDecimal(costCol.get(r));
      if (Number.isNaN(c)) sink.add(r, 'cost', costCol.get(r), 'invalid_number', NOT_A_DECIMAL);
      else if (c < 0) sink.add(r, 'cost', costCol.get(r), 'invalid_number', 'is not a non-negative number');
      else if (c > limits.maxCost) sink.add(r, 'cost', costCol.get(r), 'implausible_cost', `is above the maximum cost of ${limits.maxCost} for one row (loader option maxCost)`);
    }
    if (sink.rejected[r]) continue;
    patient[r] = p;
    date[r] = d;
    endDate[r] = dis;
    setting[r] = s;
    emergency[r] = em;
    bedDays[r] = bd;
    cost[r] = c;
    if (diagCol !== undefined && !diagCol.blank(r)) {
      const code = normaliseIcd10(diagCol.text(r));
      if (code !== '') diagnosis[r] = diagnoses.id(code);
    }
  }
  return { patient, date, endDate, setting, emergency, bedDays, diagnosis, diagnoses: diagnoses.values, cost };
}

export interface ValidCodedEvents {
  patient: Int32Array;
  code: Uint32Array;
  codes: string[];
  date: Int32Array;
  endDate: Int32Array;
}

/**
 * Validates conditions (end field `resolvedDate`) or medications (end field `endDate`).
 * A medication's end date may lie after the reference date (a course still running); a
 * condition's resolved date may not. Codes are kept as written (trimmed): conditions are
 * mapped to clusters through code lists afterwards (`codedConditions`), where a code in no
 * list is counted, not rejected.
 */
export function validateCodedEvents(
  sink: IssueSink, patients: ValidPatients, referenceDate: number, endField: 'resolvedDate' | 'endDate',
): ValidCodedEvents {
  const src = sink.src;
  const n = src.rows;
  const F = src.fields;
  const pidCol = F['patientId'] ?? none;
  const dateCol = F['date'] ?? none;
  const codeCol = F['code'] ?? none;
  const endCol = F[endField];
  const patient = new Int32Array(n);
  const code = new Uint32Array(n);
  const date = new Int32Array(n);
  const endDate = new Int32Array(n);
  const codes = new Interner();
  const endFuture = endField === 'resolvedDate';
  for (let r = 0; r < n && !src.fatal; r++) {
    if (src.malformed[r]) continue;
    const p = patientOf(sink, patients, pidCol, r);
    const c = codeCol.text(r);
    if (c === '') sink.add(r, 'code', codeCol.get(r), 'missing_value', 'is required');
    const d = requiredDate(sink, dateCol, r, 'date');
    checkDate(sink, patients, p, d, referenceDate, dateCol, r, 'date');
    const e = optionalDate(sink, endCol, r, endField);
    if (!Number.isNaN(e) && e !== NO_DATE && !Number.isNaN(d) && e < d) {
      sink.add(r, endField, endCol?.get(r), 'end_before_start', endFuture ? 'is before the recorded date' : 'is before the start date');
    }
    checkDate(sink, patients, -1, e, referenceDate, endCol, r, endField, endFuture);
    if (sink.rejected[r]) continue;
    patient[r] = p;
    code[r] = codes.id(c);
    date[r] = d;
    endDate[r] = e;
  }
  return { patient, code, codes: codes.values, date, endDate };
}
