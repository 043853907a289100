// Fits in a real headless Chromium with the browser bundle of the core: the WebAssembly IRLS
// pass runs there and gives Node's bits; under a content security policy that forbids
// compiling WebAssembly the JavaScript pass takes over and agrees to 1e-10.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { bundleAndLaunch, haveChromium } from '../helpers/browser-bundle.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';


const N = 6007;
/** buildFeatures-like columns in their own types, and an outcome, from integer arithmetic only. */
function data(): { cols: Record<string, ArrayLike<number>>; y: number[] } {
  const h = (i: number, k: number): number => {
    let x = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k, 0x85ebca77);
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d);
    x = Math.imul(x ^ (x >>> 12), 0x297a2d39);
    return ((x ^ (x >>> 15)) >>> 0) / 4294967296;
  };
  const age = Uint16Array.from({ length: N }, (_, i) => 18 + Math.floor(h(i, 1) * 80));
  const female = Uint8Array.from({ length: N }, (_, i) => (h(i, 2) < 0.5 ? 1 : 0));
  const copd = Uint8Array.from({ length: N }, (_, i) => (h(i, 3) < 0.02 + age[i]! / 1000 ? 1 : 0));
  const admissions = Uint32Array.from({ length: N }, (_, i) => Math.floor(-Math.log(1 - h(i, 4)) * 0.3));
  const bedDays = Float64Array.from({ length: N }, (_, i) => admissions[i]! * Math.floor(h(i, 5) * 9));
  const y = Array.from({ length: N }, (_, i) => (h(i, 6) < 0.02 + age[i]! / 600 + 0.1 * copd[i]! + 0.08 * Math.min(admissions[i]!, 3) ? 1 : 0));
  return { cols: { age, female, copd, admissions, bedDays }, y };
}

describe.skipIf(!haveChromium)('fitRiskModel in headless Chromium (the browser build of the core)', () => {
  let browser: Browser;
  let bundle = '';
  const want = (() => {
    const d = data();
    return fitRiskModel(toFeatureMatrix(d.cols), d.y).toJSON();
  })();

  beforeAll(async () => {
    ({ bundle, browser } = await bundleAndLaunch());
  }, 120_000);
  afterAll(async () => { await browser?.close(); });

  /** Loads the bundle under `csp`, fits on the same data, returns the saved model. */
  async function fitIn(csp: string): Promise<typeof want> {
    const page = await browser.newPage();
    try {
      await page.route('**/*', (route) => route.abort()); // no network
      const script = `${bundle}\nconst N = ${N};\nglobalThis.makeData = ${data.toString()};`;
      await page.setContent(`<!doctype html><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${script.replace(/<\/script/gi, '<\\/script')}</script>`);
      return await page.evaluate(() => {
        const g = globalThis as unknown as { RS: typeof import('../../src/index.js'); makeData: typeof data };
        const d = g.makeData();
        return g.RS.fitRiskModel(g.RS.toFeatureMatrix(d.cols), d.y).toJSON();
      });
    } finally {
      await page.close();
    }
  }

  it('runs the WebAssembly pass and gives the coefficients, standard errors and deviance Node gives, to the bit', async () => {
    const got = await fitIn("script-src 'unsafe-inline' 'wasm-unsafe-eval'");
    expect(got.fit.iterations).toBe(want.fit.iterations);
    expect(got.coefficients).toEqual(want.coefficients);
    expect(got.standardErrors).toEqual(want.standardErrors);
    expect(got.fit.deviance).toBe(want.fit.deviance);
  }, 120_000);

  it('falls back to the JavaScript pass where a content security policy forbids WebAssembly, agreeing to 1e-10', async () => {
    const got = await fitIn("script-src 'unsafe-inline'");
    expect(got.fit.iterations).toBe(want.fit.iterations);
    for (const [k, v] of Object.entries(want.coefficients)) expect(Math.abs(got.coefficients[k]! - v)).toBeLessThan(1e-10 * Math.max(1, Math.abs(v)));
    expect(Math.abs(got.fit.deviance - want.fit.deviance)).toBeLessThan(1e-10 * want.fit.deviance);
  }, 120_000);
});
