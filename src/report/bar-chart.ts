import type { BarChartData } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { PALETTE, WIDTH, axisBottom, formatValue, legend, n, svgOpen, tickFormatter, truncate } from './svg-parts.js';

/**
 * Draws a horizontal grouped bar chart as a static SVG string: one group per category, one
 * bar (`<rect class="mark">`) per series, value printed at the bar end, suppressed values
 * (`null`) drawn as `*` (`<text class="suppressed">`) with no bar. O(categories x series).
 *
 * @param data - the chart data.
 * @param id - a document-unique id for the SVG (its title and desc ids derive from it).
 * @returns the `<svg>` markup.
 * @example
 * renderBarChart({ kind: 'bar', title: 'People', categories: ['A', 'B'], series: [{ name: 'People', values: [10, 20] }], valueLabel: 'People' }, 'c1');
 * // => '<svg ... data-chart="bar" ...>' with two rect.mark whose widths are in the ratio 1:2
 */
export function renderBarChart(data: BarChartData, id: string): string {
  const format = data.format ?? 'count';
  const nSeries = Math.max(1, data.series.length);
  const longest = Math.max(0, ...data.categories.map((c) => Math.min(c.length, 44)));
  const left = Math.min(290, Math.max(60, longest * 6.3 + 14));
  const right = WIDTH - 56;
  const top = data.series.length > 1 ? 30 : 12;
  const bar = 14;
  const groupHeight = nSeries * (bar + 2) + 10;
  const plotBottom = top + data.categories.length * groupHeight;
  const height = plotBottom + 42;
  let max = 0;
  for (const s of data.series) for (const v of s.values) if (v !== null && v > max) max = v;
  const ticks = niceTicks(0, max > 0 ? max : 1, 5);
  const x = scaleLinear([0, ticks[ticks.length - 1]!], [left, right]);
  const fmtTick = tickFormatter(ticks, format);
  let out = svgOpen('bar', id, height, data.title, data.description);
  if (data.series.length > 1) out += legend(data.series.map((s, i) => ({ name: s.name, colour: s.colour ?? PALETTE[i % PALETTE.length]! })), left, 16);
  out += axisBottom(x, ticks, plotBottom, top, fmtTick, data.valueLabel);
  data.categories.forEach((category, ci) => {
    const gy = top + ci * groupHeight + 5;
    out += `<text x="${n(left - 6)}" y="${n(gy + (nSeries * (bar + 2)) / 2 + 3)}" text-anchor="end" fill="#212B32"><title>${escapeHtml(category)}</title>${escapeHtml(truncate(category, 44))}</text>`;
    data.series.forEach((s, si) => {
      const y = gy + si * (bar + 2);
      const v = s.values[ci] ?? null;
      const what = `${category}, ${s.name}: ${formatValue(v, format)}`;
      if (v === null) {
        out += `<text class="suppressed" x="${n(left + 4)}" y="${n(y + bar - 3)}" fill="#425563"><title>${escapeHtml(`${what} (suppressed)`)}</title>*</text>`;
        return;
      }
      const w = Math.max(0, x(v) - left);
      out += `<rect class="mark" x="${n(left)}" y="${n(y)}" width="${n(w)}" height="${bar}" fill="${s.colour ?? PALETTE[si % PALETTE.length]}"><title>${escapeHtml(what)}</title></rect>`;
      out += `<text x="${n(left + w + 4)}" y="${n(y + bar - 3)}" fill="#212B32">${escapeHtml(formatValue(v, format))}</text>`;
    });
  });
  return `${out}</svg>`;
}
