import { fail } from '../core/errors.js';
import { quantileR7 } from './internal/stats.js';
import { INTERVENTION_OUTCOMES, type InterventionOutcome, type InterventionResult } from './evaluate-intervention.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';

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
 * Compares two arms (e.g. a top-2% site against a top-5% site) through their matched
 * effects: the difference of their difference-in-differences, with a 95% interval from the
 * two independent cluster bootstraps (replicate r of A minus replicate r of B, percentile
 * R-7). Valid when the arms' matched sets are independent (different practices). A relative
 * difference needs both arms' relative effects: where one arm's expected after-value is 0 it is
 * null with a `zero_denominator` warning, never NaN. O(reps).
 *
 * @param effectA - result of `evaluateIntervention` for arm A.
 * @param effectB - result of `evaluateIntervention` for arm B, with the same number of reps.
 * @returns one {@link ArmDifference} per outcome.
 * @throws RiskStratifyError `invalid_argument` when the bootstrap rep counts differ.
 * @example
 * compareArms(top2, top5).emergencyAdmissions.difference; // => e.g. 0.05
 */
export function compareArms(effectA: InterventionResult, effectB: InterventionResult): Readonly<Record<InterventionOutcome, ArmDifference>> {
  if (effectA.bootstrapReps !== effectB.bootstrapReps) {
    fail({ fn: 'compareArms', code: 'invalid_argument', path: ['effectB', 'bootstrapReps'], value: effectB.bootstrapReps, message: `arms need the same number of bootstrap reps (A has ${effectA.bootstrapReps})` });
  }
  const out = {} as Record<InterventionOutcome, ArmDifference>;
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
  return Object.freeze(out);
}
