import { describe, expect, it } from 'vitest';
import { renderHistogramChart } from '../../src/report/histogram-chart.js';
import { elements, num } from './svg-helpers.js';

describe('renderHistogramChart', () => {
  it('bins [0, 0.1) = 50 and [0.1, 0.2) = 25 on x 0..0.2 -> [62, 620] and y 0..50 -> [220, 16]', () => {
    // x(0.1) = 62 + 0.5·558 = 341; bars are 1 px narrower than the bin and start half a pixel in.
    const svg = renderHistogramChart({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People',
      bins: [{ from: 0, to: 0.1, count: 50 }, { from: 0.1, to: 0.2, count: 25 }, { from: 0.2, to: 0.3, count: null }].slice(0, 2) }, 'h');
    expect(elements(svg).map((r) => [num(r, 'x'), num(r, 'y'), num(r, 'width'), num(r, 'height')])).toEqual([
      [62.5, 16, 278, 204],
      [341.5, 118, 278, 102],
    ]);
    expect(svg).toContain('>20%</text>'); // percent tick labels
  });
  it('suppressed bins are drawn as *, thresholds as dashed lines with their label', () => {
    const svg = renderHistogramChart({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People',
      bins: [{ from: 0, to: 0.1, count: 50 }, { from: 0.1, to: 0.2, count: null }, { from: 0.2, to: 0.3, count: 10 }],
      thresholds: [{ label: 'Top 2%', value: 0.25 }] }, 'h');
    expect(elements(svg)).toHaveLength(2);
    expect(elements(svg, 'suppressed')).toHaveLength(1);
    expect(elements(svg, 'threshold')).toHaveLength(1);
    expect(svg).toContain('>Top 2%: 25.0%</text>');
  });
  it('puts each cut-off label on its own row above the plot, clear of the bars, the lines and the axes', () => {
    const svg = renderHistogramChart({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People',
      bins: [{ from: 0, to: 0.1, count: 50 }, { from: 0.1, to: 0.2, count: 10 }],
      thresholds: [{ label: 'Top 5%', value: 0.15 }, { label: 'Top 2%', value: 0.16 }] }, 'h');
    // top of the plot = 18 + 14 x 2 = 46: labels at y 12 and 26, the lines from 46 down
    const labels = [...svg.matchAll(/<text class="threshold-label" x="[\d.]+" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(labels).toEqual([12, 26]);
    for (const line of elements(svg, 'threshold')) expect(num(line, 'y1')).toBe(46);
  });
  it('widens the x axis to show a threshold beyond the last bin', () => {
    const svg = renderHistogramChart({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People',
      bins: [{ from: 0, to: 0.1, count: 50 }], thresholds: [{ label: 'Top 2%', value: 0.35 }] }, 'h');
    const line = elements(svg, 'threshold')[0]!;
    expect(num(line, 'x1')).toBeLessThanOrEqual(620);
    expect(svg).toContain('>40%</text>');
  });
});
