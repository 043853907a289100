/**
 * Matching `selectCohort`'s `exclude` lists to the population: internal to the cohort stage.
 *
 * @module
 */
import { fail } from '../core/errors.js';
import type { Population } from '../core/population.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';

/** How many people one list named, and how many of its ids named nobody. */
export interface ListMatch {
  readonly matched: number;
  readonly unmatched: number;
}

/**
 * An id from a list as the loader reads an id cell: trimmed at both ends
 * (`String.prototype.trim`, as `cellText`), otherwise exact, case included.
 */
export function exclusionId(id: string): string {
  return id.trim();
}

/** How many of `ids` name a population id when case is ignored (for the error's hint only). O(n + ids). */
function caseInsensitiveMatches(ids: readonly string[], population: Population): number {
  const lower = new Set<string>();
  for (const id of population.ids) lower.add(id.toLowerCase());
  let n = 0;
  for (const id of ids) if (lower.has(exclusionId(id).toLowerCase())) n++;
  return n;
}

/**
 * Marks in `customOf` (1 + list index, the first list naming a row wins) the people each list
 * names, and counts per list the distinct people matched and the ids that match nobody. Ids
 * not in the population give an `unknown_ids` warning; a list that matches nobody (empty, or
 * every id unknown) throws `exclusion_list_unmatched` naming the list, or with `'warn'` pushes
 * a warning of that code. O(total ids) after the population's id index.
 */
export function matchExclusionLists(
  lists: readonly (readonly [string, readonly string[]])[],
  population: Population,
  customOf: Uint16Array | undefined,
  unmatched: 'error' | 'warn',
  warnings: ResultWarning[],
): ListMatch[] {
  const fn = 'selectCohort';
  // seenBy[r] = 1 + the last list that counted row r, so a repeated id counts once per list.
  const seenBy = lists.length > 0 ? new Uint16Array(population.size) : undefined;
  return lists.map(([name, ids], c) => {
    let unknown = 0;
    let matched = 0;
    for (const id of ids) {
      const r = population.indexOf(exclusionId(id));
      if (r < 0) {
        unknown++;
        continue;
      }
      if (customOf![r] === 0) customOf![r] = c + 1;
      if (seenBy![r] !== c + 1) {
        seenBy![r] = c + 1;
        matched++;
      }
    }
    const path = ['options', 'exclude', name];
    if (matched === 0) {
      const folded = ids.length > 0 ? caseInsensitiveMatches(ids, population) : 0;
      const why = ids.length === 0
        ? 'is empty'
        : `has ${ids.length} id(s) and none is a person in the population (ids are matched exactly after trimming, case included` +
          `${folded > 0 ? `; ${folded} would match if case were ignored: check the list's case against the extract's ids` : ''})`;
      const message = `exclusion list ${JSON.stringify(name)} ${why}, so it would exclude nobody`;
      if (unmatched === 'error') {
        fail({ fn, code: 'exclusion_list_unmatched', path, value: name, message: `${message}; pass unmatchedExclusions: 'warn' to go on regardless`, details: { list: name, ids: ids.length, caseInsensitiveMatches: folded } });
      }
      warnings.push(resultWarning('exclusion_list_unmatched', `exclude.${name}: ${message}`, { path, count: ids.length }));
    } else if (unknown > 0) {
      warnings.push(resultWarning('unknown_ids', `exclude.${name}: ${unknown} id(s) not in the population were ignored`, { path, count: unknown }));
    }
    return { matched, unmatched: unknown };
  });
}
