// The population the SQL equality tests share: generated, with a model on a few whole-number
// features so that many people share a score and ties straddle every cut.
import { buildFeatures, buildOutcomes, fitRiskModel, generatePopulation, selectModelFeatures } from '../../src/index.js';

export const asOf = '2024-03-01';
export const previousAsOf = '2024-02-01';
export const { population } = generatePopulation({ size: 3000, practices: 6, seed: 17 });
/** Whole-number features only: scores take few values, so ties cross the cut. */
export const TIED_FEATURES = ['ltc_count', 'age_75_84', 'age_85_plus', 'care_home'];
const past = selectModelFeatures(buildFeatures(population, { asOf: '2023-03-01' }), TIED_FEATURES).matrix;
export const model = fitRiskModel(past, buildOutcomes(population, { asOf: '2023-03-01', rows: past.rows }).emergencyAdmission, { l2: 1 });
export const features = buildFeatures(population, { asOf });
export const x = selectModelFeatures(features, TIED_FEATURES).matrix;
export const scores = model.score(x);
