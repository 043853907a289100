import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { formatReason, loadRiskModel, reasonGroups, scoreReasons, toFeatureMatrix, type RiskModel } from '../../src/index.js';

/** A model from coefficients and training means (the saved JSON form; SEs and fit figures are placeholders). */
function tinyModel(coefficients: Record<string, number>, means: Record<string, number>): RiskModel {
  const names = Object.keys(means);
  return loadRiskModel({
    format: 'risk-stratify/risk-model', formatVersion: 2, libraryVersion: 'test',
    features: names.map((name) => ({ name, mean: means[name]!, scale: 1 })),
    coefficients,
    standardErrors: Object.fromEntries(Object.keys(coefficients).map((k) => [k, 0.1])),
    fit: { deviance: 1, nullDeviance: 2, aic: 3, iterations: 5, converged: true, l2: 0, tolerance: 1e-10, maxIterations: 25, weighted: false },
    training: { rows: 100, events: 10, weightSum: 100 },
    warnings: [],
  });
}

describe('scoreReasons', () => {
  it('a hand-worked person: contributions b x (x - mean), grouped, ranked, in words, as odds multipliers', () => {
    const model = tinyModel(
      { intercept: -4, age: 0.03, age_85_plus: 0.5, emergency_admissions: 0.6, emergency_bed_days: 0.02, ltc_heart_failure: 0.8, sex_female: -0.1 },
      { age: 50, age_85_plus: 0.02, emergency_admissions: 0.1, emergency_bed_days: 0.5, ltc_heart_failure: 0.02, sex_female: 0.5 },
    );
    // Person 0: aged 88 (85+), 2 emergency admissions with 9 bed days, heart failure, female.
    const features = toFeatureMatrix({ age: [88, 40], age_85_plus: [1, 0], emergency_admissions: [2, 0], emergency_bed_days: [9, 0], ltc_heart_failure: [1, 0], sex_female: [1, 0] });
    const r = scoreReasons(model, features, { rows: [0] });
    // By hand:
    //   age group       0.03 x (88 - 50) + 0.5 x (1 - 0.02)  = 1.14 + 0.49  = 1.63   -> odds x exp(1.63)  = 5.10
    //   emergency group 0.6 x (2 - 0.1) + 0.02 x (9 - 0.5)   = 1.14 + 0.17  = 1.31   -> odds x exp(1.31)  = 3.71
    //   heart failure   0.8 x (1 - 0.02)                      = 0.784                -> odds x exp(0.784) = 2.19
    //   sex             -0.1 x (1 - 0.5)                      = -0.05 (lowers the risk: not a reason)
    //   mean person's log-odds: -4 + 0.03x50 + 0.5x0.02 + 0.6x0.1 + 0.02x0.5 + 0.8x0.02 - 0.1x0.5 = -2.454
    //   the person's log-odds:  -4 + 0.03x88 + 0.5 + 0.6x2 + 0.02x9 + 0.8 - 0.1             =  1.22
    //   1.63 + 1.31 + 0.784 - 0.05 = 3.674 = 1.22 - (-2.454)
    expect(r.groups.map((g) => g.key)).toEqual(['age', 'emergency', 'ltc_heart_failure', 'sex']);
    expect(r.meanLogOdds).toBeCloseTo(-2.454, 12);
    const p = r.people[0]!;
    expect(p.logOdds).toBeCloseTo(1.22, 12);
    expect(p.contributions[0]).toBeCloseTo(1.63, 12);
    expect(p.contributions[1]).toBeCloseTo(1.31, 12);
    expect(p.contributions[2]).toBeCloseTo(0.784, 12);
    expect(p.contributions[3]).toBeCloseTo(-0.05, 12);
    expect(p.reasons.map((x) => x.text)).toEqual(['aged 85+', '2 emergency admissions in the last 12 months (9 bed days)', 'heart failure']);
    expect(p.reasons.map(formatReason)).toEqual(['aged 85+ (odds x5.1)', '2 emergency admissions in the last 12 months (9 bed days) (odds x3.7)', 'heart failure (odds x2.2)']);
    expect(p.reasons[0]!.oddsMultiplier).toBeCloseTo(Math.exp(1.63), 12);
    // The person's log-odds is the model's: logit(score).
    const s = model.score(features)[0]!;
    expect(Math.log(s / (1 - s))).toBeCloseTo(p.logOdds, 10);
  });

  it('groups age with its bands, the emergency history together, each condition apart', () => {
    expect(reasonGroups(['age', 'age_65_74', 'age_85_plus', 'sex_female', 'imd_decile', 'imd_missing', 'ltc_count', 'ltc_copd', 'efi', 'emergency_admissions', 'emergency_bed_days', 'months_since_emergency', 'gp_contacts']))
      .toEqual([
        { key: 'age', features: ['age', 'age_65_74', 'age_85_plus'] },
        { key: 'sex', features: ['sex_female'] },
        { key: 'deprivation', features: ['imd_decile', 'imd_missing'] },
        { key: 'ltc_count', features: ['ltc_count'] },
        { key: 'ltc_copd', features: ['ltc_copd'] },
        { key: 'frailty', features: ['efi'] },
        { key: 'emergency', features: ['emergency_admissions', 'emergency_bed_days', 'months_since_emergency'] },
        { key: 'gp_contacts', features: ['gp_contacts'] },
      ]);
  });

  test.prop([
    fc.array(fc.record({ b: fc.double({ min: -3, max: 3, noNaN: true }), mean: fc.double({ min: -5, max: 5, noNaN: true }), x: fc.double({ min: -10, max: 10, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
    fc.double({ min: -5, max: 5, noNaN: true }),
  ], { seed: 14 })('contributions sum to the person\'s log-odds minus the mean person\'s', (terms, b0) => {
    const pool = ['age', 'age_85_plus', 'emergency_admissions', 'emergency_bed_days', 'ltc_copd', 'sex_female', 'efi', 'custom_x'];
    const names = terms.map((_, j) => pool[j]!);
    const model = tinyModel(
      { intercept: b0, ...Object.fromEntries(names.map((n, j) => [n, terms[j]!.b])) },
      Object.fromEntries(names.map((n, j) => [n, terms[j]!.mean])),
    );
    const features = toFeatureMatrix(Object.fromEntries(names.map((n, j) => [n, [terms[j]!.x]])));
    const r = scoreReasons(model, features);
    const p = r.people[0]!;
    const sum = p.contributions.reduce((s, c) => s + c, 0);
    expect(sum).toBeCloseTo(p.logOdds - r.meanLogOdds, 9);
    // Reasons: only positive contributions, largest first, at most three.
    expect(p.reasons.length).toBeLessThanOrEqual(3);
    for (let k = 0; k < p.reasons.length; k++) {
      expect(p.reasons[k]!.contribution).toBeGreaterThan(0);
      if (k > 0) expect(p.reasons[k]!.contribution).toBeLessThanOrEqual(p.reasons[k - 1]!.contribution);
    }
  });
});
