/**
 * Small-number suppression for the command's published tables: the compare stage's
 * `suppressSmallNumbers` with the config's rule and, always, secondary suppression along the
 * table's lines. Counts 1..threshold become '*', the rest are rounded to the nearest `roundTo`
 * (halves up; totals from their own exact value), zero stays zero; derived columns (rates,
 * shares, means) are computed from the published counts at their kind's precision. The
 * result is what `OutputDir.publish.table` accepts.
 */
import { suppressSmallNumbers, type SuppressedTable, type SuppressionRule } from '../compare/index.js';

export interface SuppressRule {
  threshold: number;
  roundTo: number;
}

/** How a published table is laid out: its count columns, how its rows add up, what is derived. */
export interface TableLayout {
  readonly columns: readonly string[];
  /** How rows add up (see `SuppressionRule.totals`); default `'none'`. */
  readonly totals?: SuppressionRule['totals'];
  readonly within?: readonly string[];
  readonly linked?: ReadonlyArray<readonly string[]>;
  readonly derived?: SuppressionRule['derived'];
  readonly format?: SuppressionRule['format'];
}

/** The rows made publishable: counts suppressed (with secondary suppression) and rounded, derived columns from published counts. */
export function publishTable(rows: readonly object[], rule: SuppressRule, layout: TableLayout): SuppressedTable {
  const present = layout.columns.filter((c) => rows.some((r) => c in r));
  return suppressSmallNumbers(rows as ReadonlyArray<Readonly<Record<string, unknown>>>, {
    threshold: rule.threshold, roundTo: rule.roundTo, secondary: 'lines', columns: present,
    totals: layout.totals ?? 'none', within: [...(layout.within ?? [])], linked: (layout.linked ?? []).map((g) => [...g]),
    ...(layout.derived ? { derived: layout.derived } : {}), ...(layout.format ? { format: layout.format } : {}),
  });
}
