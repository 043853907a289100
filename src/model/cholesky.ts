/**
 * Dense symmetric positive-definite kernels for the small (p+1)x(p+1) systems of IRLS.
 * Internal: not exported from the package.
 *
 * Matrices are row-major `Float64Array`s of size `m*m`; only the upper triangle of the
 * input is read.
 *
 * @module
 */

/** Result of {@link choleskyUpper}: `failedAt` is the first column whose pivot was ~0, or -1. */
export interface CholeskyResult {
  /** Upper-triangular factor R with A = R'R (row-major, lower part zero). */
  readonly r: Float64Array;
  /** Index of the first column whose pivot fell below `relTol * A[j][j]`, or -1. */
  readonly failedAt: number;
}

/**
 * Cholesky factorisation A = R'R of a symmetric matrix given by its upper triangle, in column
 * order. A column whose remaining pivot is below `relTol` times its diagonal is (numerically)
 * a linear combination of the columns before it: the factorisation stops there and reports it.
 * O(m^3/6).
 */
export function choleskyUpper(a: Float64Array, m: number, relTol: number): CholeskyResult {
  const r = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j]!;
    for (let k = 0; k < j; k++) {
      const rkj = r[k * m + j]!;
      d -= rkj * rkj;
    }
    const diag = a[j * m + j]!;
    if (!(d > relTol * diag) || !(diag > 0)) return { r, failedAt: j };
    const rjj = Math.sqrt(d);
    r[j * m + j] = rjj;
    for (let c = j + 1; c < m; c++) {
      let s = a[j * m + c]!;
      for (let k = 0; k < j; k++) s -= r[k * m + j]! * r[k * m + c]!;
      r[j * m + c] = s / rjj;
    }
  }
  return { r, failedAt: -1 };
}

/** Solves R'R x = b for x (R upper triangular, first `m` columns used). O(m^2). */
export function choleskySolve(r: Float64Array, m: number, b: ArrayLike<number>, stride = m): Float64Array {
  const x = Float64Array.from({ length: m }, (_, i) => b[i]!);
  // R' y = b (forward)
  for (let i = 0; i < m; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= r[k * stride + i]! * x[k]!;
    x[i] = s / r[i * stride + i]!;
  }
  // R x = y (backward)
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < m; k++) s -= r[i * stride + k]! * x[k]!;
    x[i] = s / r[i * stride + i]!;
  }
  return x;
}

/** Inverse of A = R'R, full symmetric row-major. O(m^3). */
export function choleskyInverse(r: Float64Array, m: number): Float64Array {
  const inv = new Float64Array(m * m);
  const e = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    e.fill(0);
    e[c] = 1;
    const col = choleskySolve(r, m, e);
    for (let i = 0; i < m; i++) inv[i * m + c] = col[i]!;
  }
  // symmetrise (removes rounding asymmetry)
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const v = 0.5 * (inv[i * m + j]! + inv[j * m + i]!);
      inv[i * m + j] = v;
      inv[j * m + i] = v;
    }
  }
  return inv;
}
