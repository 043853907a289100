import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { suppressCount } from '../compare/suppress-count.js';
import { SuppressionRule } from '../compare/suppress-small-numbers.js';

/**
 * The report's small-number suppression rule: counts from 1 to `threshold` are suppressed
 * (shown as `*`), other counts are rounded to the nearest multiple of `roundTo`. Zero stays
 * zero unless `suppressZero`. The default is the NHS hospital statistics rule: suppress 1-7,
 * round the rest to the nearest 5. `{ threshold: 0, roundTo: 1 }` turns suppression off
 * (for internal use only). It is the `compare` stage's table rule (`SuppressionRule` of
 * `suppressSmallNumbers`) cut to the fields a single count needs, so one rule object
 * configures both: its other fields are ignored here.
 */
export const ReportSuppressionRule = /* @__PURE__ */ lazySchema(() => z.pick(SuppressionRule, { threshold: true, roundTo: true, suppressZero: true }));
/** Input type of {@link ReportSuppressionRule}. */
export type ReportSuppressionRule = z.input<typeof ReportSuppressionRule>;

/**
 * Applies small-number suppression to one count: `null` when `0 < n <= threshold`,
 * otherwise `n` rounded to the nearest multiple of `roundTo` (halves round up; counts
 * above the threshold never round down to zero, they are at least `roundTo`); zero stays
 * zero unless `suppressZero`. O(1).
 *
 * A count that rounds is still a count: bed days are treated the same way as people.
 *
 * @param n - a non-negative finite count.
 * @param rule - the rule; defaults to `{ threshold: 7, roundTo: 5 }`.
 * @returns the published value, or `null` when it must be suppressed.
 * @throws RiskStratifyError `invalid_argument` when `n` is negative or not finite;
 *   `invalid_options` for a bad rule.
 * @example
 * applySuppression(0);  // => 0
 * applySuppression(3);  // => null   (shown as '*')
 * applySuppression(8);  // => 10
 * applySuppression(12); // => 10
 * applySuppression(13); // => 15
 * applySuppression(3, { threshold: 0, roundTo: 1 }); // => 3
 */
export function applySuppression(n: number, rule?: ReportSuppressionRule): number | null {
  const { threshold, roundTo, suppressZero } = rule === undefined ? DEFAULT_RULE : parseOptions('applySuppression', ReportSuppressionRule, rule, 'rule');
  if (!Number.isFinite(n) || n < 0) {
    fail({ fn: 'applySuppression', code: 'invalid_argument', path: ['n'], value: n, message: 'a count must be a non-negative finite number' });
  }
  return suppressCount(n, { threshold, roundTo, suppressZero });
}

const DEFAULT_RULE = { threshold: 7, roundTo: 5, suppressZero: false } as const;
