import { suppressSmallNumbers, type SuppressionNote, type SuppressionRule } from '../suppress-small-numbers.js';

/** How one of this stage's published tables is laid out (fixed by the table, not by the caller's rule). */
export interface PublishSpec {
  /** Count columns; one whose values are not all non-negative integers is left out. */
  readonly columns: readonly string[];
  readonly totals: NonNullable<SuppressionRule['totals']>;
  readonly within?: readonly string[];
  readonly derived?: NonNullable<SuppressionRule['derived']>;
  readonly format?: NonNullable<SuppressionRule['format']>;
}

/**
 * Applies the caller's suppression rule (or none, when `false`) to a table this stage
 * publishes. The caller's rule sets the threshold, rounding, marker, zero handling and
 * whether secondary suppression is done; the table's own layout (its count columns, how its
 * rows add up, what is derived from which count, the precision of other columns) comes from
 * `spec`. Derived columns whose source is not a count column are dropped from the spec.
 */
export function publish(
  rows: Array<Record<string, unknown>>,
  rule: SuppressionRule | false,
  spec: PublishSpec,
): { table: Array<Record<string, unknown>>; note: SuppressionNote | null } {
  if (rule === false) return { table: rows, note: null };
  const isCount = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
  const columns = spec.columns.filter((c) => rows.every((r) => isCount(r[c])));
  const derived = Object.fromEntries(Object.entries(spec.derived ?? {}).filter(([, d]) => {
    if (typeof d === 'string') return columns.includes(d);
    if ('compute' in d) return true;
    return columns.includes(d.from) && ('over' in d ? columns.includes(d.over) : true);
  }));
  const s = suppressSmallNumbers(rows, {
    ...rule, secondary: rule.secondary === 'none' ? 'none' : 'lines',
    columns, totals: spec.totals, within: [...(spec.within ?? [])], derived: { ...derived, ...(rule.derived ?? {}) }, format: { ...(spec.format ?? {}), ...(rule.format ?? {}) },
  });
  return { table: s.rows, note: s.note };
}
