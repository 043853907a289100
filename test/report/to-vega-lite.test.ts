import { describe, expect, it } from 'vitest';
import { buildReportCharts, toVegaLite } from '../../src/report/index.js';
import { sampleInput } from './sample-input.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** All inline data rows anywhere in a spec (top level and layers). */
function dataRows(spec: Record<string, unknown>): unknown[][] {
  const out: unknown[][] = [];
  const visit = (x: unknown) => {
    if (Array.isArray(x)) { x.forEach(visit); return; }
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o['data'] && typeof o['data'] === 'object' && Array.isArray((o['data'] as Record<string, unknown>)['values'])) out.push((o['data'] as { values: unknown[] }).values);
      Object.values(o).forEach(visit);
    }
  };
  visit(spec);
  return out;
}

describe('toVegaLite', () => {
  it('every report chart becomes a Vega-Lite v5 spec that survives JSON exactly (no functions, no undefined)', () => {
    for (const { chart } of buildReportCharts(sampleInput)) {
      const spec = toVegaLite(chart);
      expect(spec['$schema']).toBe(SCHEMA);
      expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
      expect(dataRows(spec).length, chart.kind).toBeGreaterThan(0);
      expect(spec['mark'] !== undefined || Array.isArray(spec['layer']), chart.kind).toBe(true);
    }
  });
  it('a histogram: one row per bin, suppressed counts null and filtered out of the marks', () => {
    const spec = toVegaLite({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People', bins: [{ from: 0, to: 0.1, count: 5 }, { from: 0.1, to: 0.2, count: null }] });
    expect(spec).toMatchObject({
      title: 'Risk', mark: 'bar',
      data: { values: [{ from: 0, to: 0.1, value: 5 }, { from: 0.1, to: 0.2, value: null }] },
      transform: [{ filter: 'datum.value != null' }],
      encoding: { x: { field: 'from' }, x2: { field: 'to' }, y: { field: 'value' } },
    });
  });
  it('a bar chart: one row per category per series', () => {
    const spec = toVegaLite({ kind: 'bar', title: 'C', valueLabel: 'People', categories: ['a', 'b'], series: [{ name: 'x', values: [1, 2] }, { name: 'y', values: [3, null] }] });
    expect((spec['data'] as { values: unknown[] }).values).toEqual([
      { category: 'a', series: 'x', value: 1 }, { category: 'a', series: 'y', value: 3 },
      { category: 'b', series: 'x', value: 2 }, { category: 'b', series: 'y', value: null },
    ]);
  });
  it('a pyramid: females negative so they extend left', () => {
    const spec = toVegaLite({ kind: 'pyramid', title: 'P', bands: ['0-4'], female: [10], male: [12] });
    expect((spec['data'] as { values: unknown[] }).values).toEqual([
      { band: '0-4', sex: 'Female', value: 10, signed: -10 }, { band: '0-4', sex: 'Male', value: 12, signed: 12 },
    ]);
  });
  it('an SPC chart colours signals with the Making Data Count palette', () => {
    const spec = toVegaLite({ kind: 'spc', title: 'S', yLabel: 'y', points: [{ label: 'a', value: 1, centre: 1, upper: 2, lower: 0, signal: 'concern' }] });
    const points = (spec['layer'] as Array<Record<string, unknown>>).at(-1)!;
    expect(points).toMatchObject({ encoding: { color: { field: 'signal', scale: { domain: ['common', 'concern', 'improvement', 'neither'], range: ['#A6A6A6', '#ED8B00', '#00A9CE', '#7C2855'] } } } });
  });
  it('a dot-and-whisker chart: a rule from lower to upper and a point at the estimate, plus the zero line', () => {
    const spec = toVegaLite({ kind: 'dotWhisker', title: 'D', xLabel: 'x', zeroLine: true, rows: [{ label: 'a', series: 's', estimate: 1, lower: 0, upper: 2 }] });
    const layer = spec['layer'] as Array<Record<string, unknown>>;
    expect(layer).toHaveLength(3);
    expect(layer[0]).toMatchObject({ mark: { type: 'rule' }, encoding: { x: { field: 'lower' }, x2: { field: 'upper' } } });
    expect(layer[1]).toMatchObject({ mark: { type: 'point' }, encoding: { x: { field: 'estimate' } } });
  });
});
