import type { PyramidChartData } from './chart-data.js';
import { escapeHtml } from './escape-html.js';
import { niceTicks } from './nice-ticks.js';
import { scaleLinear } from './scale-linear.js';
import { PALETTE, WIDTH, formatValue, legend, n, svgOpen, tickFormatter } from './svg-parts.js';

/**
 * Draws a population pyramid as a static SVG string: age bands bottom (youngest) to top,
 * females as bars to the left of a central label column, males to the right, both on the
 * same scale. One `<rect class="mark">` per non-suppressed band and sex; suppressed counts
 * are drawn as `*`. O(bands).
 *
 * @param data - the chart data (`female[i]` and `male[i]` belong to `bands[i]`).
 * @param id - a document-unique id for the SVG.
 * @returns the `<svg>` markup.
 * @example
 * renderPyramidChart({ kind: 'pyramid', title: 'Registered population', bands: ['0-4', '5-9'], female: [10, 20], male: [15, null] }, 'p');
 * // => '<svg ... data-chart="pyramid" ...>' with three rect.mark and one '*'
 */
export function renderPyramidChart(data: PyramidChartData, id: string): string {
  const gap = 30;
  const cx = WIDTH / 2;
  const top = 30;
  const row = 16;
  const plotBottom = top + data.bands.length * row;
  const height = plotBottom + 42;
  let max = 0;
  for (const v of [...data.female, ...data.male]) if (v !== null && v > max) max = v;
  const ticks = niceTicks(0, max > 0 ? max : 1, 4);
  const m = ticks[ticks.length - 1]!;
  const xf = scaleLinear([0, m], [cx - gap, 24]);
  const xm = scaleLinear([0, m], [cx + gap, WIDTH - 24]);
  const fmt = tickFormatter(ticks, 'count');
  const female = PALETTE[0];
  const male = PALETTE[4];
  let out = svgOpen('pyramid', id, height, data.title, data.description);
  out += legend([{ name: 'Female', colour: female }], 24, 16) + legend([{ name: 'Male', colour: male }], WIDTH - 80, 16);
  out += '<g class="axis axis-x">';
  for (const [scale, anchor] of [[xf, 'middle'], [xm, 'middle']] as const) {
    for (const t of ticks) {
      const px = scale(t);
      out += `<line class="grid" x1="${n(px)}" x2="${n(px)}" y1="${top}" y2="${n(plotBottom)}" stroke="#E8EDEE"/>`;
      out += `<text x="${n(px)}" y="${n(plotBottom + 15)}" text-anchor="${anchor}" fill="#212B32">${escapeHtml(fmt(t))}</text>`;
    }
  }
  out += `<line x1="24" x2="${n(cx - gap)}" y1="${n(plotBottom)}" y2="${n(plotBottom)}" stroke="#425563"/>`;
  out += `<line x1="${n(cx + gap)}" x2="${WIDTH - 24}" y1="${n(plotBottom)}" y2="${n(plotBottom)}" stroke="#425563"/>`;
  out += `<text class="axis-label" x="${n(cx)}" y="${n(plotBottom + 34)}" text-anchor="middle" fill="#212B32" font-weight="600">People</text></g>`;
  data.bands.forEach((band, i) => {
    const y = plotBottom - (i + 1) * row + 1.5;
    out += `<text x="${n(cx)}" y="${n(y + 10.5)}" text-anchor="middle" fill="#212B32">${escapeHtml(band)}</text>`;
    for (const [values, scale, colour, sex, origin] of [
      [data.female, xf, female, 'Female', cx - gap],
      [data.male, xm, male, 'Male', cx + gap],
    ] as const) {
      const v = values[i] ?? null;
      const what = `${sex} ${band}: ${formatValue(v, 'count')}`;
      if (v === null) {
        const tx = sex === 'Female' ? origin - 8 : origin + 3;
        out += `<text class="suppressed" x="${n(tx)}" y="${n(y + 11)}" fill="#425563"><title>${escapeHtml(`${what} (suppressed)`)}</title>*</text>`;
        continue;
      }
      const end = scale(v);
      out += `<rect class="mark" x="${n(Math.min(origin, end))}" y="${n(y)}" width="${n(Math.abs(end - origin))}" height="${row - 3}" fill="${colour}"><title>${escapeHtml(what)}</title></rect>`;
    }
  });
  return `${out}</svg>`;
}
