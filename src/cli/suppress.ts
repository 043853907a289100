/**
 * Small-number suppression for the command's published tables: the compare stage's
 * `suppressSmallNumbers` with the config's rule. Counts 1..threshold become '*', the rest are
 * rounded to the nearest `roundTo` (halves up), zero stays zero; a derived column (a rate or
 * share computed from a count) is blanked with its count.
 */
import { suppressSmallNumbers } from '../compare/index.js';

export interface SuppressRule {
  threshold: number;
  roundTo: number;
}

/**
 * Returns new rows with the named count columns suppressed and rounded. `derived` maps a
 * derived column to the count it comes from: it becomes '*' whenever that count does.
 */
export function suppressCounts(rows: readonly object[], columns: readonly string[], rule: SuppressRule, derived: Readonly<Record<string, string>> = {}): Record<string, unknown>[] {
  const present = columns.filter((c) => rows.some((r) => c in r));
  return suppressSmallNumbers(rows as ReadonlyArray<Readonly<Record<string, unknown>>>, {
    threshold: rule.threshold, roundTo: rule.roundTo, columns: present, derived: { ...derived },
  }).rows as Record<string, unknown>[];
}
