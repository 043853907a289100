import { describe, expect, it } from 'vitest';
import { renderLineChart } from '../../src/report/line-chart.js';
import { elements } from './svg-helpers.js';

describe('renderLineChart', () => {
  it('a ROC curve through (0,0), (0.5,0.8), (1,1) on [0,1]² maps to x [62, 404] and y [287.6, 14]', () => {
    // plot width 404 - 62 = 342, height 0.8·342 = 273.6 from top 14: y(0.8) = 287.6 - 0.8·273.6 = 68.72.
    const svg = renderLineChart({ kind: 'line', title: 'ROC', xLabel: 'FPR', yLabel: 'TPR', diagonal: true, xDomain: [0, 1], yDomain: [0, 1],
      series: [{ name: 'Model', points: [{ x: 0, y: 0 }, { x: 0.5, y: 0.8 }, { x: 1, y: 1 }] }], note: 'AUROC 0.80' }, 'r');
    const paths = elements(svg);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.attrs['d']).toBe('M62,287.6L233,68.72L404,14');
    const diag = elements(svg, 'diagonal')[0]!.attrs;
    expect([diag['x1'], diag['y1'], diag['x2'], diag['y2']]).toEqual(['62', '287.6', '404', '14']);
    expect(svg).toContain('AUROC 0.80');
  });
  it('draws one path per series and a legend when there are several', () => {
    const svg = renderLineChart({ kind: 'line', title: 'C', xLabel: 'x', yLabel: 'y',
      series: [{ name: 'A', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, { name: 'B', points: [{ x: 0, y: 0 }, { x: 1, y: 0.5 }] }] }, 'l');
    expect(elements(svg)).toHaveLength(2);
    expect(svg).toContain('class="legend"');
    expect(elements(svg, 'diagonal')).toHaveLength(0);
  });
});
