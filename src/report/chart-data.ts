import type { AssuranceIcon, VariationIcon } from './mdc-icons.js';
/**
 * The chart data the report draws, as plain JSON-serialisable objects. The same objects
 * feed the static SVG ({@link renderChart}) and the Vega-Lite specifications
 * ({@link toVegaLite}), so a dashboard can draw exactly what the report shows. Counts in
 * chart data built by {@link buildReportCharts} have already been through small-number
 * suppression: `null` means suppressed (drawn as `*`).
 *
 * @module
 */

/** How values on an axis or a label are printed. */
export type ValueFormat = 'count' | 'number' | 'percent';

/** Fields every chart has. */
export interface ChartBase {
  /** Short title, used as the SVG `<title>` and the figure caption. */
  title: string;
  /** One or two sentences for screen readers (the SVG `<desc>`); defaults to the title. */
  description?: string;
}

/** Horizontal bars, one group per category and one bar per series (segments, caseloads, churn). */
export interface BarChartData extends ChartBase {
  kind: 'bar';
  /** Category labels, top to bottom. */
  categories: string[];
  /** One bar per category per series; `values[i]` belongs to `categories[i]`; `null` = suppressed. */
  series: Array<{ name: string; values: Array<number | null> }>;
  /** Axis label for the values. */
  valueLabel: string;
  /** How values are printed (default `'count'`). */
  format?: ValueFormat;
}

/** A population pyramid: females to the left, males to the right. */
export interface PyramidChartData extends ChartBase {
  kind: 'pyramid';
  /** Age bands, youngest first (drawn at the bottom). */
  bands: string[];
  /** People per band (`null` = suppressed). */
  female: Array<number | null>;
  /** People per band (`null` = suppressed). */
  male: Array<number | null>;
}

/** A histogram of counts over contiguous bins, with optional vertical threshold lines. */
export interface HistogramChartData extends ChartBase {
  kind: 'histogram';
  /** Bins `[from, to)` in ascending order; `count` `null` = suppressed. */
  bins: Array<{ from: number; to: number; count: number | null }>;
  /** Vertical reference lines, e.g. the top-2% cut-off. */
  thresholds?: Array<{ label: string; value: number }>;
  xLabel: string;
  yLabel: string;
  /** How x values are printed (default `'percent'`: risks are probabilities). */
  xFormat?: ValueFormat;
}

/** Lines through points (ROC curve, concentration curve), optionally with the y = x diagonal. */
export interface LineChartData extends ChartBase {
  kind: 'line';
  series: Array<{ name: string; points: Array<{ x: number; y: number }> }>;
  xLabel: string;
  yLabel: string;
  /** Draw the line y = x (chance for ROC; random selection for concentration). */
  diagonal?: boolean;
  /** Fixed domains (default: the nice extent of the data). */
  xDomain?: [number, number];
  yDomain?: [number, number];
  xFormat?: ValueFormat;
  yFormat?: ValueFormat;
  /** A short note drawn inside the plot, e.g. `'AUROC 0.78 (0.76 to 0.80)'`. */
  note?: string;
}

/** Calibration: mean predicted risk against observed rate per bin, with the y = x line. */
export interface CalibrationChartData extends ChartBase {
  kind: 'calibration';
  /** One point per bin; bins whose `n` is suppressed (`null`) are not drawn. */
  points: Array<{ expected: number; observed: number; n: number | null }>;
  xLabel: string;
  yLabel: string;
}

/** Estimates with intervals (dot and whisker), grouped by label with one row per series. */
export interface DotWhiskerChartData extends ChartBase {
  kind: 'dotWhisker';
  rows: Array<{ label: string; series: string; estimate: number; lower: number; upper: number }>;
  xLabel: string;
  /** Draw a vertical line at zero (for differences). */
  zeroLine?: boolean;
  format?: ValueFormat;
}

/** Special-cause variation of one point, as NHS Making Data Count colours it. */
export type SpcChartSignal = 'common' | 'concern' | 'improvement' | 'neither';

/** A statistical process control chart: values, centre line, control limits and signals. */
export interface SpcChartData extends ChartBase {
  kind: 'spc';
  /** `value` null: suppressed (drawn `*`), or with `gap` the reason there is no value (drawn `–`). Null centre or limits are not drawn. */
  points: Array<{ label: string; value: number | null; centre: number | null; upper: number | null; lower: number | null; signal: SpcChartSignal; gap?: string; provisional?: string }>;
  yLabel: string;
  /** Making Data Count icons drawn at the chart's top right (see `mdc-icons`). */
  icons?: { variation: VariationIcon | null; assurance: AssuranceIcon | null };
  format?: ValueFormat;
}

/** Any chart the report can draw. */
export type ChartData =
  | BarChartData
  | PyramidChartData
  | HistogramChartData
  | LineChartData
  | CalibrationChartData
  | DotWhiskerChartData
  | SpcChartData;
