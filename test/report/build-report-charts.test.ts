import { describe, expect, it } from 'vitest';
import { buildReportCharts } from '../../src/report/index.js';
import { sampleInput } from './sample-input.js';

describe('buildReportCharts', () => {
  it('gives the churn chart with 3 suppressed and 12 rounded to 10 (the documented example)', () => {
    const charts = buildReportCharts({ title: 'T', churn: [{ period: '2025-02', entered: 3, left: 12, stayed: 40 }] });
    expect(charts).toHaveLength(1);
    expect(charts[0]!.id).toBe('chart-churn');
    expect(charts[0]!.section).toBe('churn');
    const chart = charts[0]!.chart;
    expect(chart.kind).toBe('bar');
    if (chart.kind !== 'bar') return;
    expect(chart.series).toEqual([
      { name: 'Entered', values: [null], colour: '#005EB8' }, { name: 'Stayed', values: [40], colour: '#425563' }, { name: 'Left', values: [10], colour: '#ED8B00' },
    ]);
    // leaving is not coloured as good news (NHS green #009639)
    expect(chart.series.map((s) => s.colour)).not.toContain('#009639');
  });
  it('the sample gives 16 charts in report order, all JSON-serialisable as they are', () => {
    const charts = buildReportCharts(sampleInput);
    expect(charts.map((c) => c.section)).toEqual([
      'population', 'population', 'segments', 'segments', 'segments', 'risk', 'model', 'model', 'concentration',
      'variants', 'variants', 'caseloads', 'churn', 'spc', 'spc', 'intervention',
    ]);
    expect(new Set(charts.map((c) => c.id)).size).toBe(charts.length);
    expect(JSON.parse(JSON.stringify(charts))).toStrictEqual(charts);
  });
  it('a segment rate is null when its people or admissions count is suppressed, else admissions per 1,000 from the published counts', () => {
    const charts = buildReportCharts({ title: 'T', segments: [
      { segment: 'A', people: 400, emergencyAdmissions: 52 }, { segment: 'B', people: 5, emergencyAdmissions: 2 },
      { segment: 'C', people: 90, emergencyAdmissions: 14 }, { segment: 'D', people: 300, emergencyAdmissions: 41 },
    ] });
    // people: B (5) small, C (90) suppressed with it (segments add up to the list size);
    // admissions: B (2) small, C (14) with it; A 52 -> 50, D 41 -> 40.
    const people = charts.find((c) => c.id === 'chart-segments-people')!.chart;
    if (people.kind !== 'bar') throw new Error('bar expected');
    expect(people.series[0]!.values).toEqual([400, null, null, 300]);
    const rates = charts.find((c) => c.id === 'chart-segments-admissions')!.chart;
    if (rates.kind !== 'bar') throw new Error('bar expected');
    expect(rates.series[0]!.values).toEqual([125, null, null, (40 / 300) * 1000]); // 50/400·1000, not 52/400·1000 = 130
  });
  it('the concentration curve starts at the origin and has a bed-days series when every row has one', () => {
    const c = buildReportCharts({ title: 'T', concentration: [{ topPercent: 2, admissionsShare: 0.2, bedDaysShare: 0.3 }, { topPercent: 5, admissionsShare: 0.35, bedDaysShare: 0.45 }] })[0]!.chart;
    if (c.kind !== 'line') throw new Error('line expected');
    expect(c.series.map((s) => s.points)).toEqual([
      [{ x: 0, y: 0 }, { x: 0.02, y: 0.2 }, { x: 0.05, y: 0.35 }],
      [{ x: 0, y: 0 }, { x: 0.02, y: 0.3 }, { x: 0.05, y: 0.45 }],
    ]);
  });
});
