import type { PopulationSummary } from '../synth/index.js';

/** One row of the population summary CSV (long form). */
export type PopulationSummaryRow = {
  section: string;
  item: string;
  count: number;
  /** Rate per 1,000 person-years (activity, deaths) or percent (conditions, care home, opt-outs). */
  rate: number | null;
  unit: string;
};

/**
 * Flattens `summarisePopulation`'s result into long rows for a CSV: age-sex structure,
 * deprivation, conditions, care home, opt-outs, deaths and activity. Counts are left raw
 * (the caller suppresses them).
 */
export function populationSummaryRows(s: PopulationSummary): PopulationSummaryRow[] {
  const rows: PopulationSummaryRow[] = [];
  const round = (x: number, d = 1): number | null => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
  rows.push({ section: 'people', item: 'registered', count: s.people.registered, rate: null, unit: '' });
  rows.push({ section: 'people', item: 'practices', count: s.practices.count, rate: null, unit: '' });
  s.ageSex.bands.forEach((band, b) => {
    rows.push({ section: 'age_sex', item: `${band} female`, count: s.ageSex.female[b] ?? 0, rate: null, unit: '' });
    rows.push({ section: 'age_sex', item: `${band} male`, count: s.ageSex.male[b] ?? 0, rate: null, unit: '' });
  });
  s.imdDecile.forEach((n, d) => rows.push({ section: 'imd_decile', item: d === 0 ? 'unknown' : String(d), count: n, rate: null, unit: '' }));
  for (const c of s.conditions) rows.push({ section: 'condition', item: c.code, count: c.count, rate: round(c.percent), unit: 'percent' });
  rows.push({ section: 'care_home', item: 'resident', count: s.careHome.count, rate: round(s.careHome.percent, 2), unit: 'percent' });
  rows.push({ section: 'opted_out', item: 'national data opt-out', count: s.optedOut.count, rate: round(s.optedOut.percent, 2), unit: 'percent' });
  rows.push({ section: 'deaths', item: 'deaths while registered', count: s.deaths.count, rate: round(s.deaths.per1000PerYear), unit: 'per 1,000 person-years' });
  for (const a of s.activity) rows.push({ section: 'activity', item: a.measure, count: a.count, rate: round(a.per1000PerYear), unit: 'per 1,000 person-years' });
  return rows;
}
