import { describe, expect, it } from 'vitest';
import { compareVariants } from '../../src/compare/compare-variants.js';
import { backtestOutcomes } from '../../src/compare/backtest-outcomes.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { SYNTH_ACSC_PREFIXES } from '../../src/synth/synth-acsc-prefixes.js';

// Integration on the synth stage's population: a naive "past use" score (last year's
// emergency admissions, ties split by the persistent risk) against the generator's true
// admission probability for the coming year (an oracle), top 2% and top 5% per practice.
describe('compareVariants on a synthetic population', () => {
  const { population, truth } = generatePopulation({ size: 20000, practices: 8, years: 3, seed: 3, gpContacts: false, outpatients: false, medications: false });
  const asOf = truth.yearStarts[1]!;
  const outcomes = backtestOutcomes(population, { asOf, avoidableDiagnoses: [...SYNTH_ACSC_PREFIXES] });
  const pastUse = Float64Array.from(outcomes.priorEmergencyAdmissions, (x, i) => x + 0.001 * truth.latentRisk[i]!);
  const oracle = truth.admissionProbability[1]!;
  const cmp = compareVariants(pastUse, population, outcomes, [
    { name: 'past use top 2%', topPercent: 2 },
    { name: 'past use top 5%', topPercent: 5 },
    { name: 'oracle top 2%', topPercent: 2, scores: oracle },
  ], { asOf, effect: [0, 0.2], costPerPersonYear: 500, costPerAdmission: 2000, bootstrap: 200, seed: 1 });
  const [past2, past5, oracle2] = cmp.variants;

  it('people picked for high past use fall back the next year: the no-intervention fall is positive with its interval above 0', () => {
    expect(past2!.expectedFallNoIntervention.estimate).toBeGreaterThan(0);
    expect(past2!.expectedFallNoIntervention.ci95![0]).toBeGreaterThan(0);
    expect(past2!.relativeFallNoIntervention.estimate).toBeGreaterThan(0.2);
  });
  it('the top-5% cohort is larger and catches more of the admissions; the 2% one has the higher PPV', () => {
    expect(past5!.cohortSize).toBeGreaterThan(2 * past2!.cohortSize);
    expect(past5!.sensitivity.estimate).toBeGreaterThan(past2!.sensitivity.estimate!);
    expect(past2!.ppv.estimate).toBeGreaterThanOrEqual(past5!.ppv.estimate!);
    const d = cmp.differences.find((x) => x.a === 'past use top 2%' && x.b === 'past use top 5%' && x.metric === 'sensitivity')!;
    expect(d.ci95![1]).toBeLessThan(0);
  });
  it('the oracle score (true probability for the year) captures at least as many next-year admissions as past use', () => {
    expect(oracle2!.admissions.estimate).toBeGreaterThanOrEqual(past2!.admissions.estimate!);
  });
});
