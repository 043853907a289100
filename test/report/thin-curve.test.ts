import { describe, expect, it } from 'vitest';
import { thinCurve } from '../../src/report/thin-curve.js';
import { buildReportCharts } from '../../src/report/index.js';

describe('thinCurve', () => {
  it('a 200,001-point ROC curve keeps its ends, at most 2/0.001 + 2 points, and every dropped point is within 0.001 of the last kept', () => {
    const n = 200_000;
    const pts = Array.from({ length: n + 1 }, (_, i) => ({ x: i / n, y: Math.sqrt(i / n) }));
    const thin = thinCurve(pts);
    expect(thin[0]).toEqual({ x: 0, y: 0 });
    expect(thin.at(-1)).toEqual({ x: 1, y: 1 });
    expect(thin.length).toBeLessThanOrEqual(2002);
    expect(thin.length).toBeGreaterThan(500);
    let k = 0;
    let far = 0;
    for (const p of pts) {
      while (k + 1 < thin.length && thin[k + 1]!.x <= p.x) k++;
      const kept = thin[k]!;
      if (!(Math.abs(p.x - kept.x) < 0.001 + 1e-12 && Math.abs(p.y - kept.y) < 0.001 + 1e-12)) far++;
    }
    expect(far).toBe(0);
  });
  it('short curves are copied unchanged', () => {
    const pts = Object.freeze([{ x: 0, y: 0 }, { x: 0.5, y: 0.9 }, { x: 1, y: 1 }]);
    expect(thinCurve(pts)).toEqual(pts);
  });
  it('buildReportCharts thins the ROC curve', () => {
    const n = 50_000;
    const roc = { auroc: 0.7, points: Array.from({ length: n + 1 }, (_, i) => ({ fpr: i / n, tpr: Math.min(1, (i / n) ** 0.5) })) };
    const chart = buildReportCharts({ title: 'T', roc })[0]!.chart;
    if (chart.kind !== 'line') throw new Error('line expected');
    expect(chart.series[0]!.points.length).toBeLessThanOrEqual(2002);
  });
});
