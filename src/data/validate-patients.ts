// Internal: column-wise validation of the patients source.
import { ageInYears, dayFromCivil, NO_DATE } from '../core/dates.js';
import { invalidDateMessage } from '../schema/invalid-date-message.js';
import { parseBooleanFlag } from '../schema/parse-boolean-flag.js';
import { parseSexCode } from '../schema/parse-sex-code.js';
import { parseBirthYear, parseImdDecile } from '../schema/patient-record.js';
import { arrayColumn, BLANK_DAY, BLANK_DAY32, cellText, NOT_A_DAY32, type Column, type RangeLookup } from './column.js';
import { IdIndex, NO_VALUE } from './id-index.js';
import { findRepeatedIds } from './find-repeated-ids.js';
import type { IssueSink } from './issue-sink.js';

export interface ValidPatients {
  /** 0-based source rows accepted, in input order. */
  rows: Uint32Array;
  /** Ids of rejected rows whose opt-out says yes: withheld from issues like the accepted ones'. */
  optedOutRejected: string[];
  ids: string[];
  practices: string[];
  practice: Uint32Array;
  sex: Uint8Array;
  birthDate: Int32Array;
  /** Earliest possible birth (1 January when only a year is known). */
  earliestBirth: Int32Array;
  deathDate: Int32Array;
  registeredFrom: Int32Array;
  registeredTo: Int32Array;
  imdDecile: Uint8Array;
  careHome: Uint8Array;
  optedOut: Uint8Array;
  ethnicity: Uint16Array | Uint32Array;
  ethnicities: string[];
  /** Id -> population row for accepted ids; -1 for ids seen only on rejected rows. */
  index: RangeLookup;
}

const none: Column = arrayColumn([]);

/** A coded column parsed once per distinct raw value: `parsed[codes[r]]` is row r's level. */
interface Coded {
  codes: Uint8Array | Uint16Array | Uint32Array;
  parsed: Int32Array;
}

/**
 * Numbers the trimmed texts of a coded column in order of first use: `of(code)` is the
 * index in `names` of `texts[code]`, added on first use (codes whose texts trim alike share it).
 */
function firstUse(texts: readonly string[], names: string[], byName: Map<string, number>): (code: number) => number {
  const numbers = new Int32Array(texts.length).fill(-1);
  return (code) => {
    let x = numbers[code]!;
    if (x < 0) {
      const name = texts[code]!;
      x = byName.get(name) ?? names.length;
      if (x === names.length) {
        byName.set(name, x);
        names.push(name);
      }
      numbers[code] = x;
    }
    return x;
  };
}

