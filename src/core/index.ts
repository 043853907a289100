export { RiskStratifyError, isRiskStratifyError, toSafe, toSafeAsync } from './errors.js';
export type { ErrorCode, RiskStratifyErrorInit, SafeResult } from './errors.js';
export { NO_DATE, parseDate, formatDay, addMonths, ageInYears, dayFromCivil, civilFromDay, toDay } from './dates.js';
export { createRng, hashSeed } from './rng.js';
export type { Rng } from './rng.js';
export { createPopulation, isEligible, SEX_LEVELS, SEX, SETTING_LEVELS, SETTING } from './population.js';
export type {
  Population, PopulationColumns, PopulationColumnName, PopulationParts, ActivityEvents, ConditionEvents, DataWindow, OptOutSource, PopulationProvenance,
  MedicationEvents, ActivityParts, ConditionParts, MedicationParts, SexLevel, SettingLevel,
} from './population.js';
export type { FeatureMatrix, FeatureColumn } from './feature-matrix.js';
export { resultWarning } from './result-warning.js';
export { BeforeData } from './check-window.js';
export type { BeforeDataPolicy } from './check-window.js';
export { warningFor } from './warning-for.js';
export type { ResultWarning, ResultWarningCode } from './result-warning.js';
