/**
 * SQL and warehouses.
 *
 * Start with {@link jobToSQL}: the whole monthly job (features, scores, cohorts, churn) as one
 * script, one file per step, or dbt models; `featuresToSQL`, `outcomesToSQL`,
 * `eligibilityToSQL`, `segmentsSQL`, `cohortSQL` and `churnSQL` give its steps one by one.
 * Imported from `risk-stratify/sql`.
 *
 * @module sql
 */
export { jobToSQL, JobSqlOptions } from './job-sql.js';
export type { JobSQL, JobStep, JobFile } from './job-sql.js';
export { featuresToSQL, FeaturesSqlOptions, type GeneratedSql } from './features-sql.js';
export { outcomesToSQL, OutcomesSqlOptions } from './outcomes-sql.js';
export { eligibilityToSQL, EligibilitySqlOptions } from './eligibility-sql.js';
export { DEFAULT_COLUMNS as SQL_DEFAULT_COLUMNS } from './source-tables.js';
/** The segments of a features relation as SQL, written from a segmentation model's rules (`segmentsSQL`). */
export { segmentsSQL, SegmentsSqlOptions } from './segments-sql.js';
/** The cohort of a variant as SQL, as `selectCohort` draws it (`cohortSQL`). */
export { cohortSQL, CohortSqlOptions, COHORT_SQL_COLUMNS } from './cohort-sql.js';
/** Churn against last month's cohort as SQL, as `cohortChurn` gives it (`churnSQL`). */
export { churnSQL, ChurnSqlOptions } from './churn-sql.js';
/** The warehouse tables the generated SQL job reads, from a population (to try the job, or to check it against the library). */
export { populationToTables } from './population-tables.js';
export type { WarehouseColumn, WarehouseTables } from './population-tables.js';
/** The dialect layer and the definitions the SQL is written from (also in the core, which `model.toSQL` and `buildFeatures` use). */
export { sqlDialect, SQL_DIALECTS, sqlNumber, type Dialect, type SqlDialect, type SqlQuery } from './dialect.js';
export { FEATURE_DEFINITIONS, OUTCOME_DEFINITIONS, ELIGIBILITY_REASONS, featureNames, lookbackWindow, outcomeWindow, type FeatureDefinition, type OutcomeDefinition, type ActivityFilter, type Aggregate, type Transform, type FeatureSource, type WindowName, type DayWindow } from './definitions.js';