/** Validates every patients row (O(rows)); reports issues into `sink`. */
export function validatePatients(sink: IssueSink, referenceDate: number, maxAge: number): ValidPatients {
  const src = sink.src;
  const n = src.rows;
  const F = src.fields;
  const idCol = F['id'] ?? none;
  const practiceCol = F['practiceId'];
  const sexCol = F['sex'];
  const birthCol = F['birthDate'];
  const yearCol = F['birthYear'];
  const deathCol = F['deathDate'];
  const fromCol = F['registeredFrom'];
  const toCol = F['registeredTo'];
  const imdCol = F['imdDecile'];
  const careCol = F['careHome'];
  const optCol = F['optedOut'];
  const ethCol = F['ethnicity'];

  const ids = new Array<string>(n);
  // Coded fields are read as codes into their distinct raw values (no string per row) and
  // each distinct value is parsed once; practices and ethnicities are numbered later, in
  // order of first appearance among accepted rows. Issues still come row by row.
  const coded = (col: Column | undefined, parse: (v: unknown) => number): Coded | undefined => {
    if (col === undefined || src.fatal) return undefined;
    const { values, codes } = col.intern();
    return { codes, parsed: Int32Array.from(values, (v) => parse(v)) };
  };
  const practiceCodes = practiceCol === undefined || src.fatal ? undefined : practiceCol.intern();
  const practiceText = practiceCodes?.values.map(cellText) ?? [];
  const sexCoded = coded(sexCol, parseSexCode);
  const imdCoded = coded(imdCol, parseImdDecile);
  const careCoded = coded(careCol, (v) => parseBooleanFlag(v));
  // every opt-out column (national_opt_out and type_1_opt_out may both be there): yes in any counts
  const optCols = src.combined['optedOut'] ?? (optCol !== undefined ? [optCol] : []);
  const optNames = src.fieldColumns['optedOut'] ?? [];
  const optCoded = optCols.map((col) => coded(col, (v) => parseBooleanFlag(v))!);
  const sex = new Uint8Array(n);
  const birth = new Int32Array(n);
  const earliest = new Int32Array(n);
  const death = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const imd = new Uint8Array(n);
  const care = new Uint8Array(n);
  const opt = new Uint8Array(n);

  // dates are read a column at a time, in 32 bits where the column can (CSV); day(r) is
  // BLANK_DAY where blank, NaN where not a date, whichever form the column was read in
  const daysOf = (col: Column | undefined): ((r: number) => number) | undefined => {
    if (col === undefined || src.fatal) return undefined;
    if (col.dayNumbers !== undefined) {
      const days = col.dayNumbers();
      return (r) => {
        const d = days[r]!;
        return d === BLANK_DAY32 ? BLANK_DAY : d === NOT_A_DAY32 ? Number.NaN : d;
      };
    }
    const days = col.days();
    return (r) => days[r]!;
  };
  const birthDays = daysOf(birthCol);
  const deathDays = daysOf(deathCol);
  const fromDays = daysOf(fromCol);
  const toDays = daysOf(toCol);
  const optionalDate = (col: Column | undefined, days: ((r: number) => number) | undefined, r: number, field: string): number => {
    if (col === undefined || days === undefined) return NO_DATE;
    const d = days(r);
    if (d === BLANK_DAY) return NO_DATE;
    if (Number.isNaN(d)) {
      sink.add(r, field, col.get(r), 'invalid_date', invalidDateMessage(col.get(r)));
      return NO_DATE;
    }
    return d;
  };

  if (!src.fatal) {
    for (let r = 0; r < n; r++) {
      if (src.malformed[r]) continue;
      const id = idCol.text(r);
      ids[r] = id;
      if (id === '') sink.add(r, 'id', idCol.get(r), 'missing_value', 'is required');
      if (practiceCodes === undefined || practiceText[practiceCodes.codes[r]!] === '') sink.add(r, 'practiceId', practiceCol?.get(r), 'missing_value', 'is required');
      if (sexCoded !== undefined) {
        const s = sexCoded.parsed[sexCoded.codes[r]!]!;
        if (s < 0) sink.add(r, 'sex', sexCol!.get(r), 'unknown_sex', 'is not a known sex code (F/M/other/unknown; see SEX_CODE_MAP)');
        else sex[r] = s;
      }
      // birth
      let b = Number.NaN;
      let e = Number.NaN;
      const hasBirth = birthCol !== undefined && birthDays!(r) !== BLANK_DAY;
      if (hasBirth) {
        b = birthDays!(r);
        e = b;
        if (Number.isNaN(b)) sink.add(r, 'birthDate', birthCol.get(r), 'invalid_date', invalidDateMessage(birthCol.get(r)));
      } else if (yearCol !== undefined && !yearCol.blank(r)) {
        const y = parseBirthYear(yearCol.get(r));
        if (Number.isNaN(y)) sink.add(r, 'birthYear', yearCol.get(r), 'invalid_date', 'is not a year');
        else {
          b = dayFromCivil(y, 7, 1);
          e = dayFromCivil(y, 1, 1);
        }
      } else {
        sink.add(r, 'birthDate', birthCol?.get(r), 'missing_value', 'birthDate or birthYear is required');
      }
      const d = optionalDate(deathCol, deathDays, r, 'deathDate');
      let f = optionalDate(fromCol, fromDays, r, 'registeredFrom');
      const t = optionalDate(toCol, toDays, r, 'registeredTo');
      if (imdCoded !== undefined) {
        const x = imdCoded.parsed[imdCoded.codes[r]!]!;
        if (x < 0) sink.add(r, 'imdDecile', imdCol!.get(r), 'imd_out_of_range', 'must be an integer from 1 (most deprived) to 10');
        else imd[r] = x;
      }
      if (careCoded !== undefined) {
        const x = careCoded.parsed[careCoded.codes[r]!]!;
        if (x < 0) sink.add(r, 'careHome', careCol!.get(r), 'invalid_boolean', 'is not a yes/no flag (true/false/1/0/yes/no/Y/N)');
        else care[r] = x;
      }
      for (let k = 0; k < optCoded.length; k++) {
        const c = optCoded[k]!;
        const x = c.parsed[c.codes[r]!]!;
        if (x < 0) {
          const which = optCoded.length > 1 ? ` (column ${optNames[k]})` : '';
          sink.add(r, 'optedOut', optCols[k]!.get(r), 'invalid_boolean', `is not a yes/no flag (true/false/1/0/yes/no/Y/N)${which}`);
        } else if (x === 1) opt[r] = 1;
      }
      if (!Number.isNaN(b)) {
        if (e > referenceDate) {
          sink.add(r, hasBirth ? 'birthDate' : 'birthYear', (hasBirth ? birthCol : yearCol)?.get(r), 'impossible_age', 'is after the reference date (born in the future)');
        } else {
          // older than maxAge needs at least (maxAge + 1) * 365 days: only then compute the age exactly
          const until = Math.min(referenceDate, d);
          const age = until - b >= (maxAge + 1) * 365 ? ageInYears(b, until) : 0;
          if (age > maxAge) sink.add(r, hasBirth ? 'birthDate' : 'birthYear', (hasBirth ? birthCol : yearCol)?.get(r), 'impossible_age', `gives an age of ${age}, above maxAge ${maxAge}`);
        }
        if (d !== NO_DATE && d < e) sink.add(r, 'deathDate', deathCol?.get(r), 'before_birth', 'is before birth');
        if (f === NO_DATE) f = b;
        else if (f < e) sink.add(r, 'registeredFrom', fromCol?.get(r), 'before_birth', 'is before birth');
        if (t !== NO_DATE && t < f) sink.add(r, 'registeredTo', toCol?.get(r), 'end_before_start', 'is before registeredFrom');
      }
      if (d !== NO_DATE && d > referenceDate) sink.add(r, 'deathDate', deathCol?.get(r), 'future_date', 'is after the reference date');
      if (f !== NO_DATE && f > referenceDate && fromCol !== undefined && fromDays!(r) !== BLANK_DAY) sink.add(r, 'registeredFrom', fromCol.get(r), 'future_date', 'is after the reference date');
      if (t !== NO_DATE && t > referenceDate) sink.add(r, 'registeredTo', toCol?.get(r), 'future_date', 'is after the reference date');
      birth[r] = b;
      earliest[r] = e;
      death[r] = d;
      from[r] = f;
      to[r] = t;
    }
  }

  // Duplicates: the first valid row of an id is kept; later valid rows with that id are
  // rejected. When the valid rows' ids are strictly increasing (an extract sorted by id) none
  // can repeat; otherwise they are found by sorting hashes of the ids. The events' table
  // (id -> population row, or -1 when the id is only on rejected rows: `patient_rejected`
  // rather than `unknown_patient`) is built only if events ask for it.
  const keepRows = new Uint32Array(n);
  let m = 0;
  let increasing = true;
  for (let r = 0; r < n && !src.fatal; r++) {
    if (src.malformed[r] || sink.rejected[r]) continue;
    if (m > 0 && !(ids[keepRows[m - 1]!]! < ids[r]!)) {
      increasing = false;
      break;
    }
    keepRows[m++] = r;
  }
  if (!increasing) {
    // Unsorted ids: find the repeats by sorting hashes (no table), then keep rows in order.
    const candidate = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      if (!src.malformed[r] && !sink.rejected[r] && ids[r] !== '') candidate[r] = 1;
    }
    const firstOf = findRepeatedIds(ids, candidate);
    m = 0;
    for (let r = 0; r < n; r++) {
      if (candidate[r] === 0) continue;
      const first = firstOf[r]!;
      if (first >= 0) {
        sink.add(r, 'id', ids[r], 'duplicate_id', `repeats the id of row ${sink.rowNumber(first)}, which is kept`);
        continue;
      }
      keepRows[m++] = r;
    }
  }
  let index: IdIndex | undefined;
  for (let r = 0; r < n; r++) if (src.malformed[r] && !src.fatal) sink.rejected[r] = 1;
  if (src.fatal) sink.rejected.fill(1);
  const rows = m === n ? keepRows : keepRows.slice(0, m);
  // the same table as the loop above builds: kept ids -> their row, other ids of rejected rows -> -1
  const buildIndex = (): IdIndex => {
    const built = new IdIndex(n);
    for (let i = 0; i < m; i++) built.setValue(built.entry(ids[rows[i]!]!), i);
    for (let r = 0; r < n; r++) {
      const id = ids[r];
      if (src.malformed[r] || !sink.rejected[r] || id === undefined || id === '') continue;
      const k = built.entry(id);
      if (built.value(k) === NO_VALUE) built.setValue(k, -1);
    }
    return built;
  };

  // every row kept (the usual case): the per-row arrays are the columns as they are
  const all = m === n;
  const keep = <T extends Int32Array | Uint8Array>(a: T): T => {
    if (all) return a;
    const out = new (a.constructor as new (n: number) => T)(m);
    for (let i = 0; i < m; i++) out[i] = a[rows[i]!]!;
    return out;
  };
  const practices: string[] = [];
  const practiceOf = firstUse(practiceText, practices, new Map());
  const ethCodes = ethCol === undefined || src.fatal ? undefined : ethCol.intern();
  const ethnicities: string[] = [''];
  const ethnicityOf = firstUse(ethCodes?.values.map(cellText) ?? [], ethnicities, new Map([['', 0]]));
  const optedOutRejected: string[] = [];
  if (!all) for (let r = 0; r < n; r++) if (opt[r] && sink.rejected[r] && ids[r]) optedOutRejected.push(ids[r]!);
  const out: ValidPatients = {
    rows, optedOutRejected, ids: all ? ids : Array.from(rows, (r) => ids[r]!), practices, practice: new Uint32Array(m), sex: keep(sex),
    birthDate: keep(birth), earliestBirth: keep(earliest), deathDate: keep(death), registeredFrom: keep(from),
    registeredTo: keep(to), imdDecile: keep(imd), careHome: keep(care), optedOut: keep(opt),
    // an index into the distinct values (and '' first): 32 bits when 16 could wrap
    ethnicity: (ethCodes?.values.length ?? 0) + 1 > 65536 ? new Uint32Array(m) : new Uint16Array(m),
    ethnicities, index: {
      get: (id) => (index ??= buildIndex()).get(id),
      getText: (t, a, b) => (index ??= buildIndex()).getText(t, a, b),
      getBytes: (bytes, a, b) => (index ??= buildIndex()).getBytes(bytes, a, b),
    },
  };
  for (let i = 0; i < m; i++) {
    const r = rows[i]!;
    out.practice[i] = practiceOf(practiceCodes!.codes[r]!);
    if (ethCodes !== undefined) out.ethnicity[i] = ethnicityOf(ethCodes.codes[r]!);
  }
  return out;
}
