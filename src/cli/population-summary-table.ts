import { suppressCount, type SuppressedTable } from '../compare/index.js';
import type { PopulationSummary } from '../synth/index.js';
import { publishTable, type SuppressRule } from './suppress.js';

/** Columns of the published population summary (long form), in order. */
export const POPULATION_SUMMARY_COLUMNS = ['section', 'item', 'count', 'rate', 'unit'] as const;

/**
 * `summarisePopulation`'s result as a publishable long table: age-sex structure, deprivation,
 * conditions, care home, opt-outs, deaths and activity. Counts are suppressed and rounded;
 * age bands x sexes form a 2-D table (sexes add up within a band, bands within a sex) and
 * deprivation deciles a 1-D one, each with secondary suppression; conditions overlap, so they
 * do not add up. Rates are computed from the published counts: percentages of the published
 * registered count, per 1,000 person-years (person-years are not a count of people), to 1
 * decimal place.
 */
export function populationSummaryTable(s: PopulationSummary, rule: SuppressRule): SuppressedTable {
  const rows: Array<Record<string, unknown>> = [];
  const registered = suppressCount(s.people.registered, { ...rule, suppressZero: false });
  const py = s.period.personYears;
  const add = (section: string, item: string, count: number, unit: '' | 'percent' | 'per 1,000 person-years', dims: Record<string, string> = {}): void => {
    rows.push({ section, item, count, rate: null, unit, ...dims });
  };
  add('people', 'registered', s.people.registered, '');
  add('people', 'practices', s.practices.count, '');
  s.ageSex.bands.forEach((band, b) => {
    add('age_sex', `${band} female`, s.ageSex.female[b] ?? 0, '', { band, sex: 'female' });
    add('age_sex', `${band} male`, s.ageSex.male[b] ?? 0, '', { band, sex: 'male' });
  });
  s.imdDecile.forEach((n, d) => add('imd_decile', d === 0 ? 'unknown' : String(d), n, '', { decile: String(d) }));
  for (const c of s.conditions) add('condition', c.code, c.count, 'percent');
  add('care_home', 'resident', s.careHome.count, 'percent');
  add('opted_out', 'national data opt-out', s.optedOut.count, 'percent');
  add('deaths', 'deaths while registered', s.deaths.count, 'per 1,000 person-years');
  for (const a of s.activity) add('activity', a.measure, a.count, 'per 1,000 person-years');
  return publishTable(rows, rule, {
    columns: ['count'],
    totals: { band: 'all', sex: 'all', decile: 'all' },
    within: ['section'],
    derived: {
      rate: {
        compute: (p) => {
          if (p['unit'] === '') return undefined;
          if (p['count'] === null) return null;
          const n = p['count'] as number;
          if (p['unit'] === 'percent') return registered !== null && registered > 0 ? (100 * n) / registered : undefined;
          return py > 0 ? (1000 * n) / py : undefined;
        },
        kind: 'rate',
      },
    },
  });
}
