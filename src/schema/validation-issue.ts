/**
 * Reason codes a rejected row can carry. Each rule has its own code so a program can count
 * and filter them:
 *
 * | code | meaning |
 * |---|---|
 * | `empty_file` | the source has no header line at all (row 0: the whole source) |
 * | `missing_column` | a required column is absent, or a `columns` mapping names one that is absent (row 0) |
 * | `patients_unavailable` | the patients source was unusable, so no event row can be matched (row 0) |
 * | `ragged_row` | a CSV row has more or fewer fields than the header |
 * | `bad_quoting` | a CSV quote is never closed, or stray characters touch a quoted field, or a quote sits inside an unquoted field |
 * | `invalid_record` | a record in an array is not an object |
 * | `missing_value` | a required field is blank |
 * | `invalid_date` | not `yyyy-mm-dd` / `dd/mm/yyyy` / a real calendar date (or a bad `birthYear`) |
 * | `future_date` | a date after the reference (extract) date |
 * | `before_birth` | a date before the person's birth |
 * | `impossible_age` | born after the reference date, or older than `maxAge` |
 * | `end_before_start` | registration end before start, resolved before recorded, medication end before start |
 * | `discharge_before_admission` | discharge date before admission date |
 * | `negative_bed_days` | bed days below zero |
 * | `invalid_number` | bed days or cost that is not a finite decimal number (no hexadecimal, `Infinity`, `NaN`, `1_000`, full-width digits), or a negative cost |
 * | `implausible_bed_days` | bed days above `maxBedDays`, or more than the days from admission to discharge (or to the extract date) counting both |
 * | `implausible_cost` | a cost above `maxCost` |
 * | `invalid_encoding` | a CSV row holds bytes that are not valid in the file's encoding (UTF-8 unless `encoding` says otherwise); the message names the byte offset |
 * | `repeated_column` | two columns give the same field (the same header twice, or two headers for one field): the source is rejected (row 0), naming both |
 * | `unknown_sex` | a sex code not in `SEX_CODE_MAP` |
 * | `imd_out_of_range` | IMD decile not an integer 1..10 |
 * | `invalid_boolean` | a flag not in true/false/1/0/yes/no/Y/N |
 * | `invalid_admission_method` | an `emergency` value not understood |
 * | `unknown_setting` | a setting not in `SETTING_CODE_MAP` |
 * | `duplicate_id` | a patient id already accepted on an earlier row |
 * | `unknown_patient` | an event for an id that is not in the patients source |
 * | `patient_rejected` | an event for a patient whose every row was rejected |
 * | `unmapped_code` | no longer given: a condition code in no code list is counted in `summary.unknownConditionCodes`, not rejected |
 * | `unknown_condition_code` | no longer given (as `unmapped_code`) |
 */
export const VALIDATION_CODES = [
  'empty_file', 'missing_column', 'patients_unavailable', 'ragged_row', 'bad_quoting', 'invalid_record',
  'missing_value', 'invalid_date', 'future_date', 'before_birth', 'impossible_age', 'end_before_start',
  'discharge_before_admission', 'negative_bed_days', 'invalid_number', 'unknown_sex', 'imd_out_of_range',
  'invalid_boolean', 'invalid_admission_method', 'unknown_setting', 'duplicate_id', 'unknown_patient',
  'patient_rejected', 'unmapped_code', 'unknown_condition_code', 'implausible_bed_days', 'implausible_cost',
  'invalid_encoding', 'repeated_column',
] as const;

/** One of {@link VALIDATION_CODES}. */
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** The input sources `loadPopulation` reads. */
export type SourceName = 'patients' | 'activity' | 'conditions' | 'medications';

/**
 * One reason one input row was not accepted. A row may have several issues; an issue with
 * `row: 0` concerns the whole source (empty file, missing column) and means every row of
 * that source was rejected.
 */
export interface ValidationIssue {
  /** Which input the row came from. */
  readonly source: SourceName;
  /** The file the row came from, when loaded from a file (`risk-stratify/node`) or a Synthea table. */
  readonly file?: string;
  /** 1-based row number, header excluded (0: the whole source). */
  readonly row: number;
  /** The field (canonical name, e.g. `birthDate`) at fault, or `''` for a whole-row problem. */
  readonly field: string;
  /** The raw value as given. */
  readonly value: unknown;
  /** The reason. */
  readonly code: ValidationCode;
  /** The reason in plain words. */
  readonly message: string;
}
