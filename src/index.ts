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
export * from './cohort/index.js';
export * from './evaluate/index.js';
export * from './refresh/index.js';
export * from './compare/index.js';
export * from './report/index.js';
/** The warehouse tables the generated SQL job reads, from a population (to try the job, or to check it against the library). */
export { populationToTables } from './sql/population-tables.js';
export type { WarehouseColumn, WarehouseTables } from './sql/population-tables.js';
/** The whole monthly job (features, scores, cohorts, churn) as SQL for a warehouse: one script, one file per step, dbt models. */
export { jobToSQL, JobSqlOptions } from './sql/job-sql.js';
export type { JobSQL, JobStep, JobFile } from './sql/job-sql.js';
