import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord } from '../core/own-record.js';

const count = /* @__PURE__ */ lazySchema(() => z.number().check(z.int(), z.nonnegative()));

const arrayLikeNumbers = /* @__PURE__ */ lazySchema(() => z.custom<ArrayLike<number>>(
  (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)),
  { message: 'expected an array or typed array of population row numbers' },
));

/**
 * Named id lists, `{ name: [id, ...] }`, read by own keys: a list may be called anything,
 * including `__proto__` or `constructor` (a plain record schema would drop or misread those).
 */
export const ExclusionLists = /* @__PURE__ */ lazySchema(() => ownRecord(z.array(z.string()), 'named id lists: an object of { listName: [id, ...] } with string ids'));

export { exclusionEntries } from './exclusion-entries.js';

/**
 * Options of {@link selectCohort}, validated once at the boundary. Defaults live here.
 *
 * - `asOf` (required): the day the cohort is drawn, a day number or `'yyyy-mm-dd'`. Age
 *   (`adultsOnly`), death and leaving the list are judged on this day, which must be on or
 *   before the extract date (`population.window.extractDate`).
 * - `topPercent` in (0, 100] or `topN` (a whole number per group): exactly one of them.
 * - `per`: `'practice'` (default: k per practice, as the unplanned-admissions enhanced
 *   service asked) or `'population'` (one cut-off for everyone).
 * - `adultsOnly` (default `true`): only people aged 18+ on `asOf` are eligible.
 * - `policy`: `'exact'` (default: k = ceil(p/100 · eligible) people, ties broken by id) or
 *   `'threshold'` (everyone scoring at least the k-th score; ties may enlarge the cohort).
 * - `capacity`: a maximum caseload applied after ranking, as one number for every practice,
 *   a record practice code -> number, or (with `groups`) per MDT: one number for every MDT
 *   or a record MDT name -> number. Units missing from a record are not capped.
 * - `groups`: practice code -> MDT name; capacity then applies per MDT across its practices
 *   (practices missing from the mapping are their own unit).
 * - `exclude`: named id lists (e.g. `alreadyCaseManaged`, `endOfLife`). Opted-out people
 *   are always excluded whatever is passed; deceased people and people who left the list
 *   by `asOf` are excluded automatically. Ids are matched as the loader matches them: white
 *   space at either end is trimmed (`String.prototype.trim`), then the id must equal a
 *   population id exactly, case included (`'p001'` does not match `'P001'`). A list may have
 *   any name (`__proto__` and `constructor` too), except the built-in reasons.
 * - `unmatchedExclusions`: a list that matches nobody in the population (empty, or every id
 *   unknown, e.g. lower-case ids against upper-case ones) is `'error'` (default: throws
 *   `exclusion_list_unmatched` naming the list) or `'warn'` (a warning of that code, and the
 *   selection goes on).
 * - `rows`: the population row of each score (e.g. `features.rows`); default: the rows the
 *   scores carry (`model.score(features)` returns scores carrying `features.rows`), else identity.
 * - `ids`: alternatively, the person id of each score (e.g. `features.rowIds`).
 * - `missing`: `'refuse'` (default: a NaN score is an error naming the row) or `'exclude'`.
 */
export const CohortOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    asOf: z.union([z.number().check(z.int()), z.string()]),
    topPercent: z.optional(z.number().check(z.gt(0), z.lte(100))),
    topN: z.optional(count),
    per: z._default(z.enum(['practice', 'population']), 'practice'),
    adultsOnly: z._default(z.boolean(), true),
    policy: z._default(z.enum(['exact', 'threshold']), 'exact'),
    capacity: z.optional(z.union([count, ownRecord(count, 'a record practice or MDT -> capacity')])),
    groups: z.optional(ownRecord(z.string(), 'a record practice code -> MDT name')),
    exclude: z._default(ExclusionLists, {}),
    unmatchedExclusions: z._default(z.enum(['error', 'warn']), 'error'),
    rows: z.optional(arrayLikeNumbers),
    ids: z.optional(z.array(z.string())),
    missing: z._default(z.enum(['refuse', 'exclude']), 'refuse'),
  })).shape).check(z.refine((o) => (o.topPercent === undefined) !== (o.topN === undefined), {
    message: 'give exactly one of topPercent and topN',
    path: ['topPercent'],
  }), z.refine((o) => o.rows === undefined || o.ids === undefined, { message: 'give rows or ids, not both', path: ['ids'] })));

/** Input type of {@link CohortOptions} (defaults optional). */
export type CohortOptions = z.input<typeof CohortOptions>;
/** {@link CohortOptions} after validation, with defaults filled. */
export type ParsedCohortOptions = z.output<typeof CohortOptions>;
