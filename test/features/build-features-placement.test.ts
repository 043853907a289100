import { describe, expect, it } from 'vitest';
import { buildFeatures } from '../../src/features/build-features.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { ARENA_MIN_ROWS, arenaMemoryOf } from '../../src/core/feature-arena.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import type { FeatureColumn } from '../../src/core/feature-matrix.js';

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('buildFeatures places its columns where model.score reads them in place', () => {
  const { population } = generatePopulation({ size: ARENA_MIN_ROWS + 4000, seed: 19 });
  const asOf = '2023-04-01';
  const f = buildFeatures(population, { asOf });
  const shared = buildFeatures(population, { asOf, shared: true });
  // The model reads narrow (Uint8/Uint16/Uint32) and Float64 columns.
  const names = ['age', 'sex_female', 'care_home', 'ltc_copd', 'ltc_diabetes', 'ltc_count', 'efi', 'emergency_admissions', 'emergency_bed_days', 'ae_attendances', 'gp_contacts', 'months_since_emergency'];
  const copy = (m: typeof f) => toFeatureMatrix(Object.fromEntries(names.map((k) => [k, (m.column(k) as FeatureColumn).slice()])));

  it(`at ${ARENA_MIN_ROWS} rows or more, without options: every column in one unshared WebAssembly memory (a feature arena)`, () => {
    expect(f.n).toBeGreaterThanOrEqual(ARENA_MIN_ROWS);
    const memory = arenaMemoryOf(f.columns[0]!)!;
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(memory.buffer).toBeInstanceOf(ArrayBuffer);
    for (const c of f.columns) {
      expect(arenaMemoryOf(c)).toBe(memory);
      expect(c.length).toBe(f.n);
    }
    // Each column its own bytes: no two overlap.
    const spans = f.columns.map((c) => [c.byteOffset, c.byteOffset + c.byteLength] as const).sort((a, b) => a[0] - b[0]);
    for (let j = 1; j < spans.length; j++) expect(spans[j]![0]).toBeGreaterThanOrEqual(spans[j - 1]![1]);
    expect(f.column('age')).toBeInstanceOf(Uint16Array);
    expect(f.column('efi')).toBeInstanceOf(Float64Array);
  });

  it('with shared: true, built in one shared memory directly: the same names, types and values', () => {
    const memory = arenaMemoryOf(shared.columns[0]!)!;
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.names).toEqual(f.names);
    shared.columns.forEach((c, j) => {
      expect(arenaMemoryOf(c)).toBe(memory);
      expect(c.constructor).toBe(f.columns[j]!.constructor);
      expect(sameBits(Float64Array.from(c), Float64Array.from(f.columns[j]!))).toBe(true);
    });
  });

  it('scores to the same bits as the same columns copied into ordinary memory (features read in place vs copied)', () => {
    const plain = copy(f);
    const age = plain.column('age')!;
    const y = Float64Array.from(age, (a, i) => ((i * 37) % 101 < 3 + a / 10 ? 1 : 0)); // not separable
    const model = fitRiskModel(plain, y);
    const reference = model.score(plain);
    expect(sameBits(model.score(f, { ignoreExtra: true }), reference)).toBe(true);
    expect(sameBits(model.score(shared, { ignoreExtra: true }), reference)).toBe(true);
    // And a matrix mixing arena columns with an ordinary one.
    const mixed = toFeatureMatrix(Object.fromEntries(names.map((k, j) => [k, j === 3 ? (f.column(k) as FeatureColumn).slice() : f.column(k)!])));
    expect(sameBits(model.score(mixed), reference)).toBe(true);
  });

  it('a small matrix keeps ordinary typed arrays (no WebAssembly memory per small build)', () => {
    const small = buildFeatures(generatePopulation({ size: 500, seed: 2 }).population, { asOf });
    expect(small.columns.every((c) => arenaMemoryOf(c) === undefined && c.buffer instanceof ArrayBuffer)).toBe(true);
  });
});
