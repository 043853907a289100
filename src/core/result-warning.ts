/**
 * A warning a result carries instead of printing it, and instead of a number the data cannot
 * support. Each has a code a program can switch on; the figure it concerns is `null` in the
 * result, and the warning says why.
 *
 * @module
 */

/** Codes of {@link ResultWarning}. */
export type ResultWarningCode =
  // the data cannot support the figure
  | 'no_events'
  | 'no_non_events'
  | 'zero_denominator'
  | 'k_reaches_eligible'
  | 'group_too_small'
  | 'few_events_per_parameter'
  // the extract's window
  | 'window_before_data'
  | 'window_past_extract'
  // the compare stage's notes (were free text)
  | 'exclusion_ids_not_found'
  | 'empty_cohort'
  | 'bias_correction_skipped'
  | 'few_clusters'
  | 'imbalanced_after_matching'
  | 'short_segment'
  | 'no_assurance'
  // the extract's columns and codes
  | 'unrecognised_columns'
  | 'duplicate_columns'
  | 'unknown_condition_codes'
  | 'no_registration_end'
  | 'no_death_date'
  | 'opt_outs_removed_upstream';

/** Something the caller must know about a result: what, where, and how much. */
export interface ResultWarning {
  readonly code: ResultWarningCode;
  /** Plain words: what happened and what it means for the result. */
  readonly message: string;
  /** Which figure or field it concerns, e.g. `['atTop', 0, 'ppv']` or `['groups', 'practice', 'P1']`. */
  readonly path?: ReadonlyArray<string | number>;
  /** How many rows, people, groups or codes it concerns, when that is a count. */
  readonly count?: number;
  /** A few examples (codes, ids, group names). */
  readonly examples?: readonly string[];
}

/** Builds a frozen {@link ResultWarning}. */
export function resultWarning(code: ResultWarningCode, message: string, extra: Omit<ResultWarning, 'code' | 'message'> = {}): ResultWarning {
  return Object.freeze({ code, message, ...extra });
}
