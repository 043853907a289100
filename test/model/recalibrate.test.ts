import { describe, expect, it } from 'vitest';
import { recalibrate } from '../../src/model/recalibrate.js';
import { modelId } from '../../src/model/model-id.js';
import { loadRiskModel } from '../../src/model/load-risk-model.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { thrown } from '../helpers/thrown.js';
import { readCsv } from './fixtures.js';

// The old model: logit P = −3 + 0.4·x1 + 0.02·x2, written by hand in the saved format.
const oldJson = {
  format: 'risk-stratify/risk-model', formatVersion: 2, libraryVersion: '0.1.0',
  features: [{ name: 'x1', mean: 2, scale: 1.4 }, { name: 'x2', mean: 57, scale: 21 }],
  coefficients: { intercept: -3, x1: 0.4, x2: 0.02 }, standardErrors: { intercept: 0.5, x1: 0.1, x2: 0.01 },
  fit: { deviance: 250, nullDeviance: 260, aic: 256, iterations: 5, converged: true, l2: 0, tolerance: 1e-8, maxIterations: 25, weighted: false },
  training: { rows: 200, events: 40, weightSum: 200, asOf: '2022-03-31', fittedAt: '2022-04-02T09:00:00Z' },
  warnings: [],
};
const csv = readCsv('recalibrate-small.csv');
const features = toFeatureMatrix({ x1: csv['x1']!.map(Number), x2: csv['x2']!.map(Number) });
const y = csv['y']!.map(Number);

describe('recalibrate', () => {
  it("recalibrate(model, features, y, { method: 'intercept' }) matches statsmodels GLM with the old linear predictor as offset", () => {
    const old = loadRiskModel(oldJson);
    const r = recalibrate(old, features, Object.freeze([...y]), { method: 'intercept' });
    expect(r.intercept).toBeCloseTo(0.10863642269455795, 9);
    expect(r.interceptSE).toBeCloseTo(0.1615164754963403, 8);
    expect(r.slope).toBe(1);
    expect(r.model.coefficients['intercept']).toBeCloseTo(-3 + 0.10863642269455795, 9);
    expect(r.model.coefficients['x1']).toBe(0.4);
    expect(r.model.deviance).toBeCloseTo(213.29520288810744, 8);
    expect(r.events).toBe(61);
    // the score equation of the intercept: predicted risks add up to the events
    const p = r.model.score(features);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(61, 8);
    expect(r.observedExpectedAfter).toBeCloseTo(1, 10);
    expect(r.observedExpectedBefore).toBeGreaterThan(1);
  });

  it("recalibrate(..., { method: 'intercept-and-slope' }) matches statsmodels GLM(y ~ lp)", () => {
    const r = recalibrate(loadRiskModel(oldJson), features, y, { method: 'intercept-and-slope' });
    expect(r.intercept).toBeCloseTo(0.45945170694116144, 8);
    expect(r.slope).toBeCloseTo(1.4285807616260449, 8);
    expect(r.interceptSE).toBeCloseTo(0.2730660181456641, 7);
    expect(r.slopeSE).toBeCloseTo(0.27092653535143535, 7);
    expect(r.model.deviance).toBeCloseTo(210.57681591183567, 8);
    expect(r.model.nullDeviance).toBeCloseTo(246.01658177973835, 8);
    expect(r.model.coefficients['x1']).toBeCloseTo(0.4 * 1.4285807616260449, 8);
    expect(r.model.coefficients['intercept']).toBeCloseTo(0.45945170694116144 - 3 * 1.4285807616260449, 8);
    expect(r.model.standardErrors['x2']).toBeCloseTo(0.01 * 1.4285807616260449, 10);
  });

  it('recalibrate returns a new version naming the old model, saved and reloaded exactly, with the case-management warning', () => {
    const old = loadRiskModel(oldJson);
    expect(old.provenance).toEqual({ version: 1 });
    const r = recalibrate(old, features, y, { fittedAt: '2025-05-01' });
    const p = r.model.provenance;
    expect(p.version).toBe(2);
    expect(p.derivedFrom).toEqual({ id: modelId(old), version: 1, asOf: '2022-03-31', fittedAt: '2022-04-02T09:00:00Z' });
    expect(p.recalibration!.method).toBe('intercept');
    expect(r.model.training.fittedAt).toBe('2025-05-01');
    expect(r.warnings.map((w) => w.code)).toEqual(['case_managed_in_training']);
    expect(r.model.warnings.map((w) => w.code)).toEqual(['case_managed_in_training']);
    const again = loadRiskModel(JSON.stringify(r.model));
    expect(again.provenance).toEqual(p);
    expect(modelId(again)).toBe(modelId(r.model));
    expect(modelId(r.model)).not.toBe(modelId(old));
    // a second recalibration is version 3 and names version 2
    const r3 = recalibrate(again, features, y);
    expect(r3.model.provenance.version).toBe(3);
    expect(r3.model.provenance.derivedFrom!.id).toBe(modelId(again));
    expect(r3.model.warnings.filter((w) => w.code === 'case_managed_in_training')).toHaveLength(1);
  });

  it('recalibrate leaves out the case-managed people it is given, by id', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `p${i}`);
    const f = { ...features, rowIds: ids, column: (name: string) => features.column(name) };
    const r = recalibrate(loadRiskModel(oldJson), f, y, { caseManaged: ['p0', 'p1', 'p2'] });
    expect(r.rows).toBe(197);
    expect(r.warnings[0]!.count).toBe(3);
  });

  it('recalibrate names an outcome of the wrong length, a missing column and a sample with no events', () => {
    const old = loadRiskModel(oldJson);
    expect(thrown(() => recalibrate(old, features, y.slice(1))).code).toBe('length_mismatch');
    expect(thrown(() => recalibrate(old, toFeatureMatrix({ x1: [1, 2] }), [0, 1])).code).toBe('missing_column');
    expect(thrown(() => recalibrate(old, features, y.map(() => 0))).code).toBe('no_events');
  });
});
