/**
 * `risk-stratify/report`: the report stage's rendering. `renderReport` (one self-contained
 * HTML file), `renderChart`, `toCSV`, `toVegaLite`, the SPC matrix and Making Data Count
 * icons, the site dashboard, the practice case lists. It imports the core's own modules, so
 * an error thrown here is the core's `RiskStratifyError`. Kept out of the core
 * (`risk-stratify`) so that a dashboard embedding the pipeline does not ship the report's
 * drawing code.
 *
 * @packageDocumentation
 */
export * from './report/index.js';
