import type { LineChartData } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { PALETTE, axisBottom, axisLeft, extent, legend, n, svgOpen, tickFormatter } from './svg-parts.js';

/** Width of the square charts (ROC, calibration, concentration). */
export const SQUARE_WIDTH = 420;

/**
 * Draws lines through points as a static SVG string (a ROC curve, a concentration curve):
 * one `<path class="mark">` per series, in the order given, an optional dashed `y = x`
 * diagonal (`<line class="diagonal">`), nice-ticked axes and an optional note. O(points).
 *
 * @param data - the chart data.
 * @param id - a document-unique id for the SVG.
 * @returns the `<svg>` markup.
 * @example
 * renderLineChart({ kind: 'line', title: 'ROC', xLabel: 'FPR', yLabel: 'TPR', diagonal: true,
 *   xDomain: [0, 1], yDomain: [0, 1], series: [{ name: 'Model', points: [{ x: 0, y: 0 }, { x: 0.5, y: 0.8 }, { x: 1, y: 1 }] }] }, 'r');
 * // => '<svg ... data-chart="line" ...>' with one path.mark 'M62,340L231,...'
 */
export function renderLineChart(data: LineChartData, id: string): string {
  const W = SQUARE_WIDTH;
  const left = 62;
  const right = W - 16;
  const top = data.series.length > 1 ? 30 : 14;
  const bottom = top + (right - left) * 0.8;
  const height = bottom + 44;
  const xs = data.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = data.series.flatMap((s) => s.points.map((p) => p.y));
  const xTicks = niceTicks(...(data.xDomain ?? extent(xs)), 5);
  const yTicks = niceTicks(...(data.yDomain ?? extent(ys)), 5);
  const x = scaleLinear([xTicks[0]!, xTicks[xTicks.length - 1]!], [left, right]);
  const y = scaleLinear([yTicks[0]!, yTicks[yTicks.length - 1]!], [bottom, top]);
  let out = svgOpen('line', id, height, data.title, data.description, W);
  if (data.series.length > 1) out += legend(data.series.map((s, i) => ({ name: s.name, colour: PALETTE[i % PALETTE.length]!, shape: 'line' as const })), left, 16);
  out += axisLeft(y, yTicks, left, right, tickFormatter(yTicks, data.yFormat ?? 'number'), data.yLabel);
  out += axisBottom(x, xTicks, bottom, top, tickFormatter(xTicks, data.xFormat ?? 'number'), data.xLabel);
  if (data.diagonal) {
    const lo = Math.max(x.domain[0], y.domain[0]);
    const hi = Math.min(x.domain[1], y.domain[1]);
    out += `<line class="diagonal" x1="${n(x(lo))}" y1="${n(y(lo))}" x2="${n(x(hi))}" y2="${n(y(hi))}" stroke="#768692" stroke-dasharray="4 4"/>`;
  }
  data.series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${n(x(p.x))},${n(y(p.y))}`).join('');
    out += `<path class="mark" d="${d}" fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2" stroke-linejoin="round"><title>${escapeHtml(s.name)}</title></path>`;
  });
  if (data.note) out += `<text class="note" x="${n(right - 6)}" y="${n(bottom - 10)}" text-anchor="end" fill="#212B32" font-weight="600">${escapeHtml(data.note)}</text>`;
  return `${out}</svg>`;
}
