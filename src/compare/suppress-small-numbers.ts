import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownRecordParsed, ownValue } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { suppressCount } from './suppress-count.js';

import { protectCells, type CellLine } from './internal/protect-cells.js';
import { PublishedKind, publishedNumber } from './published-number.js';

/**
 * Computes a derived column from the row's *published* values: count columns hold their
 * published number, or `null` where suppressed. Return `null` to show the marker (a source is
 * suppressed), `NaN` or `undefined` for an empty cell (nothing to divide by).
 */
export type DerivedCompute = (published: Readonly<Record<string, unknown>>) => number | null | undefined;

const Derived = /* @__PURE__ */ lazySchema(() => z.union([
  z.string(),
  z.strictObject({ from: z.string(), over: z.string(), per: z._default(z.number().check(z.positive()), 1), kind: z._default(PublishedKind, 'rate') }),
  z.strictObject({ from: z.string(), shareOf: z.string(), per: z._default(z.number().check(z.positive()), 100), kind: z._default(PublishedKind, 'percent') }),
  z.strictObject({ compute: z.custom<DerivedCompute>((v) => typeof v === 'function', { message: 'compute must be a function of the published row' }), kind: PublishedKind }),
]));

/**
 * The disclosure-control rule applied by {@link suppressSmallNumbers}. Defaults follow NHS
 * hospital statistics (HES): counts from 1 to 7 are suppressed, zero stays zero, every other
 * count is rounded to the nearest 5; and, so that no suppressed cell can be worked out by
 * subtraction, secondary suppression along the table's lines (`secondary: 'lines'`).
 */
export const SuppressionRule = /* @__PURE__ */ lazySchema(() => z.object({
  /** Counts from 1 to `threshold` (inclusive) are suppressed. */
  threshold: z._default(z.number().check(z.int(), z.gte(0)), 7),
  /** Counts above the threshold are rounded to the nearest multiple of this (1 = no rounding). Halves round up. */
  roundTo: z._default(z.number().check(z.int(), z.gte(1)), 5),
  /** What a suppressed cell becomes. */
  marker: z._default(z.union([z.string(), z.null()]), '*'),
  /** Suppress zeros too (default false: a zero discloses nothing about a person). */
  suppressZero: z._default(z.boolean(), false),
  /**
   * Which columns hold counts. Default: every column whose values (ignoring null/undefined) are
   * all non-negative integers in every row, other than `totals` dimensions, `within` columns,
   * `derived` and `format` columns. Name them to be exact.
   */
  columns: z.optional(z.array(z.string())),
  /**
   * Columns computed from counts, each published from the *published* counts only, so that a
   * share or a rate never carries the exact count back:
   * - `{ from: 'admissions', over: 'people', per: 1000, kind: 'rate' }`: published admissions
   *   / published people x 1000, at the kind's precision; the marker when either is suppressed,
   *   empty when the denominator is 0;
   * - `{ from: 'people', shareOf: 'segment', per: 100, kind: 'percent' }`: a share of the total
   *   row along the `totals` dimension `segment` (same `within` and other dimensions);
   * - `{ compute: (published) => number | null, kind }`: any function of the published row;
   * - `'source'` (older form): the value is kept as given and replaced by the marker when its
   *   source count is suppressed. The caller must then have computed it from published counts.
   */
  derived: z._default(ownRecordParsed(Derived, 'derived columns by name'), {}),
  /**
   * How the rows add up, for secondary suppression:
   * - `'column'` (default): in each count column all rows add up to one total that a reader
   *   may know (published elsewhere, e.g. a list size);
   * - `'none'`: the rows do not add up (overlapping groups, e.g. top 2% and top 5%);
   * - `{ practice: '', segment: 'all' }`: the table is a cross-tabulation in long form; each
   *   key is a dimension and its value marks that dimension's total rows. Along each
   *   dimension, the rows that share every other dimension's value (and the `within`
   *   columns') add up to their total row, or to an implied total when there is none. A row
   *   without a value for a dimension (undefined) is in no line along it, so one table can
   *   hold sections that add up differently.
   */
  totals: z._default(z.union([z.literal('column'), z.literal('none'), ownRecord(z.union([z.string(), z.number(), z.null()]), 'a total row')]), 'column'),
  /** Columns that split the table into independent parts (e.g. `['variant']`): lines never cross them. */
  within: z._default(z.array(z.string()), []),
  /**
   * Groups of count columns that count nearly the same thing (e.g. `[['people',
   * 'peopleObserved']]`): a cell suppressed in one is suppressed in the others of its row,
   * or the other would give it back.
   */
  linked: z._default(z.array(z.array(z.string()).check(z.minLength(2))), []),
  /**
   * Secondary suppression: `'lines'` (default) suppresses further cells along the `totals`
   * lines until no suppressed cell, and no rounded count, can be worked out by subtraction
   * (see {@link suppressSmallNumbers}); `'column'` is the older name for the same with
   * `totals: 'column'`; `'none'` does not (for tables whose totals are never published).
   */
  secondary: z._default(z.enum(['none', 'lines', 'column']), 'lines'),
  /** Other numeric columns and the precision to publish them at (see `publishedNumber`). */
  format: z._default(ownRecord(PublishedKind, 'kinds by column'), {}),
}));
export type SuppressionRule = z.input<typeof SuppressionRule>;

