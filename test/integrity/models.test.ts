// Issue 20, model files: hostile or unusual saved models. Feature names that are members of
// Object.prototype, non-finite numbers, a size limit, and loading linear in the model's size.
import { describe, expect, it } from 'vitest';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { loadRiskModel } from '../../src/model/load-risk-model.js';
import { MAX_MODEL_FEATURES } from '../../src/model/risk-model-json.js';
import { thrown } from '../helpers/thrown.js';
import { createRng } from '../../src/core/rng.js';
import { PROTOTYPE_KEYS } from './prototype-keys.js';

/** A small design with two features, `age` and `name`, and an outcome depending on both. */
function design(name: string): { columns: Record<string, Float64Array>; y: Uint8Array } {
  const rng = createRng(7);
  const n = 400;
  const age = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = 40 + Math.floor(rng.uniform() * 50);
    x[i] = rng.uniform() < 0.3 ? 1 : 0;
    const p = 1 / (1 + Math.exp(-(-6 + 0.06 * age[i]! + 1.2 * x[i]!)));
    y[i] = rng.uniform() < p ? 1 : 0;
  }
  // fromEntries makes `name` an own key even when it is '__proto__'.
  return { columns: Object.fromEntries([['age', age], [name, x]]) as Record<string, Float64Array>, y };
}

const ordinary = design('x');
const ordinaryModel = fitRiskModel(toFeatureMatrix(ordinary.columns), ordinary.y);
const ordinaryScores = ordinaryModel.score(toFeatureMatrix(ordinary.columns));

/** The ordinary model's saved JSON text with its feature `x` renamed `name` everywhere. */
function renamedJson(name: string): string {
  const j = ordinaryModel.toJSON();
  const rename = (rec: Record<string, number>): Record<string, number> => Object.fromEntries(Object.keys(rec).map((k) => [k === 'x' ? name : k, rec[k]!]));
  return JSON.stringify({ ...j, features: j.features.map((f) => (f.name === 'x' ? { ...f, name } : f)), coefficients: rename(j.coefficients), standardErrors: rename(j.standardErrors) });
}


/** A saved model with `k` features named f0..f{k-1}, all coefficients 0.001, as JSON text. */
function wideModelJson(k: number): string {
  const names = Array.from({ length: k }, (_, j) => `f${j}`);
  const coefficients: Record<string, number> = { intercept: -3 };
  const standardErrors: Record<string, number> = { intercept: 0.1 };
  for (const nm of names) {
    coefficients[nm] = 0.001;
    standardErrors[nm] = 0.01;
  }
  const j = ordinaryModel.toJSON();
  return JSON.stringify({ ...j, features: names.map((name) => ({ name, mean: 0, scale: 1 })), coefficients, standardErrors, warnings: [] });
}

describe('model files: keys that name members of Object.prototype', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])('a feature named %s loads and scores exactly as a feature named x', (name) => {
    const m = loadRiskModel(renamedJson(name));
    expect(m.featureNames).toEqual(['age', name]);
    expect(Object.hasOwn(m.coefficients, name)).toBe(true);
    expect(m.coefficients[name]).toBe(ordinaryModel.coefficients['x']);
    expect(m.standardErrors[name]).toBe(ordinaryModel.standardErrors['x']);
    const scores = m.score(toFeatureMatrix(design(name).columns));
    expect(Array.from(scores)).toEqual(Array.from(ordinaryScores));
    // It saves and loads again unchanged.
    expect(loadRiskModel(JSON.stringify(m)).coefficients[name]).toBe(ordinaryModel.coefficients['x']);
    expect(m.toSQL({ dialect: 'duckdb', table: 't', idColumn: 'id' })).toContain(`"${name}"`);
  });

  it.each(['toString', 'constructor', '__proto__'])('a coefficient for a feature %s that the model does not have is named as an unknown feature', (name) => {
    const j = JSON.parse(renamedJson('x')) as { coefficients: Record<string, number> };
    Object.defineProperty(j.coefficients, name, { value: 1, enumerable: true, configurable: true, writable: true });
    const e = thrown(() => loadRiskModel(JSON.stringify(j)));
    expect(e.code).toBe('invalid_model');
    expect(e.message).toContain(`entries for unknown features '${name}'`);
  });

  it.each(['toString', 'constructor', '__proto__'])('a feature %s without a coefficient is named as missing (not found on the prototype)', (name) => {
    const j = JSON.parse(renamedJson(name)) as { coefficients: Record<string, number> };
    delete j.coefficients[name];
    const e = thrown(() => loadRiskModel(JSON.stringify(j)));
    expect(e.message).toContain(`coefficients: missing entries for '${name}'`);
  });
});

