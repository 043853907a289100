/**
 * The steps the demo and the subcommands share: features and outcomes as of a date, the
 * model's feature set, fitting, scoring and selecting. Thin wrappers over the library so that
 * `demo`, `fit`, `score` and `evaluate` do exactly the same thing. The monthly job itself
 * (scores, cohorts, case lists, churn) is the library's `runMonthlyRefresh`, which `cohort`,
 * `refresh` and `demo` call.
 */
import type { Population } from '../core/population.js';
import { evaluateScores, type ScoreEvaluation } from '../evaluate/index.js';
import { evaluationGroups } from '../refresh/index.js';
import { buildFeatures, buildOutcomes, type FeatureSet, type Outcomes } from '../features/index.js';
import { fitRiskModel, MODEL_FEATURES, selectModelFeatures, type DroppedFeature, type RiskModel } from '../model/index.js';

/** Which outcome a model predicts. */
export type OutcomeName = 'emergencyAdmission' | 'avoidableAdmission';

export interface StepOptions {
  lookbackMonths: number;
  horizonMonths: number;
  onProgress?: (done: number, total: number) => void;
  /** A lookback starting before the extract's activity is complete: a warning (default) or an error. */
  beforeData?: 'warn' | 'error';
}

/** Features as of `asOf` and the outcomes in the horizon after it, for the same rows. */
export function featuresAndOutcomes(population: Population, asOf: number, o: StepOptions): { features: FeatureSet; outcomes: Outcomes } {
  const beforeData = o.beforeData ?? 'warn';
  const features = buildFeatures(population, { asOf, lookbackMonths: o.lookbackMonths, beforeData, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  const outcomes = buildOutcomes(population, { asOf, horizonMonths: o.horizonMonths, rows: features.rows, beforeData });
  return { features, outcomes };
}

/** A model fitted on features at `asOf` against the outcome in the horizon after it. */
export interface Fitted {
  model: RiskModel;
  features: FeatureSet;
  outcomes: Outcomes;
  dropped: DroppedFeature[];
}

export function fitAt(population: Population, asOf: number, outcome: OutcomeName, o: StepOptions & { featureNames?: readonly string[]; l2?: number }): Fitted {
  const { features, outcomes } = featuresAndOutcomes(population, asOf, o);
  const { matrix, dropped } = selectModelFeatures(features, o.featureNames ?? MODEL_FEATURES);
  const model = fitRiskModel(matrix, outcomes[outcome], { l2: o.l2 ?? 0 });
  return { model, features, outcomes, dropped };
}

/** Scores everyone eligible at `asOf` with `model` (features rebuilt as of that date). */
export function scoreAt(population: Population, model: RiskModel, asOf: number, o: Pick<StepOptions, 'lookbackMonths' | 'onProgress' | 'beforeData'>): { features: FeatureSet; scores: Float64Array } {
  const features = buildFeatures(population, { asOf, lookbackMonths: o.lookbackMonths, beforeData: o.beforeData ?? 'warn', ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  return { features, scores: model.score(features, { ignoreExtra: true }) };
}

/** Evaluates scores against outcomes (same rows), with admissions, bed days and subgroups, on the outcomes' window. */
export function evaluateAgainst(population: Population, scores: Float64Array, outcomes: Outcomes, outcome: OutcomeName, asOf: number): ScoreEvaluation {
  return evaluateScores(scores, outcomes[outcome], {
    outcomeWindow: outcomes,
    admissions: outcomes.emergencyAdmissions,
    bedDays: outcomes.bedDays,
    groups: evaluationGroups(population, outcomes.rows, asOf),
  });
}

/** A variant of selection, as in the config file. */
export interface VariantSpec {
  name: string;
  topPercent?: number | undefined;
  topN?: number | undefined;
  per: 'practice' | 'population';
  adultsOnly: boolean;
  policy: 'exact' | 'threshold';
  capacity?: number | Record<string, number> | undefined;
}
