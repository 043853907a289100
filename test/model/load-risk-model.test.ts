import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { loadRiskModel } from '../../src/model/load-risk-model.js';
import { LIBRARY_VERSION, RISK_MODEL_FORMAT_VERSION } from '../../src/model/version.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { nmes } from './fixtures.js';

const { x, y } = nmes();
const model = fitRiskModel(x, y, { definitions: { chronic: 'count of chronic conditions' }, fittedAt: '2026-05-01' });

function problemOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isRiskStratifyError(e)) {
      expect(e.code).toBe('invalid_model');
      expect(e.fn).toBe('loadRiskModel');
      return e.message;
    }
    throw e;
  }
  throw new Error('expected invalid_model');
}

describe('RiskModel.toJSON and loadRiskModel', () => {
  it('LIBRARY_VERSION equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(LIBRARY_VERSION).toBe(pkg.version);
  });
  it('toJSON() is versioned and names features, definitions, coefficients, SEs and training', () => {
    const j = model.toJSON();
    expect(j.format).toBe('risk-stratify/risk-model');
    expect(j.formatVersion).toBe(RISK_MODEL_FORMAT_VERSION);
    expect(j.libraryVersion).toBe(LIBRARY_VERSION);
    expect(j.features.map((f) => f.name)).toEqual(x.names);
    expect(j.features.find((f) => f.name === 'chronic')!.definition).toBe('count of chronic conditions');
    expect(j.training).toEqual({ rows: 4406, events: 865, weightSum: 4406, fittedAt: '2026-05-01' });
  });
  it('a round trip through JSON text is exact to the bit: every coefficient, SE, statistic and score', () => {
    const text = JSON.stringify(model);
    const again = loadRiskModel(text);
    for (const k of Object.keys(model.coefficients)) {
      expect(Object.is(again.coefficients[k], model.coefficients[k])).toBe(true);
      expect(Object.is(again.standardErrors[k], model.standardErrors[k])).toBe(true);
      expect(Object.is(again.pValues[k], model.pValues[k])).toBe(true);
    }
    expect(Object.is(again.deviance, model.deviance)).toBe(true);
    const a = model.score(x);
    const b = again.score(x);
    for (let i = 0; i < x.n; i++) expect(Object.is(a[i], b[i])).toBe(true);
    expect(JSON.stringify(again)).toBe(text);
    expect(loadRiskModel(model.toJSON()).toJSON()).toEqual(model.toJSON());
  });
  it('toJSON() returns a fresh copy: editing it does not change the model', () => {
    const j = model.toJSON();
    j.coefficients['age'] = 99;
    expect(model.coefficients['age']).not.toBe(99);
    expect(Object.isFrozen(model.coefficients)).toBe(true);
  });
  it('a foreign file, a future version or text that is not JSON gets a clear error', () => {
    expect(problemOf(() => loadRiskModel('{"hello": 1}'))).toMatch(/not a risk-stratify model file/);
    expect(problemOf(() => loadRiskModel({ ...model.toJSON(), formatVersion: 3 }))).toMatch(/unsupported model format version \(this library reads versions 1 and 2\).*got 3/);
    expect(problemOf(() => loadRiskModel('{"format": '))).toMatch(/not valid JSON/);
    expect(problemOf(() => loadRiskModel([1, 2]))).toMatch(/expected a saved risk model object/);
  });
  it('reads format version 1 (warnings as strings): typed warnings, the events-per-parameter one worked out, saved again as version 2', () => {
    const v2 = model.toJSON();
    const v1 = { ...v2, formatVersion: 1, warnings: ['fitRiskModel: did not converge in 25 iterations (deviance still changing); raise maxIterations or add a small l2 penalty', 'a hand-written note'] };
    const m = loadRiskModel(JSON.stringify(v1));
    expect(m.warnings.map((w) => w.code)).toEqual(['not_converged', 'note']); // NMES: 865 events for 16 features, enough
    expect(Object.is(m.coefficients['age'], model.coefficients['age'])).toBe(true);
    expect(m.toJSON().formatVersion).toBe(2);
    expect(m.toJSON().warnings[1]).toEqual({ code: 'note', message: 'a hand-written note' });
    // A version-1 model trained on 2 events in 10 rows for 16 features gets the warning it never had.
    const few = loadRiskModel({ ...v1, warnings: [], training: { rows: 10, events: 2, weightSum: 10 } });
    expect(few.warnings.map((w) => [w.code, w.count])).toEqual([['few_events_per_parameter', 2]]);
    // Version 1 with typed warnings, or version 2 with strings, is damaged.
    expect(problemOf(() => loadRiskModel({ ...v2, warnings: ['text'] }))).toMatch(/warnings\.0/);
    expect(problemOf(() => loadRiskModel({ ...v1, warnings: [{ code: 'note', message: 'x' }] }))).toMatch(/warnings\.0/);
    // An unknown code in a saved file is read as a note, its message kept.
    expect(loadRiskModel({ ...v2, warnings: [{ code: 'from_the_future', message: 'm' }] }).warnings).toEqual([{ code: 'note', message: 'm' }]);
  });
  it('a damaged file lists every problem with its path', () => {
    const j = JSON.parse(JSON.stringify(model)) as Record<string, any>;
    j.standardErrors.school = 'x';
    j.fit.iterations = -1;
    const msg = problemOf(() => loadRiskModel(j));
    expect(msg).toMatch(/2 problems: standardErrors\.school: "school" must be a finite number; got "x"; fit\.iterations/);
    const k = JSON.parse(JSON.stringify(model)) as Record<string, any>;
    delete k.coefficients.age;
    k.coefficients.shoe = 1;
    const msg2 = problemOf(() => loadRiskModel(k));
    expect(msg2).toMatch(/coefficients: missing entries for 'age'/);
    expect(msg2).toMatch(/coefficients: entries for unknown features 'shoe'/);
    const nan = JSON.parse(JSON.stringify(model).replace(/"deviance":[0-9.e+-]+/, '"deviance":null'));
    expect(problemOf(() => loadRiskModel(nan))).toMatch(/fit\.deviance/);
  });
  test.prop([fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 3, maxLength: 3 }), fc.double({ noNaN: true, min: -50, max: 50 })])(
    'any coefficients (subnormals and -0 included) survive JSON text bit for bit, and so do their scores',
    ([b0, b1, b2], v) => {
      const base = loadRiskModel(model.toJSON()).toJSON();
      const j = {
        ...base,
        features: [{ name: 'a', mean: 0, scale: 1 }, { name: 'b', mean: 0, scale: 1 }],
        coefficients: { intercept: b0!, a: b1!, b: b2! },
        standardErrors: { intercept: 1, a: 1, b: 1 },
      };
      const m1 = loadRiskModel(j);
      const m2 = loadRiskModel(JSON.stringify(m1));
      for (const k of ['intercept', 'a', 'b']) expect(Object.is(m2.coefficients[k], m1.coefficients[k])).toBe(true);
      const x = toFeatureMatrix({ a: [v, -v, 0], b: [1, v, -1e-300] });
      const s1 = m1.score(x);
      const s2 = m2.score(x);
      for (let i = 0; i < 3; i++) expect(Object.is(s1[i], s2[i])).toBe(true);
    },
  );
});
