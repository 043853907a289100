// Internal: coded condition rows -> register rows by the QOF rule.
import { NO_DATE } from '../core/dates.js';
import type { CodeClusters } from './code-list-index.js';

/** Where a register row's evidence came from (bits of `ConditionEvents.source`). */
export const SOURCE_GP = 1;
/** A diagnosis in hospital activity (see the `hospitalConditions` option of `loadPopulation`). */
export const SOURCE_HOSPITAL = 2;

/** Coded condition rows as validated: `code[k]` indexes `codes` (the codes as the extract writes them). */
export interface CodedConditionRows {
  readonly patient: ArrayLike<number>;
  readonly code: ArrayLike<number>;
  readonly codes: readonly string[];
  readonly date: ArrayLike<number>;
  /** The row's own resolved date (a `resolvedDate` column), or NO_DATE. */
  readonly resolvedDate: ArrayLike<number>;
  /** SOURCE_GP / SOURCE_HOSPITAL per row; default all GP. */
  readonly source?: ArrayLike<number>;
}

/** What each code of `CodedConditionRows.codes` marks. */
export interface CodeMapping {
  /** Per code: its clusters, or undefined when it is in no list. */
  readonly perCode: readonly (CodeClusters | undefined)[];
  /** Cluster names the indices refer to. */
  readonly clusters: readonly string[];
  /** Whether any code marks a resolution. */
  readonly hasResolved: boolean;
  /** Codes below this index are counted in `unmapped` when no list has them (hospital diagnoses, after, are not). */
  readonly reportUnmapped: number;
}

/** Register rows (one per diagnosis code and cluster) and the codes no list maps. */
export interface RegisterRows {
  readonly patient: Uint32Array;
  readonly code: Uint32Array;
  /** Cluster names. */
  readonly codes: readonly string[];
  readonly date: Int32Array;
  /** First resolved code on or after the diagnosis (or the row's own resolved date, if earlier), else NO_DATE. */
  readonly resolvedDate: Int32Array;
  readonly source: Uint8Array;
  /** Per code in no list: rows and distinct people. */
  readonly unmapped: Map<string, { rows: number; people: number }>;
  /** People with at least one reported unmapped row. */
  readonly unmappedPeople: number;
}

/**
 * Turns coded condition rows into register rows. Each diagnosis code gives one row per cluster
 * it marks, dated by its own date and ending at the first resolved code of that cluster on or
 * after it (or at the row's own resolved date, if earlier). A register is then active at an
 * as-of date exactly when some row started on or before it and ends after it, which is QOF's
 * rule: the latest diagnosis code on or before the date is later than the latest resolved
 * code on or before it (a diagnosis and a resolution on the same day leave it resolved). Rows
 * only ever depend on events before their end, so events after an as-of date never change
 * the register at that date, and the earliest row is the diagnosis date.
 *
 * O(rows) without resolved codes; with them O(rows log rows of a person) per person.
 */
export function registerRows(rows: CodedConditionRows, size: number, map: CodeMapping): RegisterRows {
  const m = rows.patient.length;
  const { perCode, hasResolved } = map;
  // group rows by person (counting sort), for people counts and the per-person rule
  const offsets = new Uint32Array(size + 1);
  for (let k = 0; k < m; k++) offsets[rows.patient[k]! + 1]!++;
  for (let i = 0; i < size; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, size);
  const order = new Uint32Array(m);
  for (let k = 0; k < m; k++) order[cursor[rows.patient[k]!]!++] = k;

  const unmappedRows = new Uint32Array(rows.codes.length);
  const unmappedPeople = new Uint32Array(rows.codes.length);
  const lastPerson = new Int32Array(rows.codes.length).fill(-1);
  let total = 0;
  for (let k = 0; k < m; k++) {
    const cc = perCode[rows.code[k]!];
    if (cc) total += cc.diagnosis.length;
  }
  const patient = new Uint32Array(total);
  const code = new Uint32Array(total);
  const date = new Int32Array(total);
  const end = new Int32Array(total);
  const source = new Uint8Array(total);
  let t = 0;
  let unmappedPeopleTotal = 0;
  const ev: { cluster: number; date: number; resolved: boolean; row: number }[] = [];
  for (let i = 0; i < size; i++) {
    ev.length = 0;
    let flagged = false;
    for (let q = offsets[i]!; q < offsets[i + 1]!; q++) {
      const k = order[q]!;
      const c = rows.code[k]!;
      const cc = perCode[c];
      if (!cc) {
        if (c < map.reportUnmapped && !flagged) {
          flagged = true;
          unmappedPeopleTotal++;
        }
        unmappedRows[c]!++;
        if (lastPerson[c] !== i) {
          lastPerson[c] = i;
          unmappedPeople[c]!++;
        }
        continue;
      }
      if (!hasResolved) {
        for (const j of cc.diagnosis) {
          patient[t] = i; code[t] = j; date[t] = rows.date[k]!; end[t] = rows.resolvedDate[k]!; source[t] = rows.source?.[k] ?? 1;
          t++;
        }
        continue;
      }
      for (const j of cc.diagnosis) ev.push({ cluster: j, date: rows.date[k]!, resolved: false, row: k });
      for (const j of cc.resolved) ev.push({ cluster: j, date: rows.date[k]!, resolved: true, row: k });
    }
    if (ev.length === 0) continue;
    // by cluster, then date, diagnoses before resolutions on a day; read backwards so a
    // resolution on the day of a diagnosis ends it
    ev.sort((a, b) => a.cluster - b.cluster || a.date - b.date || Number(a.resolved) - Number(b.resolved) || a.row - b.row);
    let next = NO_DATE;
    for (let e = ev.length - 1; e >= 0; e--) {
      const x = ev[e]!;
      if (e === ev.length - 1 || ev[e + 1]!.cluster !== x.cluster) next = NO_DATE;
      if (x.resolved) {
        next = x.date;
        continue;
      }
      const own = rows.resolvedDate[x.row]!;
      patient[t] = i; code[t] = x.cluster; date[t] = x.date; end[t] = own < next ? own : next; source[t] = rows.source?.[x.row] ?? 1;
      t++;
    }
  }
  const unmapped = new Map<string, { rows: number; people: number }>();
  rows.codes.forEach((c, j) => {
    if (j < map.reportUnmapped && unmappedRows[j]! > 0) unmapped.set(c, { rows: unmappedRows[j]!, people: unmappedPeople[j]! });
  });
  return { patient, code, codes: map.clusters, date, resolvedDate: end, source, unmapped, unmappedPeople: unmappedPeopleTotal };
}
