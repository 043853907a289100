// Integration back-test: fit a risk model (src/model) at one as-of date on a synthetic
// population (src/synth), score people a year later, select the top 2% per practice and
// evaluate the scores against what happened next. Features are built here by hand (the
// features stage has its own tests); the point is that the stages fit together.
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { evaluateScores } from '../../src/evaluate/evaluate-scores.js';
import { compareScores } from '../../src/evaluate/compare-scores.js';
import { ageInYears } from '../../src/core/dates.js';
import { isEligible, SETTING, type Population } from '../../src/core/population.js';

function emergencyAdmissions(pop: Population, i: number, from: number, to: number): number {
  const a = pop.activity;
  let n = 0;
  for (let e = a.offsets[i]!; e < a.offsets[i + 1]!; e++) {
    if (a.setting[e] === SETTING.inpatient && a.emergency[e] === 1 && a.date[e]! >= from && a.date[e]! < to) n++;
  }
  return n;
}

function snapshot(pop: Population, asOf: number, yearLater: number, yearBefore: number) {
  const rows: number[] = [];
  for (let i = 0; i < pop.size; i++) if (isEligible(pop, i, asOf) && ageInYears(pop.columns.birthDate[i]!, asOf) >= 18) rows.push(i);
  const c = pop.columns;
  const conditions = (i: number) => {
    let k = 0;
    for (let e = pop.conditions.offsets[i]!; e < pop.conditions.offsets[i + 1]!; e++) if (pop.conditions.date[e]! < asOf && pop.conditions.resolvedDate[e]! > asOf) k++;
    return k;
  };
  const priorAdmissions = rows.map((i) => emergencyAdmissions(pop, i, yearBefore, asOf));
  const features = toFeatureMatrix(
    {
      age10: rows.map((i) => ageInYears(c.birthDate[i]!, asOf) / 10),
      female: rows.map((i) => (c.sex[i] === 1 ? 1 : 0)),
      conditions: rows.map(conditions),
      priorAdmissions: priorAdmissions.map((x) => Math.min(x, 5)),
      careHome: rows.map((i) => c.careHome[i]!),
      deprived: rows.map((i) => (c.imdDecile[i]! >= 1 && c.imdDecile[i]! <= 2 ? 1 : 0)),
    },
    { rows: Uint32Array.from(rows), rowIds: rows.map((i) => pop.ids[i]!), asOf },
  );
  const outcome = rows.map((i) => (emergencyAdmissions(pop, i, asOf, yearLater) > 0 ? 1 : 0));
  const admissions = rows.map((i) => emergencyAdmissions(pop, i, asOf, yearLater));
  return { rows, features, outcome, admissions, priorAdmissions };
}

describe('back-test: fit at one date, score the next year', () => {
  const { population: pop, truth } = generatePopulation({ size: 30_000, practices: 6, years: 3, seed: 5 });
  const [y0, y1, y2, y3] = [truth.yearStarts[0]!, truth.yearStarts[1]!, truth.yearStarts[2]!, truth.yearStarts[3]!];
  const train = snapshot(pop, y1, y2, y0);
  const test = snapshot(pop, y2, y3, y1);
  const model = fitRiskModel(train.features, train.outcome);
  const scores = model.score(test.features);

  it('the model fitted a year earlier discriminates and is roughly calibrated on the next year', () => {
    const e = evaluateScores(scores, test.outcome, { admissions: test.admissions });
    expect(e.auroc!).toBeGreaterThan(0.65);
    expect(e.aurocCI![0]).toBeLessThan(e.auroc!);
    expect(Math.abs(e.calibration!.slope! - 1)).toBeLessThan(0.25);
    expect(Math.abs(e.calibration!.intercept!)).toBeLessThan(0.25);
    const top2 = e.atTop.find((t) => t.percent === 2)!;
    expect(top2.lift!).toBeGreaterThan(3);
    expect(top2.admissionsShare!).toBeGreaterThan(0.06);
  });

  it('the model beats prior admissions alone (paired DeLong test)', () => {
    const r = compareScores(scores, test.priorAdmissions, test.outcome);
    expect(r.difference).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(0.05);
  });

  it('selectCohort takes the scores through features.rows and picks ceil(2%) of adults per practice', () => {
    const cohort = selectCohort(scores, pop, { asOf: y2, topPercent: 2, rows: test.features.rows });
    expect(cohort.excluded.notScored).toBe(pop.size - test.rows.length);
    for (const g of cohort.groups) expect(g.selected).toBe(Math.ceil((2 * g.eligible) / 100));
    // The best-ranked person in each practice has that practice's highest score.
    for (const g of cohort.groups) {
      const p = pop.practices.indexOf(g.group);
      const best = Math.max(...test.rows.map((r, j) => (pop.columns.practice[r] === p && pop.columns.optedOut[r] === 0 ? scores[j]! : -Infinity)));
      expect(g.threshold! <= best).toBe(true);
      const first = cohort.selected.group.indexOf(g.group);
      expect(cohort.selected.score[first]).toBe(best);
    }
  });
});
