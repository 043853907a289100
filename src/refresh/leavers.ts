import type { Population } from '../core/population.js';
import type { ChurnLeaver, CohortChurn } from '../cohort/index.js';

/** Why someone left the case list since last month, in the words of the MDT. */
export type LeaverReason = 'died' | 'left the practice' | 'fell below the cut-off' | 'excluded by a list' | 'over capacity' | 'no longer eligible' | 'not in the extract' | 'unknown';

/** One person who left the case list since last month. Opted-out people are never listed. */
export interface LeaverRow {
  readonly id: string;
  /** Their practice in this month's extract (`''` when they are not in it). */
  readonly practice: string;
  readonly reason: LeaverReason;
  /** The exclusion list for `excluded by a list`, or the built-in reason for `no longer eligible` (e.g. `child`). */
  readonly detail: string;
  /** This month's risk as a percentage to 1 decimal place, when scored. */
  readonly riskPercent: number | null;
}

const WORDS: Readonly<Record<ChurnLeaver['reason'], LeaverReason>> = {
  died: 'died',
  'left the list': 'left the practice',
  'not registered': 'left the practice',
  'risk fell': 'fell below the cut-off',
  'over capacity': 'over capacity',
  'not in population': 'not in the extract',
  excluded: 'excluded by a list',
  unknown: 'unknown',
};

/** The leavers of a churn as rows with reasons in words. Internal to the refresh. */
export function leaverRows(population: Population, churn: CohortChurn, scoresByRow: Float64Array): LeaverRow[] {
  const builtIn = new Set(['child', 'missingScore', 'notScored']);
  return churn.left.map((l) => {
    const r = population.indexOf(l.id);
    const detail = l.detail ?? '';
    const reason: LeaverReason = l.reason === 'excluded' && builtIn.has(detail) ? 'no longer eligible' : WORDS[l.reason];
    const score = r >= 0 ? scoresByRow[r]! : Number.NaN;
    return {
      id: l.id,
      practice: r >= 0 ? population.practices[population.columns.practice[r]!]! : '',
      reason,
      detail,
      riskPercent: Number.isNaN(score) ? null : Math.round(score * 1000) / 10,
    };
  });
}
