import type { ChartData, SpcChartSignal } from './chart-data.js';
import { PALETTE, SIGNAL_COLOURS } from './svg-parts.js';

/** A Vega-Lite specification: a plain JSON object (no functions, no class instances). */
export type VegaLiteSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/**
 * The same chart as a Vega-Lite v5 specification, for dashboards that draw with Vega-Lite.
 * Data are inline (`data.values`), one row per mark; suppressed counts are `null` and
 * filtered out of the marks (`datum.value != null`). The result is JSON-serialisable and
 * the library does not depend on Vega-Lite. O(size of the data).
 *
 * Encodings by kind: `bar` -> bars of `value` by `category` with `yOffset`/colour by
 * `series`; `pyramid` -> bars of a signed `people` (female negative); `histogram` -> `bar`
 * from `from` to `to`; `line` -> one line per `series` (plus the diagonal); `calibration`
 * -> points and the identity line; `dotWhisker` -> a rule from `lower` to `upper` and a
 * point at `estimate`; `spc` -> value line, centre and limit lines, points coloured by
 * `signal` with the Making Data Count colours.
 *
 * @param chart - the chart data.
 * @returns the specification.
 * @example
 * toVegaLite({ kind: 'histogram', title: 'Risk', xLabel: 'Risk', yLabel: 'People', bins: [{ from: 0, to: 0.1, count: 5 }] });
 * // => { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: 'Risk',
 * //      data: { values: [{ from: 0, to: 0.1, value: 5 }] }, mark: 'bar', encoding: {...}, ... }
 */
