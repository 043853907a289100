import type { SpcChartData, SpcChartSignal } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { SIGNAL_COLOURS, WIDTH, axisLeft, extent, formatValue, legend, n, svgOpen, tickFormatter } from './svg-parts.js';
import { renderAssuranceIcon, renderVariationIcon } from './mdc-icons.js';

const SIGNAL_NAMES: Record<SpcChartSignal, string> = {
  common: 'Common cause',
  concern: 'Special cause: concern',
  improvement: 'Special cause: improvement',
  neither: 'Special cause: neither',
};

/**
 * Draws a statistical process control chart as a static SVG string, coloured as NHS
 * "Making Data Count" does: the values joined by a grey line, a solid centre line, dashed
 * control limits (point by point, so u-chart limits that vary with the denominator are
 * drawn as they are), and one `<circle class="mark">` per value filled by its signal:
 * grey common cause, orange concern, blue improvement, purple special cause with no
 * direction. Suppressed values (`null`) break the line and show `*`; a value missing for a
 * named reason (`gap`, e.g. nobody registered that month) breaks it and shows `–` with the
 * reason as its title; centre lines and limits that are null are not drawn there. A
 * provisional point (incomplete data, left out of the limits and rules) is a hollow circle
 * (`class="mark provisional"`) joined by a dashed line, its reason in its title. With
 * `icons`, the Making Data Count variation and assurance icons sit at the top right. O(points).
 *
 * @param data - the chart data.
 * @param id - a document-unique id for the SVG.
 * @returns the `<svg>` markup.
 * @example
 * renderSpcChart({ kind: 'spc', title: 'Admissions', yLabel: 'Per 1,000', points: [
 *   { label: 'Jan', value: 10, centre: 10, upper: 14, lower: 6, signal: 'common' },
 *   { label: 'Feb', value: 15, centre: 10, upper: 14, lower: 6, signal: 'concern' }] }, 's');
 * // => '<svg ... data-chart="spc" ...>' with two circle.mark, the second orange
 */
export function renderSpcChart(data: SpcChartData, id: string): string {
  const format = data.format ?? 'number';
  const left = 62;
  const right = WIDTH - 20;
  const iconBand = data.icons && (data.icons.variation !== null || data.icons.assurance !== null) ? 30 : 0;
  const top = 30 + iconBand;
  const bottom = 230 + iconBand;
  const height = bottom + 44;
  const pts = data.points;
  const ticks = niceTicks(...extent(pts.flatMap((p) => [p.value ?? NaN, p.centre ?? NaN, p.upper ?? NaN, p.lower ?? NaN])), 5);
  const y = scaleLinear([ticks[0]!, ticks[ticks.length - 1]!], [bottom, top]);
  const x = scaleLinear([0, Math.max(1, pts.length - 1)], [left + 10, right - 10]);
  const present = new Set<SpcChartSignal>(['common', 'concern', 'improvement']);
  for (const p of pts) present.add(p.signal);
  let out = svgOpen('spc', id, height, data.title, data.description);
  if (iconBand > 0) {
    const icons = [data.icons!.variation === null ? '' : renderVariationIcon(data.icons!.variation, { size: 30, x: 0, y: 0 }), data.icons!.assurance === null ? '' : renderAssuranceIcon(data.icons!.assurance, { size: 30, x: 0, y: 0 })].filter(Boolean);
    icons.forEach((svg, k) => (out += `<g class="mdc-icons" transform="translate(${n(right - 30 * (icons.length - k) - 4 * (icons.length - 1 - k))},0)">${svg}</g>`));
  }
  out += legend([...present].map((s) => ({ name: SIGNAL_NAMES[s], colour: SIGNAL_COLOURS[s], shape: 'circle' as const })), left, 16 + iconBand);
  out += axisLeft(y, ticks, left, right, tickFormatter(ticks, format), data.yLabel);
  out += `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#425563"/>`;
  const every = Math.max(1, Math.ceil(pts.length / 12));
  pts.forEach((p, i) => {
    if (i % every !== 0) return;
    out += `<text x="${n(x(i))}" y="${bottom + 15}" text-anchor="middle" fill="#212B32">${escapeHtml(p.label)}</text>`;
  });
  const path = (f: (p: SpcChartData['points'][number]) => number | null, keep: (i: number) => boolean = () => true): string => {
    let d = '';
    let pen = false;
    pts.forEach((p, i) => {
      const v = f(p);
      if (v === null || !keep(i)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${n(x(i))},${n(y(v))}`;
      pen = true;
    });
    return d;
  };
  out += `<path class="limit" d="${path((p) => p.upper)}" fill="none" stroke="#768692" stroke-dasharray="5 3"><title>Upper process limit</title></path>`;
  out += `<path class="limit" d="${path((p) => p.lower)}" fill="none" stroke="#768692" stroke-dasharray="5 3"><title>Lower process limit</title></path>`;
  out += `<path class="centre" d="${path((p) => p.centre)}" fill="none" stroke="#212B32" stroke-width="1.5"><title>Centre line (mean)</title></path>`;
  out += `<path class="values" d="${path((p) => (p.provisional === undefined ? p.value : null))}" fill="none" stroke="#A6A6A6" stroke-width="1.5"/>`;
  // Provisional points joined to the point before them by a dashed line.
  const prov = path((p) => p.value, (i) => pts[i]!.provisional !== undefined || pts[i + 1]?.provisional !== undefined);
  if (prov !== '') out += `<path class="values provisional" d="${prov}" fill="none" stroke="#A6A6A6" stroke-width="1.5" stroke-dasharray="4 3"/>`;
  pts.forEach((p, i) => {
    if (p.value === null) {
      if (p.gap !== undefined) out += `<text class="gap" x="${n(x(i))}" y="${bottom - 4}" text-anchor="middle" fill="#425563"><title>${escapeHtml(`${p.label}: no value (${p.gap})`)}</title>–</text>`;
      else out += `<text class="suppressed" x="${n(x(i))}" y="${bottom - 4}" text-anchor="middle" fill="#425563"><title>${escapeHtml(`${p.label}: suppressed`)}</title>*</text>`;
      return;
    }
    if (p.provisional !== undefined) {
      const what = `${p.label}: ${formatValue(p.value, format)} (provisional: ${p.provisional}; not judged)`;
      out += `<circle class="mark provisional" data-signal="provisional" cx="${n(x(i))}" cy="${n(y(p.value))}" r="4" fill="#fff" stroke="#425563" stroke-width="1.5" stroke-dasharray="2 1.5"><title>${escapeHtml(what)}</title></circle>`;
      return;
    }
    const what = `${p.label}: ${formatValue(p.value, format)} (${SIGNAL_NAMES[p.signal]})`;
    out += `<circle class="mark" data-signal="${p.signal}" cx="${n(x(i))}" cy="${n(y(p.value))}" r="4" fill="${SIGNAL_COLOURS[p.signal]}" stroke="#fff" stroke-width="0.5"><title>${escapeHtml(what)}</title></circle>`;
  });
  if (pts.some((p) => p.provisional !== undefined && p.value !== null)) {
    out += `<g class="legend-provisional"><circle cx="${n(right - 150)}" cy="${n(height - 10)}" r="4" fill="#fff" stroke="#425563" stroke-width="1.5" stroke-dasharray="2 1.5"/>` +
      `<text x="${n(right - 142)}" y="${n(height - 6)}" fill="#212B32">Provisional (not judged)</text></g>`;
  }
  return `${out}</svg>`;
}
