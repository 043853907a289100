import type { Cohort } from './cohort.js';

/** One row of a cohort export. */
export interface CohortRow {
  readonly id: string;
  readonly practice: string;
  /** 1-based rank within the selection group (see {@link CohortSelection.rank}). */
  readonly rank: number;
  readonly score: number;
}

/**
 * Plain rows for a CSV/JSON export of a cohort: id, practice, rank, score, in the cohort's
 * order (group, then rank). Opted-out people are never selected, so they never appear here.
 * O(k).
 *
 * @param cohort - A result of {@link selectCohort}.
 * @returns One object per selected person.
 * @throws Never.
 * @example
 * cohortRows(cohort); // => [{ id: 'b', practice: 'P1', rank: 1, score: 0.9 }, ...]
 */
export function cohortRows(cohort: Cohort): CohortRow[] {
  const s = cohort.selected;
  const rows: CohortRow[] = new Array<CohortRow>(s.ids.length);
  for (let i = 0; i < s.ids.length; i++) {
    rows[i] = { id: s.ids[i]!, practice: s.practice[i]!, rank: s.rank[i]!, score: s.score[i]! };
  }
  return rows;
}
