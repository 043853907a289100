import { describe, expect, it } from 'vitest';
import {
  backtestOutcomes, buildFeatures, buildOutcomes, compareVariants, evaluateScores, fitRiskModel, generatePopulation,
  selectCohort, selectModelFeatures,
} from '../../src/index.js';

// Scores from model.score and outcomes from buildOutcomes carry their population rows, so the
// functions that take them line them up without the caller threading `rows` (issue 14).
const { population } = generatePopulation({ size: 6000, seed: 3 });
const past = selectModelFeatures(buildFeatures(population, { asOf: '2022-04-01' })).matrix;
const model = fitRiskModel(past, buildOutcomes(population, { asOf: '2022-04-01', rows: past.rows }).emergencyAdmission);
const now = buildFeatures(population, { asOf: '2023-04-01' });
const scores = model.score(now, { ignoreExtra: true });

describe('scores carry their rows', () => {
  it('model.score(features) carries features.rows (fewer people than the population)', () => {
    expect(scores.length).toBeLessThan(population.size);
    expect((scores as Float64Array & { rows?: Uint32Array }).rows).toBe(now.rows);
  });

  it('selectCohort on model.score output without rows equals the same call with rows', () => {
    const a = selectCohort(scores, population, { asOf: '2023-04-01', topPercent: 2 });
    const b = selectCohort(scores, population, { asOf: '2023-04-01', topPercent: 2, rows: now.rows });
    expect(a.selected.ids).toEqual(b.selected.ids);
    expect(a.excluded['notScored']).toBe(population.size - scores.length);
  });

  it('evaluateScores lines up outcomes built on all eligible rows with the scores', () => {
    const next = buildOutcomes(population, { asOf: '2023-04-01' });
    const aligned = buildOutcomes(population, { asOf: '2023-04-01', rows: now.rows });
    const a = evaluateScores(scores, next.emergencyAdmission, { topPercents: [2] });
    const b = evaluateScores(scores, aligned.emergencyAdmission, { topPercents: [2] });
    expect(a.auroc).toBe(b.auroc);
    expect(a.atTop[0]!.ppv).toBe(b.atTop[0]!.ppv);
  });

  it('evaluateScores names the mismatch and the fix when an outcome lacks a scored person', () => {
    const fewer = buildOutcomes(population, { asOf: '2023-04-01', rows: now.rows.subarray(0, 100) });
    expect(() => evaluateScores(scores, fewer.emergencyAdmission)).toThrow(/no value for population row .*rows: features.rows/);
  });

  it('compareVariants on the output of model.score works (it threw "expected one value per population row")', () => {
    // Back-test: scores and outcomes a year before the extract's end.
    const then = buildFeatures(population, { asOf: '2022-04-01' });
    const s = model.score(then, { ignoreExtra: true });
    expect(s.length).toBeLessThan(population.size);
    const outcomes = backtestOutcomes(population, { asOf: '2022-04-01' });
    const cmp = compareVariants(s, population, outcomes, [{ name: 'top2', topPercent: 2 }, { name: 'top5', topPercent: 5 }], { asOf: '2022-04-01', bootstrap: 20, seed: 1 });
    expect(cmp.variants[1]!.cohortSize).toBeGreaterThan(cmp.variants[0]!.cohortSize);
    // The same as spreading by hand (NaN = not scored).
    const spread = new Float64Array(population.size).fill(Number.NaN);
    then.rows.forEach((r, i) => { spread[r] = s[i]!; });
    const byHand = compareVariants(spread, population, outcomes, [{ name: 'top2', topPercent: 2 }], { asOf: '2022-04-01', bootstrap: 20, seed: 1 });
    expect(byHand.variants[0]!.cohortSize).toBe(cmp.variants[0]!.cohortSize);
  });

  it('compareVariants names the fix for a bare vector of the wrong length', () => {
    const outcomes = backtestOutcomes(population, { asOf: '2022-04-01' });
    expect(() => compareVariants(Array.from(scores), population, outcomes, [{ name: 'x', topPercent: 2 }], { asOf: '2022-04-01' }))
      .toThrow(/expected one value per population row \(6000\); got \d+\. Pass the vector as model.score/);
  });
});
