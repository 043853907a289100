// Scores in a real headless Chromium with the browser bundle of the core: the WebAssembly
// kernel runs there and gives Node's bits, and under a content security policy that forbids
// compiling WebAssembly the JavaScript kernel takes over, again with the same bits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { bundleAndLaunch, haveChromium } from '../helpers/browser-bundle.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { scoringEngine } from '../../src/model/scoring-engine.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { ARENA_MIN_ROWS, arenaMemoryOf } from '../../src/core/feature-arena.js';


const N = 5003;
/** Test columns from exact operations only (integers, products and quotients by powers of two), so both engines see the same doubles. */
function columns(): Record<string, Float64Array | Uint8Array> {
  const u = (i: number, k: number): number => ((Math.imul(i + 1, 2654435761) ^ Math.imul(k, 40503)) >>> 0) / 4294967296;
  const x1 = Float64Array.from({ length: N }, (_, i) => u(i, 1) * 6 - 3);
  const x2 = Uint8Array.from({ length: N }, (_, i) => (i * 7) % 3);
  const x3 = Float64Array.from({ length: N }, (_, i) => ((i * 13) % 101) / 10 - 5);
  const x4 = Float64Array.from({ length: N }, (_, i) => (u(i, 4) - 0.5) * 80); // some etas far out
  const x5 = Uint8Array.from({ length: N }, (_, i) => i % 2);
  return { x1, x2, x3, x4, x5 };
}

describe.skipIf(!haveChromium)('model.score in headless Chromium (the browser build of the core)', () => {
  let browser: Browser;
  let bundle = '';
  const model = (() => {
    const cols = columns();
    const y = Float64Array.from({ length: N }, (_, i) => ((((Math.imul(i + 11, 0x5bd1e995) ^ 0x2545f491) >>> 0) % 1000) / 1000 < 1 / (1 + Math.exp(1.5 - cols.x1![i]!)) ? 1 : 0));
    return fitRiskModel(toFeatureMatrix(cols), y);
  })();
  const want = Array.from(model.score(toFeatureMatrix(columns())));

  beforeAll(async () => {
    ({ bundle, browser } = await bundleAndLaunch());
  }, 120_000);
  afterAll(async () => { await browser?.close(); });

  /** Loads the bundle under `csp`, scores the same columns with the saved model, returns the engine and the scores. */
  async function scoreIn(csp: string): Promise<{ engine: string; scores: number[] }> {
    const page = await browser.newPage();
    try {
      await page.route('**/*', (route) => route.abort()); // no network
      // The columns function goes in as inline script (no eval: the policy may forbid it).
      const script = `${bundle}\nconst N = ${N};\nglobalThis.makeColumns = ${columns.toString()};`;
      await page.setContent(`<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${script.replace(/<\/script/gi, '<\\/script')}</script>`);
      return await page.evaluate((json) => {
        const g = globalThis as unknown as { RS: typeof import('../../src/index.js'); makeColumns: () => Record<string, ArrayLike<number>> };
        const m = g.RS.loadRiskModel(json);
        return { engine: g.RS.scoringEngine(), scores: Array.from(m.score(g.RS.toFeatureMatrix(g.makeColumns()))) };
      }, model.toJSON());
    } finally {
      await page.close();
    }
  }

  it('runs the WebAssembly kernel and gives the bits Node gives', async () => {
    expect(scoringEngine()).toBe('wasm-simd');
    const got = await scoreIn("script-src 'unsafe-inline' 'wasm-unsafe-eval'");
    expect(got.engine).toBe('wasm-simd');
    expect(got.scores).toHaveLength(N);
    expect(got.scores.filter((v, i) => !Object.is(v, want[i])).length).toBe(0);
  }, 120_000);

  it('falls back to the JavaScript kernel where a content security policy forbids WebAssembly, with the same bits', async () => {
    const got = await scoreIn("script-src 'unsafe-inline'");
    expect(got.engine).toBe('javascript');
    expect(got.scores.filter((v, i) => !Object.is(v, want[i])).length).toBe(0);
  }, 120_000);

  it('scores buildFeatures output (built in a feature arena, narrow columns read in place) to the bits Node gives, WebAssembly or not', async () => {
    // 21,000 people (about 18,000 eligible): past ARENA_MIN_ROWS, so the columns are built in an unshared WebAssembly memory.
    const names = ['age', 'sex_female', 'care_home', 'ltc_count', 'efi', 'emergency_admissions', 'emergency_bed_days', 'ae_attendances', 'gp_contacts'];
    const f = buildFeatures(generatePopulation({ size: 21_000, seed: 4 }).population, { asOf: '2023-04-01' });
    expect(f.n).toBeGreaterThanOrEqual(ARENA_MIN_ROWS);
    expect(arenaMemoryOf(f.columns[0]!)).toBeDefined();
    const copy = toFeatureMatrix(Object.fromEntries(names.map((k) => [k, Float64Array.from(f.column(k)!)])));
    const age = copy.column('age')!;
    const m = fitRiskModel(copy, Float64Array.from(age, (a, i) => ((i * 37) % 101 < 3 + a / 10 ? 1 : 0)));
    const wantBuilt = Array.from(m.score(f, { ignoreExtra: true }));
    expect(wantBuilt.every((v, i) => Object.is(v, m.score(copy)[i]))).toBe(true);
    for (const csp of ["script-src 'unsafe-inline' 'wasm-unsafe-eval'", "script-src 'unsafe-inline'"]) {
      const page = await browser.newPage();
      try {
        await page.route('**/*', (route) => route.abort());
        await page.setContent(`<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${bundle.replace(/<\/script/gi, '<\\/script')}</script>`);
        const got = await page.evaluate((json) => {
          const RS = (globalThis as unknown as { RS: typeof import('../../src/index.js') }).RS;
          const built = RS.buildFeatures(RS.generatePopulation({ size: 21_000, seed: 4 }).population, { asOf: '2023-04-01' });
          const col = built.columns[0]!;
          return { engine: RS.scoringEngine(), inArena: col.buffer.byteLength > col.byteLength, scores: Array.from(RS.loadRiskModel(json).score(built, { ignoreExtra: true })) };
        }, m.toJSON());
        expect(got.inArena).toBe(csp.includes('wasm') ? true : got.inArena); // an arena needs only WebAssembly.Memory, which the policy does not forbid
        expect(got.engine).toBe(csp.includes('wasm') ? 'wasm-simd' : 'javascript');
        expect(got.scores.filter((v, i) => !Object.is(v, wantBuilt[i])).length).toBe(0);
      } finally {
        await page.close();
      }
    }
  }, 240_000);
});
