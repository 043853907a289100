import type { ParsedCohortOptions } from './cohort-options.js';
import type { ResultWarning } from '../core/result-warning.js';

/** Built-in exclusion reasons, in the order they are checked (the first that applies wins). */
export const BUILT_IN_EXCLUSIONS = ['optedOut', 'deceased', 'leftList', 'notRegistered', 'child', 'missingScore'] as const;
/** One of {@link BUILT_IN_EXCLUSIONS}. */
export type BuiltInExclusion = (typeof BUILT_IN_EXCLUSIONS)[number];

/** The people selected, columnar, ordered by group (population order of practices) then rank. */
export interface CohortSelection {
  /**
   * Person ids. Looked up from the population on first read (O(k)), then kept: callers that
   * only need `rows` or `score` never pay for them.
   */
  readonly ids: readonly string[];
  /** Population row of each selected person. */
  readonly rows: Uint32Array;
  /** Position of each selected person in the `scores` array that was passed in. */
  readonly scoreIndex: Uint32Array;
  /** Their scores. */
  readonly score: Float64Array;
  /**
   * 1-based rank within the selection group among the eligible, by (score desc, id asc).
   * Capacity removes people after ranking and leaves gaps rather than renumbering.
   */
  readonly rank: Uint32Array;
  /** Selection group: the practice code (`per: 'practice'`) or `'population'`. */
  readonly group: readonly string[];
  /** Practice code of each selected person (whatever `per` is). */
  readonly practice: readonly string[];
}

/** What happened in one selection group. */
export interface CohortGroup {
  /** Practice code, or `'population'`. */
  readonly group: string;
  /** People scored in the group who passed every exclusion and the age filter. */
  readonly eligible: number;
  /** Target size: ceil(p/100 · eligible) (or min(topN, eligible)). */
  readonly k: number;
  /** People selected in the end (after ties were added and capacity applied). */
  readonly selected: number;
  /** The k-th best score in the group (the cut-off), or `null` when k = 0 (nobody eligible: a `group_too_small` warning). */
  readonly threshold: number | null;
  /** `threshold` policy: people added because they tied with the k-th score; else 0. */
  readonly tiesAdded: number;
  /** People this group lost to a capacity limit. */
  readonly capped: number;
}

/** A capacity unit (a practice, or an MDT) and how its limit applied. */
export interface CohortCapacity {
  /** Practice code or MDT name. */
  readonly unit: string;
  readonly capacity: number;
  /** Selected in the unit before the limit. */
  readonly before: number;
  /** Kept. */
  readonly after: number;
}

/** One excluded person, for the separate exclusions file. Opted-out people never appear. */
export interface CohortExclusion {
  readonly id: string;
  /** A built-in reason (`deceased`, `leftList`, `notRegistered`, `child`, `missingScore`) or a key of `exclude`. */
  readonly reason: string;
}

/**
 * How one `exclude` list applied. Ids are matched as the loader matches them (trimmed, then
 * exactly, case included); see {@link selectCohort}.
 */
export interface CohortExclusionList {
  /** The list's name (its key in `exclude`). */
  readonly list: string;
  /** Ids in the list, as given (repeats and blanks included). */
  readonly ids: number;
  /** Distinct people of the population the list names (whether or not they were scored or excluded earlier). */
  readonly matched: number;
  /** Ids of the list that name nobody in the population. */
  readonly unmatched: number;
  /** Scored people excluded for this list: those it names that no earlier reason or list excluded (as `excluded[list]`). */
  readonly excluded: number;
}

/** The result of {@link selectCohort}. */
export interface Cohort {
  /** The day the cohort was drawn (day number). */
  readonly asOf: number;
  /**
   * The validated options, without the `rows` / `ids` arrays, and with each `exclude` list
   * replaced by its length (so a saved cohort never carries the ids of those lists).
   */
  readonly options: Omit<ParsedCohortOptions, 'rows' | 'ids' | 'exclude'> & { readonly exclude: Readonly<Record<string, number>> };
  readonly selected: CohortSelection;
  readonly groups: readonly CohortGroup[];
  /**
   * Counts of scored people excluded, by the first reason that applied, checked in the order
   * optedOut, deceased, leftList, notRegistered, child, each `exclude` list in key order,
   * missingScore; plus `notScored`: population rows with no score.
   */
  readonly excluded: Readonly<Record<BuiltInExclusion | 'notScored', number> & Record<string, number>>;
  /**
   * Every excluded scored person with the reason, except opted-out people (only counted), in
   * the order of the scores. Made on first read (a fifth of a population may be children, and
   * most callers only need `excluded`), then kept.
   */
  readonly exclusions: readonly CohortExclusion[];
  /** Each `exclude` list in key order: ids given, people matched, ids unmatched, people it excluded. */
  readonly exclusionLists: readonly CohortExclusionList[];
  /** People ranked into the cohort but removed by a capacity limit. */
  readonly overCapacity: readonly { readonly id: string; readonly unit: string }[];
  /** Capacity units that had a limit. */
  readonly capacity: readonly CohortCapacity[];
  /**
   * Things worth knowing that did not stop the selection: `group_too_small` and
   * `k_reaches_eligible` (path `['groups']`, with the number of groups and examples),
   * `empty_cohort`, `unknown_ids` for exclusion ids not in the population, and (with
   * `unmatchedExclusions: 'warn'`) `exclusion_list_unmatched` for a list that matched nobody. See {@link selectCohort}.
   */
  readonly warnings: readonly ResultWarning[];
}
