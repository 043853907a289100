import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { checkSpan } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { quantileR7 } from './internal/stats.js';
import { INTERVENTION_OUTCOMES, type InterventionOutcome, type InterventionResult } from './evaluate-intervention.js';

/** Difference between two arms on one outcome. */
export interface ArmDifference {
  readonly outcome: InterventionOutcome;
  /** DiD of arm A minus DiD of arm B (absolute, per person over the after window). */
  readonly difference: number;
  readonly ci95: readonly [number, number];
  /** Relative effect of A minus relative effect of B (null when either arm's is: its expected after-value is 0). */
  readonly relativeDifference: number | null;
  /** From the replicates where both arms' relative effects exist; null if none. */
  readonly relativeCi95: readonly [number, number] | null;
  /** `zero_denominator` (path `['relativeDifference']`) when the relative difference or its interval is null. */
  readonly warnings: readonly ResultWarning[];
}

/**
 * Options of {@link compareArms}.
 *
 * @example
 * compareArms(top2, top5, { beforeData: 'error' }); // refuses an arm whose before windows start before complete data
 */
export const CompareArmsOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /**
   * An arm whose before windows start before its extract's activity is complete:
   * `'warn'` (default) carries a `window_before_data` warning into the result, `'error'` refuses.
   */
  beforeData: BeforeData,
}));
export type CompareArmsOptions = z.input<typeof CompareArmsOptions>;

/**
 * The result of {@link compareArms}: one {@link ArmDifference} per outcome, and the warnings the arms carry.
 *
 * @example
 * const c = compareArms(top2, top5);
 * c.emergencyAdmissions.difference; c.warnings; // => e.g. 0.05, []
 */
export type ArmComparison = Readonly<Record<InterventionOutcome, ArmDifference>> & {
  /** Window warnings of either arm (`window_before_data`), so the comparison carries the caveat too. */
  readonly warnings: readonly ResultWarning[];
};

/**
 * Compares two arms (e.g. a top-2% site against a top-5% site) through their matched
 * effects: the difference of their difference-in-differences, with a 95% interval from the
 * two independent cluster bootstraps (replicate r of A minus replicate r of B, percentile
 * R-7). Valid when the arms' matched sets are independent (different practices). A relative
 * difference needs both arms' relative effects: where one arm's expected after-value is 0 it is
 * null with a `zero_denominator` warning, never NaN. O(reps).
 *
 * Window: each arm's `window` (the days its evaluation read) is checked against its own
 * extract's (arms may come from different sites' extracts): past the extract date is refused
 * (`window_past_extract`), before complete data warns (`window_before_data`, or an error with
 * `beforeData: 'error'`).
 *
 * @param effectA - result of `evaluateIntervention` for arm A.
 * @param effectB - result of `evaluateIntervention` for arm B, with the same number of reps.
 * @param options - see {@link CompareArmsOptions}.
 * @returns one {@link ArmDifference} per outcome, and `warnings`.
 * @throws RiskStratifyError `invalid_argument` when the bootstrap rep counts differ or an arm
 *   has no `window`; `window_past_extract` / `window_before_data` as above.
 * @example
 * compareArms(top2, top5).emergencyAdmissions.difference; // => e.g. 0.05
 * compareArms(top2, top5).warnings; // => [] when both arms' windows are inside their extracts
 */
export function compareArms(effectA: InterventionResult, effectB: InterventionResult, options?: CompareArmsOptions): ArmComparison {
  const o = parseOptions('compareArms', CompareArmsOptions, options);
  const warnings: ResultWarning[] = [];
  for (const [name, arm] of [['effectA', effectA], ['effectB', effectB]] as const) {
    const w = arm?.window;
    if (!w || typeof w.first !== 'number' || typeof w.last !== 'number' || !w.dataWindow) {
      fail({ fn: 'compareArms', code: 'invalid_argument', path: [name, 'window'], value: w, message: 'expected the result of evaluateIntervention, with the window it read' });
    }
    const early = checkSpan('compareArms', w.dataWindow, { what: `arm ${name === 'effectA' ? 'A' : 'B'}'s before and after windows`, first: w.first, last: w.last, path: [name, 'window'] }, o.beforeData);
    if (early) warnings.push(resultWarning(early.code, early.message, { path: [name, 'window'] }));
  }
  if (effectA.bootstrapReps !== effectB.bootstrapReps) {
    fail({ fn: 'compareArms', code: 'invalid_argument', path: ['effectB', 'bootstrapReps'], value: effectB.bootstrapReps, message: `arms need the same number of bootstrap reps (A has ${effectA.bootstrapReps})` });
  }
  const out = {} as Record<InterventionOutcome, ArmDifference> & { warnings: readonly ResultWarning[] };
  for (const name of INTERVENTION_OUTCOMES) {
    const a = effectA.effects[name];
    const b = effectB.effects[name];
    const R = a.bootstrapDid.length;
    const d = new Float64Array(R);
    const rel: number[] = [];
    for (let r = 0; r < R; r++) {
      d[r] = a.bootstrapDid[r]! - b.bootstrapDid[r]!;
      const x = a.bootstrapRelative[r]! - b.bootstrapRelative[r]!;
      if (Number.isFinite(x)) rel.push(x);
    }
    const relativeDifference = a.relative.estimate === null || b.relative.estimate === null ? null : a.relative.estimate - b.relative.estimate;
    const relativeCi95 = rel.length === 0 ? null : ([quantileR7(rel, 0.025), quantileR7(rel, 0.975)] as const);
    const warnings: ResultWarning[] = [];
    if (relativeDifference === null || relativeCi95 === null) {
      const which = [a.relative.estimate === null ? 'A' : '', b.relative.estimate === null ? 'B' : ''].filter(Boolean).join(' and ');
      warnings.push(resultWarning('zero_denominator', `${name}: ${which ? `arm ${which} has no relative effect (its expected after-value is 0)` : 'no replicate has both arms\' relative effects'}: the relative difference${relativeDifference === null ? '' : "'s interval"} is null`, { path: ['relativeDifference'] }));
    }
    out[name] = Object.freeze({
      outcome: name,
      difference: a.did.estimate - b.did.estimate,
      ci95: [quantileR7(d, 0.025), quantileR7(d, 0.975)] as const,
      relativeDifference,
      relativeCi95,
      warnings,
    });
  }
  out.warnings = Object.freeze(warnings);
  return Object.freeze(out);
}
