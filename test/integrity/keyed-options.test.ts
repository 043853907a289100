import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateScores } from '../../src/evaluate/evaluate-scores.js';
import { evaluateFairness } from '../../src/evaluate/fairness.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { buildMonthlySeries } from '../../src/compare/build-monthly-series.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { selectModelFeatures } from '../../src/model/select-model-features.js';
import { runMonthlyRefresh } from '../../src/refresh/run-monthly-refresh.js';
import { PROTOTYPE_KEYS } from './prototype-keys.js';

// Issue 20: every keyed option is read by own keys, so a key that names a member of
// Object.prototype ('__proto__', 'constructor', 'toString', ...) is an ordinary name: never
// dropped (zod's z.record drops '__proto__'), never answered by the prototype.

/** `{ [key]: value }` with `key` an own property, even '__proto__' (as JSON.parse makes it). */
function own<T>(key: string, value: T): Record<string, T> {
  const o: Record<string, T> = {};
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

const key = fc.constantFrom(...PROTOTYPE_KEYS);

describe('keyed options read by own keys (property over Object.prototype names)', () => {
  it('evaluateScores: a subgroup named like a prototype member is evaluated under its name', () => {
    const scores = Float64Array.from({ length: 40 }, (_, i) => (i + 0.5) / 40);
    const y = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 || i > 30 ? 1 : 0));
    const labels = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'a' : 'b'));
    fc.assert(fc.property(key, (k) => {
      const r = evaluateScores(scores, y, { groups: own(k, labels) });
      expect(Object.keys(r.byGroup)).toEqual([k]);
      expect(Object.getOwnPropertyDescriptor(r.byGroup, k)?.value).toEqual(evaluateScores(scores, y, { groups: { g: labels } }).byGroup['g']);
    }), { numRuns: PROTOTYPE_KEYS.length });
  });

  it('loadPopulation: conditionCodes keyed by a prototype name maps that code and no other', () => {
    fc.assert(fc.property(key, (k) => {
      const conditions = `patientId,code,date\nA,${k},2020-01-01\nB,somethingElse,2020-01-01\n`;
      const r = loadPopulation(
        { patients: 'id,practiceId,sex,birthDate,optedOut\nA,P1,F,1950-01-01,no\nB,P1,M,1950-01-01,no\n', conditions },
        { conditionCodes: own(k, 'asthma'), extractDate: '2024-01-01' },
      );
      const unknown = r.summary.unknownConditionCodes?.top.map((t) => t.code) ?? [];
      expect(unknown).toEqual(['somethingElse']);
      expect(r.population.conditions.date.length).toBe(1);
    }), { numRuns: PROTOTYPE_KEYS.length });
  });

  it('buildMonthlySeries: sites keyed by a practice named like a prototype member', () => {
    const { population } = generatePopulation({ size: 400, seed: 3, practices: 2 });
    const [p0, p1] = population.practices as [string, string];
    fc.assert(fc.property(key, (k) => {
      const sites = { ...own(p0, k), [p1]: 'other' };
      const rows = buildMonthlySeries(population, { from: '2022-04-01', to: '2022-06-30', per: 'site', sites, measures: ['emergencyAdmissionsPer1000'] });
      expect([...new Set(rows.map((r) => r.unit))].sort()).toEqual([k, 'other'].sort());
    }), { numRuns: PROTOTYPE_KEYS.length });
  });

  it('runMonthlyRefresh and evaluateFairness: an exclusion list and an extra group named like a prototype member', () => {
    const { population } = generatePopulation({ size: 3000, seed: 4 });
    const f = buildFeatures(population, { asOf: '2022-04-01' });
    const past = selectModelFeatures(f).matrix;
    const model = fitRiskModel(past, buildOutcomes(population, { asOf: '2022-04-01', rows: past.rows }).emergencyAdmission);
    const first = runMonthlyRefresh(population, { asOf: '2023-04-01', model, driftMonths: 0, evaluate: false, variants: [{ name: 'top5', topPercent: 5 }] });
    const someone = first.variants['top5']!.cohort.selected.ids[0]!;
    fc.assert(fc.property(key, (k) => {
      const r = runMonthlyRefresh(population, { asOf: '2023-04-01', model, driftMonths: 0, evaluate: false, variants: [{ name: 'top5', topPercent: 5 }], exclude: own(k, [someone]) });
      const c = r.variants['top5']!.cohort;
      expect(c.selected.ids).not.toContain(someone);
      expect(c.exclusionLists.map((l) => l.list)).toEqual([k]);
    }), { numRuns: 8 });
    const scores = first.scores;
    const outcomes = buildOutcomes(population, { asOf: '2023-04-01', rows: first.features.rows });
    const labels = Array.from(scores, (_, i) => (i % 2 ? 'x' : 'y'));
    fc.assert(fc.property(key, (k) => {
      const fair = evaluateFairness(population, scores, outcomes, { rows: first.features.rows, groups: [], extraGroups: own(k, labels), suppression: false });
      expect(Object.keys(fair.groups)).toEqual([k]);
    }), { numRuns: 8 });
  });
});
