/**
 * Every reason code the library can emit, with its meaning: the source of `docs/reason-codes.md`
 * (written by `node scripts/reason-codes.mjs --write`; a test fails when the two differ).
 *
 * The codes themselves come from the code's own lists: {@link VALIDATION_CODES} for rejected
 * rows, and the `ResultWarningCode` and `ErrorCode` unions (whose every member must have a
 * meaning here, or this file does not compile); `FeatureWarning` codes are free strings, so
 * a test scans `src/` for every code written where a warning or error is made. A meaning may be written ahead of its code
 * (a code another change is adding): it appears in the table once the code is in its list.
 *
 * @module
 */
import type { ErrorCode } from '../core/errors.js';
import type { ResultWarningCode } from '../core/result-warning.js';
import { VALIDATION_CODES, type ValidationCode } from './validation-issue.js';

/** Meanings of the rejected-row codes ({@link VALIDATION_CODES}), by code. */
const VALIDATION_MEANINGS: Readonly<Record<ValidationCode, string>> & Readonly<Record<string, string>> = {
  empty_file: 'the source has no header line at all (row 0: the whole source)',
  missing_column: 'a required column is absent, or a `columns` mapping names one that is absent (row 0)',
  patients_unavailable: 'the patients source was unusable, so no event row can be matched (row 0)',
  ragged_row: 'a CSV row has more or fewer fields than the header',
  bad_quoting: 'a CSV quote is never closed, or stray characters touch a quoted field, or a quote sits inside an unquoted field; a broken quote that runs over lines rejects its record only, and reading resumes at the next line that reads as a record (the message says how many lines were skipped)',
  invalid_record: 'a record in an array is not an object',
  missing_value: 'a required field is blank',
  invalid_date: 'not `yyyy-mm-dd` / `dd/mm/yyyy` / a real calendar date (or a bad `birthYear`)',
  future_date: 'a date after the reference (extract) date',
  before_birth: "a date before the person's birth",
  impossible_age: 'born after the reference date, or older than `maxAge`',
  end_before_start: 'registration end before start, resolved before recorded, medication end before start',
  discharge_before_admission: 'discharge date before admission date',
  negative_bed_days: 'bed days below zero',
  invalid_number: 'bed days, cost, IMD decile or birth year that is not a finite decimal (no hexadecimal, `Infinity`, `NaN`, `1_000`, full-width digits), or a negative cost',
  unknown_sex: 'a sex code not in `SEX_CODE_MAP`',
  imd_out_of_range: 'IMD decile not an integer 1..10',
  invalid_boolean: 'a flag not in true/false/1/0/yes/no/Y/N',
  invalid_admission_method: 'an `emergency` value not understood',
  unknown_setting: 'a setting not in `SETTING_CODE_MAP`',
  duplicate_id: 'a patient id already accepted on an earlier row (an opted-out id is shown as `(opted-out id withheld)`)',
  unknown_patient: 'an event for an id that is not in the patients source',
  patient_rejected: 'an event for a patient whose every row was rejected (an opted-out id is withheld)',
  unmapped_code: 'no longer given: a condition code in no code list is counted in `summary.unknownConditionCodes` (with its people), not rejected',
  unknown_condition_code: 'no longer given (as `unmapped_code`)',
  invalid_encoding: 'a CSV row holding bytes that are not valid UTF-8 (or the `encoding` asked for), naming the byte and its offset; never replaced silently (in the header: row 0)',
  repeated_column: 'two columns give one field (the same header twice, or two headers for a field no `columns` mapping chose): the source is rejected (row 0), naming both',
  implausible_bed_days: 'bed days above `maxBedDays` (default 3,650), or more than the days from admission to discharge (or to the extract date) counting both ends',
  implausible_cost: 'a cost above `maxCost` (default 1,000,000)',
};

