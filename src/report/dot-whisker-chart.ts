import type { DotWhiskerChartData } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { PALETTE, WIDTH, axisBottom, extent, formatValue, legend, n, svgOpen, tickFormatter, truncate } from './svg-parts.js';

/**
 * Draws estimates with intervals (dot and whisker) as a static SVG string. Rows are grouped
 * by `label` (in first-seen order); within a group each series gets its own line and
 * colour. Each row is a `<line class="whisker">` from `lower` to `upper` and a
 * `<circle class="mark">` at the estimate; `zeroLine` adds a vertical line at 0. O(rows).
 *
 * @param data - the chart data.
 * @param id - a document-unique id for the SVG.
 * @returns the `<svg>` markup.
 * @example
 * renderDotWhiskerChart({ kind: 'dotWhisker', title: 'Effect', xLabel: 'Difference', zeroLine: true,
 *   rows: [{ label: 'Admissions', series: 'Matched', estimate: -0.1, lower: -0.2, upper: 0 },
 *          { label: 'Admissions', series: 'Naive', estimate: -0.4, lower: -0.5, upper: -0.3 }] }, 'd');
 * // => '<svg ... data-chart="dotWhisker" ...>' with two circle.mark and two line.whisker
 */
export function renderDotWhiskerChart(data: DotWhiskerChartData, id: string): string {
  const format = data.format ?? 'number';
  const labels: string[] = [];
  const series: string[] = [];
  for (const r of data.rows) {
    if (!labels.includes(r.label)) labels.push(r.label);
    if (!series.includes(r.series)) series.push(r.series);
  }
  const longest = Math.max(0, ...labels.map((c) => Math.min(c.length, 44)));
  const left = Math.min(290, Math.max(60, longest * 6.3 + 14));
  const right = WIDTH - 24;
  const top = series.length > 1 ? 30 : 12;
  const row = 18;
  const groupHeight = series.length * row + 10;
  const bottom = top + labels.length * groupHeight;
  const height = bottom + 42;
  const values = data.rows.flatMap((r) => [r.lower, r.upper, r.estimate]);
  if (data.zeroLine) values.push(0);
  const ticks = niceTicks(...extent(values), 6);
  const x = scaleLinear([ticks[0]!, ticks[ticks.length - 1]!], [left, right]);
  let out = svgOpen('dotWhisker', id, height, data.title, data.description);
  if (series.length > 1) out += legend(series.map((s, i) => ({ name: s, colour: PALETTE[i % PALETTE.length]!, shape: 'circle' as const })), left, 16);
  out += axisBottom(x, ticks, bottom, top, tickFormatter(ticks, format), data.xLabel);
  if (data.zeroLine) out += `<line class="zero" x1="${n(x(0))}" x2="${n(x(0))}" y1="${top}" y2="${n(bottom)}" stroke="#212B32" stroke-width="1"/>`;
  labels.forEach((label, li) => {
    const gy = top + li * groupHeight + 5;
    if (li > 0) out += `<line x1="${n(left)}" x2="${n(right)}" y1="${n(gy - 5)}" y2="${n(gy - 5)}" stroke="#D8DDE0"/>`;
    out += `<text x="${n(left - 6)}" y="${n(gy + (series.length * row) / 2 + 3)}" text-anchor="end" fill="#212B32"><title>${escapeHtml(label)}</title>${escapeHtml(truncate(label, 44))}</text>`;
    series.forEach((s, si) => {
      const r = data.rows.find((q) => q.label === label && q.series === s);
      if (!r) return;
      const cy = gy + si * row + row / 2;
      const colour = PALETTE[si % PALETTE.length];
      const what = `${label}, ${s}: ${formatValue(r.estimate, format)} (${formatValue(r.lower, format)} to ${formatValue(r.upper, format)})`;
      out += `<line class="whisker" x1="${n(x(r.lower))}" x2="${n(x(r.upper))}" y1="${n(cy)}" y2="${n(cy)}" stroke="${colour}" stroke-width="2"/>`;
      out += `<circle class="mark" cx="${n(x(r.estimate))}" cy="${n(cy)}" r="5" fill="${colour}"><title>${escapeHtml(what)}</title></circle>`;
    });
  });
  return `${out}</svg>`;
}
