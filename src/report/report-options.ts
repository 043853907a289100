import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ReportSuppressionRule } from './apply-suppression.js';

/** A custom suppression function: the published value of a count, or `null` to suppress. */
export type SuppressFunction = (n: number) => number | null;

/**
 * Options of {@link renderReport} and {@link buildReportCharts}.
 *
 * - `suppression`: the rule every rendered count goes through (default suppress 1-7, round
 *   to the nearest 5; see {@link ReportSuppressionRule}); ignored when `suppress` is given.
 * - `suppress`: your own function instead (e.g. the `compare` stage's rule).
 * - `lang`: the HTML `lang` attribute (default `'en-GB'`).
 */
export const ReportOptions = /* @__PURE__ */ lazySchema(() => z.object({
  suppression: z._default(ReportSuppressionRule, { threshold: 7, roundTo: 5, suppressZero: false }),
  suppress: z.optional(z.custom<SuppressFunction>((v) => typeof v === 'function', { message: 'suppress must be a function (n) => number | null' })),
  lang: z._default(z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)), 'en-GB'),
}));
/** Input type of {@link ReportOptions}. */
export type ReportOptions = z.input<typeof ReportOptions>;
