// Public entry of the schema stage: named exports only.
export { PatientRecord, parseImdDecile, parseBirthYear } from './patient-record.js';
export type { ParsedPatientRecord } from './patient-record.js';
export { ActivityRecord } from './activity-record.js';
export type { ParsedActivityRecord } from './activity-record.js';
export { ConditionRecord } from './condition-record.js';
export type { ParsedConditionRecord } from './condition-record.js';
export { MedicationRecord } from './medication-record.js';
export type { ParsedMedicationRecord } from './medication-record.js';
export { VALIDATION_CODES } from './validation-issue.js';
export type { ValidationCode, ValidationIssue, SourceName } from './validation-issue.js';
export { isBlank } from './is-blank.js';
export { parseDayValue } from './parse-day-value.js';
export { invalidDateMessage } from './invalid-date-message.js';
export { parseSexCode, SEX_CODE_MAP } from './parse-sex-code.js';
export { parseBooleanFlag } from './parse-boolean-flag.js';
export { parseSettingCode, SETTING_CODE_MAP } from './parse-setting-code.js';
export { parseAdmissionMethod } from './parse-admission-method.js';
export { normaliseIcd10, isIcd10Code } from './normalise-icd10.js';
