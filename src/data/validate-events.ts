// Internal: column-wise validation of the activity, conditions and medications sources.
import { NO_DATE } from '../core/dates.js';
import { SETTING } from '../core/population.js';
import { invalidDateMessage } from '../schema/invalid-date-message.js';
import { isBlank } from '../schema/is-blank.js';
import { normaliseIcd10 } from '../schema/normalise-icd10.js';
import { parseAdmissionMethod } from '../schema/parse-admission-method.js';
import { NOT_A_DECIMAL, parseDecimal } from '../schema/parse-decimal.js';
import { parseSettingCode } from '../schema/parse-setting-code.js';
import { arrayColumn, BLANK_DAY32, cellText, LOOKUP_ABSENT, LOOKUP_BLANK, NOT_A_DAY32, NOT_PLAIN, type Column, type RangeLookup } from './column.js';
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

/** Every row's patient id looked up in the patients' index (see `Column.lookup`). O(rows). */
function patientRows(col: Column, index: RangeLookup): Int32Array {
  if (col.lookup !== undefined) return col.lookup(index);
  const out = new Int32Array(col.length);
  for (let r = 0; r < col.length; r++) {
    const id = col.text(r);
    out[r] = id === '' ? LOOKUP_BLANK : index.get(id) ?? LOOKUP_ABSENT;
  }
  return out;
}

/** The population row of row r (its id looked up in `found`), or -1 with the issue reported. */
function patientOf(sink: IssueSink, col: Column, found: Int32Array, r: number): number {
  const p = found[r]!;
  if (p >= 0) return p;
  if (p === LOOKUP_BLANK) sink.add(r, 'patientId', col.get(r), 'missing_value', 'is required');
  else if (p === LOOKUP_ABSENT) sink.add(r, 'patientId', col.text(r), 'unknown_patient', 'is not in the patients source');
  else sink.add(r, 'patientId', col.text(r), 'patient_rejected', 'belongs to a patient whose row was rejected');
  return -1;
}

/**
 * A date column's day numbers read at once when the column can (CSV: `dayNumbers`), else
 * undefined and each row is read by `requiredDate` / `optionalDate`.
 */
function dayCells(col: Column | undefined, fatal: boolean): Int32Array | undefined {
  return col === undefined || fatal || col.dayNumbers === undefined ? undefined : col.dayNumbers();
}

/** {@link requiredDate} from the day numbers of the column when there are some. */
function requiredDateAt(sink: IssueSink, col: Column, days: Int32Array | undefined, r: number, field: string): number {
  if (days === undefined) return requiredDate(sink, col, r, field);
  const d = days[r]!;
  if (d === BLANK_DAY32) {
    sink.add(r, field, col.get(r), 'missing_value', 'is required');
    return Number.NaN;
  }
  if (d === NOT_A_DAY32) {
    sink.add(r, field, col.get(r), 'invalid_date', invalidDateMessage(col.get(r)));
    return Number.NaN;
  }
  return d;
}

/** {@link optionalDate} from the day numbers of the column when there are some. */
function optionalDateAt(sink: IssueSink, col: Column | undefined, days: Int32Array | undefined, r: number, field: string): number {
  if (days === undefined) return optionalDate(sink, col, r, field);
  const d = days[r]!;
  if (d === BLANK_DAY32) return NO_DATE;
  if (d === NOT_A_DAY32) {
    sink.add(r, field, col!.get(r), 'invalid_date', invalidDateMessage(col!.get(r)));
    return Number.NaN;
  }
  return d;
}

/**
 * A coded column's distinct raw values, each parsed once: `parsed[codes[r]]`. Undefined for
 * a missing column or a source rejected as a whole.
 */
