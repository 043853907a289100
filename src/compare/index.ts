/**
 * Comparing and monitoring.
 *
 * Start with {@link compareVariants}: `compareVariants` (top 2% against top 5%, and other variants, on the same people)
 * or `monitor` (a monthly series on an SPC chart); `evaluateIntervention` does matched
 * evaluation and `suppressSmallNumbers` the disclosure control. What is published from them
 * (`publishSpc`, `publishMonthlySeries`, `buildSiteDashboard`) is in `risk-stratify/report`.
 *
 * @module compare
 */
export { suppressSmallNumbers, SuppressionRule } from './suppress-small-numbers.js';
export type { SuppressionNote, SuppressedTable, TableRow, DerivedCompute } from './suppress-small-numbers.js';
export { monitor, MonitorOptions, XMR_LIMIT_FACTOR, XMR_SCREEN_FACTOR, D2_MOVING_RANGE } from './monitor.js';
export type { SeriesPoint, SpcRule, PointSignal, SpcPoint, SpcSignal, SpcSegment, SpcResult } from './monitor.js';
export { buildMonthlySeries, MonthlySeriesOptions, MONTHLY_MEASURES } from './build-monthly-series.js';
export type { MonthlyMeasure, MonthlyRow, MonthlySeries } from './build-monthly-series.js';
export { funnelPlot, FunnelOptions } from './funnel-plot.js';
export type { FunnelUnit, FunnelLimit, FunnelPoint, FunnelResult } from './funnel-plot.js';
export { evaluateIntervention, InterventionOptions, INTERVENTION_OUTCOMES, MATCH_COVARIATES, EXACT_FIELDS } from './evaluate-intervention.js';
export type { InterventionOutcome, MatchCovariate, PredictedRisk, MatchedSet, BalanceRow, Interval, OutcomeEffect, InterventionResult } from './evaluate-intervention.js';
export { standardisedMeanDifference } from './standardised-mean-difference.js';
export { compareArms, CompareArmsOptions } from './compare-arms.js';
export type { ArmDifference, ArmComparison } from './compare-arms.js';
export { compareVariants, Variant, VariantAssumptions } from './compare-variants.js';
export type { VariantOutcomes, VariantInterval, VariantResult, VariantDifference, VariantComparison } from './compare-variants.js';
export { backtestOutcomes, BacktestOutcomesOptions } from './backtest-outcomes.js';
export type { BacktestOutcomes } from './backtest-outcomes.js';
export { publishedNumber, PublishedKind } from './published-number.js';
export { suppressCount } from './suppress-count.js';
export { calibrationDrift, CalibrationDriftOptions } from './calibration-drift.js';
export type { CalibrationDrift, CalibrationDriftPoint, MonthlyScores } from './calibration-drift.js';
