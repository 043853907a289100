/**
 * Small-number suppression for the command's published tables. Interim: used until the
 * compare stage's `suppressSmallNumbers` lands on main, then this delegates to it.
 * Counts 1..threshold become '*', the rest are rounded to the nearest `roundTo` (halves up).
 */
export interface SuppressRule {
  threshold: number;
  roundTo: number;
}

/** Returns new rows with the named count columns suppressed and rounded. */
export function suppressCounts<R extends Record<string, unknown>>(rows: readonly R[], columns: readonly string[], rule: SuppressRule): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const c of columns) {
      const v = out[c];
      if (typeof v !== 'number' || !Number.isInteger(v)) continue;
      if (v >= 1 && v <= rule.threshold) out[c] = '*';
      else if (v > 0) out[c] = Math.floor(v / rule.roundTo + 0.5) * rule.roundTo;
    }
    return out;
  });
}
