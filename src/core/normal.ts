/**
 * The standard normal distribution (DeLong intervals, Wald tests). Internal: shared by the
 * model and evaluate stages.
 *
 * @module
 */

/** qnorm(0.975): the two-sided 95% normal quantile (as R prints it with 16 digits). */
export const Z_975 = 1.959963984540054;

const ONE_OVER_SQRT_PI = 0.5641895835477563;

/**
 * Complementary error function erfc(x) to about 1e-15 relative accuracy.
 * For x < 1.5: erf by the series with positive terms
 * erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz & Stegun 7.1.6), then
 *  1 − erf (the cut at 1.5 keeps the cancellation small). For x ≥ 1.5: the continued fraction erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x +
 * 3/2/(x + …)))) (A&S 7.1.14), evaluated by the modified Lentz method.
 */
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
    return 1 - 2 * ONE_OVER_SQRT_PI * Math.exp(-x2) * sum;
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
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** Standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic: 2·(1 − Φ(|z|)), accurate in the tail. */
export function twoSidedP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
