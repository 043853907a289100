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

import type { Population } from '../../src/index.js';
import { ageInYears, toDay } from '../../src/core/dates.js';

/**
 * The eligibility relation's reason for population row r on `asOf` (what h17's eligibility SQL
 * gives), written from the rules selectCohort documents: opted out, deceased, left the list,
 * not yet registered or born, under 18; null when eligible.
 */
export function eligibilityReason(population: Population, r: number, asOf: string): string | null {
  const day = toDay(asOf)!;
  const c = population.columns;
  if (c.optedOut[r] === 1) return 'optedOut';
  if (c.deathDate[r]! <= day) return 'deceased';
  if (c.registeredTo[r]! <= day) return 'leftList';
  if (c.birthDate[r]! > day || c.registeredFrom[r]! > day) return 'notRegistered';
  if (ageInYears(c.birthDate[r]!, day) < 18) return 'child';
  return null;
}
