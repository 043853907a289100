import { z } from 'zod';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';

/**
 * The disclosure-control rule applied by {@link suppressSmallNumbers}. Defaults follow NHS
 * hospital statistics (HES): counts from 1 to 7 are suppressed, zero stays zero, every other
 * count is rounded to the nearest 5.
 */
export const SuppressionRule = z.object({
  /** Counts from 1 to `threshold` (inclusive) are suppressed. */
  threshold: z.number().int().min(0).default(7),
  /** Counts above the threshold are rounded to the nearest multiple of this (1 = no rounding). Halves round up. */
  roundTo: z.number().int().min(1).default(5),
  /** What a suppressed cell becomes. */
  marker: z.union([z.string(), z.null()]).default('*'),
  /** Suppress zeros too (default false: a zero discloses nothing about a person). */
  suppressZero: z.boolean().default(false),
  /**
   * Which columns hold counts. Default: every column whose values (ignoring null/undefined) are
   * all non-negative integers in every row. Name them to be exact.
   */
  columns: z.array(z.string()).optional(),
  /**
   * Columns derived from a count (e.g. a rate from its numerator), as `{ derived: source }`:
   * the derived cell is replaced by the marker whenever its source count is suppressed.
   * Derived values are not rounded.
   */
  derived: z.record(z.string(), z.string()).default({}),
  /**
   * Secondary suppression: `'column'` suppresses, in each count column where exactly one cell
   * was suppressed, also the smallest remaining positive cell, so a column total cannot give
   * the suppressed cell back. `'none'` (default) does not.
   */
  secondary: z.enum(['none', 'column']).default('none'),
});
export type SuppressionRule = z.input<typeof SuppressionRule>;

/** A plain row: column name to value. */
export type TableRow = Readonly<Record<string, unknown>>;

/** What {@link suppressSmallNumbers} did, to publish beside the table. */
export interface SuppressionNote {
  /** The rule applied, with defaults filled. */
  readonly rule: z.output<typeof SuppressionRule>;
  /** The columns treated as counts. */
  readonly countColumns: readonly string[];
  /** Cells suppressed because they were small (primary). */
  readonly suppressedCells: number;
  /** Cells suppressed to protect a primary cell (secondary). */
  readonly secondarySuppressedCells: number;
  /** Derived cells blanked with their source. */
  readonly derivedSuppressedCells: number;
  /** Count cells rounded. */
  readonly roundedCells: number;
  /** One sentence to print under the table. */
  readonly text: string;
}

/** The result of {@link suppressSmallNumbers}: new rows and a note of what was done. */
export interface SuppressedTable<R extends TableRow = TableRow> {
  /** New rows: count cells may now hold the marker. */
  readonly rows: Array<{ [K in keyof R]: R[K] | string | null }>;
  readonly note: SuppressionNote;
}

const FN = 'suppressSmallNumbers';

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/**
 * Applies small-number suppression and rounding to a table before it is published. Accepts
 * an array of plain row objects or anything with an `objects()` method returning them (an
 * arquero table). Returns new rows (the input is not changed) and a note of what was done.
 *
 * Default rule (NHS hospital statistics): 0 stays 0; 1-7 become `'*'`; 8 and above are rounded
 * to the nearest 5 (halves up: 8 -> 10, 12 -> 10, 13 -> 15). Every published output of the
 * compare stage goes through this unless the caller passes `suppression: false`.
 * O(rows x columns).
 *
 * @param table - rows, or an arquero-like table with `objects()`.
 * @param rule - see {@link SuppressionRule}; omitted fields take the defaults.
 * @returns `{ rows, note }`.
 * @throws RiskStratifyError `invalid_options` for a bad rule; `invalid_input` when the table is
 *   not an array of objects, or a named count column holds a value that is not a
 *   non-negative integer.
 * @example
 * suppressSmallNumbers([{ practice: 'A', admissions: 3 }, { practice: 'B', admissions: 12 }]).rows;
 * // => [{ practice: 'A', admissions: '*' }, { practice: 'B', admissions: 10 }]
 */
