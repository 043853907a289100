/**
 * risk-stratify: population risk stratification for NHS case management.
 *
 * This entry is the browser-safe core: it never imports a Node built-in. File paths,
 * streams and worker threads live in `risk-stratify/node`; the report's rendering in
 * `risk-stratify/report`; the SQL generators (`jobToSQL`, `featuresToSQL`, ...) in
 * `risk-stratify/sql`.
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
/** The SQL dialect layer and the definitions `model.toSQL` and `buildFeatures` use; the SQL generators are in `risk-stratify/sql`. */
export { sqlDialect, SQL_DIALECTS, sqlNumber, type Dialect, type SqlDialect, type SqlQuery } from './sql/dialect.js';
export { FEATURE_DEFINITIONS, OUTCOME_DEFINITIONS, ELIGIBILITY_REASONS, featureNames, lookbackWindow, outcomeWindow, type FeatureDefinition, type OutcomeDefinition, type ActivityFilter, type Aggregate, type Transform, type FeatureSource, type WindowName, type DayWindow } from './sql/definitions.js';
export * from './cohort/index.js';
export * from './evaluate/index.js';
export * from './refresh/index.js';
export * from './compare/index.js';