/** Meanings of the warning codes (`ResultWarning.code`), by code. */
const WARNING_MEANINGS: Readonly<Record<ResultWarningCode, string>> = {
  no_events: 'the outcome has no 1s where the figure is taken (AUROC, sensitivity, lift, calibration, ...): the figure is null',
  no_non_events: 'the outcome has no 0s where the figure is taken: the figure is null',
  zero_denominator: 'a ratio whose denominator is 0 (PPV of nobody, a change from 0, a rate per nobody registered): null',
  k_reaches_eligible: 'the cohort size reached everyone eligible in most groups: it is everyone there, not a top slice',
  group_too_small: 'groups with fewer than 1/p eligible people for a top p% (k is 1 only by rounding up)',
  few_events_per_parameter: 'a model fitted with fewer than 10 events (of the rarer class) per parameter: coefficients unreliable',
  insufficient_data: 'too few points or people for the figure (a DeLong interval, XmR limits, a calibration slope): null',
  not_converged: 'an iterative estimate did not settle',
  not_probabilities: 'scores outside [0, 1], so probability measures (Brier, calibration) are null',
  clamped_predictions: 'predicted risks clamped away from 0 and 1',
  empty_cohort: 'nobody was selected',
  unknown_ids: 'ids (of an exclusion list, or a selection) that are not in the population were ignored',
  exclusion_list_unmatched: "an exclusion list matched nobody in the population (with `unmatchedExclusions: 'warn'`; otherwise an error)",
  few_clusters: 'fewer than about 10 practice clusters: cluster-bootstrap intervals are unreliable',
  bias_correction_skipped: 'too few matched controls for the regression bias correction: the difference-in-differences is not bias-corrected',
  imbalance: 'after matching, a covariate has |standardised mean difference| above 0.1',
  assurance_not_judged: 'SPC assurance needs limits and an improvement direction; none given',
  note: 'a note with no more specific code (e.g. read from a model saved by an older version)',
  under_selected_at_equal_need: 'a group selected significantly less than everyone else with the same observed next-year admissions, and under-predicted (`evaluateFairness`)',
  case_managed_in_training: 'a model refitted or recalibrated on people who may have been case-managed: the intervention is baked into it (`recalibrate`)',
  outcomes_not_observed: 'an evaluation needs outcomes after the extract date (a monthly refresh on the day: next year has not happened yet): absent, not a number',
  window_before_data: "a lookback or before-window starts before the extract's activity is complete",
  window_past_extract: 'a window runs past the extract date',
  unrecognised_columns: 'columns of a source that no field or alias recognised (ignored)',
  duplicate_columns: 'two columns of a source read as the same field: the first is used',
  unknown_condition_codes: 'condition rows whose codes are in no code list and are not clusters the features know (kept out of every register, not rejected), with rows and people per code, most frequent first',
  condition_codes_mangled: 'condition codes a spreadsheet or float conversion rewrote in scientific notation (1.95967E+08): digits lost, in no list; export the code column as text',
  no_registration_end: 'the patients source has no registration end column: everyone is taken as still registered',
  no_death_date: 'the patients source has no death date column: everyone is taken as alive',
  opt_outs_removed_upstream: 'no opt-out column, with the caller\'s word that opt-outs were removed upstream',
};

/**
 * Meanings of the features, outcomes and segment stages' own warning codes (`FeatureWarning.code`,
 * in `buildFeatures(...).warnings`, `buildOutcomes(...).warnings`), by code.
 */
const FEATURE_WARNING_MEANINGS: Readonly<Record<string, string>> = {
  diagnosis_missing: 'emergency admissions with no primary diagnosis: counted as emergency, never as avoidable',
  diagnosis_invalid: 'emergency admissions whose primary diagnosis is not valid ICD-10: counted as emergency, never as avoidable',
  bed_days_unknown: 'emergency admissions with neither bed days nor a discharge date: counted as 0 bed days',
  clusters_not_flagged: 'condition clusters in the population that are not flagged features (still used for the frailty index)',
  polypharmacy_absent: 'no medications: the polypharmacy feature is absent and the eFI polypharmacy deficit never present',
  efi_deficits_without_list: 'the eFI is computed from deficit code lists (`efi_<deficit>` clusters) but some deficits had no list, so they are never present',
  score_clusters_absent: 'a weighted condition score (`conditionScores`, e.g. the Cambridge Multimorbidity Score) reads clusters that no register row has (no code list loaded): conditions needing them are never present',
  rows_not_eligible: 'rows given to buildOutcomes that were not registered and alive on asOf',
};

