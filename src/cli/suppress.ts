/**
 * Small-number suppression for the command's published tables. Interim: used until the
 * compare stage's `suppressSmallNumbers` lands on main, then this delegates to it.
 * Counts 1..threshold become '*', the rest are rounded to the nearest `roundTo` (halves up);
 * a derived column (a rate or share computed from a count) is blanked with its count.
 */
export interface SuppressRule {
  threshold: number;
  roundTo: number;
}

/**
 * Returns new rows with the named count columns suppressed and rounded. `derived` maps a
 * derived column to the count it comes from: it becomes '*' whenever that count does.
 */
export function suppressCounts(rows: readonly object[], columns: readonly string[], rule: SuppressRule, derived: Readonly<Record<string, string>> = {}): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    const hidden = new Set<string>();
    for (const c of columns) {
      const v = out[c];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) continue;
      if (v > 0 && v <= rule.threshold) {
        out[c] = '*';
        hidden.add(c);
      } else if (v > 0) {
        out[c] = Math.floor(v / rule.roundTo + 0.5) * rule.roundTo;
      }
    }
    for (const [d, source] of Object.entries(derived)) if (hidden.has(source)) out[d] = '*';
    return out;
  });
}
