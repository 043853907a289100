/**
 * Small numeric helpers for the compare stage (not exported from the package).
 *
 * @module
 */

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample variance (n - 1 denominator); NaN below two values. */
export function sampleVariance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return s / (n - 1);
}

/** Weighted mean. */
export function weightedMean(xs: ArrayLike<number>, ws: ArrayLike<number>): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < xs.length; i++) {
    s += xs[i]! * ws[i]!;
    w += ws[i]!;
  }
  return w > 0 ? s / w : Number.NaN;
}

/**
 * Weighted variance with reliability weights: sum w (x - m)^2 / (W - sum w^2 / W), which
 * equals the sample (n - 1) variance when every weight is 1.
 */
export function weightedVariance(xs: ArrayLike<number>, ws: ArrayLike<number>): number {
  const m = weightedMean(xs, ws);
  let s = 0;
  let w = 0;
  let w2 = 0;
  for (let i = 0; i < xs.length; i++) {
    s += ws[i]! * (xs[i]! - m) ** 2;
    w += ws[i]!;
    w2 += ws[i]! * ws[i]!;
  }
  const d = w - w2 / w;
  return d > 0 ? s / d : Number.NaN;
}

/** Quantile of a numeric list by the R-7 method (as R's default, numpy's linear, d3). */
export function quantileR7(xs: ArrayLike<number>, p: number): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(xs).sort();
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median (R-7 at 0.5, i.e. the usual median). */
export function median(xs: ArrayLike<number>): number {
  return quantileR7(xs, 0.5);
}

/**
 * Standard normal quantile by Wichura's algorithm AS 241 (PPND16, about 1e-16 relative
 * accuracy), implemented from the published description.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return Number.NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    val =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -val : val;
}

/** logit(p), with p clamped to [1e-12, 1 - 1e-12]. */
export function logit(p: number): number {
  const c = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(c / (1 - c));
}
