/**
 * The monthly refresh: the whole monthly job in one call.
 *
 * Start with {@link runMonthlyRefresh}: features as of the day, the model (given, or fitted on
 * the latest complete year), scores, each variant's cohort with its case list and the top
 * reasons in words, churn against last month with a reason for each leaver, caseloads per
 * practice, the evaluation, fairness and calibration drift where the data allow, and every
 * warning. Pass `result.next` as next month's `previous` (or read last month's folder with
 * `readPreviousRefresh` in `risk-stratify/node`).
 *
 * @module refresh
 */
export { runMonthlyRefresh } from './run-monthly-refresh.js';
export type { MonthlyRefresh, VariantRefresh, PracticeCaseload } from './run-monthly-refresh.js';
export { MonthlyRefreshOptions, RefreshVariant, PreviousRefreshJson } from './monthly-refresh-options.js';
export type { PreviousRefresh } from './monthly-refresh-options.js';
export type { CaseListRow, CaseListStatus } from './case-list.js';
export type { LeaverRow, LeaverReason } from './leavers.js';
export { evaluationGroups } from './evaluation-groups.js';
