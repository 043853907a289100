import { fail } from './errors.js';
import { NO_DATE } from './dates.js';
import { ACTIVITY_FROM_RULE, deriveActivityFrom } from './derive-activity-from.js';

/**
 * The columnar population every stage works on. One row per registered person; events
 * (hospital and GP activity), long-term conditions and medications held per person in
 * offset arrays (CSR) sorted by date, so a stage can pass over 10M people without an
 * object per person.
 *
 * Memory: per person 4 (practice) + 1 (sex) + 4x4 (birth, death, registered from/to)
 * + 1 (IMD) + 1 (care home) + 1 (opt-out) + 2 (ethnicity) + 3x4 (offsets) = 38 bytes plus
 * the id string; per activity event 4 (date) + 4 (end date) + 1 (setting) + 1 (emergency)
 * + 4 (bed days) + 4 (diagnosis) + 8 (cost) = 26 bytes; per condition 2 + 4 + 4 = 10 bytes.
 *
 * @module
 */

/** Sex codes held in `Population.sex`. Index into {@link SEX_LEVELS}. */
export const SEX_LEVELS = ['unknown', 'F', 'M', 'other'] as const;
export type SexLevel = (typeof SEX_LEVELS)[number];
export const SEX = { unknown: 0, F: 1, M: 2, other: 3 } as const;

/** Activity settings held in `ActivityEvents.setting`. Index into {@link SETTING_LEVELS}. */
export const SETTING_LEVELS = ['inpatient', 'ae', 'outpatient', 'gp'] as const;
export type SettingLevel = (typeof SETTING_LEVELS)[number];
export const SETTING = { inpatient: 0, ae: 1, outpatient: 2, gp: 3 } as const;

/** Hospital and GP activity, per person in CSR form, sorted by `date` within each person. */
export interface ActivityEvents {
  /** `offsets[i]..offsets[i+1]` are person i's events; length `size + 1`. */
  readonly offsets: Uint32Array;
  /** Admission / attendance date (day number). */
  readonly date: Int32Array;
  /** Discharge date (day number) or {@link NO_DATE}. */
  readonly endDate: Int32Array;
  /** 0 inpatient, 1 A&E, 2 outpatient, 3 GP (see {@link SETTING_LEVELS}). */
  readonly setting: Uint8Array;
  /** 1 when the admission method is emergency (non-elective). */
  readonly emergency: Uint8Array;
  /** Bed days (discharge minus admission, or as given); 0 for non-inpatient; NaN if unknown. */
  readonly bedDays: Float32Array;
  /** Index into `diagnoses`, or -1 when missing. */
  readonly diagnosis: Int32Array;
  /** Interned primary diagnoses (ICD-10, upper case, no dot, e.g. `J441`). */
  readonly diagnoses: readonly string[];
  /** Cost in pounds; NaN when unknown. */
  readonly cost: Float64Array;
}

/** Long-term conditions, per person in CSR form, sorted by recorded `date`. */
export interface ConditionEvents {
  readonly offsets: Uint32Array;
  /** Index into `codes`: 16 bits, or 32 when there are more than 65,536 distinct codes. */
  readonly code: Uint16Array | Uint32Array;
  /** Interned condition clusters, e.g. `COPD`, `heart_failure`. */
  readonly codes: readonly string[];
  /** Date recorded (day number). */
  readonly date: Int32Array;
  /** Date resolved or {@link NO_DATE}. */
  readonly resolvedDate: Int32Array;
  /** Where each row's diagnosis was recorded: 1 GP record, 2 hospital activity (see `registerSource`). */
  readonly source: Uint8Array;
}

/** Medication issues, per person in CSR form, sorted by `date` (optional input). */
export interface MedicationEvents {
  readonly offsets: Uint32Array;
  readonly code: Uint32Array;
  readonly codes: readonly string[];
  readonly date: Int32Array;
  /** End of the course or {@link NO_DATE}. */
  readonly endDate: Int32Array;
}

