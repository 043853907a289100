import { suppressSmallNumbers, type MonitorOptions, type MonthlyRow, type SuppressedTable } from '../compare/index.js';
import { publishMonthlySeries } from '../compare/publish-monthly-series.js';
import { publishSpc } from '../compare/publish-spc.js';
import type { SuppressRule } from './suppress.js';

/** Columns of the published monthly series, in order. */
export const MONTHLY_SERIES_COLUMNS = ['unit', 'month', 'measure', 'numerator', 'denominator', 'value'] as const;
/** Columns of the published SPC charts, in order. */
export const SPC_COLUMNS = ['unit', 'measure', 'month', 'value', 'centre', 'lower', 'upper', 'signal', 'provisional'] as const;

/**
 * The monthly series as two publishable tables: the series itself (`publishMonthlySeries`:
 * counts suppressed with secondary suppression across units, rates from the published
 * counts) and its SPC charts drawn from those published counts only (`publishSpc`: a
 * suppressed month is left out of the chart), so that nothing published beside the series
 * gives a suppressed month back.
 */
export function monthlySeriesTables(rows: readonly MonthlyRow[], rule: SuppressRule, monitorOptions: MonitorOptions = {}): { series: SuppressedTable; spc: SuppressedTable } {
  const published = publishMonthlySeries(rows, { threshold: rule.threshold, roundTo: rule.roundTo });
  const series: SuppressedTable = { rows: published.rows, note: published.note ?? suppressSmallNumbers([], { threshold: rule.threshold, roundTo: rule.roundTo }).note };
  const charts = publishSpc(published.rows, { chart: 'xmr', multiplier: 1000, improvement: 'down', ...monitorOptions });
  const kind = series.note.kinds['value'] === 'rate' ? 'rate' : 'mean';
  // No counts here: every value is already a function of the published counts; this pass fixes
  // each column's precision and gives the table its note.
  const spc = suppressSmallNumbers(charts.map((r) => ({ ...r })), {
    threshold: rule.threshold, roundTo: rule.roundTo, columns: [], totals: 'none',
    format: { value: kind, centre: kind, lower: kind, upper: kind },
  });
  return { series, spc };
}
