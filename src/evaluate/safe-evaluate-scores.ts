import { toSafe, type SafeResult } from '../core/errors.js';
import { evaluateScores, type ScoreEvaluation } from './evaluate-scores.js';
import type { EvaluateOptions } from './evaluate-options.js';

/**
 * {@link evaluateScores} that returns its error instead of throwing, for callers that
 * evaluate many scores or subgroups in a batch. Errors that are not the library's still throw.
 *
 * @param scores - As for {@link evaluateScores}.
 * @param outcome - As for {@link evaluateScores}.
 * @param options - As for {@link evaluateScores}.
 * @returns `{ ok: true, value }` or `{ ok: false, error }` with a `RiskStratifyError`.
 * @throws Only errors that are not `RiskStratifyError`s.
 * @example
 * safeEvaluateScores([0.1, 0.2], [0, 2]).ok; // => false (outcome must be 0/1)
 */
export function safeEvaluateScores(scores: ArrayLike<number>, outcome: ArrayLike<number | boolean>, options: EvaluateOptions = {}): SafeResult<ScoreEvaluation> {
  return toSafe(() => evaluateScores(scores, outcome, options));
}
