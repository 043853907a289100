// Integration: the synthetic population (src/synth) -> selectCohort -> cohortChurn ->
// evaluateScores, with the generator's ground truth as the scores.
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { cohortChurn } from '../../src/cohort/cohort-churn.js';
import { evaluateScores } from '../../src/evaluate/evaluate-scores.js';
import { ageInYears } from '../../src/core/dates.js';
import { isEligible, SETTING } from '../../src/core/population.js';

describe('cohort and evaluation on a synthetic population', () => {
  const { population: pop, truth } = generatePopulation({ size: 20_000, practices: 8, years: 3, seed: 11 });
  const year1 = truth.yearStarts[1]!;
  const year2 = truth.yearStarts[2]!;
  // Any emergency inpatient admission in year 2 of the window.
  const admissions = new Float64Array(pop.size);
  const a = pop.activity;
  for (let i = 0; i < pop.size; i++) {
    for (let e = a.offsets[i]!; e < a.offsets[i + 1]!; e++) {
      if (a.setting[e] === SETTING.inpatient && a.emergency[e] === 1 && a.date[e]! >= year1 && a.date[e]! < year2) admissions[i]!++;
    }
  }
  const eligible = Uint8Array.from({ length: pop.size }, (_, i) => (isEligible(pop, i, year1) && pop.columns.optedOut[i] === 0 ? 1 : 0));
  const rows = Array.from({ length: pop.size }, (_, i) => i).filter((i) => eligible[i] === 1);

  it('selects ceil(2%) of eligible adults per practice by the true risk, never an opted-out, dead or departed person', () => {
    const cohort = selectCohort(truth.latentRisk, pop, { asOf: year1, topPercent: 2, missing: 'exclude' });
    expect(cohort.groups).toHaveLength(8);
    for (const g of cohort.groups) {
      const p = pop.practices.indexOf(g.group);
      const adults = rows.filter((i) => pop.columns.practice[i] === p && ageInYears(pop.columns.birthDate[i]!, year1) >= 18 && !Number.isNaN(truth.latentRisk[i]!)).length;
      expect(g.eligible).toBe(adults);
      expect(g.selected).toBe(Math.ceil((2 * adults) / 100));
    }
    for (const r of cohort.selected.rows) {
      expect(isEligible(pop, r, year1)).toBe(true);
      expect(pop.columns.optedOut[r]).toBe(0);
      expect(ageInYears(pop.columns.birthDate[r]!, year1)).toBeGreaterThanOrEqual(18);
    }
    expect(cohort.excluded.optedOut).toBeGreaterThan(0);
  });

  it('churn between two yearly runs finds people who died or left, and people whose risk fell', () => {
    const first = selectCohort(truth.expectedAdmissions[0]!, pop, { asOf: year1, topPercent: 5, missing: 'exclude' });
    const second = selectCohort(truth.expectedAdmissions[1]!, pop, { asOf: year2, topPercent: 5, missing: 'exclude' });
    const churn = cohortChurn(first, second, { population: pop });
    expect(churn.counts.stayed + churn.counts.left).toBe(first.selected.ids.length);
    expect(churn.counts.byReason.died ?? 0).toBeGreaterThan(0);
    expect(churn.counts.byReason['risk fell'] ?? 0).toBeGreaterThan(0);
    for (const x of churn.left.filter((l) => l.reason === 'died')) expect(pop.columns.deathDate[pop.indexOf(x.id)]!).toBeLessThanOrEqual(year2);
  });

  it('the true admission probabilities are well calibrated and the top slices capture more than their share', () => {
    const prob = truth.admissionProbability[1]!;
    const s = rows.map((i) => prob[i]!);
    const y = rows.map((i) => (admissions[i]! > 0 ? 1 : 0));
    const e = evaluateScores(s, y, { admissions: rows.map((i) => admissions[i]!), groups: { practice: rows.map((i) => pop.practices[pop.columns.practice[i]!]!) } });
    expect(e.auroc!).toBeGreaterThan(0.6);
    expect(Math.abs(e.calibration!.slope! - 1)).toBeLessThan(0.12);
    expect(Math.abs(e.calibration!.intercept!)).toBeLessThan(0.1);
    const top5 = e.atTop.find((t) => t.percent === 5)!;
    expect(top5.lift!).toBeGreaterThan(2);
    expect(top5.admissionsShare!).toBeGreaterThan(0.1);
    expect(Object.keys(e.byGroup['practice']!)).toHaveLength(8);
  });
});
