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
  // clusters of each code, flat: diagnosis clusters of code c are dFlat[dAt[c]..dAt[c+1]), resolved likewise
  const dAt = new Uint32Array(rows.codes.length + 1);
  const rAt = new Uint32Array(rows.codes.length + 1);
  for (let c = 0; c < rows.codes.length; c++) {
    dAt[c + 1] = dAt[c]! + (perCode[c]?.diagnosis.length ?? 0);
    rAt[c + 1] = rAt[c]! + (perCode[c]?.resolved.length ?? 0);
  }
  const dFlat = Uint32Array.from(perCode.flatMap((cc) => cc?.diagnosis ?? []));
  const rFlat = Uint32Array.from(perCode.flatMap((cc) => cc?.resolved ?? []));
  let total = 0;
  for (let k = 0; k < m; k++) total += dAt[rows.code[k]! + 1]! - dAt[rows.code[k]!]!;
  const patient = new Uint32Array(total);
  const code = new Uint32Array(total);
  const date = new Int32Array(total);
  const end = new Int32Array(total);
  const source = new Uint8Array(total);
  const src = rows.source;
  let t = 0;
  let unmappedPeopleTotal = 0;
  // one person's mapped events (reused): cluster, date, resolved flag, row; `ord` sorts them
  let cap = 64;
  let evCluster = new Uint32Array(cap);
  let evDate = new Int32Array(cap);
  let evRes = new Uint8Array(cap);
  let evRow = new Uint32Array(cap);
  let ord: number[] = [];
  const before = (a: number, b: number): number => evCluster[a]! - evCluster[b]! || evDate[a]! - evDate[b]! || evRes[a]! - evRes[b]! || evRow[a]! - evRow[b]!;
  for (let i = 0; i < size; i++) {
    let ne = 0;
    let flagged = false;
    for (let q = offsets[i]!; q < offsets[i + 1]!; q++) {
      const k = order[q]!;
      const c = rows.code[k]!;
      if (perCode[c] === undefined) {
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
        for (let x = dAt[c]!; x < dAt[c + 1]!; x++) {
          patient[t] = i; code[t] = dFlat[x]!; date[t] = rows.date[k]!; end[t] = rows.resolvedDate[k]!; source[t] = src ? src[k]! : 1;
          t++;
        }
        continue;
      }
      const need = ne + (dAt[c + 1]! - dAt[c]!) + (rAt[c + 1]! - rAt[c]!);
      if (need > cap) {
        while (cap < need) cap *= 2;
        const grow = <T extends Uint32Array | Int32Array | Uint8Array>(a: T): T => {
          const b = new (a.constructor as new (n: number) => T)(cap);
          b.set(a);
          return b;
        };
        evCluster = grow(evCluster); evDate = grow(evDate); evRes = grow(evRes); evRow = grow(evRow);
      }
      for (let x = dAt[c]!; x < dAt[c + 1]!; x++) { evCluster[ne] = dFlat[x]!; evDate[ne] = rows.date[k]!; evRes[ne] = 0; evRow[ne] = k; ne++; }
      for (let x = rAt[c]!; x < rAt[c + 1]!; x++) { evCluster[ne] = rFlat[x]!; evDate[ne] = rows.date[k]!; evRes[ne] = 1; evRow[ne] = k; ne++; }
    }
    if (ne === 0) continue;
    // by cluster, then date, diagnoses before resolutions on a day; read backwards so a
    // resolution on the day of a diagnosis ends it
    ord.length = ne;
    for (let e = 0; e < ne; e++) ord[e] = e;
    if (ne > 1) ord = ord.sort(before);
    let next = NO_DATE;
    for (let e = ne - 1; e >= 0; e--) {
      const x = ord[e]!;
      if (e === ne - 1 || evCluster[ord[e + 1]!] !== evCluster[x]) next = NO_DATE;
      if (evRes[x]) {
        next = evDate[x]!;
        continue;
      }
      const own = rows.resolvedDate[evRow[x]!]!;
      patient[t] = i; code[t] = evCluster[x]!; date[t] = evDate[x]!; end[t] = own < next ? own : next; source[t] = src ? src[evRow[x]!]! : 1;
      t++;
    }
  }
  const unmapped = new Map<string, { rows: number; people: number }>();
  rows.codes.forEach((c, j) => {
    if (j < map.reportUnmapped && unmappedRows[j]! > 0) unmapped.set(c, { rows: unmappedRows[j]!, people: unmappedPeople[j]! });
  });
  return { patient, code, codes: map.clusters, date, resolvedDate: end, source, unmapped, unmappedPeople: unmappedPeopleTotal };
}