/** Meanings of the error codes (`RiskStratifyError.code`), by code. */
const ERROR_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  invalid_argument: 'an argument of the wrong kind (not an array, not a population, ...)',
  invalid_options: 'an option out of range or unknown, naming the option',
  invalid_input: 'input the function cannot use (a bad or repeated row, an unknown id, ...)',
  file_unreadable: 'a file that cannot be read (named, with the reason)',
  csv_malformed: 'a CSV that cannot be read as CSV at all',
  length_mismatch: 'arrays that must be the same length are not',
  missing_column: 'a required column (or model feature) is absent',
  non_finite: 'a NaN or infinite number where a finite one is needed (naming the row)',
  separation: 'the outcome is perfectly predicted by a feature: no finite maximum-likelihood fit',
  collinear: 'features that are linear combinations of each other',
  constant_column: 'a feature with one value for everyone',
  no_events: 'an outcome with no events (or no non-events) to fit or evaluate',
  not_converged: 'a fit that did not converge within its iterations',
  invalid_model: 'a saved model that is not JSON, not a model, of an unsupported version, over 10,000 features, or damaged (every problem listed)',
  unsupported: 'a request the library does not support',
  window_past_extract: 'an as-of date, horizon or period after the extract date',
  window_before_data: "a window before the extract's activity is complete (when asked to refuse it)",
  missing_opt_out: 'a patients source without an opt-out column, and no word that opt-outs were removed upstream',
  exclusion_list_unmatched: "an exclusion list that matches nobody in the population (empty, or ids in the wrong case), naming the list; `unmatchedExclusions: 'warn'` makes it a warning",
};

/** What a reason code marks. */
export type ReasonCodeKind = 'rejection' | 'warning' | 'featureWarning' | 'error';

/** One reason code with its meaning. */
export interface ReasonCode {
  readonly code: string;
  readonly kind: ReasonCodeKind;
  readonly meaning: string;
}

/** Every code of one kind, from its meanings record, in the record's order. */
function codesOf(kind: ReasonCodeKind, meanings: Readonly<Record<string, string>>, codes: readonly string[] = Object.keys(meanings)): ReasonCode[] {
  return codes.map((code) => ({ code, kind, meaning: meanings[code]! }));
}

/**
 * Every reason code the library can emit: rejected-row codes in {@link VALIDATION_CODES}
 * order, then warning codes, then error codes. O(codes).
 */
export function reasonCodes(): ReasonCode[] {
  return [...codesOf('rejection', VALIDATION_MEANINGS, VALIDATION_CODES), ...codesOf('warning', WARNING_MEANINGS), ...codesOf('featureWarning', FEATURE_WARNING_MEANINGS), ...codesOf('error', ERROR_MEANINGS)];
}

const HEADINGS: Readonly<Record<ReasonCodeKind, string>> = {
  rejection: '### Rejected rows (`ValidationIssue.code`, in `loadPopulation(...).rejected` and `rejected.csv`)',
  warning: '### Warnings (`ResultWarning.code`, in every result\'s `warnings`)',
  featureWarning: '### Feature and outcome warnings (`FeatureWarning.code`, in `buildFeatures` / `buildOutcomes` results)',
  error: '### Errors (`RiskStratifyError.code`)',
};

/** The reason-code tables as Markdown (the generated part of `docs/reason-codes.md`). */
export function reasonCodeTableMarkdown(): string {
  const all = reasonCodes();
  const out: string[] = [];
  for (const kind of ['rejection', 'warning', 'featureWarning', 'error'] as const) {
    out.push(HEADINGS[kind], '', '| code | meaning |', '|---|---|');
    for (const c of all.filter((x) => x.kind === kind)) out.push(`| \`${c.code}\` | ${c.meaning.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
