import { fail } from '../core/errors.js';
import { monitor, type MonitorOptions, type SpcResult } from './monitor.js';
import { publishedNumber } from './published-number.js';

/** One month of one published SPC chart. */
export interface PublishedSpcRow {
  readonly unit: string;
  readonly measure: string;
  readonly month: string;
  /** The published rate (per 1,000) or mean, or the marker where its count is suppressed. */
  readonly value: number | string | null;
  /** Centre line, limits: from the published counts of the months shown; empty for a suppressed month. */
  readonly centre: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Making Data Count signal of the point (`'common'` when none), empty for a suppressed or provisional month (not judged). */
  readonly signal: 'common' | 'concern' | 'improvement' | 'neither' | null;
  /** Why the month is provisional (incomplete data: shown, left out of the limits and rules); empty when it is not. */
  readonly provisional: string | null;
}

/**
 * SPC charts fit to publish, from the rows of {@link publishMonthlySeries} (published counts
 * only). A chart drawn from exact counts gives them back: a u-chart's point is numerator /
 * denominator, its limits depend on the denominator, and its centre line on the sum of the
 * numerators, so a suppressed month could be read off the chart beside the published table.
 * Here each unit and measure is charted by {@link monitor} on the published (rounded)
 * numerators and denominators of the months that are not suppressed; a suppressed month is
 * left out of the chart and shown with the marker and no limits. A per-person measure (no
 * published numerator) is charted as XmR on its published means. Rates and limits to 1
 * decimal place, means to 2. Every number in the result is a function of the published rows
 * alone. O(rows).
 *
 * @param published - rows of `publishMonthlySeries` (unit, measure, month, numerator, denominator, value).
 * @param options - `monitor` options for the event measures (default an XmR chart of the
 *   published rates per 1,000, lower is better: Making Data Count's chart for rates, whose limits
 *   come from the month-to-month variation, so clumped counts such as bed days are not flagged
 *   every month; `chart: 'u'` or `'p'` charts the published numerators and denominators, with
 *   Laney's adjustment when overdispersed); per-person measures use `chart: 'xmr'`. Rows with a
 *   `provisional` reason are charted as provisional points (see `monitor`).
 * @returns one row per input row, in order.
 * @throws RiskStratifyError `invalid_input` when `published` is not an array; `monitor`'s
 *   errors for a chart with fewer than two published months.
 * @example
 * const rows = buildMonthlySeries(population, { from: '2022-04-01', to: '2024-03-31' });
 * publishSpc(publishMonthlySeries(rows).rows)[0];
 * // => { unit: 'all', measure: 'emergencyAdmissionsPer1000', month: '2022-04', value: 8.2, centre: 8.4, lower: 7.1, upper: 9.7, signal: 'common' }
 */
export function publishSpc(published: ReadonlyArray<Readonly<Record<string, unknown>>>, options?: MonitorOptions): PublishedSpcRow[] {
  if (!Array.isArray(published)) fail({ fn: 'publishSpc', code: 'invalid_input', path: ['published'], value: published, message: 'expected the rows of publishMonthlySeries' });
  const groups = new Map<string, number[]>();
  published.forEach((r, i) => {
    const key = `${String(r['unit'])}\u0000${String(r['measure'])}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const out: PublishedSpcRow[] = published.map((r) => ({
    unit: String(r['unit']), measure: String(r['measure']), month: String(r['month']),
    value: typeof r['value'] === 'number' ? r['value'] : (r['value'] as string | null | undefined) ?? null,
    centre: null, lower: null, upper: null, signal: null,
    provisional: typeof r['provisional'] === 'string' && r['provisional'] !== '' ? r['provisional'] : null,
  }));
  for (const idx of groups.values()) {
    const perPerson = idx.every((i) => published[i]!['numerator'] === null || published[i]!['numerator'] === undefined);
    const shown = idx.filter((i) => {
      const r = published[i]!;
      return perPerson ? typeof r['value'] === 'number' : typeof r['numerator'] === 'number' && typeof r['denominator'] === 'number' && r['denominator'] > 0;
    });
    if (shown.length < 2) continue;
    const o: MonitorOptions = { chart: 'xmr', multiplier: 1000, improvement: 'down', ...options };
    const counts = !perPerson && (o.chart === 'u' || o.chart === 'p');
    const series = shown.map((i) => {
      const r = published[i]!;
      const label = String(r['month']);
      const provisional = out[i]!.provisional ?? false;
      // XmR of a rate: the published rate from the published counts, to full precision.
      return counts
        ? { numerator: r['numerator'] as number, denominator: r['denominator'] as number, label, provisional }
        : { value: perPerson ? (r['value'] as number) : (1000 * (r['numerator'] as number)) / (r['denominator'] as number), label, provisional };
    });
    const spc: SpcResult = perPerson ? monitor(series, { ...options, chart: 'xmr' }) : monitor(series, o);
    const kind = perPerson ? 'mean' : 'rate';
    // a figure monitor could not compute (e.g. no limits for a short series) stays null, with monitor's warning
    const shownNumber = (x: number | null): number | null => (x === null ? null : publishedNumber(x, kind));
    spc.points.forEach((p, k) => {
      const i = shown[k]!;
      const s = spc.signals.find((x) => x.indices.includes(p.index));
      out[i] = {
        ...out[i]!,
        value: shownNumber(p.value), centre: shownNumber(p.centre),
        lower: shownNumber(p.lower), upper: shownNumber(p.upper), signal: p.provisional ? null : s ? s.meaning : 'common',
      };
    });
  }
  return out;
}
