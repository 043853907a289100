import type { Cohort } from '../cohort/index.js';

/**
 * One line per exclusion list of a cohort: ids in the list, people of the extract it matched,
 * and how many it excluded from this variant (people it names who were not already excluded
 * as opted out, deceased, left the list, not registered, a child, or by an earlier list).
 */
export function exclusionListLines(cohort: Cohort, variant: string): string[] {
  return cohort.exclusionLists.map((l) =>
    `exclusion list ${l.list}: ${l.ids} id(s), ${l.matched} matched in the extract${l.unmatched > 0 ? ` (${l.unmatched} not found)` : ''}, ${l.excluded} excluded from ${variant}`);
}
