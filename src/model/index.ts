/**
 * The risk model.
 *
 * Start with {@link fitRiskModel}: `fitRiskModel(features, outcome)`: a logistic regression whose `score` gives each
 * person's risk; `loadRiskModel` reads a saved model, `model.toSQL` scores in a warehouse.
 *
 * @module model
 */
export { fitRiskModel, safeFitRiskModel, FitRiskModelOptions } from './fit-risk-model.js';
export { loadRiskModel } from './load-risk-model.js';
export { RiskModelJson, RiskModelJsonV1, MAX_MODEL_FEATURES } from './risk-model-json.js';
export { ScoreOptions } from './risk-model.js';
export type { RiskModel, OddsRatio, RiskModelTraining } from './risk-model.js';
export { RiskModelSqlOptions, riskModelToSQL } from './risk-model-to-sql.js';
export type { SqlModel } from './risk-model-to-sql.js';
export { LIBRARY_VERSION, RISK_MODEL_FORMAT_VERSION } from './version.js';
export { PointsOptions, riskModelToPoints } from './risk-model-to-points.js';
export type { PointsScore } from './risk-model-to-points.js';
export { selectModelFeatures, MODEL_FEATURES } from './select-model-features.js';
export type { DroppedFeature } from './select-model-features.js';
export { scoringEngine } from './scoring-engine.js';
export { scoreReasons, reasonGroups, formatReason, conditionWords, frailtyCategory, ScoreReasonsOptions } from './score-reasons.js';
export type { ScoreReasons, ScoreReason, PersonReasons, ReasonGroup, ReasonModel } from './score-reasons.js';
export { recalibrate, RecalibrateOptions } from './recalibrate.js';
export type { Recalibration, RecalibrationOutcome } from './recalibrate.js';
export { modelId } from './model-id.js';
export type { RiskModelProvenance } from './risk-model.js';
