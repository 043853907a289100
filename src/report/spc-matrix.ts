/**
 * The "SPC matrix" NHS boards read: one row per measure with its latest value, mean, process
 * limits and Making Data Count icons.
 *
 * @module
 */
import type { SpcResult } from '../compare/monitor.js';
import { escapeHtml } from './escape-html.js';
import { ASSURANCE_ICON_TEXT, VARIATION_ICON_TEXT, renderAssuranceIcon, renderVariationIcon, spcIcons, type AssuranceIcon, type VariationIcon } from './mdc-icons.js';
import { formatValue } from './svg-parts.js';

/** One row of the SPC matrix. */
export interface SpcMatrixRow {
  /** The measure in words. */
  readonly measure: string;
  /** Unit of the values, e.g. `'per 1,000 registered'`. */
  readonly unit: string;
  /** Label (month) of the latest point judged: the latest with a value that is not provisional; null when there is none. */
  readonly latestLabel: string | null;
  readonly latestValue: number | null;
  /** Centre line (mean; median for a run chart) and process limits at the latest point judged. */
  readonly mean: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly target: number | null;
  readonly variation: VariationIcon | null;
  readonly assurance: AssuranceIcon | null;
  /** Provisional points after the latest judged one (shown on the chart, not judged), e.g. `['2024-03']`. */
  readonly provisional: readonly string[];
  /** The chart type, e.g. `'xmr'`. */
  readonly chart: SpcResult['chart'];
}

/**
 * One SPC matrix row from a `monitor` result: the latest point judged (the latest with a value
 * that is not provisional), the centre line and limits there, and the icons.
 *
 * @param measure - the measure in words.
 * @param spc - the result of `monitor` for it.
 * @param options - `unit` of the values; `target` as given to `monitor` (shown in the row).
 * @returns the row.
 * @example
 * spcMatrixRow('Emergency admissions', monitor([10, 14, 12, 16, 13, 11, 15, 12, 14, 13]), { unit: 'per 1,000' });
 * // => { measure: 'Emergency admissions', latestValue: 13, mean: 13, variation: 'common_cause', assurance: null, ... }
 */
export function spcMatrixRow(measure: string, spc: SpcResult, options: { unit?: string; target?: number } = {}): SpcMatrixRow {
  let last: SpcResult['points'][number] | undefined;
  for (let i = spc.points.length - 1; i >= 0 && last === undefined; i--) {
    const p = spc.points[i]!;
    if (p.value !== null && !p.provisional) last = p;
  }
  const after = last === undefined ? spc.points : spc.points.slice(last.index + 1);
  const icons = spcIcons(spc);
  return Object.freeze({
    measure, unit: options.unit ?? '', chart: spc.chart,
    latestLabel: last?.label ?? null, latestValue: last?.value ?? null,
    mean: last?.centre ?? null, lower: last?.lower ?? null, upper: last?.upper ?? null,
    target: options.target ?? null, variation: icons.variation, assurance: icons.assurance,
    provisional: Object.freeze(after.filter((p) => p.provisional).map((p) => p.label)),
  });
}

const CHART_NAMES: Record<SpcResult['chart'], string> = { xmr: 'XmR', u: 'u', p: 'p', run: 'run' };

/**
 * The SPC matrix as an HTML table (class `spc-matrix`): measure, latest month and value,
 * mean, lower and upper process limits, target, and the variation and assurance icons drawn
 * inline (with their meaning as text for screen readers and print). A figure that does not
 * exist prints as an en dash; provisional months are named under the measure.
 *
 * @param rows - rows from {@link spcMatrixRow}.
 * @param options - `caption` (default `'SPC matrix: every measure at a glance'`).
 * @returns the `<table>` markup.
 * @example
 * renderSpcMatrix([spcMatrixRow('A&E attendances', spc, { unit: 'per 1,000' })]);
 * // => '<table class="spc-matrix">...<svg ... data-icon="variation" ...>...</table>'
 */
export function renderSpcMatrix(rows: readonly SpcMatrixRow[], options: { caption?: string } = {}): string {
  const f = (x: number | null): string => (x === null ? '–' : escapeHtml(formatValue(x)));
  const head = ['Measure', 'Latest month', 'Latest value', 'Mean', 'Lower limit', 'Upper limit', 'Target', 'Variation', 'Assurance']
    .map((h) => `<th scope="col">${h}</th>`).join('');
  const body = rows.map((r) => {
    const note = [r.unit, `${CHART_NAMES[r.chart]} chart`, r.provisional.length > 0 ? `provisional: ${r.provisional.join(', ')}` : ''].filter(Boolean).join('; ');
    const v = r.variation === null ? '–' : `${renderVariationIcon(r.variation, { size: 32 })}<span class="visually-hidden">${escapeHtml(VARIATION_ICON_TEXT[r.variation])}</span>`;
    const a = r.assurance === null ? (r.target === null ? 'no target' : '–') : `${renderAssuranceIcon(r.assurance, { size: 32 })}<span class="visually-hidden">${escapeHtml(ASSURANCE_ICON_TEXT[r.assurance])}</span>`;
    return `<tr><th scope="row">${escapeHtml(r.measure)}<br><small>${escapeHtml(note)}</small></th><td>${escapeHtml(r.latestLabel ?? '–')}</td>` +
      `<td class="num">${f(r.latestValue)}</td><td class="num">${f(r.mean)}</td><td class="num">${f(r.lower)}</td><td class="num">${f(r.upper)}</td><td class="num">${f(r.target)}</td>` +
      `<td class="icon">${v}</td><td class="icon">${a}</td></tr>`;
  }).join('');
  return `<table class="spc-matrix"><caption>${escapeHtml(options.caption ?? 'SPC matrix: every measure at a glance')}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
