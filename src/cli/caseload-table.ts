import type { SuppressedTable } from '../compare/index.js';
import type { Cohort } from '../cohort/index.js';
import { publishTable, type SuppressRule } from './suppress.js';

/** Columns of the published caseload table, in order. */
export const CASELOAD_COLUMNS = ['variant', 'group', 'eligible', 'selected', 'percentOfEligible', 'threshold', 'tiesAdded', 'capped'] as const;

/**
 * Caseloads per practice for each variant as a publishable table: eligible people, people
 * selected, ties added and people capped, suppressed and rounded, with a total row per variant
 * (group `'all practices'`, rounded from its own exact value); practices add up to it, so
 * suppression is secondary along each variant's practices. The % of eligible people selected
 * is computed from the published counts; the score cut-off to 3 decimal places. Variants
 * overlap (the top 2% is inside the top 5%), so they are kept apart.
 */
export function caseloadTable(cohorts: ReadonlyArray<{ variant: string; cohort: Pick<Cohort, 'groups'> }>, rule: SuppressRule): SuppressedTable {
  const rows: Array<Record<string, unknown>> = [];
  for (const { variant, cohort } of cohorts) {
    const total = { variant, group: 'all practices', eligible: 0, selected: 0, percentOfEligible: null, threshold: null, tiesAdded: 0, capped: 0 };
    for (const g of cohort.groups) {
      rows.push({ variant, group: g.group, eligible: g.eligible, selected: g.selected, percentOfEligible: null, threshold: g.threshold, tiesAdded: g.tiesAdded, capped: g.capped });
      total.eligible += g.eligible;
      total.selected += g.selected;
      total.tiesAdded += g.tiesAdded;
      total.capped += g.capped;
    }
    if (cohort.groups.length > 1) rows.push(total);
  }
  return publishTable(rows, rule, {
    columns: ['eligible', 'selected', 'tiesAdded', 'capped'],
    totals: { group: 'all practices' },
    within: ['variant'],
    derived: { percentOfEligible: { from: 'selected', over: 'eligible', per: 100, kind: 'percent' } },
    format: { threshold: 'probability' },
  });
}
