import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { makeScoringKernel, scoringKernel } from '../../src/model/score-kernel.js';

const scoreInto = scoringKernel();

const ULP1 = 2 ** -52; // one unit in the last place, relative, at worst

/** Independent reference: the numerically safe logistic with the engine's own Math.exp (fdlibm). */
function logistic(e: number): number {
  if (e >= 0) return 1 / (1 + Math.exp(-e));
  const t = Math.exp(e);
  return t / (1 + t);
}

/** Scores one feature with coefficient 1 and intercept 0, so eta is exactly x. */
function scoreOf(xs: readonly number[]): Float64Array {
  const out = new Float64Array(xs.length);
  scoreInto([Float64Array.from(xs)], [1], 0, 0, xs.length, out, 0);
  return out;
}

/** Relative distance in units of 2^-52 (the tiny absolute floor keeps subnormals comparable). */
const relUlps = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300) / ULP1;

describe('the scoring kernel (internal)', () => {
  it('the logistic is within 2 units in the last place of 1/(1 + Math.exp(-eta)) over a grid from -745 to 40', () => {
    const xs: number[] = [];
    for (let x = -745; x <= 40; x += 0.0137) xs.push(x);
    const s = scoreOf(xs);
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, relUlps(s[i]!, logistic(xs[i]!)));
    expect(worst).toBeLessThanOrEqual(2);
  });

  test.prop([fc.array(fc.double({ min: -800, max: 60, noNaN: true }), { minLength: 1, maxLength: 200 })])(
    'for any eta, the kernel agrees with the Math.exp logistic to 2 units in the last place', (xs) => {
      const s = scoreOf(xs);
      for (let i = 0; i < xs.length; i++) {
        const want = logistic(xs[i]!);
        if (want < 1e-300) expect(Math.abs(s[i]! - want)).toBeLessThan(1e-300);
        else expect(relUlps(s[i]!, want)).toBeLessThanOrEqual(2);
      }
    });

  it('keeps the exact points and limits: 1/2 at 0, 0 and 1 at -Infinity and Infinity, NaN stays NaN', () => {
    const s = scoreOf([0, -0, -Infinity, Infinity, Number.NaN, -1e6, 1e6]);
    expect(s[0]).toBe(0.5);
    expect(s[1]).toBe(0.5);
    expect(s[2]).toBe(0);
    expect(s[3]).toBe(1);
    expect(s[4]).toBeNaN();
    expect(s[5]).toBe(0);
    expect(s[6]).toBe(1);
  });

  it('hand-worked values: logistic(ln 3) = 3/4, logistic(-ln 9) = 1/10, logistic(ln 99) = 99/100', () => {
    const s = scoreOf([Math.log(3), -Math.log(9), Math.log(99)]);
    expect(s[0]).toBeCloseTo(0.75, 15);
    expect(s[1]).toBeCloseTo(0.1, 15);
    expect(s[2]).toBeCloseTo(0.99, 15);
  });

  it('a kernel rebuilt from its own source text (as the scoring pool does) gives the same bits', () => {
    const rebuilt = new Function(`return (${makeScoringKernel.toString()})();`)() as typeof scoreInto;
    const n = 10_007;
    const cols = [new Float64Array(n), new Uint8Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    for (let i = 0; i < n; i++) {
      cols[0]![i] = Math.sin(i) * 3;
      cols[1]![i] = i % 3;
      cols[2]![i] = Math.cos(i * 0.7);
      cols[3]![i] = (i % 17) / 4;
      cols[4]![i] = -((i % 29) / 3);
    }
    const coef = [0.3, -0.8, 1.1, 0.25, 0.6];
    const a = new Float64Array(n);
    const b = new Float64Array(n + 5);
    scoreInto(cols, coef, -2.5, 0, n, a, 0);
    rebuilt(cols, coef, -2.5, 0, n, b, 5);
    for (let i = 0; i < n; i++) expect(Object.is(a[i], b[i + 5])).toBe(true);
  });
});
