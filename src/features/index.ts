/**
 * Features and outcomes.
 *
 * Start with {@link buildFeatures}: `buildFeatures(population, { asOf })`: one row per person with the model's
 * features as of a date; `buildOutcomes` counts what happened after it (emergency admissions in
 * the following year).
 *
 * @module features
 */
export { toFeatureMatrix } from './to-feature-matrix.js';
export type { ToFeatureMatrixOptions } from './to-feature-matrix.js';
export { buildFeatures, BuildFeaturesOptions, AGE_BANDS, IMD_IMPUTED, NOT_LONG_TERM } from './build-features.js';
export type { FeatureSet, FeatureContext, CustomFeature } from './build-features.js';
export { buildOutcomes, BuildOutcomesOptions } from './build-outcomes.js';
export type { Outcomes } from './build-outcomes.js';
export { ACSC_CODES, isAcsc } from './acsc-codes.js';
export type { AcscCodeList, AcscGroup, AcscCodes } from './acsc-codes.js';
export { EFI_DEFICITS, EFI_PREFIX } from './efi-deficits.js';
export { summariseFeatures } from './summarise-features.js';
export type { FeatureSummaryRow } from './summarise-features.js';
export type { EfiDeficit } from './efi-deficits.js';
export type { FeatureWarning } from './feature-warning.js';
export { ConditionScore, ScoreEvidence, ScoreRule } from './condition-scores.js';
export { cambridgeMultimorbidityScore, CMS_CONDITIONS, CMS_GENERAL_20_WEIGHTS, CMS_GENERAL_20_SOURCE } from './cambridge-multimorbidity.js';
export type { CmsCondition, CmsOptions } from './cambridge-multimorbidity.js';