export function suppressSmallNumbers<R extends TableRow>(
  table: readonly R[] | { objects(): R[] },
  rule?: SuppressionRule,
): SuppressedTable<R> {
  const r = parseOptions(FN, SuppressionRule, rule, 'rule');
  let input: readonly R[];
  if (Array.isArray(table)) input = table;
  else if (table !== null && typeof table === 'object' && typeof (table as { objects?: unknown }).objects === 'function') {
    input = (table as { objects(): R[] }).objects();
  } else {
    return fail({ fn: FN, code: 'invalid_input', path: ['table'], value: table, message: 'expected an array of row objects or a table with objects()' });
  }
  input.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      fail({ fn: FN, code: 'invalid_input', path: ['table', i], value: row, message: 'each row must be a plain object' });
    }
  });

  let countColumns: string[];
  if (r.columns) {
    countColumns = [...r.columns];
    for (const col of countColumns) {
      input.forEach((row, i) => {
        const v = row[col];
        if (v !== null && v !== undefined && !isCount(v)) {
          fail({ fn: FN, code: 'invalid_input', path: ['table', i, col], value: v, message: 'count columns must hold non-negative integers' });
        }
      });
    }
  } else {
    const names = new Set<string>();
    for (const row of input) for (const k of Object.keys(row)) names.add(k);
    countColumns = [...names].filter(
      (k) => !(k in r.derived) && input.some((row) => isCount(row[k])) && input.every((row) => row[k] === null || row[k] === undefined || isCount(row[k])),
    );
  }

  const out: Record<string, unknown>[] = input.map((row) => ({ ...row }));
  // primary[col] = set of row indices suppressed in that column.
  const suppressed = new Map<string, Set<number>>();
  let primary = 0;
  for (const col of countColumns) {
    const set = new Set<number>();
    out.forEach((row, i) => {
      const v = row[col];
      if (typeof v !== 'number') return;
      if ((v >= 1 && v <= r.threshold) || (v === 0 && r.suppressZero)) {
        set.add(i);
        primary++;
      }
    });
    suppressed.set(col, set);
  }
  let secondary = 0;
  if (r.secondary === 'column') {
    for (const col of countColumns) {
      const set = suppressed.get(col)!;
      if (set.size !== 1) continue;
      let best = -1;
      let bestValue = Infinity;
      out.forEach((row, i) => {
        const v = row[col];
        if (typeof v === 'number' && v > 0 && !set.has(i) && v < bestValue) {
          best = i;
          bestValue = v;
        }
      });
      if (best >= 0) {
        set.add(best);
        secondary++;
      }
    }
  }
  let rounded = 0;
  for (const col of countColumns) {
    const set = suppressed.get(col)!;
    out.forEach((row, i) => {
      const v = row[col];
      if (set.has(i)) row[col] = r.marker;
      else if (typeof v === 'number' && v > 0 && r.roundTo > 1) {
        row[col] = Math.floor(v / r.roundTo + 0.5) * r.roundTo;
        rounded++;
      }
    });
  }
  let derivedCells = 0;
  for (const [derived, source] of Object.entries(r.derived)) {
    const set = suppressed.get(source);
    if (!set) {
      fail({ fn: FN, code: 'invalid_options', path: ['rule', 'derived', derived], value: source, message: 'derived column names a source that is not a count column' });
    }
    for (const i of set) {
      if (derived in out[i]!) {
        out[i]![derived] = r.marker;
        derivedCells++;
      }
    }
  }
  const markerText = r.marker === null ? 'null' : `'${r.marker}'`;
  const text =
    `Counts of ${r.suppressZero ? 0 : 1}-${r.threshold} are suppressed (shown as ${markerText})` +
    (r.roundTo > 1 ? ` and other counts rounded to the nearest ${r.roundTo}` : '') +
    (r.secondary === 'column' ? '; a second cell is suppressed where one alone would be recoverable from a column total' : '') +
    `. ${primary + secondary} cell(s) suppressed, ${rounded} rounded.`;
  return {
    rows: out as Array<{ [K in keyof R]: R[K] | string | null }>,
    note: Object.freeze({ rule: r, countColumns, suppressedCells: primary, secondarySuppressedCells: secondary, derivedSuppressedCells: derivedCells, roundedCells: rounded, text }),
  };
}
