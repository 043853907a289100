/**
 * The report.
 *
 * Start with {@link renderReport}: `renderReport(input)`: one self-contained HTML file with the charts and tables;
 * `toCSV` and `toVegaLite` give the same figures as files. What is published from the compare
 * stage, suppressed (`publishSpc`, `publishMonthlySeries`), and each site's dashboard
 * (`buildSiteDashboard`, drawn by `renderSiteDashboard`) are here too.
 *
 * @module report
 */
export { renderReport } from './render-report.js';
// What is published from the compare stage: series and SPC with small-number suppression, and
// each site's dashboard data (what renderSiteDashboard draws).
export { publishSpc } from '../compare/publish-spc.js';
export type { PublishedSpcRow } from '../compare/publish-spc.js';
export { publishMonthlySeries } from '../compare/publish-monthly-series.js';
export { buildSiteDashboard, SiteDashboardOptions } from '../compare/build-site-dashboard.js';
export type { SiteDashboards, SiteDashboard, SiteMetric, SitePosition, SiteCounterfactual } from '../compare/build-site-dashboard.js';
export { buildReportCharts } from './build-report-charts.js';
export type { ReportChart, ReportSection } from './build-report-charts.js';
export { ReportOptions } from './report-options.js';
export type { SuppressFunction } from './report-options.js';
export { ReportInput } from './report-input.js';
// The report input's parts are types only: users validate the whole input with ReportInput.
export type {
  PyramidRow, PracticeRow, SegmentRow, RiskBin, VariantMetric, VariantRow, CaseloadRow,
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
// The drawing helpers (scaleLinear, niceNumber, niceTicks, escapeHtml) are internal.
export { toCSV, CsvOptions } from './to-csv.js';
export type { CsvColumn, CsvResult } from './to-csv.js';
export { renderPracticeCaseList, caseListCSV, leaversCSV, CASE_LIST_STATEMENT } from './practice-case-list.js';
export type { CaseListFileOptions } from './practice-case-list.js';
