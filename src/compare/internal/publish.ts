import { suppressSmallNumbers, type SuppressionNote, type SuppressionRule } from '../suppress-small-numbers.js';

/**
 * Applies the caller's suppression rule (or none, when `false`) to a table this stage
 * publishes. Only the named count columns whose values are all non-negative integers are
 * treated as counts (bed days may be fractional); `derived` columns are blanked with their
 * source.
 */
export function publish(
  rows: Array<Record<string, unknown>>,
  rule: SuppressionRule | false,
  countColumns: readonly string[],
  derived: Readonly<Record<string, string>> = {},
): { table: Array<Record<string, unknown>>; note: SuppressionNote | null } {
  if (rule === false) return { table: rows, note: null };
  const isCount = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
  const columns = countColumns.filter((c) => rows.every((r) => isCount(r[c])));
  const keptDerived = Object.fromEntries(Object.entries(derived).filter(([, src]) => columns.includes(src)));
  const s = suppressSmallNumbers(rows, { ...rule, columns, derived: { ...keptDerived, ...(rule.derived ?? {}) } });
  return { table: s.rows, note: s.note };
}
