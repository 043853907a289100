/**
 * Choosing the cohort.
 *
 * Start with {@link selectCohort}: `selectCohort(scores, population, { asOf, topPercent })`: the top 2% or 5% per
 * practice, with exclusions, capacity and ties handled; `cohortChurn` compares two months'
 * cohorts.
 *
 * @module cohort
 */
export { selectCohort } from './select-cohort.js';
export { cohortSize } from './cohort-size.js';
export { CohortOptions } from './cohort-options.js';
export type { ParsedCohortOptions } from './cohort-options.js';
export { BUILT_IN_EXCLUSIONS } from './cohort.js';
export type { Cohort, CohortSelection, CohortGroup, CohortCapacity, CohortExclusion, CohortExclusionList, BuiltInExclusion } from './cohort.js';
export { cohortRows } from './cohort-rows.js';
export type { CohortRow } from './cohort-rows.js';
export { cohortChurn, ChurnOptions } from './cohort-churn.js';
export type { CohortChurn, ChurnLeaver, ChurnReason, PreviousCohort } from './cohort-churn.js';
export { safeSelectCohort } from './safe-select-cohort.js';
