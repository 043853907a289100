import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, formatDay, toDay } from '../core/dates.js';
import { checkAsOf, checkSpan, earliestAsOf, latestAsOf } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import type { DataWindow, Population } from '../core/population.js';
import type { ResultWarning } from '../core/result-warning.js';
import { avoidableFlags, DEFAULT_ACSC_PREFIXES, windowCounts, type WindowCounts } from './internal/outcome-counts.js';
import type { VariantOutcomes } from './compare-variants.js';

/** Options of {@link backtestOutcomes}. */
export const BacktestOutcomesOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** The date the scores stood at. */
  asOf: z.union([z.number().check(z.int()), z.string(), z.date()]),
  /** Months after `asOf` counted as the outcome horizon. */
  horizonMonths: z._default(z.number().check(z.int(), z.gte(1)), 12),
  /** Months up to `asOf` counted as the prior year. */
  lookbackMonths: z._default(z.number().check(z.int(), z.gte(1)), 12),
  avoidableDiagnoses: z.optional(z.array(z.string())),
  /** A prior window starting before activity is complete: `'warn'` (default) or `'error'`. */
  beforeData: BeforeData,
}));
export type BacktestOutcomesOptions = z.input<typeof BacktestOutcomesOptions>;

/** Per-row back-test outcomes: what {@link compareVariants} takes, plus avoidable and A&E counts. */
export interface BacktestOutcomes extends VariantOutcomes {
  readonly emergencyAdmissions: Float64Array;
  readonly avoidableAdmissions: Float64Array;
  readonly bedDays: Float64Array;
  readonly aeAttendances: Float64Array;
  readonly priorEmergencyAdmissions: Float64Array;
  /** The windows counted (day numbers, both ends included), for `compareVariants` to check. */
  readonly window: NonNullable<VariantOutcomes['window']>;
  /** The extract's window they were checked against (`population.window`). */
  readonly dataWindow: DataWindow;
  /** A prior window starting before activity is complete (`window_before_data`). */
  readonly warnings: readonly ResultWarning[];
}

/**
 * Counts, for every population row, emergency admissions, avoidable (ACSC) emergency
 * admissions, emergency bed days (by admission date) and A&E attendances in the horizon
 * (asOf, asOf + horizonMonths], and emergency admissions in the prior window
 * (asOf - lookbackMonths, asOf]: the back-test outcomes {@link compareVariants} compares
 * variants on. Everyone gets a value (0 when no events); restrict with scores (NaN = not
 * scored). O(people + events).
 *
 * Window: the horizon must end on or before the extract date (`population.window`), else
 * `window_past_extract`: admissions after the extract date are not in the data, and the
 * cohort's "fall with no intervention" would be the missing months (a horizon wholly past the
 * extract showed a 100% fall). A prior window starting before activity is complete gives a
 * `window_before_data` warning (or error, by `beforeData`): prior admissions would be too low.
 * The result carries its windows, which `compareVariants` checks against its `asOf`.
 *
 * @param population - the population.
 * @param options - see {@link BacktestOutcomesOptions}.
 * @returns arrays aligned with population rows.
 * @throws RiskStratifyError `invalid_options` for a bad date or option; `window_past_extract`
 *   for an as-of date or horizon past the extract date; `window_before_data` with `beforeData: 'error'`.
 * @example
 * backtestOutcomes(pop, { asOf: '2024-04-01' }).emergencyAdmissions.length === pop.size; // => true
 */
export function backtestOutcomes(population: Population, options: BacktestOutcomesOptions): BacktestOutcomes {
  const o = parseOptions('backtestOutcomes', BacktestOutcomesOptions, options);
  const asOf = toDay(o.asOf);
  if (asOf === undefined) return fail({ fn: 'backtestOutcomes', code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'not a date' });
  const win = population.window;
  checkAsOf('backtestOutcomes', win, asOf, ['options', 'asOf']);
  const horizon = [asOf + 1, addMonths(asOf, o.horizonMonths)] as const;
  const prior = [addMonths(asOf, -o.lookbackMonths) + 1, asOf] as const;
  checkSpan('backtestOutcomes', win, {
    what: `the outcome horizon (${o.horizonMonths} months after asOf)`, first: horizon[0], last: horizon[1], path: ['options', 'horizonMonths'],
    fixLate: `an as-of date on or before ${formatDay(latestAsOf(win.extractDate, o.horizonMonths))}, or a shorter horizonMonths, fits the data`,
  }, o.beforeData);
  const early = checkSpan('backtestOutcomes', win, {
    what: `the prior window (${o.lookbackMonths} months to asOf)`, first: prior[0], last: prior[1], path: ['options', 'lookbackMonths'],
    fixEarly: `an as-of date on or after ${formatDay(earliestAsOf(win.activityFrom, o.lookbackMonths))}, or a shorter lookbackMonths, avoids it`,
  }, o.beforeData);
  const n = population.size;
  const flags = avoidableFlags(population, o.avoidableDiagnoses ?? DEFAULT_ACSC_PREFIXES);
  const out = {
    emergencyAdmissions: new Float64Array(n), avoidableAdmissions: new Float64Array(n), bedDays: new Float64Array(n),
    aeAttendances: new Float64Array(n), priorEmergencyAdmissions: new Float64Array(n),
    window: Object.freeze({ asOf, horizon, prior }), dataWindow: win, warnings: Object.freeze(early ? [early] : []),
  };
  const wc: WindowCounts = { emergency: 0, avoidable: 0, bedDays: 0, ae: 0 };
  const hEnd = horizon[1] + 1;
  const pStart = prior[0];
  for (let i = 0; i < n; i++) {
    windowCounts(population, i, asOf + 1, hEnd, flags, wc);
    out.emergencyAdmissions[i] = wc.emergency;
    out.avoidableAdmissions[i] = wc.avoidable;
    out.bedDays[i] = wc.bedDays;
    out.aeAttendances[i] = wc.ae;
    windowCounts(population, i, pStart, asOf + 1, flags, wc);
    out.priorEmergencyAdmissions[i] = wc.emergency;
  }
  return out;
}