/** Per-person columns, by name. */
export interface PopulationColumns {
  /** Index into `Population.practices`. */
  readonly practice: Uint32Array;
  /** See {@link SEX_LEVELS}. */
  readonly sex: Uint8Array;
  /** Day number; a birth year alone is placed on 1 July of that year. */
  readonly birthDate: Int32Array;
  /** Day number or {@link NO_DATE}. */
  readonly deathDate: Int32Array;
  readonly registeredFrom: Int32Array;
  /** Day number or {@link NO_DATE} (still registered). */
  readonly registeredTo: Int32Array;
  /** 1 (most deprived) .. 10; 0 when unknown. */
  readonly imdDecile: Uint8Array;
  readonly careHome: Uint8Array;
  readonly optedOut: Uint8Array;
  /** Index into `Population.ethnicities` (0 is `''`, unknown): 16 bits, or 32 beyond 65,536 values. */
  readonly ethnicity: Uint16Array | Uint32Array;
}

export type PopulationColumnName = keyof PopulationColumns;

/**
 * The dates an extract covers: activity is complete from `activityFrom` to `extractDate`, both
 * days included. Every step with an as-of date, a lookback or a horizon checks its window
 * against this: an as-of date after `extractDate`, or an outcome horizon or after-window running
 * past it, is refused (`window_past_extract`: nothing after the extract date is in the data, so
 * counts there would look like a fall); a lookback or before-window starting before
 * `activityFrom` gives a `window_before_data` warning, or error with `beforeData: 'error'`.
 */
export interface DataWindow {
  /** The extract (reference) date, as a day number: no event after it is in the data. */
  readonly extractDate: number;
  /** The first day from which activity is complete, as a day number. */
  readonly activityFrom: number;
  /** How `extractDate` was found: given by the caller, or derived from the data. */
  readonly extractDateSource: 'given' | 'derived';
  /** How `activityFrom` was found: given by the caller, or derived from the data (see `rule`). */
  readonly activityFromSource: 'given' | 'derived';
  /** The rule that derived a date, in words (empty when both were given). */
  readonly rule: string;
}

/**
 * How opt-outs are known for this population: from an opt-out column (`'column'`), removed
 * before the extract reached the library (`'removed-upstream'`, said by the caller),
 * synthetic people who cannot opt out (`'synthetic'`), or not recorded (`'not-recorded'`:
 * only a population built by hand with `createPopulation` and no `optedOut` column).
 */
export type OptOutSource = 'column' | 'removed-upstream' | 'synthetic' | 'not-recorded';

/** Where a population came from, printed in every output's provenance. */
export interface PopulationProvenance {
  readonly optOuts: OptOutSource;
}

/** A validated, columnar, immutable population. Build one with {@link createPopulation}. */
export interface Population {
  readonly size: number;
  /** Pseudonymised ids, one per row. */
  readonly ids: readonly string[];
  /** Interned practice codes; `columns.practice[i]` indexes this. */
  readonly practices: readonly string[];
  readonly ethnicities: readonly string[];
  readonly columns: PopulationColumns;
  readonly activity: ActivityEvents;
  readonly conditions: ConditionEvents;
  readonly medications: MedicationEvents | undefined;
  /** The dates the data cover (extract date, first complete day of activity). */
  readonly window: DataWindow;
  /** How opt-outs are known, and other facts every output should carry. */
  readonly provenance: PopulationProvenance;
  /** A column by name. */
  column<K extends PopulationColumnName>(name: K): PopulationColumns[K];
  /** Row of an id, or -1. */
  indexOf(id: string): number;
}

/** Flat, unsorted activity for {@link createPopulation}: `patient[j]` is the row of event j. */
export interface ActivityParts {
  patient: ArrayLike<number>;
  date: ArrayLike<number>;
  endDate?: ArrayLike<number>;
  setting: ArrayLike<number>;
  emergency: ArrayLike<number>;
  bedDays?: ArrayLike<number>;
  diagnosis?: ArrayLike<number>;
  diagnoses?: readonly string[];
  cost?: ArrayLike<number>;
}

export interface ConditionParts {
  patient: ArrayLike<number>;
  code: ArrayLike<number>;
  codes: readonly string[];
  date: ArrayLike<number>;
  resolvedDate?: ArrayLike<number>;
  /** 1 GP (the default), 2 hospital. */
  source?: ArrayLike<number>;
}

