// Internal: which header of a source holds each field, and how every header was used.
import type { SourceName } from '../schema/validation-issue.js';
import { looseName, SOURCE_FIELDS } from './source-fields.js';

/** How a header was found to hold a field (see {@link ColumnUse}). */
export type ColumnRule = 'mapping' | 'exact' | 'loose' | 'alias' | 'synthea';

/**
 * How one input column (header) was used by the loader. Every header of every source has
 * exactly one entry, so nothing is dropped without a word:
 * - `field`: read as `field`, found by `rule`: `mapping` (the `columns` option), `exact`
 *   (the header is the field name), `loose` (the field name ignoring case and punctuation,
 *   `birth_date`), `alias` (a name from the alias table, `nhs_pseudo_id`), or `synthea`
 *   (the fixed Synthea mapping);
 * - `ignored`: named in the `ignore` option (or, for Synthea, a column the mapping does not use);
 * - `duplicate`: it also names `field`, which another column already supplies (it is not
 *   read; `note` says which column is);
 * - `unrecognised`: it names no field the loader reads (a warning, `unrecognised_columns`).
 */
export interface ColumnUse {
  readonly source: SourceName;
  /** The file the header is in, when the source was read from one (or a Synthea table). */
  readonly file?: string;
  /** The header as written in the input. */
  readonly column: string;
  readonly use: 'field' | 'ignored' | 'duplicate' | 'unrecognised';
  /** The field it is read as (`field`), or names but is not read as (`duplicate`). */
  readonly field?: string;
  /** How it was matched to `field`. */
  readonly rule?: ColumnRule;
  /** A note in words: which column a duplicate gave way to, that opt-out columns combine. */
  readonly note?: string;
}

/** A `columns` mapping for one source: field -> header (or headers, for `optedOut`). */
export type SourceMapping = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What {@link resolveColumns} found. */
export interface ResolvedColumns {
  /** Per field, the headers it is read from (one, or several for a combining field). */
  readonly fieldColumns: Readonly<Partial<Record<string, readonly string[]>>>;
  /** One entry per header, in header order. */
  readonly uses: readonly ColumnUse[];
  /** Mapped headers that are not in the source: field -> the header asked for. */
  readonly missingMapped: ReadonlyArray<{ field: string; column: string }>;
  /**
   * Fields two headers give where no `columns` mapping chose between them: the same header
   * twice (any field), or two headers found by name for a field that is read from one column.
   * `loadPopulation` rejects the source (`repeated_column`, row 0) naming both: reading the
   * first silently could read the wrong one (an opt-out saying yes in the second).
   */
  readonly conflicts: ReadonlyArray<{ field: string; columns: readonly [string, string]; positions: readonly [number, number] }>;
}

/**
 * Finds each field of `source` among `names`. For each field, in `SOURCE_FIELDS` order: the
 * `mapping` first (its columns are taken before any name rule runs); else an `exact` header,
 * then `loose` headers, then `alias` headers (aliases in table order), none of them a header
 * taken by another field or in `ignore`. The first match is read; the other matches are
 * `duplicate` (and, unless a mapping chose the column, `conflicts`), except for a combining
 * field (`optedOut`), which reads every differently named match. A header repeated exactly
 * is a `duplicate` and, when it names a field, a conflict.
 * Deterministic: the same names give the same answer whatever else is in the source. O(headers
 * x aliases).
 */
export function resolveColumns(source: SourceName, names: readonly string[], mapping?: SourceMapping, ignore: readonly string[] = []): ResolvedColumns {
  const ignored = new Set(ignore);
  const present = new Set(names);
  const taken = new Map<string, { field: string; rule: ColumnRule; note?: string }>();
  const duplicates = new Map<string, { field: string; note: string }>();
  const fieldColumns: Partial<Record<string, string[]>> = {};
  const missingMapped: { field: string; column: string }[] = [];
  const conflicts: { field: string; columns: [string, string]; positions: [number, number] }[] = [];
  const specs = SOURCE_FIELDS[source];
  const loose = names.map(looseName);
  // 1. the mapping, for every field, before any name rule
  for (const spec of specs) {
    const m = mapping?.[spec.name];
    if (m === undefined) continue;
    for (const column of typeof m === 'string' ? [m] : m) {
      if (!present.has(column)) {
        missingMapped.push({ field: spec.name, column });
        continue;
      }
      if (!taken.has(column)) taken.set(column, { field: spec.name, rule: 'mapping' });
      (fieldColumns[spec.name] ??= []).push(column);
    }
  }
  // 2. names: exact, loose, alias
  for (const spec of specs) {
    const mapped = mapping?.[spec.name] !== undefined;
    const found: { column: string; rule: ColumnRule }[] = [];
    const add = (column: string, rule: ColumnRule): void => {
      if (ignored.has(column) || taken.has(column) || found.some((x) => x.column === column)) return;
      found.push({ column, rule });
    };
    if (present.has(spec.name)) add(spec.name, 'exact');
    const own = looseName(spec.name);
    names.forEach((n, k) => { if (loose[k] === own) add(n, 'loose'); });
    for (const a of spec.aliases) {
      const want = looseName(a);
      names.forEach((n, k) => { if (loose[k] === want) add(n, 'alias'); });
    }
    if (spec.combine) {
      for (const x of found) {
        taken.set(x.column, { field: spec.name, rule: x.rule });
        (fieldColumns[spec.name] ??= []).push(x.column);
      }
      const all = fieldColumns[spec.name];
      if (all !== undefined && all.length > 1) {
        const note = `${all.length} columns give ${spec.name} (${all.join(', ')}): yes in ANY of them counts`;
        for (const c of all) taken.set(c, { ...taken.get(c)!, note });
      }
      continue;
    }
    let first = 0;
    if (!mapped && found.length > 0) {
      taken.set(found[0]!.column, { field: spec.name, rule: found[0]!.rule });
      fieldColumns[spec.name] = [found[0]!.column];
      first = 1;
    }
    const readFrom = fieldColumns[spec.name]?.[0];
    for (const x of found.slice(first)) {
      if (readFrom !== undefined) duplicates.set(x.column, { field: spec.name, note: `also names ${spec.name}, which is read from ${readFrom}` });
      if (!mapped && readFrom !== undefined) conflicts.push({ field: spec.name, columns: [readFrom, x.column], positions: [names.indexOf(readFrom), names.indexOf(x.column)] });
    }
  }
  const seen = new Set<string>();
  const uses: ColumnUse[] = names.map((column, k) => {
    if (seen.has(column)) {
      const field = taken.get(column)?.field;
      if (field !== undefined) conflicts.push({ field, columns: [column, column], positions: [names.indexOf(column), k] });
      return { source, column, use: 'duplicate', ...(field !== undefined ? { field } : {}), note: 'the header repeats an earlier column of the same name; only the first is read' };
    }
    seen.add(column);
    const t = taken.get(column);
    if (t !== undefined) return { source, column, use: 'field', field: t.field, rule: t.rule, ...(t.note !== undefined ? { note: t.note } : {}) };
    if (ignored.has(column)) return { source, column, use: 'ignored' };
    const d = duplicates.get(column);
    if (d !== undefined) return { source, column, use: 'duplicate', field: d.field, note: d.note };
    return { source, column, use: 'unrecognised' };
  });
  return { fieldColumns, uses, missingMapped, conflicts };
}
