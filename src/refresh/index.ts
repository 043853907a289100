// Public entry of the refresh stage (the monthly job): named exports only.
export { runMonthlyRefresh } from './run-monthly-refresh.js';
export type { MonthlyRefresh, VariantRefresh, PracticeCaseload } from './run-monthly-refresh.js';
export { MonthlyRefreshOptions, RefreshVariant, PreviousRefreshJson } from './monthly-refresh-options.js';
export type { PreviousRefresh } from './monthly-refresh-options.js';
export type { CaseListRow, CaseListStatus } from './case-list.js';
export type { LeaverRow, LeaverReason } from './leavers.js';
export { evaluationGroups } from './evaluation-groups.js';