function parsedOnce(col: Column | undefined, fatal: boolean, parse: (v: unknown) => number): { codes: ArrayLike<number>; parsed: Int32Array } | undefined {
  if (col === undefined || fatal) return undefined;
  const { values, codes } = col.intern();
  return { codes, parsed: Int32Array.from(values, parse) };
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

/**
 * Validates every activity row (O(rows)). The accepted rows' values are written one after
 * another (accepted row k of the source is element k), so the arrays hold the accepted rows
 * only, in source order, and need no second pass to drop the rejected ones. Coded cells
 * (setting, admission method, diagnosis) are parsed once per distinct value, dates read as
 * day numbers in one pass, ids looked up without a string per row.
 */
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
  const fatal = src.fatal;
  const found = fatal ? new Int32Array(0) : patientRows(pidCol, patients.index);
  const dates = dayCells(dateCol, fatal);
  const discharges = dayCells(disCol, fatal);
  // -2: blank, -1: not a setting
  const settings = parsedOnce(settingCol, fatal, (v) => (isBlank(v) ? -2 : parseSettingCode(v)));
  // an admission method read with a blank meaning 0 (bit 0..1) and with a blank meaning 1 (bit 2..3): 0, 1 or 3 (-1) each
  const methods = parsedOnce(emCol, fatal, (v) => (parseAdmissionMethod(v, 0) & 3) | ((parseAdmissionMethod(v, 1) & 3) << 2));
  // the diagnosis number of each distinct raw value, given on its first accepted row (-2: not yet; -1: blank)
  const diags = parsedOnce(diagCol, fatal, () => -2);
  const tooCostly = `is above the maximum cost of ${limits.maxCost} for one row (loader option maxCost)`;
  const bedFast = bedCol?.decimal !== undefined;
  const costFast = costCol?.decimal !== undefined;
  let k = 0;
  for (let r = 0; r < n && !src.fatal; r++) {
    if (src.malformed[r]) continue;
    const p = patientOf(sink, pidCol, found, r);
    const d = requiredDateAt(sink, dateCol, dates, r, 'date');
    checkDate(sink, patients, p, d, referenceDate, dateCol, r, 'date');
    const s = settings!.parsed[settings!.codes[r]!]!;
    if (s === -2) sink.add(r, 'setting', settingCol.get(r), 'missing_value', 'is required');
    else if (s < 0) sink.add(r, 'setting', settingCol.get(r), 'unknown_setting', 'is not a known setting (inpatient/ae/outpatient/gp; see SETTING_CODE_MAP)');
    const blankEm = s === SETTING.ae ? 1 : 0;
    let em = blankEm;
    if (methods !== undefined) {
      const m = (methods.parsed[methods.codes[r]!]! >> (2 * blankEm)) & 3;
      em = m === 3 ? -1 : m;
    }
    if (em < 0) sink.add(r, 'emergency', emCol?.get(r), 'invalid_admission_method', 'is not an admission method (yes/no, emergency/elective or an NHS admission method code)');
    const dis = optionalDateAt(sink, disCol, discharges, r, 'dischargeDate');
    if (!Number.isNaN(dis) && dis !== NO_DATE && !Number.isNaN(d) && dis < d) {
      sink.add(r, 'dischargeDate', disCol?.get(r), 'discharge_before_admission', 'is before the admission date');
    }
    checkDate(sink, patients, -1, dis, referenceDate, disCol, r, 'dischargeDate');
    let bd = s === SETTING.inpatient ? Number.NaN : 0;
    // a plain decimal (most cells) is read in place; anything else as before
    const fastBed = bedFast ? bedCol!.decimal!(r) : NOT_PLAIN;
    if (bedCol !== undefined && (fastBed !== NOT_PLAIN || !bedCol.blank(r))) {
      const x = fastBed !== NOT_PLAIN ? fastBed : parseDecimal(bedCol.get(r));
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
    const fastCost = costFast ? costCol!.decimal!(r) : NOT_PLAIN;
    if (fastCost !== NOT_PLAIN) {
      c = fastCost;
      if (c > limits.maxCost) sink.add(r, 'cost', costCol!.get(r), 'implausible_cost', tooCostly);
    } else if (costCol !== undefined && !costCol.blank(r)) {
      c = parseDecimal(costCol.get(r));
      if (Number.isNaN(c)) sink.add(r, 'cost', costCol.get(r), 'invalid_number', NOT_A_DECIMAL);
      else if (c < 0) sink.add(r, 'cost', costCol.get(r), 'invalid_number', 'is not a non-negative number');
      else if (c > limits.maxCost) sink.add(r, 'cost', costCol.get(r), 'implausible_cost', tooCostly);
    }
    if (sink.rejected[r]) continue;
    patient[k] = p;
    date[k] = d;
    endDate[k] = dis;
    setting[k] = s;
    emergency[k] = em;
    bedDays[k] = bd;
    cost[k] = c;
    if (diags !== undefined) {
      const v = diags.codes[r]!;
      let x = diags.parsed[v]!;
      if (x === -2) {
        // first accepted row with this raw value: numbered as the diagnoses are met, as before
        const code = normaliseIcd10(diagCol!.text(r));
        x = diags.parsed[v] = code === '' ? -1 : diagnoses.id(code);
      }
      diagnosis[k] = x;
    }
    k++;
  }
  return {
    patient: patient.subarray(0, k), date: date.subarray(0, k), endDate: endDate.subarray(0, k), setting: setting.subarray(0, k),
    emergency: emergency.subarray(0, k), bedDays: bedDays.subarray(0, k), diagnosis: diagnosis.subarray(0, k), diagnoses: diagnoses.values, cost: cost.subarray(0, k),
  };
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
  const fatal = src.fatal;
  const found = fatal ? new Int32Array(0) : patientRows(pidCol, patients.index);
  const dates = dayCells(dateCol, fatal);
  const ends = dayCells(endCol, fatal);
  // each distinct raw code's trimmed text is numbered on its first accepted row (-2: not yet, -1: blank)
  const raw = fatal ? undefined : codeCol.intern();
  const numbered = raw === undefined ? new Int32Array(0) : Int32Array.from(raw.values, (v) => (cellText(v) === '' ? -1 : -2));
  let k = 0;
  for (let r = 0; r < n && !src.fatal; r++) {
    if (src.malformed[r]) continue;
    const p = patientOf(sink, pidCol, found, r);
    const v = raw!.codes[r]!;
    if (numbered[v] === -1) sink.add(r, 'code', codeCol.get(r), 'missing_value', 'is required');
    const d = requiredDateAt(sink, dateCol, dates, r, 'date');
    checkDate(sink, patients, p, d, referenceDate, dateCol, r, 'date');
    const e = optionalDateAt(sink, endCol, ends, r, endField);
    if (!Number.isNaN(e) && e !== NO_DATE && !Number.isNaN(d) && e < d) {
      sink.add(r, endField, endCol?.get(r), 'end_before_start', endFuture ? 'is before the recorded date' : 'is before the start date');
    }
    checkDate(sink, patients, -1, e, referenceDate, endCol, r, endField, endFuture);
    if (sink.rejected[r]) continue;
    patient[k] = p;
    let x = numbered[v]!;
    if (x === -2) x = numbered[v] = codes.id(cellText(raw!.values[v]));
    code[k] = x;
    date[k] = d;
    endDate[k] = e;
    k++;
  }
  return { patient: patient.subarray(0, k), code: code.subarray(0, k), codes: codes.values, date: date.subarray(0, k), endDate: endDate.subarray(0, k) };
}