export interface MedicationParts {
  patient: ArrayLike<number>;
  code: ArrayLike<number>;
  codes: readonly string[];
  date: ArrayLike<number>;
  endDate?: ArrayLike<number>;
}

/** Already-normalised columns for {@link createPopulation}. Optional columns get defaults. */
export interface PopulationParts {
  ids: readonly string[];
  practices: readonly string[];
  practice: ArrayLike<number>;
  sex?: ArrayLike<number>;
  birthDate: ArrayLike<number>;
  deathDate?: ArrayLike<number>;
  /** Defaults to the birth date. */
  registeredFrom?: ArrayLike<number>;
  registeredTo?: ArrayLike<number>;
  imdDecile?: ArrayLike<number>;
  careHome?: ArrayLike<number>;
  optedOut?: ArrayLike<number>;
  ethnicity?: ArrayLike<number>;
  ethnicities?: readonly string[];
  activity?: ActivityParts;
  conditions?: ConditionParts;
  medications?: MedicationParts;
  /**
   * The extract's window (day numbers); parts not given are derived from the data: the extract
   * date as the latest date in it, `activityFrom` by `ACTIVITY_FROM_RULE` (see `DataWindow.rule`).
   */
  window?: Partial<Pick<DataWindow, 'extractDate' | 'activityFrom'>>;
  /** Defaults to `{ optOuts: 'column' }` when `optedOut` is given, else `'not-recorded'`. */
  provenance?: PopulationProvenance;
}

const FN = 'createPopulation';

function column<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Float32Array | Float64Array>(
  Ctor: { new (n: number): T; from(a: ArrayLike<number>): T },
  name: string,
  source: ArrayLike<number> | undefined,
  n: number,
  fill: number,
): T {
  if (source === undefined) {
    const out = new Ctor(n);
    if (fill !== 0) out.fill(fill);
    return out;
  }
  if (source.length !== n) {
    fail({ fn: FN, code: 'length_mismatch', path: [name], value: source.length, message: `column has ${source.length} values but there are ${n} rows` });
  }
  return source instanceof Ctor ? source : Ctor.from(source);
}

/** Counting sort of events into per-person CSR order, stable, then by date within person. */
function csrOrder(patient: ArrayLike<number>, date: ArrayLike<number>, size: number, path: string): { offsets: Uint32Array; order: Uint32Array } {
  const m = patient.length;
  const offsets = new Uint32Array(size + 1);
  for (let j = 0; j < m; j++) {
    const p = patient[j]!;
    if (!(p >= 0 && p < size) || !Number.isInteger(p)) {
      fail({ fn: FN, code: 'invalid_input', path: [path, 'patient', j], value: p, message: 'event refers to a row that does not exist' });
    }
    offsets[p + 1]!++;
  }
  for (let i = 0; i < size; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, size);
  const order = new Uint32Array(m);
  for (let j = 0; j < m; j++) order[cursor[patient[j]!]!++] = j;
  // Within each person, by date (stable: ties keep input order). Most extracts are in date
  // order, so a person's events are checked in one pass and left alone; a person out of order
  // (an extract exported newest first, or in any other order) is sorted in O(k log k), never by
  // insertion, which took O(k^2) (200,000 events of one person newest first: 39 s).
  for (let i = 0; i < size; i++) {
    const lo = offsets[i]!;
    const hi = offsets[i + 1]!;
    let sorted = true;
    for (let a = lo + 1; a < hi && sorted; a++) if (date[order[a - 1]!]! > date[order[a]!]!) sorted = false;
    if (sorted) continue;
    if (hi - lo <= 32) {
      // a person's few events (an extract has ~20 a person): insertion sort, stable, at most
      // 32 x 31 / 2 moves, without sortByDate's two arrays per person
      for (let a = lo + 1; a < hi; a++) {
        const e = order[a]!;
        const d = date[e]!;
        let b = a - 1;
        while (b >= lo && date[order[b]!]! > d) {
          order[b + 1] = order[b]!;
          b--;
        }
        order[b + 1] = e;
      }
    } else sortByDate(order.subarray(lo, hi), date);
  }
  return { offsets, order };
}

