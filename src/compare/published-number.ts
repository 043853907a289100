import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';

/**
 * Decimal places of each kind of published number. Counts are whole; rates (per 1,000) and
 * percentages to 1 decimal place; means and ratios (e.g. admissions per person, lift) to 2;
 * probabilities (predicted risks, score cut-offs) to 3; money to whole pounds.
 */
export const PUBLISHED_DECIMALS = Object.freeze({ count: 0, percent: 1, rate: 1, mean: 2, ratio: 2, probability: 3, money: 0 } as const);

/** What a published number is, which fixes its precision (decimals: count 0, percent 1, rate 1, mean 2, ratio 2, probability 3, money 0). */
export const PublishedKind = /* @__PURE__ */ lazySchema(() => z.enum(['count', 'percent', 'rate', 'mean', 'ratio', 'probability', 'money']));
/** A kind of published number. */
export type PublishedKind = z.infer<typeof PublishedKind>;

/**
 * Rounds a number to the precision its kind is published at, so that no published file
 * carries 17 significant digits: a share printed exactly is a fraction of two counts, and
 * a fraction of two whole numbers below about 10^7 can be read back exactly from its
 * double (a continued fraction does it), which undoes any suppression. Every published
 * writer of the library and the command goes through this one function. Halves round away
 * from zero; `-0` becomes `0`; a non-finite value (0/0, 1/0) is `null` (an empty cell). O(1).
 *
 * @param x - the value.
 * @param kind - what it is: `'count'`, `'percent'`, `'rate'`, `'mean'`, `'ratio'`,
 *   `'probability'` or `'money'`.
 * @returns `x` rounded to its kind's places, or `null`.
 * @example
 * publishedNumber(100 * 3 / 7, 'percent'); // => 42.9
 * publishedNumber(1000 * 12 / 3456, 'rate'); // => 3.5
 * publishedNumber(0.123456, 'probability'); // => 0.123
 * publishedNumber(-0.004, 'mean');          // => 0
 * publishedNumber(0 / 0, 'percent');        // => null
 */
export function publishedNumber(x: number, kind: PublishedKind): number | null {
  if (!Number.isFinite(x)) return null;
  const d = PUBLISHED_DECIMALS[kind];
  const f = 10 ** d;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return r === 0 ? 0 : r;
}