/** A plain row: column name to value. */
export type TableRow = Readonly<Record<string, unknown>>;

/** What {@link suppressSmallNumbers} did, to publish beside the table. */
export interface SuppressionNote {
  /** The rule applied, with defaults filled. */
  readonly rule: z.output<typeof SuppressionRule>;
  /** The columns treated as counts. */
  readonly countColumns: readonly string[];
  /** What each published numeric column is (counts, and every derived or formatted column), fixing its precision. */
  readonly kinds: Readonly<Record<string, PublishedKind>>;
  /** Cells suppressed because they were small (primary). */
  readonly suppressedCells: number;
  /** Cells suppressed to protect a primary cell (secondary). */
  readonly secondarySuppressedCells: number;
  /** Derived cells shown as the marker with their source. */
  readonly derivedSuppressedCells: number;
  /** Count cells rounded. */
  readonly roundedCells: number;
  /** Additive lines (rows or columns with a total) checked. */
  readonly lines: number;
  /** Cells the audit could still work out exactly and no further suppression could protect (0 in any table whose lines add up). */
  readonly unprotectedCells: number;
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
 * Makes a table fit to publish. Accepts an array of plain row objects or anything with an
 * `objects()` method returning them (an arquero table). Returns new rows (the input is not
 * changed) and a note of what was done.
 *
 * - Primary (NHS hospital statistics by default): 0 stays 0; 1-7 become `'*'`; 8 and above
 *   are rounded to the nearest 5 (halves up: 8 -> 10, 12 -> 10, 13 -> 15). A total row is a
 *   cell like any other: it is rounded from its own exact value, not summed from rounded cells.
 * - Secondary (`secondary: 'lines'`, the default): along every line of the table (the rows
 *   that add up to a total, see `totals`), wherever a cell is suppressed the smallest other
 *   positive cell is suppressed too, until the line has at least two suppressed cells and,
 *   when its total is published, they hold more than the threshold together; then an audit
 *   plays the attacker, who knows every published value, the rule and every line total,
 *   and narrows each cell by subtraction along rows and columns until nothing moves: any
 *   suppressed cell, or rounded count, left with a single possible value gets one more
 *   suppression, and the lines are balanced again; repeated until stable across every
 *   dimension. Where nothing more can be suppressed the note counts the cell as unprotected.
 * - Derived columns (shares, rates, means) are computed from the published counts, never
 *   from exact ones, and printed at their kind's precision; `format` rounds other columns.
 *
 * O(rounds x lines x cells) with rounds at most the number of cells; in practice a few.
 *
 * @param table - rows, or an arquero-like table with `objects()`.
 * @param rule - see {@link SuppressionRule}; omitted fields take the defaults.
 * @returns `{ rows, note }`.
 * @throws RiskStratifyError `invalid_options` for a bad rule or a derived column naming a
 *   column that is not a count (or a dimension that is not in `totals`); `invalid_input`
 *   when the table is not an array of objects, a named count column holds a value that is
 *   not a non-negative integer, a line has two total rows, or a line's cells do not add up
 *   to its total row.
 * @example
 * suppressSmallNumbers([{ practice: 'A', admissions: 3 }, { practice: 'B', admissions: 12 }, { practice: 'C', admissions: 40 }]).rows;
 * // => [{ practice: 'A', admissions: '*' }, { practice: 'B', admissions: '*' }, { practice: 'C', admissions: 40 }]
 * //    (B is suppressed too: otherwise the total, 55, minus B and C gives A back)
 * suppressSmallNumbers([{ unit: 'A', events: 30, people: 1234 }], { totals: 'none',
 *   derived: { per1000: { from: 'events', over: 'people', per: 1000 } } }).rows;
 * // => [{ unit: 'A', events: 30, people: 1235, per1000: 24.3 }]
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
  const totals = r.secondary === 'column' ? 'column' : r.totals;
  const dims = typeof totals === 'object' ? Object.keys(totals) : [];

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
    const skip = new Set([...Object.keys(r.derived), ...Object.keys(r.format), ...dims, ...r.within]);
    countColumns = [...names].filter(
      (k) => !skip.has(k) && input.some((row) => isCount(row[k])) && input.every((row) => row[k] === null || row[k] === undefined || isCount(row[k])),
    );
  }

  // Cells: one per (row, count column) holding a number.
  const cellOf = new Map<string, Int32Array>();
  const values: number[] = [];
  for (const col of countColumns) {
    const idx = new Int32Array(input.length).fill(-1);
    input.forEach((row, i) => {
      const v = row[col];
      if (typeof v === 'number') idx[i] = values.push(v) - 1;
    });
    cellOf.set(col, idx);
  }
  const lines = buildLines(input, countColumns, cellOf, values, totals, r.within);
  const linked: number[][] = [];
  r.linked.forEach((group, g) => {
    const idx = group.map((col, j) => cellOf.get(col) ?? fail({ fn: FN, code: 'invalid_options', path: ['rule', 'linked', g, j], value: col, message: 'not a count column of the table' }));
    input.forEach((_, i) => {
      const cells = idx.map((x) => x[i]!).filter((c) => c >= 0);
      if (cells.length > 1) linked.push(cells);
    });
  });
  const protection = protectCells(values, lines.lines, r, { secondary: r.secondary !== 'none', audit: true, linked });

  const out: Record<string, unknown>[] = input.map((row) => ({ ...row }));
  const published: Array<Record<string, unknown>> = input.map((row) => ({ ...row }));
  let rounded = 0;
  for (const col of countColumns) {
    const idx = cellOf.get(col)!;
    out.forEach((row, i) => {
      const c = idx[i]!;
      if (c < 0) return;
      const v = values[c]!;
      if (protection.suppressed[c]) {
        row[col] = r.marker;
        published[i]![col] = null;
        return;
      }
      const p = suppressCount(v, r);
      if (v > 0 && r.roundTo > 1) rounded++;
      row[col] = p;
      published[i]![col] = p;
    });
  }
  const kinds: Record<string, PublishedKind> = Object.fromEntries(countColumns.map((c) => [c, 'count' as const]));
  let derivedCells = 0;
  for (const [name, spec] of Object.entries(r.derived)) {
    if (typeof spec === 'string') {
      const idx = cellOf.get(spec);
      if (!idx) {
        fail({ fn: FN, code: 'invalid_options', path: ['rule', 'derived', name], value: spec, message: 'derived column names a source that is not a count column' });
      }
      out.forEach((row, i) => {
        const c = idx[i]!;
        if (c >= 0 && protection.suppressed[c] && name in row) {
          row[name] = r.marker;
          derivedCells++;
        }
      });
      continue;
    }
    kinds[name] = spec.kind;
    if ('compute' in spec) {
      out.forEach((row, i) => {
        const v = spec.compute(Object.freeze({ ...published[i]! }));
        if (v === null) { row[name] = r.marker; derivedCells++; }
        else row[name] = v === undefined ? null : publishedNumber(v, spec.kind);
      });
      continue;
    }
    const from = cellOf.get(spec.from);
    if (!from) fail({ fn: FN, code: 'invalid_options', path: ['rule', 'derived', name, 'from'], value: spec.from, message: 'not a count column of the table' });
    let denominatorCell: (i: number) => number;
    if ('over' in spec) {
      const over = cellOf.get(spec.over);
      if (!over) fail({ fn: FN, code: 'invalid_options', path: ['rule', 'derived', name, 'over'], value: spec.over, message: 'not a count column of the table' });
      denominatorCell = (i) => over[i]!;
    } else {
      if (!dims.includes(spec.shareOf)) fail({ fn: FN, code: 'invalid_options', path: ['rule', 'derived', name, 'shareOf'], value: spec.shareOf, message: 'not a dimension named in rule.totals' });
      const totalRow = lines.totalRowAlong(spec.shareOf);
      denominatorCell = (i) => {
        const t = totalRow[i]!;
        return t < 0 ? -1 : from[t]!;
      };
    }
    out.forEach((row, i) => {
      const a = from[i]!;
      const b = denominatorCell(i);
      if (a < 0 || b < 0) { row[name] = null; return; }
      if (protection.suppressed[a] || protection.suppressed[b]) { row[name] = r.marker; derivedCells++; return; }
      const den = suppressCount(values[b]!, r)!;
      row[name] = den > 0 ? publishedNumber((suppressCount(values[a]!, r)! * spec.per) / den, spec.kind) : null;
    });
  }
  for (const [name, kind] of Object.entries(r.format)) {
    kinds[name] = kind;
    for (const row of out) {
      const v = row[name];
      if (typeof v === 'number') row[name] = publishedNumber(v, kind);
    }
  }
  const secondary = protection.secondary;
  const markerText = r.marker === null ? 'an empty cell' : `'${r.marker}'`;
  const text =
    `Counts of ${r.suppressZero ? 0 : 1}-${r.threshold} are suppressed (shown as ${markerText})` +
    (r.roundTo > 1 ? ` and other counts, totals included, are rounded to the nearest ${r.roundTo}` : '') +
    (r.secondary !== 'none' && lines.lines.length > 0 ? '; where a row or column that adds up to a total has a suppressed cell, further cells are suppressed so that none can be worked out by subtraction' : '') +
    (Object.keys(r.derived).length > 0 ? '; rates, shares and means are calculated from the published counts' : '') +
    `. ${protection.primary + secondary} cell(s) suppressed (${protection.primary} small, ${secondary} to protect them), ${rounded} rounded.` +
    (protection.unprotected > 0 ? ` ${protection.unprotected} cell(s) could not be protected.` : '');
  return {
    rows: out as Array<{ [K in keyof R]: R[K] | string | null }>,
    note: Object.freeze({
      rule: r, countColumns, kinds: Object.freeze(kinds), suppressedCells: protection.primary, secondarySuppressedCells: secondary,
      derivedSuppressedCells: derivedCells, roundedCells: rounded, lines: lines.lines.length, unprotectedCells: protection.unprotected, text,
    }),
  };
}