/**
 * Sorts event indices by date, stably (ties keep their order), in O(k log k): each index is
 * packed with its date into one double (date offset x 2^32 + position), so the native numeric
 * sort needs no comparator; dates spread over more than 2^20 days fall back to a comparator.
 */
function sortByDate(idx: Uint32Array, date: ArrayLike<number>): void {
  const k = idx.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < k; t++) {
    const d = date[idx[t]!]!;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (!(hi - lo < 2 ** 20)) {
    idx.sort((a, b) => date[a]! - date[b]! || a - b);
    return;
  }
  const keys = new Float64Array(k);
  for (let t = 0; t < k; t++) keys[t] = (date[idx[t]!]! - lo) * 4294967296 + t;
  keys.sort();
  const orig = idx.slice();
  for (let t = 0; t < k; t++) idx[t] = orig[keys[t]! % 4294967296]!;
}

function gather<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Float32Array | Float64Array>(
  Ctor: { new (n: number): T },
  source: ArrayLike<number> | undefined,
  order: Uint32Array,
  fill: number,
  name: string,
): T {
  const out = new Ctor(order.length);
  if (source === undefined) {
    if (fill !== 0) out.fill(fill);
    return out;
  }
  if (source.length !== order.length) {
    fail({ fn: FN, code: 'length_mismatch', path: [name], value: source.length, message: `has ${source.length} values but there are ${order.length} events` });
  }
  permute(out, source, order);
  return out;
}

// One loop per element type: a single loop that meets several kinds of typed array is
// megamorphic and several times slower (2M events x 9 columns took most of createPopulation).
function permuteI32(out: Int32Array, source: Int32Array, order: Uint32Array): void {
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
}
function permuteU8(out: Uint8Array, source: Uint8Array, order: Uint32Array): void {
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
}
function permuteF32(out: Float32Array, source: Float32Array, order: Uint32Array): void {
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
}
function permuteF64(out: Float64Array, source: Float64Array, order: Uint32Array): void {
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
}
function permuteU32(out: Uint32Array, source: Uint32Array, order: Uint32Array): void {
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
}

/** `out[k] = source[order[k]]` for every k, by the loop of the arrays' type when they share one. */
function permute(out: Int32Array | Uint32Array | Uint8Array | Uint16Array | Float32Array | Float64Array, source: ArrayLike<number>, order: Uint32Array): void {
  if (out instanceof Int32Array && source instanceof Int32Array) permuteI32(out, source, order);
  else if (out instanceof Uint8Array && source instanceof Uint8Array) permuteU8(out, source, order);
  else if (out instanceof Float32Array && source instanceof Float32Array) permuteF32(out, source, order);
  else if (out instanceof Float64Array && source instanceof Float64Array) permuteF64(out, source, order);
  else if (out instanceof Uint32Array && source instanceof Uint32Array) permuteU32(out, source, order);
  else for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
}

/**
 * Builds an immutable columnar {@link Population} from already-normalised parts. This is
 * the one constructor: `loadPopulation` (after validation) and `generatePopulation` call
 * it, and tests build small populations with it. Events may come in any order; they are
 * grouped per person (stable) and sorted by date. O(people + events).
 *
 * The population knows the window its data cover (`window`): give it (`parts.window`, as
 * the loaders do with the extract date), or it is derived from the data (see
 * {@link PopulationParts.window}). Every stage with an as-of date, a lookback or a horizon
 * checks its window against it.
 *
 * @throws RiskStratifyError `length_mismatch` when a column's length differs from `ids`,
 *   `invalid_input` when an event refers to a row that does not exist or ids repeat, or
 *   when the window given is not whole day numbers or starts after its extract date.
 * @example
 * const pop = createPopulation({ ids: ['a', 'b'], practices: ['P1'], practice: [0, 0],
 *   birthDate: [0, 3650] });
 * pop.size; // => 2
 */
