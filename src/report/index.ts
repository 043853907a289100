// Public entry of the report stage: named exports only.
export { renderReport } from './render-report.js';
export { buildReportCharts } from './build-report-charts.js';
export type { ReportChart, ReportSection } from './build-report-charts.js';
export { ReportOptions } from './report-options.js';
export type { SuppressFunction } from './report-options.js';
export {
  ReportInput, PyramidRow, PracticeRow, SegmentRow, RiskBin, VariantMetric, VariantRow, CaseloadRow,
  ChurnRow, ReportSpcPoint, ReportSpcSeries, InterventionEffect, TableColumn, ReportTable,
} from './report-input.js';
export type { ParsedReportInput } from './report-input.js';
export { applySuppression, ReportSuppressionRule } from './apply-suppression.js';
export { renderChart } from './render-chart.js';
export { spcIcons, renderVariationIcon, renderAssuranceIcon, VARIATION_ICON_TEXT, ASSURANCE_ICON_TEXT } from './mdc-icons.js';
export type { VariationIcon, AssuranceIcon } from './mdc-icons.js';
export { spcMatrixRow, renderSpcMatrix } from './spc-matrix.js';
export type { SpcMatrixRow } from './spc-matrix.js';
export { renderSiteDashboard, renderFunnelChart, renderPositionChart, SITE_DASHBOARD_CSS } from './site-dashboard.js';
export { toVegaLite } from './to-vega-lite.js';
export type { VegaLiteSpec } from './to-vega-lite.js';
export type {
  ChartData, ChartBase, ValueFormat, BarChartData, PyramidChartData, HistogramChartData, LineChartData,
  CalibrationChartData, DotWhiskerChartData, SpcChartData, SpcChartSignal,
} from './chart-data.js';
export { scaleLinear } from './scale-linear.js';
export type { LinearScale } from './scale-linear.js';
export { niceNumber } from './nice-number.js';
export { niceTicks } from './nice-ticks.js';
export { escapeHtml } from './escape-html.js';
export { toCSV, CsvOptions } from './to-csv.js';
export type { CsvColumn, CsvResult } from './to-csv.js';