export function toVegaLite(chart: ChartData): VegaLiteSpec {
  const base = { $schema: SCHEMA, title: chart.title, description: chart.description ?? chart.title, width: 'container' };
  const notNull = { filter: 'datum.value != null' };
  switch (chart.kind) {
    case 'bar': {
      const values = chart.categories.flatMap((category, i) => chart.series.map((s) => ({ category, series: s.name, value: s.values[i] ?? null })));
      return {
        ...base, data: { values }, transform: [notNull], mark: 'bar',
        encoding: {
          y: { field: 'category', type: 'nominal', sort: chart.categories, title: null },
          yOffset: { field: 'series', type: 'nominal', sort: chart.series.map((s) => s.name) },
          x: { field: 'value', type: 'quantitative', title: chart.valueLabel },
          color: { field: 'series', type: 'nominal', scale: { domain: chart.series.map((x) => x.name), range: chart.series.map((x, k) => x.colour ?? PALETTE[k % PALETTE.length]!) }, title: null },
          tooltip: [{ field: 'category' }, { field: 'series' }, { field: 'value', type: 'quantitative' }],
        },
      };
    }
    case 'pyramid': {
      const values = chart.bands.flatMap((band, i) => [
        { band, sex: 'Female', value: chart.female[i] ?? null, signed: chart.female[i] == null ? null : -chart.female[i]! },
        { band, sex: 'Male', value: chart.male[i] ?? null, signed: chart.male[i] ?? null },
      ]);
      return {
        ...base, data: { values }, transform: [notNull], mark: 'bar',
        encoding: {
          y: { field: 'band', type: 'ordinal', sort: [...chart.bands].reverse(), title: 'Age band' },
          x: { field: 'signed', type: 'quantitative', title: 'People (female left, male right)', axis: { labelExpr: 'abs(datum.value)' } },
          color: { field: 'sex', type: 'nominal', scale: { domain: ['Female', 'Male'], range: [PALETTE[0], PALETTE[4]] } },
          tooltip: [{ field: 'band' }, { field: 'sex' }, { field: 'value', type: 'quantitative', title: 'People' }],
        },
      };
    }
    case 'histogram': {
      const values = chart.bins.map((b) => ({ from: b.from, to: b.to, value: b.count }));
      const bars = {
        data: { values }, transform: [notNull], mark: 'bar',
        encoding: {
          x: { field: 'from', type: 'quantitative', title: chart.xLabel, ...(chart.xFormat !== 'number' ? { axis: { format: '%' } } : {}) },
          x2: { field: 'to' },
          y: { field: 'value', type: 'quantitative', title: chart.yLabel },
        },
      };
      if (!chart.thresholds?.length) return { ...base, ...bars };
      return {
        ...base,
        layer: [bars, {
          data: { values: chart.thresholds.map((t) => ({ label: t.label, value: t.value })) },
          mark: { type: 'rule', color: '#D5281B', strokeDash: [5, 3] },
          encoding: { x: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'value' }] },
        }],
      };
    }
    case 'line': {
      const values = chart.series.flatMap((s) => s.points.map((p, order) => ({ series: s.name, order, x: p.x, y: p.y })));
      const axisFormat = (f: string | undefined) => (f === 'percent' ? { axis: { format: '%' } } : {});
      const layer: unknown[] = [{
        data: { values }, mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: chart.xLabel, ...(chart.xDomain ? { scale: { domain: chart.xDomain } } : {}), ...axisFormat(chart.xFormat) },
          y: { field: 'y', type: 'quantitative', title: chart.yLabel, ...(chart.yDomain ? { scale: { domain: chart.yDomain } } : {}), ...axisFormat(chart.yFormat) },
          order: { field: 'order' },
          color: { field: 'series', type: 'nominal', scale: { range: [...PALETTE] }, title: null },
        },
      }];
      if (chart.diagonal) {
        const lo = Math.max(chart.xDomain?.[0] ?? 0, chart.yDomain?.[0] ?? 0);
        const hi = Math.min(chart.xDomain?.[1] ?? 1, chart.yDomain?.[1] ?? 1);
        layer.push({ data: { values: [{ x: lo, y: lo }, { x: hi, y: hi }] }, mark: { type: 'line', color: '#768692', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
      }
      return { ...base, ...(chart.note ? { title: { text: chart.title, subtitle: chart.note } } : {}), layer };
    }
    case 'calibration': {
      const values = chart.points.filter((p) => p.n !== null).map((p) => ({ expected: p.expected, observed: p.observed, n: p.n }));
      let max = 0;
      for (const v of values) max = Math.max(max, v.expected, v.observed);
      return {
        ...base,
        layer: [
          { data: { values: [{ x: 0, y: 0 }, { x: max, y: max }] }, mark: { type: 'line', color: '#768692', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
          {
            data: { values }, mark: { type: 'point', filled: true, size: 60, color: PALETTE[0] },
            encoding: {
              x: { field: 'expected', type: 'quantitative', title: chart.xLabel, axis: { format: '%' } },
              y: { field: 'observed', type: 'quantitative', title: chart.yLabel, axis: { format: '%' } },
              tooltip: [{ field: 'expected', format: '.1%' }, { field: 'observed', format: '.1%' }, { field: 'n' }],
            },
          },
        ],
      };
    }
    case 'dotWhisker': {
      const values = chart.rows.map((r) => ({ label: r.label, series: r.series, estimate: r.estimate, lower: r.lower, upper: r.upper }));
      const shared = {
        y: { field: 'label', type: 'nominal', title: null, sort: null },
        yOffset: { field: 'series', type: 'nominal' },
        color: { field: 'series', type: 'nominal', scale: { range: [...PALETTE] }, title: null },
      };
      const layer: unknown[] = [
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { ...shared, x: { field: 'lower', type: 'quantitative', title: chart.xLabel }, x2: { field: 'upper' } } },
        { mark: { type: 'point', filled: true, size: 70 }, encoding: { ...shared, x: { field: 'estimate', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'series' }, { field: 'estimate' }, { field: 'lower' }, { field: 'upper' }] } },
      ];
      if (chart.zeroLine) layer.push({ data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#212B32' }, encoding: { x: { field: 'zero', type: 'quantitative' } } });
      return { ...base, data: { values }, layer };
    }
    case 'spc': {
      const values = chart.points.map((p, order) => ({ order, label: p.label, value: p.value, centre: p.centre, upper: p.upper, lower: p.lower, signal: p.signal }));
      const signals: SpcChartSignal[] = ['common', 'concern', 'improvement', 'neither'];
      const x = { field: 'label', type: 'ordinal', sort: chart.points.map((p) => p.label), title: null };
      const line = (field: string, mark: Record<string, unknown>) => ({ mark: { type: 'line', ...mark }, encoding: { x, y: { field, type: 'quantitative' } } });
      return {
        ...base, data: { values },
        layer: [
          line('upper', { color: '#768692', strokeDash: [5, 3] }),
          line('lower', { color: '#768692', strokeDash: [5, 3] }),
          line('centre', { color: '#212B32' }),
          { transform: [notNull], mark: { type: 'line', color: '#A6A6A6' }, encoding: { x, y: { field: 'value', type: 'quantitative', title: chart.yLabel } } },
          {
            transform: [notNull], mark: { type: 'point', filled: true, size: 50 },
            encoding: {
              x, y: { field: 'value', type: 'quantitative' },
              color: { field: 'signal', type: 'nominal', scale: { domain: signals, range: signals.map((s) => SIGNAL_COLOURS[s]) } },
              tooltip: [{ field: 'label' }, { field: 'value' }, { field: 'signal' }],
            },
          },
        ],
      };
    }
  }
}
