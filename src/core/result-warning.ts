/**
 * A warning a result carries instead of printing it, and instead of a number the data cannot
 * support. Each has a code a program can switch on; the figure it concerns is `null` in the
 * result, and the warning says why.
 *
 * @module
 */

/**
 * Codes of {@link ResultWarning}. Those that stand instead of a figure (the figure is `null`):
 * - `no_events` / `no_non_events`: the outcome has no 1s (or no 0s) where the figure is taken
 *   (AUROC, sensitivity, lift, calibration, ...).
 * - `zero_denominator`: the figure is a ratio whose denominator is 0 (PPV of nobody, a
 *   relative change from 0, a rate per nobody registered).
 * - `insufficient_data`: too few points or people for the figure (a DeLong interval needs 2
 *   events and 2 non-events; XmR limits need 2 points; a calibration slope 2 distinct risks).
 * - `not_converged`: an iterative estimate did not settle.
 * - `not_probabilities`: scores outside [0, 1], so probability measures (Brier, calibration) are null.
 *
 * Those about a result that still stands, but should be read with care:
 * - `k_reaches_eligible`: the cohort size reached everyone eligible in most groups (it is
 *   everyone, not a top slice); `group_too_small`: groups with fewer than 1/p eligible people for
 *   a top p (k = ceil(p·n) is then 1 by rounding, not p of the group); `empty_cohort`: nobody selected.
 * - `few_events_per_parameter`: a model fitted with fewer than 10 events (of the rarer class) per
 *   parameter (Peduzzi et al. 1996); its coefficients and risks are unreliable.
 * - `exclusion_list_unmatched`: an exclusion list matched nobody in the population (with
 *   `unmatchedExclusions: 'warn'`; by default it is an error).
 * - `clamped_predictions`, `unknown_ids`, `few_clusters`, `bias_correction_skipped`,
 *   `imbalance`, `assurance_not_judged`: as their messages say.
 * - `under_selected_at_equal_need`: a group selected significantly less than everyone else
 *   with the same observed need (`evaluateFairness`); `case_managed_in_training`: a model
 *   refitted or recalibrated on people who were case-managed (`recalibrate`).
 * - `outcomes_not_observed`: an evaluation needs outcomes after the extract date (e.g. a monthly
 *   refresh on the day: next year has not happened yet), so it is absent rather than a number.
 * - `note`: a note with no more specific code (e.g. read from a model saved by an older version).
 */
export type ResultWarningCode =
  // the data cannot support the figure
  | 'no_events'
  | 'no_non_events'
  | 'zero_denominator'
  | 'k_reaches_eligible'
  | 'group_too_small'
  | 'few_events_per_parameter'
  | 'insufficient_data'
  | 'not_converged'
  | 'not_probabilities'
  | 'clamped_predictions'
  | 'empty_cohort'
  | 'unknown_ids'
  | 'exclusion_list_unmatched'
  | 'few_clusters'
  | 'bias_correction_skipped'
  | 'imbalance'
  | 'assurance_not_judged'
  | 'note'
  // fairness and model refits
  | 'under_selected_at_equal_need'
  | 'case_managed_in_training'
  | 'outcomes_not_observed'
  // the extract's window
  | 'window_before_data'
  | 'window_past_extract'
  // the extract's columns and codes
  | 'unrecognised_columns'
  | 'duplicate_columns'
  | 'unknown_condition_codes'
  | 'condition_codes_mangled'
  | 'no_registration_end'
  | 'no_death_date'
  | 'opt_outs_removed_upstream';

/** Something the caller must know about a result: what, where, and how much. */
export interface ResultWarning {
  readonly code: ResultWarningCode;
  /** Plain words: what happened and what it means for the result. */
  readonly message: string;
  /**
   * Which figure or field it concerns, e.g. `['atTop', 0, 'numberNeeded']` or
   * `['byGroup', 'practice', 'P1']`: the narrowest path that holds every figure the cause
   * affects, so a figure at path P is explained by the warnings whose path is a prefix of P
   * (see {@link warningFor}). Empty or absent: the whole result.
   */
  readonly path?: ReadonlyArray<string | number>;
  /** How many rows, people, groups or codes it concerns, when that is a count. */
  readonly count?: number;
  /** A few examples (codes, ids, group names). */
  readonly examples?: readonly string[];
}

/**
 * Builds a frozen {@link ResultWarning}.
 *
 * @param code - What happened (see {@link ResultWarningCode}).
 * @param message - Plain words for a person.
 * @param extra - `path`, `count`, `examples`.
 * @returns The warning, frozen.
 * @example
 * resultWarning('no_events', 'no events: AUROC is null', { path: ['auroc'] });
 * // => { code: 'no_events', message: 'no events: AUROC is null', path: ['auroc'] }
 */
export function resultWarning(code: ResultWarningCode, message: string, extra: Omit<ResultWarning, 'code' | 'message'> = {}): ResultWarning {
  return Object.freeze({ code, message, ...extra });
}