export function createPopulation(parts: PopulationParts): Population {
  const n = parts.ids.length;
  const ids = Object.freeze([...parts.ids]);
  const practices = Object.freeze([...parts.practices]);
  const ethnicities = Object.freeze(parts.ethnicities ? [...parts.ethnicities] : ['']);
  const birthDate = column(Int32Array, 'birthDate', parts.birthDate, n, 0);
  const columns: PopulationColumns = Object.freeze({
    practice: column(Uint32Array, 'practice', parts.practice, n, 0),
    sex: column(Uint8Array, 'sex', parts.sex, n, 0),
    birthDate,
    deathDate: column(Int32Array, 'deathDate', parts.deathDate, n, NO_DATE),
    registeredFrom: parts.registeredFrom ? column(Int32Array, 'registeredFrom', parts.registeredFrom, n, 0) : birthDate.slice(),
    registeredTo: column(Int32Array, 'registeredTo', parts.registeredTo, n, NO_DATE),
    imdDecile: column(Uint8Array, 'imdDecile', parts.imdDecile, n, 0),
    careHome: column(Uint8Array, 'careHome', parts.careHome, n, 0),
    optedOut: column(Uint8Array, 'optedOut', parts.optedOut, n, 0),
    // interned columns widen with the number of distinct values: an index never wraps
    ethnicity: ethnicities.length > 65536 ? column(Uint32Array, 'ethnicity', parts.ethnicity, n, 0) : column(Uint16Array, 'ethnicity', parts.ethnicity, n, 0),
  });
  for (let i = 0; i < n; i++) {
    if (columns.practice[i]! >= practices.length) {
      fail({ fn: FN, code: 'invalid_input', path: ['practice', i], value: columns.practice[i], message: 'practice index outside practices' });
    }
  }

  const a = parts.activity;
  const actOrder = a ? csrOrder(a.patient, a.date, n, 'activity') : { offsets: new Uint32Array(n + 1), order: new Uint32Array(0) };
  const activity: ActivityEvents = Object.freeze({
    offsets: actOrder.offsets,
    date: gather(Int32Array, a?.date, actOrder.order, 0, 'activity.date'),
    endDate: gather(Int32Array, a?.endDate, actOrder.order, NO_DATE, 'activity.endDate'),
    setting: gather(Uint8Array, a?.setting, actOrder.order, 0, 'activity.setting'),
    emergency: gather(Uint8Array, a?.emergency, actOrder.order, 0, 'activity.emergency'),
    bedDays: gather(Float32Array, a?.bedDays, actOrder.order, 0, 'activity.bedDays'),
    diagnosis: gather(Int32Array, a?.diagnosis, actOrder.order, -1, 'activity.diagnosis'),
    diagnoses: Object.freeze(a?.diagnoses ? [...a.diagnoses] : []),
    cost: gather(Float64Array, a?.cost, actOrder.order, Number.NaN, 'activity.cost'),
  });

  const c = parts.conditions;
  const condOrder = c ? csrOrder(c.patient, c.date, n, 'conditions') : { offsets: new Uint32Array(n + 1), order: new Uint32Array(0) };
  const conditions: ConditionEvents = Object.freeze({
    offsets: condOrder.offsets,
    code: c && c.codes.length > 65536 ? gather(Uint32Array, c.code, condOrder.order, 0, 'conditions.code') : gather(Uint16Array, c?.code, condOrder.order, 0, 'conditions.code'),
    codes: Object.freeze(c ? [...c.codes] : []),
    date: gather(Int32Array, c?.date, condOrder.order, 0, 'conditions.date'),
    resolvedDate: gather(Int32Array, c?.resolvedDate, condOrder.order, NO_DATE, 'conditions.resolvedDate'),
    source: gather(Uint8Array, c?.source, condOrder.order, 1, 'conditions.source'),
  });

  const md = parts.medications;
  let medications: MedicationEvents | undefined;
  if (md) {
    const o = csrOrder(md.patient, md.date, n, 'medications');
    medications = Object.freeze({
      offsets: o.offsets,
      code: gather(Uint32Array, md.code, o.order, 0, 'medications.code'),
      codes: Object.freeze([...md.codes]),
      date: gather(Int32Array, md.date, o.order, 0, 'medications.date'),
      endDate: gather(Int32Array, md.endDate, o.order, NO_DATE, 'medications.endDate'),
    });
  }

  const window = deriveWindow(parts.window, columns, activity, conditions, medications);
  const provenance: PopulationProvenance = Object.freeze({ ...(parts.provenance ?? { optOuts: parts.optedOut ? 'column' : 'not-recorded' }) });

  let index: Map<string, number> | undefined;
  const indexOf = (id: string): number => {
    if (!index) {
      index = new Map();
      for (let i = 0; i < n; i++) {
        if (index.has(ids[i]!)) {
          fail({ fn: FN, code: 'invalid_input', path: ['ids', i], value: ids[i], message: 'patient id appears twice' });
        }
        index.set(ids[i]!, i);
      }
    }
    return index.get(id) ?? -1;
  };
  return Object.freeze({
    size: n,
    ids,
    practices,
    ethnicities,
    columns,
    activity,
    conditions,
    medications,
    window,
    provenance,
    column: <K extends PopulationColumnName>(name: K): PopulationColumns[K] => columns[name],
    indexOf,
  });
}

