import type { CalibrationChartData } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { SQUARE_WIDTH } from './line-chart.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { PALETTE, axisBottom, axisLeft, formatValue, n, svgOpen, tickFormatter } from './svg-parts.js';

/**
 * Draws a calibration plot as a static SVG string: one `<circle class="mark">` per bin
 * (mean predicted risk on x, observed rate on y, both on the same nice percent scale) and
 * the dashed line of perfect calibration. Bins whose count `n` is suppressed (`null`) are
 * left out, so no rate is published for fewer people than the suppression threshold.
 * O(bins).
 *
 * @param data - the chart data.
 * @param id - a document-unique id for the SVG.
 * @returns the `<svg>` markup.
 * @example
 * renderCalibrationChart({ kind: 'calibration', title: 'Calibration', xLabel: 'Predicted', yLabel: 'Observed',
 *   points: [{ expected: 0.1, observed: 0.12, n: 500 }, { expected: 0.3, observed: 0.2, n: null }] }, 'c');
 * // => '<svg ... data-chart="calibration" ...>' with one circle.mark
 */
export function renderCalibrationChart(data: CalibrationChartData, id: string): string {
  const W = SQUARE_WIDTH;
  const left = 62;
  const right = W - 16;
  const top = 14;
  const bottom = top + (right - left) * 0.8;
  const height = bottom + 44;
  const shown = data.points.filter((p) => p.n !== null);
  let max = 0;
  for (const p of shown) max = Math.max(max, p.expected, p.observed);
  const ticks = niceTicks(0, max > 0 ? max * 1.04 : 1, 5);
  const top1 = ticks[ticks.length - 1]!;
  const x = scaleLinear([0, top1], [left, right]);
  const y = scaleLinear([0, top1], [bottom, top]);
  const fmt = tickFormatter(ticks, 'percent');
  let out = svgOpen('calibration', id, height, data.title, data.description, W);
  out += axisLeft(y, ticks, left, right, fmt, data.yLabel);
  out += axisBottom(x, ticks, bottom, top, fmt, data.xLabel);
  out += `<line class="diagonal" x1="${n(x(0))}" y1="${n(y(0))}" x2="${n(x(top1))}" y2="${n(y(top1))}" stroke="#768692" stroke-dasharray="4 4"/>`;
  for (const p of shown) {
    const what = `predicted ${formatValue(p.expected, 'percent', 1)}, observed ${formatValue(p.observed, 'percent', 1)}, n = ${formatValue(p.n, 'count')}`;
    out += `<circle class="mark" cx="${n(x(p.expected))}" cy="${n(y(p.observed))}" r="4.5" fill="${PALETTE[0]}" fill-opacity="0.85"><title>${escapeHtml(what)}</title></circle>`;
  }
  return `${out}</svg>`;
}
