import type { SuppressedTable } from '../compare/index.js';
import type { FeatureSummaryRow } from './feature-summary-rows.js';
import { publishTable, type SuppressRule } from './suppress.js';

/** Columns of the published features summary, in order. */
export const FEATURE_SUMMARY_COLUMNS = ['feature', 'people', 'nonZero', 'mean', 'sd'] as const;

/**
 * The features summary as a publishable table: people and people with a non-zero value
 * suppressed and rounded; for a 0/1 feature the mean (a prevalence) and SD are computed from
 * those published counts, for other features they are given to 2 decimal places; both are
 * hidden where the non-zero count is suppressed. Features overlap, so rows do not add up.
 */
export function featureSummaryTable(rows: readonly FeatureSummaryRow[], rule: SuppressRule): SuppressedTable {
  const binary = new Map(rows.map((r) => [r.feature, r.binary]));
  const share = (p: Readonly<Record<string, unknown>>): number | null =>
    (typeof p['nonZero'] === 'number' && typeof p['people'] === 'number' && p['people'] > 0 ? p['nonZero'] / p['people'] : null);
  return publishTable(rows.map((r) => ({ feature: r.feature, people: r.people, nonZero: r.nonZero, mean: r.mean, sd: r.sd })), rule, {
    columns: ['people', 'nonZero'],
    derived: {
      mean: { compute: (p) => (p['nonZero'] === null ? null : binary.get(p['feature'] as string) ? share(p) : (p['mean'] as number)), kind: 'mean' },
      sd: { compute: (p) => { if (p['nonZero'] === null) return null; const q = share(p); return binary.get(p['feature'] as string) ? (q === null ? null : Math.sqrt(q * (1 - q))) : (p['sd'] as number); }, kind: 'mean' },
    },
  });
}
