import type { SuppressedTable } from '../compare/index.js';
import type { ScoreEvaluation } from '../evaluate/index.js';
import { publishTable, type SuppressRule } from './suppress.js';

/** Columns of the published back-test summary, in order. */
export const EVALUATION_SUMMARY_COLUMNS = [
  'percent', 'people', 'threshold', 'events', 'allPeople', 'allEvents', 'ppvPercent', 'sensitivityPercent', 'lift', 'numberNeeded',
] as const;

/**
 * The back-test at the top k% as a publishable table: people selected, people with the
 * outcome among them and in everyone evaluated, suppressed and rounded; PPV and sensitivity
 * (percentages, 1 decimal place), lift and the number needed (people selected per person
 * with the outcome, 2 decimal places) computed from those published counts; the score
 * cut-off to 3 decimal places. The shares of admissions and bed days captured are in the
 * internal JSON only: their totals are not counts of this table. Rows are nested (the top 1%
 * is inside the top 2%), so they do not add up.
 */
export function evaluationSummaryTable(evaluation: Pick<ScoreEvaluation, 'n' | 'events' | 'atTop'>, rule: SuppressRule): SuppressedTable {
  const num = (p: Readonly<Record<string, unknown>>, k: string): number | null => (typeof p[k] === 'number' ? (p[k] as number) : null);
  return publishTable(evaluation.atTop.map((a) => ({
    percent: a.percent, people: a.people, threshold: a.threshold, events: a.events, allPeople: evaluation.n, allEvents: evaluation.events,
    ppvPercent: null, sensitivityPercent: null, lift: null, numberNeeded: null,
  })), rule, {
    columns: ['people', 'events', 'allPeople', 'allEvents'],
    derived: {
      ppvPercent: { from: 'events', over: 'people', per: 100, kind: 'percent' },
      sensitivityPercent: { from: 'events', over: 'allEvents', per: 100, kind: 'percent' },
      lift: {
        compute: (p) => {
          const [e, n, E, N] = [num(p, 'events'), num(p, 'people'), num(p, 'allEvents'), num(p, 'allPeople')];
          if (e === null || n === null || E === null || N === null) return null;
          return n > 0 && E > 0 && N > 0 ? e / n / (E / N) : undefined;
        },
        kind: 'ratio',
      },
      numberNeeded: { compute: (p) => { const e = num(p, 'events'); const n = num(p, 'people'); return e === null || n === null ? null : e > 0 ? n / e : undefined; }, kind: 'ratio' },
    },
    format: { threshold: 'probability', percent: 'percent' },
  });
}
