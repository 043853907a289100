import type { HistogramChartData } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { PALETTE, WIDTH, axisBottom, axisLeft, extent, formatValue, n, svgOpen, textWidth, tickFormatter } from './svg-parts.js';

/**
 * Draws a histogram as a static SVG string: one `<rect class="mark">` per bin with a
 * non-suppressed count (suppressed bins show `*` on the baseline), x and y axes with nice
 * ticks, and dashed vertical threshold lines (`<line class="threshold">`). O(bins).
 *
 * @param data - the chart data.
 * @param id - a document-unique id for the SVG.
 * @returns the `<svg>` markup.
 * @example
 * renderHistogramChart({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People',
 *   bins: [{ from: 0, to: 0.1, count: 50 }, { from: 0.1, to: 0.2, count: 25 }] }, 'h');
 * // => '<svg ... data-chart="histogram" ...>' with two rect.mark, the second half as tall
 */
export function renderHistogramChart(data: HistogramChartData, id: string): string {
  const left = 62;
  const right = WIDTH - 20;
  const thresholds = data.thresholds ?? [];
  // Cut-off labels sit above the plot, one row each, so they cross no bar, line or axis label.
  const top = thresholds.length > 0 ? 18 + 14 * thresholds.length : 16;
  const bottom = 220;
  const height = bottom + 42;
  const [lo, hi] = extent([...data.bins.flatMap((b) => [b.from, b.to]), ...(data.thresholds ?? []).map((t) => t.value)], [0, 1]);
  const xTicks = niceTicks(lo, hi, 6);
  const x = scaleLinear([xTicks[0]!, xTicks[xTicks.length - 1]!], [left, right]);
  let max = 0;
  for (const b of data.bins) if (b.count !== null && b.count > max) max = b.count;
  const yTicks = niceTicks(0, max > 0 ? max : 1, 5);
  const y = scaleLinear([0, yTicks[yTicks.length - 1]!], [bottom, top]);
  const xFormat = data.xFormat ?? 'percent';
  let out = svgOpen('histogram', id, height, data.title, data.description);
  out += axisLeft(y, yTicks, left, right, tickFormatter(yTicks, 'count'), data.yLabel);
  out += axisBottom(x, xTicks, bottom, top, tickFormatter(xTicks, xFormat), data.xLabel);
  for (const b of data.bins) {
    const x0 = x(b.from);
    const w = Math.max(0, x(b.to) - x0 - 1);
    const what = `${formatValue(b.from, xFormat)} to ${formatValue(b.to, xFormat)}: ${formatValue(b.count, 'count')}`;
    if (b.count === null) {
      out += `<text class="suppressed" x="${n(x0 + w / 2)}" y="${n(bottom - 3)}" text-anchor="middle" fill="#425563"><title>${escapeHtml(`${what} (suppressed)`)}</title>*</text>`;
      continue;
    }
    out += `<rect class="mark" x="${n(x0 + 0.5)}" y="${n(y(b.count))}" width="${n(w)}" height="${n(bottom - y(b.count))}" fill="${PALETTE[0]}"><title>${escapeHtml(what)}</title></rect>`;
  }
  thresholds.forEach((t, i) => {
    const px = x(t.value);
    const label = `${t.label}: ${formatValue(t.value, xFormat, 1)}`;
    const y0 = 12 + i * 14;
    out += `<line class="threshold" x1="${n(px)}" x2="${n(px)}" y1="${top}" y2="${bottom}" stroke="#D5281B" stroke-width="1.5" stroke-dasharray="5 3"><title>${escapeHtml(label)}</title></line>`;
    // to the right of its line, or to the left where it would run off the chart
    const after = px + 4 + textWidth(label) <= WIDTH - 4;
    out += `<text class="threshold-label" x="${n(after ? px + 4 : px - 4)}" y="${n(y0)}" text-anchor="${after ? 'start' : 'end'}" fill="#D5281B">${escapeHtml(label)}</text>`;
  });
  return `${out}</svg>`;
}
