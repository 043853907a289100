import { ownValue } from '../core/own-value.js';

// Apart from cohort-options.ts (zod schemas) so that selectCohort does not import zod.

/**
 * The own entries of an `ExclusionLists` value as `[name, ids]` pairs in key order,
 * whatever the names (own data properties only, never the prototype's).
 */
export function exclusionEntries(lists: Readonly<Record<string, readonly string[]>>): [string, readonly string[]][] {
  return Object.keys(lists).map((name) => [name, ownValue(lists, name)!]);
}
