import type { FeatureMatrix } from '../core/feature-matrix.js';

/** One feature's summary. */
export interface FeatureSummaryRow {
  readonly feature: string;
  /** Typed-array kind of the column, e.g. `'Uint8Array'`. */
  readonly type: string;
  /** Rows summarised. */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1 denominator); 0 when n < 2. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Rows where the value is not 0 (for flags: the count of people with the flag). */
  readonly nonZero: number;
  /** `nonZero / n` (0 when n = 0). */
  readonly shareNonZero: number;
}

/**
 * Summarises every column of a feature matrix: mean, sample standard deviation, min, max,
 * and how many rows are non-zero (prevalence for 0/1 flags), as plain rows for a features
 * report (`aq.from(rows)` makes them an arquero table; the library itself never imports arquero). Counts are not small-number suppressed. One pass
 * per column (Welford's update for the variance): O(rows x columns).
 *
 * @param features - any {@link FeatureMatrix} (from `buildFeatures` or `toFeatureMatrix`).
 * @returns `{ rows }`, one row per feature in column order; for an empty matrix
 *   mean, sd, min and max are 0.
 * @example
 * summariseFeatures(toFeatureMatrix({ copd: [1, 0, 1, 0] })).rows[0];
 * // => { feature: 'copd', type: 'Float64Array', n: 4, mean: 0.5, sd: 0.5773502691896257, min: 0, max: 1, nonZero: 2, shareNonZero: 0.5 }
 */
export function summariseFeatures(features: FeatureMatrix): { readonly rows: readonly FeatureSummaryRow[] } {
  const rows = features.names.map((feature, j): FeatureSummaryRow => {
    const col = features.columns[j]!;
    const n = col.length;
    let mean = 0;
    let m2 = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let nonZero = 0;
    for (let r = 0; r < n; r++) {
      const v = col[r]!;
      const delta = v - mean;
      mean += delta / (r + 1);
      m2 += delta * (v - mean);
      if (v < min) min = v;
      if (v > max) max = v;
      if (v !== 0) nonZero++;
    }
    return Object.freeze({
      feature,
      type: col.constructor.name,
      n,
      mean: n > 0 ? mean : 0,
      sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
      min: n > 0 ? min : 0,
      max: n > 0 ? max : 0,
      nonZero,
      shareNonZero: n > 0 ? nonZero / n : 0,
    });
  });
  return Object.freeze({ rows: Object.freeze(rows) });
}
