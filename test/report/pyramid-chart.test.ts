import { describe, expect, it } from 'vitest';
import { renderPyramidChart } from '../../src/report/pyramid-chart.js';
import { elements, num } from './svg-helpers.js';

describe('renderPyramidChart', () => {
  it('females grow left from x 290, males right from 350, on one scale 0..20 (width 266 px); youngest band at the bottom', () => {
    // cx = 320, gap 30; ticks niceTicks(0, 20, 4) = 0..20 step 5; rows 16 px from top 30, so
    // the plot bottom is 62, band 0 starts at y = 62 - 16 + 1.5 = 47.5 and band 1 at 31.5.
    const svg = renderPyramidChart({ kind: 'pyramid', title: 'Pop', bands: ['0-4', '5-9'], female: [10, 20], male: [15, null] }, 'p');
    const rects = elements(svg).map((r) => [num(r, 'x'), num(r, 'y'), num(r, 'width'), num(r, 'height')]);
    expect(rects).toEqual([
      [157, 47.5, 133, 13],   // female 0-4: 10/20 of 266
      [350, 47.5, 199.5, 13], // male 0-4: 15/20 of 266
      [24, 31.5, 266, 13],    // female 5-9: the full half-width
    ]);
    expect(elements(svg, 'suppressed')).toHaveLength(1); // male 5-9
  });
});
