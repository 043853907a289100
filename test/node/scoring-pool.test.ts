import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { createScoringPool } from '../../src/node/scoring-pool.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { selectModelFeatures } from '../../src/model/select-model-features.js';
import { arenaMemoryOf } from '../../src/core/feature-arena.js';

function data(n: number, p: number, seed: number) {
  const rng = createRng(seed);
  const cols: Record<string, Float64Array | Uint8Array> = {};
  for (let j = 0; j < p; j++) cols[`x${j}`] = j % 3 === 2 ? Uint8Array.from({ length: n }, () => rng.int(2)) : Float64Array.from({ length: n }, () => rng.normal());
  const x = toFeatureMatrix(cols);
  const y = Float64Array.from({ length: n }, (_, i) => (rng.uniform() < 1 / (1 + Math.exp(2 - (x.column('x0')![i] as number))) ? 1 : 0));
  return { x, y };
}

describe('createScoringPool', () => {
  const pools = [createScoringPool({ threads: 2 }), createScoringPool({ threads: 3 })];
  afterAll(async () => { for (const p of pools) await p.close(); });

  for (const p of [3, 7, 9]) {
    it(`pool.score(model, features) equals model.score(features) bit for bit (${p} features, mixed column types, 2 and 3 threads)`, async () => {
      const { x, y } = data(5003, p, p);
      const model = fitRiskModel(x, y);
      const want = model.score(x);
      // The same columns copied into a feature arena: Float64 columns are read in place, on
      // every thread.
      const inArena = toFeatureMatrix(Object.fromEntries(x.names.map((k) => [k, x.column(k)!])), { shared: true });
      expect(arenaMemoryOf(inArena.columns[0]!)).toBeInstanceOf(WebAssembly.Memory);
      for (const pool of pools) {
        for (const features of [x, inArena]) {
          const got = await pool.score(model, features);
          expect(got.length).toBe(want.length);
          let same = 0;
          for (let i = 0; i < want.length; i++) if (Object.is(got[i], want[i])) same++;
          expect(same).toBe(want.length);
        }
      }
      let same = 0;
      const one = model.score(inArena);
      for (let i = 0; i < want.length; i++) if (Object.is(one[i], want[i])) same++;
      expect(same).toBe(want.length);
    });
  }

  it('buildFeatures({ shared: true }) builds the same columns in one feature arena (shared memory), which the pool scores in place to the same bits', async () => {
    // Three years from 2021-04-01: features two years in, outcomes over the third.
    const { population } = generatePopulation({ size: 3000, years: 3, seed: 4 });
    const asOf = '2023-04-01';
    const plain = buildFeatures(population, { asOf });
    const shared = buildFeatures(population, { asOf, shared: true });
    expect(shared.names).toEqual(plain.names);
    for (const name of plain.names) {
      const a = plain.column(name)!;
      const b = shared.column(name)!;
      expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(arenaMemoryOf(b)).toBe(arenaMemoryOf(shared.columns[0]!)); // one arena for the set
      expect(a.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(b.constructor).toBe(a.constructor);
      expect(Array.from(b as ArrayLike<number>)).toEqual(Array.from(a as ArrayLike<number>));
    }
    const y = buildOutcomes(population, { asOf, rows: plain.rows }).emergencyAdmission;
    const model = fitRiskModel(selectModelFeatures(plain).matrix, y);
    const want = model.score(plain, { ignoreExtra: true });
    const sharedMatrix = selectModelFeatures(shared).matrix;
    expect(sharedMatrix.columns.every((col) => col.buffer instanceof SharedArrayBuffer)).toBe(true);
    const got = await pools[0]!.score(model, sharedMatrix);
    let same = 0;
    for (let i = 0; i < want.length; i++) if (Object.is(got[i], want[i])) same++;
    expect(same).toBe(want.length);
  });

  it('scores into a given shared out (the same bits, the same array back) and refuses an out it cannot use', async () => {
    const { x, y } = data(4001, 5, 2);
    const model = fitRiskModel(x, y);
    const want = model.score(x);
    const out = new Float64Array(new SharedArrayBuffer(8 * 4001));
    const got = await pools[0]!.score(model, x, { out });
    expect(got).toBe(out);
    for (let i = 0; i < want.length; i++) expect(Object.is(out[i], want[i])).toBe(true);
    await expect(pools[0]!.score(model, x, { out: new Float64Array(4001) })).rejects.toMatchObject({ code: 'invalid_argument', path: ['options', 'out'] });
    await expect(pools[0]!.score(model, x, { out: new Float64Array(new SharedArrayBuffer(8 * 10)) })).rejects.toMatchObject({ code: 'invalid_argument', value: 10 });
  });

  it('calls in turn and at once, on matrices of different sizes, each get their own scores (the reused copy area is never shared)', async () => {
    const big = data(6007, 6, 11);
    const small = data(1503, 6, 12);
    const model = fitRiskModel(big.x, big.y);
    const wantBig = model.score(big.x);
    const wantSmall = model.score(small.x);
    const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
    for (const pool of pools) {
      expect(same(await pool.score(model, big.x), wantBig)).toBe(true);
      expect(same(await pool.score(model, small.x), wantSmall)).toBe(true); // into the big call's area
      expect(same(await pool.score(model, big.x), wantBig)).toBe(true);
      const [a, b, c] = await Promise.all([pool.score(model, big.x), pool.score(model, small.x), pool.score(model, big.x)]);
      expect(same(a!, wantBig)).toBe(true);
      expect(same(b!, wantSmall)).toBe(true);
      expect(same(c!, wantBig)).toBe(true);
    }
  });

  it('refuses a matrix without the model\'s columns (missing_column, listing them) and a bad thread count', async () => {
    const { x, y } = data(200, 3, 1);
    const model = fitRiskModel(x, y);
    await expect(pools[0]!.score(model, toFeatureMatrix({ x0: new Float64Array(3) }))).rejects.toMatchObject({ code: 'missing_column', details: { missing: ['x1', 'x2'] } });
    expect(() => createScoringPool({ threads: 0 })).toThrow(/threads/);
  });
});
