import { fail } from '../core/errors.js';
import { publish } from './internal/publish.js';
import type { MonthlyRow } from './build-monthly-series.js';
import type { SuppressionNote, SuppressionRule } from './suppress-small-numbers.js';

/**
 * Makes `buildMonthlySeries` rows (from the core) fit to publish, per measure:
 *
 * - event measures (whole-number numerators): numerators and denominators are small-number
 *   suppressed (default rule: 1-7 suppressed, the rest rounded to 5), and the `value` per
 *   1,000 is recomputed from the published numerator and denominator, to 1 decimal place (a
 *   rate from the exact counts would give them back: rate x denominator); it is the marker
 *   where either count is suppressed;
 * - a per-person measure (numerator a sum of person means): the numerator is not published
 *   (with the mean it would give the exact number of people back), the people counted are
 *   suppressed and rounded, and the mean is published to 2 decimal places, hidden with them.
 *
 * Units in one month add up to the month's total (a unit `'all'` when present, else an
 * implied total), so a suppressed unit is protected by secondary suppression across units
 * (see `suppressSmallNumbers`). `buildMonthlySeries` itself returns exact counts, because
 * `monitor` and `funnelPlot` need them; publish the charts' inputs only through this, and
 * charts of them through `publishSpc`. O(rows x units).
 *
 * @param rows - rows from `buildMonthlySeries`.
 * @param rule - a {@link SuppressionRule}, or `false` to return the rows unchanged (internal use).
 * @returns `{ rows, notes, note }`: the publishable rows in the same order, one note per
 *   measure, and one note for the whole table (cells summed; `value` a `'rate'` when every
 *   measure is an event measure, else a `'mean'`); `note` is null with `rule: false`.
 * @throws RiskStratifyError `invalid_input` when `rows` is not an array.
 * @example
 * publishMonthlySeries([
 *   { unit: 'P1', month: '2024-01', monthStart: 19723, measure: 'aePer1000', numerator: 3, denominator: 5012, value: 0.5985 },
 *   { unit: 'P1', month: '2024-02', monthStart: 19754, measure: 'aePer1000', numerator: 12, denominator: 5012, value: 2.3942 },
 * ]).rows.map((r) => [r.numerator, r.denominator, r.value]);
 * // => [['*', 5010, '*'], [10, 5010, 2]]   (2.0 = 10 / 5010 x 1,000, to 1 decimal place)
 */
export function publishMonthlySeries(
  rows: readonly MonthlyRow[],
  rule: SuppressionRule | false = {},
): { rows: Array<Record<string, unknown>>; notes: Record<string, SuppressionNote | null>; note: SuppressionNote | null } {
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
    if (!integerNumerators && rule !== false) for (const r of part) r['numerator'] = null;
    const { table, note } = publish(part, rule, {
      columns: integerNumerators ? ['numerator', 'denominator'] : ['denominator'], totals: { unit: 'all' }, within: ['measure', 'month'],
      derived: integerNumerators
        ? { value: { from: 'numerator', over: 'denominator', per: 1000, kind: 'rate' } }
        : { value: 'denominator' },
      format: integerNumerators ? {} : { value: 'mean' },
    });
    table.forEach((r, k) => (out[idx[k]!] = r));
    notes[measure] = note;
  }
  return { rows: out, notes, note: combine(Object.values(notes)) };
}

/** One note for the table from the notes of its measures. */
function combine(notes: ReadonlyArray<SuppressionNote | null>): SuppressionNote | null {
  const all = notes.filter((n): n is SuppressionNote => n !== null);
  if (all.length === 0) return null;
  const sum = (k: 'suppressedCells' | 'secondarySuppressedCells' | 'derivedSuppressedCells' | 'roundedCells' | 'lines' | 'unprotectedCells'): number => all.reduce((s, n) => s + n[k], 0);
  const kinds = Object.assign({}, ...all.map((n) => n.kinds)) as Record<string, SuppressionNote['kinds'][string]>;
  kinds['value'] = all.every((n) => n.kinds['value'] === 'rate') ? 'rate' : 'mean';
  const primary = sum('suppressedCells');
  const secondary = sum('secondarySuppressedCells');
  return Object.freeze({
    rule: all[0]!.rule, countColumns: [...new Set(all.flatMap((n) => n.countColumns))], kinds: Object.freeze(kinds),
    suppressedCells: primary, secondarySuppressedCells: secondary, derivedSuppressedCells: sum('derivedSuppressedCells'), roundedCells: sum('roundedCells'),
    lines: sum('lines'), unprotectedCells: sum('unprotectedCells'),
    text: `${all[0]!.text.replace(/ \d+ cell\(s\) suppressed.*$/, '')} ${primary + secondary} cell(s) suppressed (${primary} small, ${secondary} to protect them), ${sum('roundedCells')} rounded.`,
  });
}
