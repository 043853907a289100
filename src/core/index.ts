/**
 * Errors, dates and the population.
 *
 * Start with {@link isRiskStratifyError}: `isRiskStratifyError` (every refusal is a `RiskStratifyError` naming the function,
 * field and value) and `parseDate`; `createPopulation` builds a `Population` from columns you
 * already have.
 *
 * @module core
 */
export { RiskStratifyError, isRiskStratifyError, toSafe, toSafeAsync } from './errors.js';
export type { ErrorCode, RiskStratifyErrorInit, SafeResult } from './errors.js';
export { NO_DATE, parseDate, formatDay, addMonths, ageInYears } from './dates.js';
export { createRng } from './rng.js';
export type { Rng } from './rng.js';
export { createPopulation, isEligible, SEX_LEVELS, SEX, SETTING_LEVELS, SETTING } from './population.js';
export type {
  Population, PopulationColumns, PopulationColumnName, PopulationParts, ActivityEvents, ConditionEvents, DataWindow, OptOutSource, PopulationProvenance,
  MedicationEvents, ActivityParts, ConditionParts, MedicationParts, SexLevel, SettingLevel,
} from './population.js';
export type { FeatureMatrix, FeatureColumn } from './feature-matrix.js';
export { BeforeData } from './before-data.js';
export type { BeforeDataPolicy } from './before-data.js';
export { warningFor } from './warning-for.js';
export type { ResultWarning, ResultWarningCode } from './result-warning.js';
