import type { SuppressedTable } from '../compare/index.js';
import type { SegmentSummaryRow } from '../segment/index.js';
import { publishTable, type SuppressRule } from './suppress.js';

/** Columns of the published segment summary, in order. */
export const SEGMENT_SUMMARY_COLUMNS = [
  'level', 'practice', 'segment', 'segmentName', 'people', 'sharePercent', 'peopleObserved', 'emergencyAdmissions', 'bedDays',
  'shareOfEmergencyAdmissionsPercent', 'shareOfBedDaysPercent', 'emergencyAdmissionsPer1000', 'bedDaysPer1000',
] as const;

/**
 * `summariseSegments` rows as a publishable 2-D table, segment x practice: each practice (and
 * the whole population, practice `'all practices'`) gets a total row (segment `'all'`), so
 * segments add up to their practice's total and practices to the population's, in people,
 * people observed, admissions and bed days; suppression is secondary along both. Shares (of
 * the practice's total) and rates per 1,000 people observed are computed from the published
 * counts, to 1 decimal place. Bed days are whole days. People and people observed (nearly
 * the same count) are suppressed together.
 */
export function segmentSummaryTable(rows: readonly SegmentSummaryRow[], rule: SuppressRule): SuppressedTable {
  const out: Array<Record<string, unknown>> = [];
  const add = (level: string, practice: string, segment: number | 'all', segmentName: string, people: number, observed: number | null, adm: number | null, beds: number | null): void => {
    out.push({
      level, practice, segment, segmentName, people, sharePercent: null, peopleObserved: observed, emergencyAdmissions: adm, bedDays: beds === null ? null : Math.round(beds),
      shareOfEmergencyAdmissionsPercent: null, shareOfBedDaysPercent: null, emergencyAdmissionsPer1000: null, bedDaysPer1000: null,
    });
  };
  let i = 0;
  while (i < rows.length) {
    const first = rows[i]!;
    const group: SegmentSummaryRow[] = [];
    while (i < rows.length && rows[i]!.level === first.level && rows[i]!.practice === first.practice) group.push(rows[i++]!);
    const practice = first.level === 'population' ? 'all practices' : first.practice;
    for (const r of group) add(r.level, practice, r.segment, r.segmentName, r.people, r.peopleObserved, r.emergencyAdmissions, r.bedDays);
    const sum = (k: 'peopleObserved' | 'emergencyAdmissions') => (first[k] === null ? null : group.reduce((s, r) => s + r[k]!, 0));
    add(first.level, practice, 'all', 'All segments', group.reduce((s, r) => s + r.people, 0), sum('peopleObserved'), sum('emergencyAdmissions'),
      first.bedDays === null ? null : group.reduce((s, r) => s + Math.round(r.bedDays!), 0));
  }
  return publishTable(out, rule, {
    columns: ['people', 'peopleObserved', 'emergencyAdmissions', 'bedDays'],
    totals: { practice: 'all practices', segment: 'all' },
    linked: [['people', 'peopleObserved']],
    derived: {
      sharePercent: { from: 'people', shareOf: 'segment', per: 100, kind: 'percent' },
      shareOfEmergencyAdmissionsPercent: { from: 'emergencyAdmissions', shareOf: 'segment', per: 100, kind: 'percent' },
      shareOfBedDaysPercent: { from: 'bedDays', shareOf: 'segment', per: 100, kind: 'percent' },
      emergencyAdmissionsPer1000: { from: 'emergencyAdmissions', over: 'peopleObserved', per: 1000, kind: 'rate' },
      bedDaysPer1000: { from: 'bedDays', over: 'peopleObserved', per: 1000, kind: 'rate' },
    },
  });
}