describe('model files: numbers', () => {
  it('a coefficient of 1e999 (Infinity once parsed) is refused naming the key', () => {
    const text = renamedJson('x').replace(/"x":(-?[0-9.e+-]+)/, '"x":1e999');
    expect(text).toContain('"x":1e999');
    const e = thrown(() => loadRiskModel(text));
    expect(e.code).toBe('invalid_model');
    expect(e.message).toMatch(/coefficients\.x: "x" must be a finite number; got Infinity/);
    expect(e.path).toEqual(['coefficients', 'x']);
  });
  it('a standard error of -1e999 and a string coefficient are refused naming their keys', () => {
    const j = JSON.parse(renamedJson('x')) as { coefficients: Record<string, unknown>; standardErrors: Record<string, unknown> };
    j.coefficients['age'] = '0.05';
    const text = JSON.stringify(j).replace(/("standardErrors":\{[^}]*"x":)[^,}]+/, '$1-1e999');
    const e = thrown(() => loadRiskModel(text));
    expect(e.message).toContain('coefficients.age: "age" must be a finite number; got "0.05"');
    expect(e.message).toContain('standardErrors.x: "x" must be a finite number; got -Infinity');
  });
  it('a feature mean of 1e999 is refused with its path', () => {
    const text = renamedJson('x').replace(/("name":"x","mean":)[^,}]+/, '$11e999');
    const e = thrown(() => loadRiskModel(text));
    expect(e.code).toBe('invalid_model');
    expect(e.message).toMatch(/features\.1\.mean/);
  });
});

describe('model files: size', () => {
  it(`MAX_MODEL_FEATURES is 10,000: a model of exactly that many loads and scores; one more is refused clearly`, () => {
    expect(MAX_MODEL_FEATURES).toBe(10_000);
    const m = loadRiskModel(wideModelJson(MAX_MODEL_FEATURES));
    expect(m.featureNames.length).toBe(MAX_MODEL_FEATURES);
    expect(m.coefficients['f9999']).toBe(0.001);
    const e = thrown(() => loadRiskModel(wideModelJson(MAX_MODEL_FEATURES + 1)));
    expect(e.code).toBe('invalid_model');
    expect(e.path).toEqual(['features']);
    expect(e.message).toContain('the model has 10001 features; at most 10000 are supported');
  });
  it('a file of 1,000,000 features is refused by its size before the features are read', () => {
    const j = ordinaryModel.toJSON();
    // Sparse-looking but real: a million feature entries (the check reads only the length).
    const features = Array.from({ length: 1_000_000 }, () => ({ name: 'f', mean: 0, scale: 1 }));
    const e = thrown(() => loadRiskModel({ ...j, features }));
    expect(e.message).toContain('the model has 1000000 features');
  });
  it('coefficients with more entries than the limit allows are refused before they are checked one by one', () => {
    const j = ordinaryModel.toJSON();
    const coefficients = Object.fromEntries(Array.from({ length: MAX_MODEL_FEATURES + 2 }, (_, i) => [`c${i}`, 0]));
    const e = thrown(() => loadRiskModel({ ...j, coefficients }));
    expect(e.path).toEqual(['coefficients']);
    expect(e.message).toContain('coefficients has 10002 entries');
  });
  it('a damaged wide model lists at most 20 problems in its message and all of them in details', () => {
    const j = JSON.parse(wideModelJson(100)) as { coefficients: Record<string, unknown> };
    for (let i = 0; i < 50; i++) j.coefficients[`f${i}`] = 'x';
    const e = thrown(() => loadRiskModel(j));
    expect((e.details!['problems'] as string[]).length).toBe(50);
    expect(e.message).toContain('and 30 more (see details.problems)');
  });
});

describe('property: every key of Object.prototype as a model feature name', () => {
  it('fits, saves, loads and scores exactly as the ordinary name x (same coefficients and scores to the bit)', () => {
    expect(PROTOTYPE_KEYS).toContain('__proto__');
    for (const name of PROTOTYPE_KEYS) {
      const d = design(name);
      const fitted = fitRiskModel(toFeatureMatrix(d.columns), d.y);
      expect(fitted.featureNames, name).toEqual(['age', name]);
      expect(fitted.coefficients[name], name).toBe(ordinaryModel.coefficients['x']);
      const loaded = loadRiskModel(JSON.stringify(fitted.toJSON()));
      expect(Array.from(loaded.score(toFeatureMatrix(d.columns))), name).toEqual(Array.from(ordinaryScores));
      expect(loaded.toJSON(), name).toEqual(JSON.parse(renamedJson(name)));
      // As a key of the options that take one per feature: a definition, an SQL column.
      const defined = fitRiskModel(toFeatureMatrix(d.columns), d.y, { definitions: JSON.parse(`{${JSON.stringify(name)}: "a flag"}`) as Record<string, string> });
      expect(defined.definitions[name], name).toBe('a flag');
      expect(defined.definitions['age'], name).toBeUndefined();
      const sql = loaded.toSQL({ dialect: 'duckdb', table: 't', idColumn: 'id', columns: JSON.parse(`{${JSON.stringify(name)}: "flag_col"}`) as Record<string, string> });
      expect(sql, name).toContain('"flag_col"');
      expect(sql, name).not.toContain(`t."${name}"`);
      // Points: the same table as for x, with or without values given for the feature.
      const points = (m: typeof loaded, values?: Record<string, number[]>) => m.toPoints(values ? { values } : {}).features.map((f) => f.values);
      expect(points(loaded), name).toEqual(points(ordinaryModel));
      expect(points(loaded, JSON.parse(`{${JSON.stringify(name)}: [0, 1, 2]}`) as Record<string, number[]>), name).toEqual(points(ordinaryModel, { x: [0, 1, 2] }));
      // Without a mapping the feature's own name is the column (nothing read off the prototype).
      expect(loaded.toSQL({ dialect: 'duckdb', table: 't', idColumn: 'id' }), name).toContain(`t."${name.replace(/"/g, '""')}"`);
    }
  });
});
