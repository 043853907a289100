/**
 * Evaluating scores.
 *
 * Start with {@link evaluateScores}: `evaluateScores(scores, outcome)`: discrimination (AUROC with DeLong interval),
 * calibration and what the top slices capture, overall and by group.
 *
 * @module evaluate
 */
export { auroc } from './auroc.js';
export type { AurocResult } from './auroc.js';
export { compareScores } from './compare-scores.js';
export type { ScoreComparison } from './compare-scores.js';
export { calibration } from './calibration.js';
export type { Calibration, CalibrationBin } from './calibration.js';
export { evaluateScores } from './evaluate-scores.js';
export { EvaluateOptions } from './evaluate-options.js';
export type { ScoreEvaluation, ScoreMetrics, GroupMetrics, GroupAtOverallTop, AtTop, ConcentrationPoint, OutcomeWindowSource } from './evaluate-scores.js';
export { safeEvaluateScores } from './safe-evaluate-scores.js';
export { evaluateFairness, FairnessOptions, FAIRNESS_GROUPS, NEED_LEVELS } from './fairness.js';
export type { FairnessGroup, FairnessOutcomes, NeedStratum, EqualNeed, FairnessLevel, FairnessEvaluation } from './fairness.js';
export { nhsEthnicGroup, NHS_ETHNIC_GROUPS } from './nhs-ethnic-group.js';
export type { NhsEthnicGroup } from './nhs-ethnic-group.js';
export type { ObservedExpected } from './observed-expected.js';
