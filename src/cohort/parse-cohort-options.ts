import { array, arrayLike, bool, checkOptions, num, oneOf, ownRecord, refine, str, union } from '../core/check-options.js';
import type { CohortOptions, ParsedCohortOptions } from './cohort-options.js';

const KEYS = ['asOf', 'topPercent', 'topN', 'per', 'adultsOnly', 'policy', 'capacity', 'groups', 'exclude', 'unmatchedExclusions', 'rows', 'ids', 'missing'];
type Path = (string | number)[];
const count = (v: unknown, path: Path) => num(v, path, { int: true, gte: 0 });

/**
 * {@link CohortOptions} checked without zod (the same fields, defaults, paths and messages: a
 * test compares them), so a bundle with `selectCohort` does not carry zod.
 */
export function parseCohortOptions(fn: string, input: CohortOptions): ParsedCohortOptions {
  return checkOptions(
    fn,
    input,
    KEYS,
    (o): ParsedCohortOptions => {
      const opt = <T>(key: string, f: (v: unknown, path: Path) => T): T | undefined => (o[key] === undefined ? undefined : f(o[key], [key]));
      const out = {
        asOf: union<number | string>(o.asOf, ['asOf'], [(v, p) => num(v, p, { int: true }), str]),
        topPercent: opt('topPercent', (v, p) => num(v, p, { gt: 0, lte: 100 })),
        topN: opt('topN', count),
        per: opt('per', (v, p) => oneOf(v, p, ['practice', 'population'] as const)) ?? 'practice',
        adultsOnly: opt('adultsOnly', bool) ?? true,
        policy: opt('policy', (v, p) => oneOf(v, p, ['exact', 'threshold'] as const)) ?? 'exact',
        capacity: opt('capacity', (v, p) => union<number | Readonly<Record<string, number>>>(v, p, [count, (x, q) => ownRecord(x, q, 'a record practice or MDT -> capacity', count)])),
        groups: opt('groups', (v, p) => ownRecord(v, p, 'a record practice code -> MDT name', str)),
        exclude: opt('exclude', (v, p) => ownRecord(v, p, 'named id lists: an object of { listName: [id, ...] } with string ids', (x, q) => array(x, q, str))) ?? {},
        unmatchedExclusions: opt('unmatchedExclusions', (v, p) => oneOf(v, p, ['error', 'warn'] as const)) ?? 'error',
        rows: opt('rows', (v, p) => arrayLike<number>(v, p, 'expected an array or typed array of population row numbers')),
        ids: opt('ids', (v, p) => array(v, p, str)),
        missing: opt('missing', (v, p) => oneOf(v, p, ['refuse', 'exclude'] as const)) ?? 'refuse',
      };
      for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined && !(k in o)) delete (out as Record<string, unknown>)[k];
      return out;
    },
    (o) => {
      refine((o.topPercent === undefined) !== (o.topN === undefined), ['topPercent'], 'give exactly one of topPercent and topN');
      refine(o.rows === undefined || o.ids === undefined, ['ids'], 'give rows or ids, not both');
    },
  );
}
