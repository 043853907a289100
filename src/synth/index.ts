/**
 * A synthetic population.
 *
 * Start with {@link generatePopulation}: `generatePopulation({ size, seed })`: a population with known true effects, for
 * trying the pipeline and testing it; `summarisePopulation` describes any population.
 *
 * @module synth
 */
export { generatePopulation, GeneratePopulationOptions } from './generate-population.js';
export type { SyntheticEffect, SyntheticEffectSelection } from './generate-population.js';
export type { SyntheticPopulation, SyntheticTruth, SyntheticEffectTruth } from './generate-population.js';
export { SYNTH_REFERENCE, SYNTH_CONDITIONS } from './synth-reference.js';
export { SYNTH_ACSC_PREFIXES } from './synth-acsc-prefixes.js';
export { summarisePopulation, SummarisePopulationOptions } from './summarise-population.js';
export type { PopulationSummary, ActivitySummaryRow } from './summarise-population.js';
