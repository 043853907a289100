import type { FeatureMatrix } from '../core/feature-matrix.js';

/** One row of the features summary: distribution of a feature over the matrix rows. */
export type FeatureSummaryRow = {
  feature: string;
  people: number;
  nonZero: number;
  mean: number;
  sd: number;
  /** Every value is 0 or 1 (a flag): its mean is a prevalence. */
  binary: boolean;
};

/**
 * Mean, SD (divisor n) and non-zero count of every column. No minimum or maximum: an extreme
 * value can point at one person. O(n x features).
 */
export function featureSummaryRows(m: FeatureMatrix): FeatureSummaryRow[] {
  return m.names.map((name, j) => {
    const c = m.columns[j]!;
    let s = 0, nz = 0;
    let binary = true;
    for (let i = 0; i < c.length; i++) {
      const v = c[i]!;
      s += v;
      if (v !== 0) nz++;
      if (v !== 0 && v !== 1) binary = false;
    }
    const mean = c.length ? s / c.length : Number.NaN;
    let ss = 0;
    for (let i = 0; i < c.length; i++) ss += (c[i]! - mean) ** 2;
    const r = (x: number): number => Math.round(x * 1e4) / 1e4;
    return { feature: name, people: c.length, nonZero: nz, mean: r(mean), sd: r(Math.sqrt(ss / Math.max(1, c.length))), binary };
  });
}
