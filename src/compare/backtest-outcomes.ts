import { z } from 'zod';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { addMonths, toDay } from '../core/dates.js';
import type { Population } from '../core/population.js';
import { avoidableFlags, DEFAULT_ACSC_PREFIXES, windowCounts, type WindowCounts } from './internal/outcome-counts.js';
import type { VariantOutcomes } from './compare-variants.js';

/** Options of {@link backtestOutcomes}. */
export const BacktestOutcomesOptions = z.object({
  /** The date the scores stood at. */
  asOf: z.union([z.number().int(), z.string(), z.date()]),
  /** Months after `asOf` counted as the outcome horizon. */
  horizonMonths: z.number().int().min(1).default(12),
  /** Months up to `asOf` counted as the prior year. */
  lookbackMonths: z.number().int().min(1).default(12),
  avoidableDiagnoses: z.array(z.string()).optional(),
});
export type BacktestOutcomesOptions = z.input<typeof BacktestOutcomesOptions>;

/** Per-row back-test outcomes: what {@link compareVariants} takes, plus avoidable and A&E counts. */
export interface BacktestOutcomes extends VariantOutcomes {
  readonly emergencyAdmissions: Float64Array;
  readonly avoidableAdmissions: Float64Array;
  readonly bedDays: Float64Array;
  readonly aeAttendances: Float64Array;
  readonly priorEmergencyAdmissions: Float64Array;
}

/**
 * Counts, for every population row, emergency admissions, avoidable (ACSC) emergency
 * admissions, emergency bed days (by admission date) and A&E attendances in the horizon
 * (asOf, asOf + horizonMonths], and emergency admissions in the prior window
 * (asOf - lookbackMonths, asOf]: the back-test outcomes {@link compareVariants} compares
 * variants on. Everyone gets a value (0 when no events); restrict with scores (NaN = not
 * scored). O(people + events).
 *
 * @param population - the population.
 * @param options - see {@link BacktestOutcomesOptions}.
 * @returns arrays aligned with population rows.
 * @throws RiskStratifyError `invalid_options` for a bad date or option.
 * @example
 * backtestOutcomes(pop, { asOf: '2024-04-01' }).emergencyAdmissions.length === pop.size; // => true
 */
export function backtestOutcomes(population: Population, options: BacktestOutcomesOptions): BacktestOutcomes {
  const o = parseOptions('backtestOutcomes', BacktestOutcomesOptions, options);
  const asOf = toDay(o.asOf);
  if (asOf === undefined) return fail({ fn: 'backtestOutcomes', code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'not a date' });
  const n = population.size;
  const flags = avoidableFlags(population, o.avoidableDiagnoses ?? DEFAULT_ACSC_PREFIXES);
  const out = {
    emergencyAdmissions: new Float64Array(n), avoidableAdmissions: new Float64Array(n), bedDays: new Float64Array(n),
    aeAttendances: new Float64Array(n), priorEmergencyAdmissions: new Float64Array(n),
  };
  const wc: WindowCounts = { emergency: 0, avoidable: 0, bedDays: 0, ae: 0 };
  const hEnd = addMonths(asOf, o.horizonMonths) + 1;
  const pStart = addMonths(asOf, -o.lookbackMonths) + 1;
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
