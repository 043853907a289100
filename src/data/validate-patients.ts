// Internal: column-wise validation of the patients source.
import { ageInYears, dayFromCivil, NO_DATE } from '../core/dates.js';
import { parseBooleanFlag } from '../schema/parse-boolean-flag.js';
import { parseSexCode } from '../schema/parse-sex-code.js';
import { parseBirthYear, parseImdDecile } from '../schema/patient-record.js';
import type { Column } from './column.js';
import type { IssueSink } from './issue-sink.js';

export interface ValidPatients {
  /** 0-based source rows accepted, in input order. */
  rows: Uint32Array;
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
  ethnicity: Uint16Array;
  ethnicities: string[];
  /** Id -> population row for accepted ids; -1 for ids seen only on rejected rows. */
  index: Map<string, number>;
}

const none: Column = { length: 0, get: () => undefined, blank: () => true, day: () => Number.NaN, text: () => '' };

/** Validates every patients row (O(rows)); reports issues into `sink`. */
export function validatePatients(sink: IssueSink, referenceDate: number, maxAge: number): ValidPatients {
  const src = sink.src;
  const n = src.rows;
  const F = src.fields;
  const idCol = F['id'] ?? none;
  const practiceCol = F['practiceId'] ?? none;
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
  // practices are interned as they are read (no string kept per row), then renumbered in
  // order of first appearance among accepted rows
  const practiceCode = new Int32Array(n);
  const rawPractices = new Map<string, number>();
  const rawPracticeNames: string[] = [];
  const sex = new Uint8Array(n);
  const birth = new Int32Array(n);
  const earliest = new Int32Array(n);
  const death = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const imd = new Uint8Array(n);
  const care = new Uint8Array(n);
  const opt = new Uint8Array(n);

  const optionalDate = (col: Column | undefined, r: number, field: string): number => {
    if (col === undefined || col.blank(r)) return NO_DATE;
    const d = col.day(r);
    if (Number.isNaN(d)) {
      sink.add(r, field, col.get(r), 'invalid_date', 'is not a date (yyyy-mm-dd or dd/mm/yyyy)');
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
      const pr = practiceCol.text(r);
      if (pr !== '') {
        let code = rawPractices.get(pr);
        if (code === undefined) {
          code = rawPracticeNames.length;
          rawPractices.set(pr, code);
          rawPracticeNames.push(pr);
        }
        practiceCode[r] = code;
      }
      if (pr === '') sink.add(r, 'practiceId', practiceCol.get(r), 'missing_value', 'is required');
      if (sexCol !== undefined) {
        const sv = sexCol.get(r);
        const s = parseSexCode(sv);
        if (s < 0) sink.add(r, 'sex', sv, 'unknown_sex', 'is not a known sex code (F/M/other/unknown; see SEX_CODE_MAP)');
        else sex[r] = s;
      }
      // birth
      let b = Number.NaN;
      let e = Number.NaN;
      const hasBirth = birthCol !== undefined && !birthCol.blank(r);
      if (hasBirth) {
        b = birthCol.day(r);
        e = b;
        if (Number.isNaN(b)) sink.add(r, 'birthDate', birthCol.get(r), 'invalid_date', 'is not a date (yyyy-mm-dd or dd/mm/yyyy)');
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
      const d = optionalDate(deathCol, r, 'deathDate');
      let f = optionalDate(fromCol, r, 'registeredFrom');
      const t = optionalDate(toCol, r, 'registeredTo');
      if (imdCol !== undefined) {
        const x = parseImdDecile(imdCol.get(r));
        if (x < 0) sink.add(r, 'imdDecile', imdCol.get(r), 'imd_out_of_range', 'must be an integer from 1 (most deprived) to 10');
        else imd[r] = x;
      }
      if (careCol !== undefined) {
        const x = parseBooleanFlag(careCol.get(r));
        if (x < 0) sink.add(r, 'careHome', careCol.get(r), 'invalid_boolean', 'is not a yes/no flag (true/false/1/0/yes/no/Y/N)');
        else care[r] = x;
      }
      if (optCol !== undefined) {
        const x = parseBooleanFlag(optCol.get(r));
        if (x < 0) sink.add(r, 'optedOut', optCol.get(r), 'invalid_boolean', 'is not a yes/no flag (true/false/1/0/yes/no/Y/N)');
        else opt[r] = x;
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
      if (f !== NO_DATE && f > referenceDate && fromCol !== undefined && !fromCol.blank(r)) sink.add(r, 'registeredFrom', fromCol.get(r), 'future_date', 'is after the reference date');
      if (t !== NO_DATE && t > referenceDate) sink.add(r, 'registeredTo', toCol?.get(r), 'future_date', 'is after the reference date');
      birth[r] = b;
      earliest[r] = e;
      death[r] = d;
      from[r] = f;
      to[r] = t;
    }
  }

  // duplicates: the first accepted row of an id wins; later valid rows with that id are rejected.
  // One map serves both: id -> population row, or -1 when the id is only on rejected rows.
  const index = new Map<string, number>();
  const keepRows: number[] = [];
  for (let r = 0; r < n && !src.fatal; r++) {
    if (src.malformed[r]) continue;
    const id = ids[r]!;
    if (id === '') continue;
    const prev = index.get(id);
    if (sink.rejected[r]) {
      if (prev === undefined) index.set(id, -1);
      continue;
    }
    if (prev !== undefined && prev >= 0) {
      sink.add(r, 'id', id, 'duplicate_id', `repeats the id of row ${sink.rowNumber(keepRows[prev]!)}, which is kept`);
      continue;
    }
    index.set(id, keepRows.length);
    keepRows.push(r);
  }
  for (let r = 0; r < n; r++) if (src.malformed[r] && !src.fatal) sink.rejected[r] = 1;
  if (src.fatal) sink.rejected.fill(1);

  const m = keepRows.length;
  const rows = Uint32Array.from(keepRows);
  const practiceIndex = new Int32Array(rawPracticeNames.length).fill(-1);
  const practices: string[] = [];
  const ethIndex = new Map<string, number>([['', 0]]);
  const ethnicities: string[] = [''];
  const out: ValidPatients = {
    rows, ids: new Array<string>(m), practices, practice: new Uint32Array(m), sex: new Uint8Array(m),
    birthDate: new Int32Array(m), earliestBirth: new Int32Array(m), deathDate: new Int32Array(m),
    registeredFrom: new Int32Array(m), registeredTo: new Int32Array(m), imdDecile: new Uint8Array(m),
    careHome: new Uint8Array(m), optedOut: new Uint8Array(m), ethnicity: new Uint16Array(m), ethnicities, index,
  };
  for (let i = 0; i < m; i++) {
    const r = rows[i]!;
    out.ids[i] = ids[r]!;
    const code = practiceCode[r]!;
    let pi = practiceIndex[code]!;
    if (pi < 0) {
      pi = practices.length;
      practiceIndex[code] = pi;
      practices.push(rawPracticeNames[code]!);
    }
    out.practice[i] = pi;
    out.sex[i] = sex[r]!;
    out.birthDate[i] = birth[r]!;
    out.earliestBirth[i] = earliest[r]!;
    out.deathDate[i] = death[r]!;
    out.registeredFrom[i] = from[r]!;
    out.registeredTo[i] = to[r]!;
    out.imdDecile[i] = imd[r]!;
    out.careHome[i] = care[r]!;
    out.optedOut[i] = opt[r]!;
    if (ethCol !== undefined) {
      const eth = ethCol.text(r);
      let ei = ethIndex.get(eth);
      if (ei === undefined) {
        ei = ethnicities.length;
        ethIndex.set(eth, ei);
        ethnicities.push(eth);
      }
      out.ethnicity[i] = ei;
    }
  }
  return out;
}
