/**
 * risk-stratify: population risk stratification for NHS case management.
 *
 * This entry is the browser-safe core: it never imports a Node built-in. File paths,
 * streams and worker threads live in `risk-stratify/node`.
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './schema/index.js';
export * from './codelists/index.js';
export * from './data/index.js';
export * from './synth/index.js';
export * from './features/index.js';
export * from './segment/index.js';
export * from './model/index.js';
/** Features, outcomes and eligibility as SQL (issue 17): the dialect layer, the definitions, the generators. */
export { sqlDialect, SQL_DIALECTS, sqlNumber, type Dialect, type SqlDialect, type SqlQuery } from './sql/dialect.js';
export { FEATURE_DEFINITIONS, OUTCOME_DEFINITIONS, ELIGIBILITY_REASONS, featureNames, lookbackWindow, outcomeWindow, type FeatureDefinition, type OutcomeDefinition, type ActivityFilter, type Aggregate, type Transform, type FeatureSource, type WindowName, type DayWindow } from './sql/definitions.js';
export { featuresToSQL, FeaturesSqlOptions, type GeneratedSql } from './sql/features-sql.js';
export { outcomesToSQL, OutcomesSqlOptions } from './sql/outcomes-sql.js';
export { eligibilityToSQL, EligibilitySqlOptions } from './sql/eligibility-sql.js';
export { DEFAULT_COLUMNS as SQL_DEFAULT_COLUMNS } from './sql/source-tables.js';
export * from './cohort/index.js';
export * from './evaluate/index.js';
export * from './refresh/index.js';
export * from './compare/index.js';
export * from './report/index.js';
/** The segments of a features relation as SQL, written from a segmentation model's rules (`segmentsSQL`). */
export { segmentsSQL, SegmentsSqlOptions } from './sql/segments-sql.js';
/** The cohort of a variant as SQL, as `selectCohort` draws it (`cohortSQL`). */
export { cohortSQL, CohortSqlOptions, COHORT_SQL_COLUMNS } from './sql/cohort-sql.js';
/** Churn against last month's cohort as SQL, as `cohortChurn` gives it (`churnSQL`). */
export { churnSQL, ChurnSqlOptions } from './sql/churn-sql.js';
/** The warehouse tables the generated SQL job reads, from a population (to try the job, or to check it against the library). */
export { populationToTables } from './sql/population-tables.js';
export type { WarehouseColumn, WarehouseTables } from './sql/population-tables.js';
/** The whole monthly job (features, scores, cohorts, churn) as SQL for a warehouse: one script, one file per step, dbt models. */
export { jobToSQL, JobSqlOptions } from './sql/job-sql.js';
export type { JobSQL, JobStep, JobFile } from './sql/job-sql.js';
