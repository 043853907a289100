/**
 * Warnings about a cohort's size that do not stop the selection: groups too small for the
 * percentage asked, k reaching everyone eligible in most groups, nobody selected. Internal to
 * the cohort stage.
 *
 * @module
 */
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import type { CohortGroup } from './cohort.js';

const EXAMPLES = 5;

/** Groups from which no top `p`% can be drawn: nobody eligible, or (with `topPercent`) fewer than 1/p eligible. */
export function isTooSmall(eligible: number, topPercent: number | undefined): boolean {
  if (eligible === 0) return true;
  // p/100 · n < 1: k = ceil(p/100 · n) is 1 only because k is at least 1 (the tolerance is cohortSize's).
  return topPercent !== undefined && (topPercent * eligible) / 100 < 1 - 1e-12;
}

/**
 * The size warnings of a cohort, from its groups:
 * - `group_too_small` (path `['groups']`): groups with nobody eligible or, for `topPercent` p,
 *   fewer than 1/p eligible people (100/p: 50 for a top 2%, 20 for a top 5%). There
 *   k = ceil(p/100 · n) is 1 by the rounding up, one person being more than p% of the group,
 *   so the group's cohort is a rounding artefact rather than its top p%.
 * - `k_reaches_eligible` (path `['groups']`): in more than half of the groups with anyone
 *   eligible, k equals the number eligible: the cohort is everyone eligible there, not a top slice.
 * - `empty_cohort` (no path: the whole cohort): nobody was selected (every group's threshold
 *   is then null when k is 0 everywhere, e.g. `topN: 0`).
 * Each with the count of groups (or 0) and up to five example groups.
 */
export function cohortSizeWarnings(groups: readonly CohortGroup[], topPercent: number | undefined, topN: number | undefined): ResultWarning[] {
  const out: ResultWarning[] = [];
  const asked = topPercent !== undefined ? `a top ${topPercent}%` : `the top ${topN}`;
  const small = groups.filter((g) => isTooSmall(g.eligible, topPercent));
  if (small.length > 0) {
    const empty = small.filter((g) => g.eligible === 0).length;
    const minimum = topPercent !== undefined ? Math.ceil(100 / topPercent - 1e-9) : 1;
    const why = topPercent !== undefined
      ? `fewer than ${minimum} eligible people (1/p for ${asked}): k = ceil(${topPercent / 100}·n) is 1 there only by rounding up, more than ${topPercent}% of the group`
      : 'nobody eligible';
    out.push(resultWarning('group_too_small',
      `${small.length} of ${groups.length} group(s) have ${why}${empty > 0 && topPercent !== undefined ? ` (${empty} with nobody eligible)` : ''}`,
      { path: ['groups'], count: small.length, examples: small.slice(0, EXAMPLES).map((g) => `${g.group} (${g.eligible} eligible)`) }));
  }
  const withPeople = groups.filter((g) => g.eligible > 0);
  const everyone = withPeople.filter((g) => g.k >= g.eligible);
  if (everyone.length > 0 && 2 * everyone.length > withPeople.length) {
    out.push(resultWarning('k_reaches_eligible',
      `k reaches the number eligible in ${everyone.length} of ${withPeople.length} group(s) with anyone eligible: there the cohort is everyone eligible, not ${asked}`,
      { path: ['groups'], count: everyone.length, examples: everyone.slice(0, EXAMPLES).map((g) => `${g.group} (k = ${g.k} of ${g.eligible})`) }));
  }
  if (groups.every((g) => g.selected === 0)) {
    const why = withPeople.length === 0 ? 'nobody is eligible' : groups.every((g) => g.k === 0) ? 'k is 0 in every group' : 'capacity left no places';
    out.push(resultWarning('empty_cohort', `nobody was selected (${why})`, { count: 0 }));
  }
  return out;
}
