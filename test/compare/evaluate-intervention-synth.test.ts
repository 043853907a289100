import { describe, expect, it } from 'vitest';
import { evaluateIntervention } from '../../src/compare/evaluate-intervention.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { SYNTH_ACSC_PREFIXES } from '../../src/synth/synth-acsc-prefixes.js';
import { formatDay } from '../../src/core/dates.js';

// Known answer from the synth stage's generator: 24 practices, half case-manage the top 5% of
// adults ranked by emergency admissions in the 12 months before the start (as a naive
// programme would: this is what makes regression to the mean), starting 18 months into a
// 3-year window; the other half are the comparison pool. The generator writes a known
// relative reduction into the treated people's emergency admission rate from the start.
//
// The predicted risk is what a fitted model would roughly give: a function of the person's
// persistent risk and their prior-year admissions (not the truth of what happens next).
//
// Measured with the regression bias correction (default) over seeds 1-60 (null) and 1-30
// (15% reduction), 200 reps, test/fixtures/compare/did-bias-sweep.ts (outputs beside it): null DiD +0.007 +/- 0.006
// admissions per person (relative +0.036 +/- 0.021), interval covering 0 in 87% of seeds;
// with a 15% reduction the relative estimate averages -0.129 +/- 0.019 and its interval
// covers -0.15 in 90% of seeds. Without the correction the null DiD leaned negative
// (-0.016 +/- 0.0075, relative -0.028, 80% coverage; -0.183 +/- 0.022 for the 15% effect,
// 83%): greedy matching left the treated with more prior admissions than their controls
// (+0.017 +/- 0.003) and the DiD carried that gap although regression to the mean removes
// it. The generator's observed / expected admissions are 1 within noise in every group. The
// earlier "-0.11 over seeds 1-6" was that lean plus chance: the across-seed SD of the
// relative estimate at this size is 0.16-0.18, larger than the bootstrap SE (~0.14; the same
// shortfall with 60 practices, so not only for want of clusters), which is why intervals
// cover a little under 95%.
// Seed 1 is an unlucky draw (the treated's true expected admissions after the start are
// 0.076 below their controls'); so the test asserts coverage over seeds 1-6, not one seed.
function run(relativeReduction: number, seed = 2) {
  const { population, truth } = generatePopulation({
    size: 30000, practices: 24, years: 3, seed, gpContacts: false, outpatients: false, medications: false,
    effect: { relativeReduction, startMonth: 18, selection: { topPercent: 5, by: 'admissions' } },
  });
  const e = truth.effect!;
  const treated = e.treatedIds.map((id) => ({ id, start: formatDay(e.startDate) }));
  const comparison = new Set(e.comparisonPractices);
  const pool = population.ids.filter((_, i) => comparison.has(population.practices[population.columns.practice[i]!]!));
  const predictedRisk = (row: number) => 1 - Math.exp(-(0.5 * truth.latentRisk[row]! + 0.3 * e.admissionsBefore[row]!));
  return evaluateIntervention({
    population, treated, pool, predictedRisk, avoidableDiagnoses: [...SYNTH_ACSC_PREFIXES],
    bootstrap: 200, seed,
  });
}

describe('evaluateIntervention on generatePopulation with a known effect', () => {
  const withEffect = run(0.15);
  const noEffect = run(0);
  it('recovers a 15% reduction in emergency admissions: the 95% interval of the relative effect covers -0.15', () => {
    const r = withEffect.effects.emergencyAdmissions.relative;
    expect(withEffect.matched.length).toBeGreaterThan(300);
    expect(r.ci95![0]).toBeLessThan(-0.15);
    expect(r.ci95![1]).toBeGreaterThan(-0.15);
  });
  it('with no effect the DiD interval covers 0, while the naive before/after of the same people shows a spurious fall', () => {
    const e = noEffect.effects.emergencyAdmissions;
    expect(e.did.ci95[0]).toBeLessThan(0);
    expect(e.did.ci95[1]).toBeGreaterThan(0);
    expect(e.naiveBeforeAfter.ci95[1]).toBeLessThan(0);
    expect(e.naiveBeforeAfter.estimate / e.treatedBefore).toBeLessThan(-0.3);
    // the controls fall too: that fall is the regression to the mean
    expect(e.regressionToMean).toBeLessThan(0);
    expect(e.controlChange.ci95[1]).toBeLessThan(0);
  });
  it('over seeds 1-6 the 95% interval covers the truth in at least 5 of 6, for a 15% reduction and for none', () => {
    const seeds = [1, 2, 3, 4, 5, 6];
    const eff = seeds.map((sd) => run(0.15, sd).effects.emergencyAdmissions.relative);
    const nul = seeds.map((sd) => run(0, sd).effects.emergencyAdmissions.did);
    expect(eff.filter((r) => r.ci95![0] < -0.15 && r.ci95![1] > -0.15).length).toBeGreaterThanOrEqual(5);
    expect(nul.filter((r) => r.ci95[0] < 0 && r.ci95[1] > 0).length).toBeGreaterThanOrEqual(5);
    // no lean in either direction beyond chance: the six-seed means sit within 2 SE (SD ~0.17 / sqrt 6) of the truth
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(eff.map((r) => r.estimate!)) + 0.15)).toBeLessThan(0.14);
  }, 120_000);
});
