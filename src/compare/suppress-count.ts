/**
 * The one small-number rule for a single count, shared by {@link suppressSmallNumbers}
 * (tables) and the report (every rendered count): `null` when `0 < n <= threshold` (or
 * `n = 0` with `suppressZero`), otherwise `n` rounded to the nearest multiple of `roundTo`
 * with halves rounding up, and never below `roundTo` (a non-zero count is never published
 * as zero). Zero stays zero. O(1). The caller checks `n` is a non-negative finite number.
 *
 * @param n - A non-negative count.
 * @param rule - `threshold`, `roundTo` (1 = no rounding) and `suppressZero`.
 * @returns The published value, or `null` when it must be suppressed.
 * @example
 * suppressCount(3, { threshold: 7, roundTo: 5, suppressZero: false });  // => null
 * suppressCount(12, { threshold: 7, roundTo: 5, suppressZero: false }); // => 10
 * suppressCount(13, { threshold: 7, roundTo: 5, suppressZero: false }); // => 15
 * suppressCount(1, { threshold: 0, roundTo: 5, suppressZero: false });  // => 5
 */
export function suppressCount(n: number, rule: { readonly threshold: number; readonly roundTo: number; readonly suppressZero: boolean }): number | null {
  if (n === 0) return rule.suppressZero ? null : 0;
  if (n <= rule.threshold) return null;
  if (rule.roundTo <= 1) return n;
  return Math.max(Math.floor(n / rule.roundTo + 0.5) * rule.roundTo, rule.roundTo);
}
