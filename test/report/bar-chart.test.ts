import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../../src/report/bar-chart.js';
import type { BarChartData } from '../../src/report/chart-data.js';
import { deepFreeze, elements, num } from './svg-helpers.js';

describe('renderBarChart', () => {
  it('two categories 10 and 20: x scale 0..20 (nice ticks step 5) onto [60, 584]; bars 262 and 524 wide at y 17 and 43', () => {
    // left margin 60 (short labels), right edge 640 - 56; group height 1·(14 + 2) + 10 = 26; first bar at 12 + 5.
    const data = deepFreeze<BarChartData>({ kind: 'bar', title: 'People', categories: ['A', 'B'], series: [{ name: 'People', values: [10, 20] }], valueLabel: 'People' });
    const before = JSON.stringify(data);
    const svg = renderBarChart(data, 'c1');
    const rects = elements(svg);
    expect(rects.map((r) => [r.tag, num(r, 'x'), num(r, 'y'), num(r, 'width'), num(r, 'height')])).toEqual([
      ['rect', 60, 17, 262, 14],
      ['rect', 60, 43, 524, 14],
    ]);
    expect(svg.match(/class="grid"/g)).toHaveLength(5); // ticks 0, 5, 10, 15, 20
    expect(JSON.stringify(data)).toBe(before);
  });
  it('draws one rect per non-null value per series and a * (no bar) for each suppressed value', () => {
    const svg = renderBarChart({ kind: 'bar', title: 'Churn', categories: ['Jan', 'Feb', 'Mar'], valueLabel: 'People',
      series: [{ name: 'Entered', values: [40, null, 30] }, { name: 'Left', values: [null, null, 12] }] }, 'c2');
    expect(elements(svg)).toHaveLength(3);
    expect(elements(svg, 'suppressed')).toHaveLength(3);
    expect(svg).toContain('data-chart="bar"');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="c2-title">Churn</title>');
  });
  it('escapes category names and series names', () => {
    const svg = renderBarChart({ kind: 'bar', title: 'T', categories: ['<b>x</b>'], series: [{ name: '"s"', values: [1] }], valueLabel: 'v' }, 'c3');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
