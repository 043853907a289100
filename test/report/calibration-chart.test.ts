import { describe, expect, it } from 'vitest';
import { renderCalibrationChart } from '../../src/report/calibration-chart.js';
import { elements, num } from './svg-helpers.js';

describe('renderCalibrationChart', () => {
  it('one point (0.10, 0.12) on the common scale 0..0.15 lands at (290, 68.72); the bin with suppressed n is not drawn', () => {
    // max 0.12 padded by 4% -> niceTicks(0, 0.1248) = 0..0.15 step 0.05; x: 62 + (0.1/0.15)·342 = 290;
    // y: 287.6 - (0.12/0.15)·273.6 = 68.72.
    const svg = renderCalibrationChart({ kind: 'calibration', title: 'Cal', xLabel: 'Predicted', yLabel: 'Observed',
      points: [{ expected: 0.1, observed: 0.12, n: 500 }, { expected: 0.3, observed: 0.2, n: null }] }, 'c');
    const marks = elements(svg);
    expect(marks.map((m) => [m.tag, num(m, 'cx'), num(m, 'cy')])).toEqual([['circle', 290, 68.72]]);
    expect(elements(svg, 'diagonal')).toHaveLength(1);
    expect(svg).not.toContain('30.0%'); // nothing about the hidden bin
  });
});
