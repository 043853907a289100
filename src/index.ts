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
export * from './data/index.js';
export * from './synth/index.js';
export * from './features/index.js';
export * from './segment/index.js';
export * from './model/index.js';
export { recalibrate, RecalibrateOptions } from './model/recalibrate.js';
export type { Recalibration, RecalibrationOutcome } from './model/recalibrate.js';
export { modelId } from './model/model-id.js';
export type { RiskModelProvenance } from './model/risk-model.js';
export * from './cohort/index.js';
export * from './evaluate/index.js';
export { evaluateFairness, FairnessOptions, FAIRNESS_GROUPS, NEED_LEVELS } from './evaluate/fairness.js';
export type { FairnessGroup, FairnessOutcomes, NeedStratum, EqualNeed, FairnessLevel, FairnessEvaluation } from './evaluate/fairness.js';
export { nhsEthnicGroup, NHS_ETHNIC_GROUPS } from './evaluate/nhs-ethnic-group.js';
export type { NhsEthnicGroup } from './evaluate/nhs-ethnic-group.js';
export type { ObservedExpected } from './evaluate/observed-expected.js';
export * from './refresh/index.js';
export * from './compare/index.js';
export { calibrationDrift, CalibrationDriftOptions } from './compare/calibration-drift.js';
export type { CalibrationDrift, CalibrationDriftPoint, MonthlyScores } from './compare/calibration-drift.js';
export * from './report/index.js';