/** Lines of the table (cell indices) and, per dimension, each row's total row along it. */
function buildLines(
  rows: readonly TableRow[],
  countColumns: readonly string[],
  cellOf: ReadonlyMap<string, Int32Array>,
  values: readonly number[],
  totals: 'column' | 'none' | Readonly<Record<string, unknown>>,
  within: readonly string[],
): { lines: CellLine[]; totalRowAlong(dim: string): Int32Array } {
  const lines: CellLine[] = [];
  const along = new Map<string, Int32Array>();
  if (totals === 'none') return { lines, totalRowAlong: () => new Int32Array(rows.length).fill(-1) };
  if (totals === 'column') {
    for (const col of countColumns) {
      const members = [...cellOf.get(col)!].filter((c) => c >= 0);
      if (members.length > 0) lines.push({ members, total: -1 });
    }
    return { lines, totalRowAlong: () => new Int32Array(rows.length).fill(-1) };
  }
  const dims = Object.keys(totals);
  for (const d of dims) {
    const marker = ownValue(totals, d);
    const others = dims.filter((e) => e !== d);
    const groups = new Map<string, { members: number[]; total: number }>();
    rows.forEach((row, i) => {
      if (row[d] === undefined) return; // not a cell of this dimension (e.g. a row of another section)
      const key = JSON.stringify([...within.map((w) => row[w] ?? null), ...others.map((e) => row[e] ?? null)]);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { members: [], total: -1 }));
      if ((row[d] ?? null) === marker) {
        if (g.total >= 0) {
          fail({ fn: FN, code: 'invalid_input', path: ['table', i, d], value: row[d], message: `two total rows along '${d}' for the same ${[...within, ...others].join(', ') || 'table'} (rows ${g.total} and ${i})` });
        }
        g.total = i;
      } else g.members.push(i);
    });
    const totalRow = new Int32Array(rows.length).fill(-1);
    for (const g of groups.values()) {
      for (const m of g.members) totalRow[m] = g.total;
      if (g.total >= 0) totalRow[g.total] = g.total;
      if (g.members.length === 0) continue;
      for (const col of countColumns) {
        const idx = cellOf.get(col)!;
        const members = g.members.map((i) => idx[i]!).filter((c) => c >= 0);
        const total = g.total >= 0 ? idx[g.total]! : -1;
        if (members.length === 0) continue;
        if (total >= 0) {
          const sum = members.reduce((s, c) => s + values[c]!, 0);
          if (sum !== values[total]!) {
            fail({ fn: FN, code: 'invalid_input', path: ['table', g.total, col], value: values[total], message: `the rows along '${d}' add up to ${sum}, not to their total row` });
          }
        }
        lines.push({ members, total });
      }
    }
    along.set(d, totalRow);
  }
  return { lines, totalRowAlong: (d) => along.get(d)! };
}
