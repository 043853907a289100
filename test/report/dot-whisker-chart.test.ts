import { describe, expect, it } from 'vitest';
import { renderDotWhiskerChart } from '../../src/report/dot-whisker-chart.js';
import { elements, num } from './svg-helpers.js';

describe('renderDotWhiskerChart', () => {
  it('two series of one label on x -0.5..0 -> [77, 616]: dots at 508.2 and 184.8, whisker of the first from 400.4 to 616', () => {
    // left margin = 10 chars · 6.3 + 14 = 77; niceTicks(-0.5, 0, 6) = -0.5..0 step 0.1; rows 18 px from 30 + 5.
    const svg = renderDotWhiskerChart({ kind: 'dotWhisker', title: 'Effect', xLabel: 'Difference', zeroLine: true, rows: [
      { label: 'Admissions', series: 'Matched', estimate: -0.1, lower: -0.2, upper: 0 },
      { label: 'Admissions', series: 'Naive', estimate: -0.4, lower: -0.5, upper: -0.3 },
    ] }, 'd');
    expect(elements(svg).map((m) => [num(m, 'cx'), num(m, 'cy')])).toEqual([[508.2, 44], [184.8, 62]]);
    const w = elements(svg, 'whisker');
    expect(w).toHaveLength(2);
    expect([num(w[0]!, 'x1'), num(w[0]!, 'x2')]).toEqual([400.4, 616]);
    expect(num(elements(svg, 'zero')[0]!, 'x1')).toBe(616);
  });
  it('groups rows by label in first-seen order', () => {
    const svg = renderDotWhiskerChart({ kind: 'dotWhisker', title: 'V', xLabel: 'x', rows: [
      { label: 'B', series: 's', estimate: 1, lower: 0, upper: 2 },
      { label: 'A', series: 's', estimate: 2, lower: 1, upper: 3 },
    ] }, 'v');
    const cys = elements(svg).map((m) => num(m, 'cy'));
    expect(cys[0]!).toBeLessThan(cys[1]!);
  });
});
