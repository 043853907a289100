import { renderBarChart } from './bar-chart.js';
import { renderCalibrationChart } from './calibration-chart.js';
import type { ChartData } from './chart-data.js';
import { renderDotWhiskerChart } from './dot-whisker-chart.js';
import { renderHistogramChart } from './histogram-chart.js';
import { renderLineChart } from './line-chart.js';
import { renderPyramidChart } from './pyramid-chart.js';
import { renderSpcChart } from './spc-chart.js';

/**
 * Draws any {@link ChartData} as one static, accessible SVG string (`role="img"`, an
 * `aria-label`, `<title>` and `<desc>`), with no script and no external resource. Data
 * marks carry `class="mark"`; suppressed counts are drawn as `*` with `class="suppressed"`.
 * O(size of the data).
 *
 * @param chart - the chart data (plain object; nothing is mutated).
 * @param id - a document-unique id for the SVG (default `'chart'`).
 * @returns the `<svg>` markup, ready to inline in HTML or save as an `.svg` file.
 * @example
 * renderChart({ kind: 'bar', title: 'Caseload', categories: ['P1'], series: [{ name: 'Selected', values: [40] }], valueLabel: 'People' });
 * // => '<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="bar" id="chart" ...'
 */
export function renderChart(chart: ChartData, id = 'chart'): string {
  switch (chart.kind) {
    case 'bar': return renderBarChart(chart, id);
    case 'pyramid': return renderPyramidChart(chart, id);
    case 'histogram': return renderHistogramChart(chart, id);
    case 'line': return renderLineChart(chart, id);
    case 'calibration': return renderCalibrationChart(chart, id);
    case 'dotWhisker': return renderDotWhiskerChart(chart, id);
    case 'spc': return renderSpcChart(chart, id);
  }
}
