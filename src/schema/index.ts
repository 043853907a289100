/**
 * Record schemas.
 *
 * Start with {@link PatientRecord}: `PatientRecord` (and `ActivityRecord`, `ConditionRecord`, `MedicationRecord`): the
 * zod schemas the loader validates each row with, for validating your own rows the same way.
 *
 * @module schema
 */
export { PatientRecord } from './patient-record.js';
export type { ParsedPatientRecord } from './patient-record.js';
export { ActivityRecord } from './activity-record.js';
export type { ParsedActivityRecord } from './activity-record.js';
export { ConditionRecord } from './condition-record.js';
export type { ParsedConditionRecord } from './condition-record.js';
export { MedicationRecord } from './medication-record.js';
export type { ParsedMedicationRecord } from './medication-record.js';
export { VALIDATION_CODES } from './validation-issue.js';
export type { ValidationCode, ValidationIssue, SourceName } from './validation-issue.js';
// The field parsers (isBlank, parseSexCode, parseSettingCode, normaliseIcd10, ...) are internal:
// the loader uses them; users give values and read the validation issues.
