import { fail } from '../core/errors.js';
import { publish } from './internal/publish.js';
import type { MonthlyRow } from './build-monthly-series.js';
import type { SuppressionNote, SuppressionRule } from './suppress-small-numbers.js';

/**
 * Makes {@link buildMonthlySeries} rows fit to publish: per measure, whole-number numerators
 * and denominators are small-number suppressed (default rule: 1-7 suppressed, the rest
 * rounded to 5) and the `value` (rate or mean) is blanked wherever the count it comes from is
 * suppressed (the numerator for event measures; the people counted for a per-person measure,
 * whose numerator is a sum of means). `buildMonthlySeries` itself returns exact counts, because
 * `monitor` and `funnelPlot` need them; publish the charts' inputs only through this.
 * O(rows).
 *
 * @param rows - rows from `buildMonthlySeries`.
 * @param rule - a {@link SuppressionRule}, or `false` to return the rows unchanged (internal use).
 * @returns `{ rows, notes }`: the publishable rows in the same order, and one note per measure.
 * @throws RiskStratifyError `invalid_input` when `rows` is not an array.
 * @example
 * publishMonthlySeries([{ unit: 'P1', month: '2024-01', monthStart: 19723, measure: 'aePer1000',
 *   numerator: 3, denominator: 5000, value: 0.6 }]).rows[0];
 * // => { ..., numerator: '*', denominator: 5000, value: '*' }
 */
export function publishMonthlySeries(
  rows: readonly MonthlyRow[],
  rule: SuppressionRule | false = {},
): { rows: Array<Record<string, unknown>>; notes: Record<string, SuppressionNote | null> } {
  if (!Array.isArray(rows)) fail({ fn: 'publishMonthlySeries', code: 'invalid_input', path: ['rows'], value: rows, message: 'expected the rows of buildMonthlySeries' });
  const byMeasure = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byMeasure.get(r.measure);
    if (list) list.push(i);
    else byMeasure.set(r.measure, [i]);
  });
  const out: Array<Record<string, unknown>> = rows.map((r) => ({ ...r }));
  const notes: Record<string, SuppressionNote | null> = {};
  for (const [measure, idx] of byMeasure) {
    const part = idx.map((i) => out[i]!);
    const integerNumerators = part.every((r) => Number.isInteger(r['numerator']));
    const { table, note } = publish(part, rule, ['numerator', 'denominator'], { value: integerNumerators ? 'numerator' : 'denominator' });
    table.forEach((r, k) => (out[idx[k]!] = r));
    notes[measure] = note;
  }
  return { rows: out, notes };
}