function maxDate(a: Int32Array, hi: number): number {
  for (let k = 0; k < a.length; k++) if (a[k]! > hi && a[k]! !== NO_DATE) hi = a[k]!;
  return hi;
}

/** The rule that derives an extract date nobody gave, in words. */
const EXTRACT_DATE_RULE = 'extract date: the latest date in the data (no extract date was given)';

/**
 * The window given, with what was not given derived from the data: the extract date as the
 * latest date of any event or registration change (the latest birth date when there is none),
 * and the first complete day of activity by {@link deriveActivityFrom}.
 */
function deriveWindow(
  given: PopulationParts['window'],
  columns: PopulationColumns,
  activity: ActivityEvents,
  conditions: ConditionEvents,
  medications: MedicationEvents | undefined,
): DataWindow {
  for (const key of ['extractDate', 'activityFrom'] as const) {
    const v = given?.[key];
    if (v !== undefined && !(Number.isInteger(v) && Math.abs(v) <= 1e7)) {
      fail({ fn: FN, code: 'invalid_input', path: ['window', key], value: v, message: 'must be a whole day number' });
    }
  }
  let extractDate = given?.extractDate;
  const rules: string[] = [];
  if (extractDate === undefined) {
    let hi = -NO_DATE;
    for (const a of [activity.date, activity.endDate, conditions.date, conditions.resolvedDate, medications?.date, columns.registeredFrom, columns.registeredTo, columns.deathDate]) {
      if (a) hi = maxDate(a, hi);
    }
    extractDate = hi === -NO_DATE ? maxDate(columns.birthDate, hi) : hi;
    if (extractDate === -NO_DATE) extractDate = 0;
    rules.push(EXTRACT_DATE_RULE);
  }
  let activityFrom = given?.activityFrom;
  if (activityFrom === undefined) {
    activityFrom = deriveActivityFrom(activity.date, extractDate);
    rules.push(ACTIVITY_FROM_RULE);
  } else if (activityFrom > extractDate) {
    fail({ fn: FN, code: 'invalid_input', path: ['window', 'activityFrom'], value: activityFrom, message: `activity cannot be complete from a day after the extract date (day ${extractDate})` });
  }
  return Object.freeze({
    extractDate, activityFrom,
    extractDateSource: given?.extractDate === undefined ? 'derived' : 'given',
    activityFromSource: given?.activityFrom === undefined ? 'derived' : 'given',
    rule: rules.join('; '),
  });
}

/**
 * Whether person `i` is registered and alive on `day` (the eligibility rule every stage
 * uses): born on or before, registered from on or before, registration not ended before,
 * not dead on or before. Registration end and death dates are exclusive: someone who died
 * on `day` is not eligible on `day`.
 */
export function isEligible(population: Population, i: number, day: number): boolean {
  const c = population.columns;
  return c.birthDate[i]! <= day && c.registeredFrom[i]! <= day && c.registeredTo[i]! > day && c.deathDate[i]! > day;
}
