/**
 * Two-sided normal tail probability for Wald tests. Internal.
 *
 * erfc(x) is computed to near machine precision without tables: for x < 1.5 from the
 * all-positive series erf(x) = (2/sqrt(pi)) e^(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
 * (Abramowitz & Stegun 7.1.6), for x >= 1.5 from the continued fraction
 * erfc(x) = (e^(-x^2)/sqrt(pi)) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
 * (A&S 7.1.14), evaluated by the modified Lentz method.
 *
 * @module
 */

const INV_SQRT_PI = 0.5641895835477563;

/** Complementary error function erfc(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0;
  // Lentz: f = x + a1/(x + a2/(x + ...)), a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (INV_SQRT_PI * Math.exp(-x * x)) / f;
}

/** P(|Z| >= |z|) for a standard normal Z. */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** qnorm(0.975), the multiplier of 95% Wald intervals. */
export const Z_975 = 1.959963984540054;
