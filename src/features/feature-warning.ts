/**
 * A warning returned (never printed) by the features, outcomes and segment stages.
 *
 * @module
 */

/** Something the caller should know about the input, with a count and a few examples. */
export interface FeatureWarning {
  /** Machine-readable code, e.g. `'diagnosis_missing'`, `'diagnosis_invalid'`, `'bed_days_unknown'`. */
  readonly code: string;
  /** Plain-words explanation. */
  readonly message: string;
  /** How many events or people it concerns. */
  readonly count: number;
  /** Up to five examples (codes, ids or names). */
  readonly examples: readonly string[];
}
