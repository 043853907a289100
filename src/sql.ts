/**
 * `risk-stratify/sql`: features, outcomes, eligibility, segments, cohorts, churn and the
 * whole monthly job as SQL for a warehouse, with the dialect layer and the definitions the
 * SQL is written from. `model.toSQL` stays a method of the model in the core. It imports the
 * core's own modules, so an error thrown here is the core's `RiskStratifyError`. Kept out of
 * the core (`risk-stratify`) so that a dashboard embedding the pipeline does not ship the SQL
 * generators.
 *
 * @packageDocumentation
 */
export * from './sql/index.js';
